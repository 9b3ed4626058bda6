#!/usr/bin/env python3
"""Summarises JFR samples (`jfr print --json --events jdk.ExecutionSample,jdk.NativeMethodSample`) of one
benchmark run for scripts/bench-profile: for the busiest thread, the share of samples in native code against Java,
the leaf methods (self time), and the DL4J layer / zoolab method each sample is spent under (inclusive)."""
import argparse
import collections
import json
import sys

PREFIXES = ("org.deeplearning4j.", "org.nd4j.", "org.zoolab.")


def frames_of(event):
    trace = event["values"].get("stackTrace") or {}
    out = []
    for f in trace.get("frames") or []:
        m = f.get("method") or {}
        cls = ((m.get("type") or {}).get("name") or "?").replace("/", ".")
        out.append((cls, m.get("name") or "?", f.get("type") or ""))
    return out


def thread_of(event):
    t = event["values"].get("sampledThread") or {}
    return t.get("javaName") or t.get("osName") or "?"


def short(cls, name):
    return cls.rsplit(".", 1)[-1] + "." + name


def layer_of(frames):
    """The innermost DL4J layer/vertex/updater frame, else the innermost zoolab frame, else the innermost ND4J one."""
    for want in (("org.deeplearning4j.nn.layers.", "org.deeplearning4j.nn.graph.vertex.", "org.deeplearning4j.nn.updater.",
                  "org.nd4j.linalg.learning."),
                 ("org.zoolab.",), ("org.nd4j.",), ("org.deeplearning4j.",)):
        for cls, name, _ in frames:
            if cls.startswith(want):
                return short(cls, name)
    return "(other)"


def table(title, counter, total, top):
    print(f"\n{title}")
    for key, n in counter.most_common(top):
        print(f"  {100.0 * n / total:5.1f}%  {key}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--title", default="")
    ap.add_argument("samples")
    a = ap.parse_args()
    with open(a.samples) as fh:
        events = json.load(fh)["recording"]["events"]
    by_thread = collections.Counter(thread_of(e) for e in events)
    if not by_thread:
        sys.exit("profile_report: no samples in " + a.samples)
    # the thread that drives the training/inference steps: the harness's main thread
    driver = "main" if by_thread.get("main", 0) > 0 else by_thread.most_common(1)[0][0]
    # only the timed workload's steps (not the GEMM ceiling the harness also measures, nor start-up)
    mine = [e for e in events if thread_of(e) == driver
            and any(c.startswith("org.zoolab.bench.") and c.endswith("Workload") and n == "step" for c, n, _ in frames_of(e))]
    if not mine:
        sys.exit("profile_report: no samples inside a workload's step() in " + a.samples)
    native = [e for e in mine if e["type"] == "jdk.NativeMethodSample"]
    total = len(mine)
    print(f"profile of {a.title}: thread '{driver}', {total} samples inside the workload's steps (10 ms apart, Java and native samplers)")
    print(f"  {100.0 * len(native) / total:5.1f}%  in native code (libnd4j / oneDNN / OpenBLAS kernels, JavaCPP)")
    print(f"  {100.0 * (total - len(native)) / total:5.1f}%  in Java (DL4J, ND4J, zoolab, JDK)")
    leaf = collections.Counter()
    under = collections.Counter()
    inclusive = collections.Counter()
    for e in mine:
        fr = frames_of(e)
        if not fr:
            continue
        cls, name, kind = fr[0]
        leaf[short(cls, name) + (" [native]" if e["type"] == "jdk.NativeMethodSample" else "")] += 1
        under[layer_of(fr)] += 1
        seen = set()
        for c, n, _ in fr:
            if c.startswith(PREFIXES):
                k = short(c, n)
                if k not in seen:
                    seen.add(k)
                    inclusive[k] += 1
    table("leaf methods (self time)", leaf, total, a.top)
    table("innermost DL4J layer / updater / zoolab method (self time grouped by the code that asked for it)", under, total, a.top)
    table("DL4J / ND4J / zoolab methods on the stack (inclusive)", inclusive, total, a.top)


if __name__ == "__main__":
    main()
