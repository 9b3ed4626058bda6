#!/usr/bin/env python3
"""Native-level profile of one benchmark workload (issue 16): where the on-CPU time of the harness process goes.

Input 1: `perf script` text of a `perf record -k CLOCK_MONOTONIC -e cpu-clock -g` recording, already cut to the
workload's timed window (`--time`), with the HotSpot perf map (-XX:+DumpPerfMapAtExit) so that JIT-compiled Java is
named; code that stays unnamed inside anonymous executable memory is oneDNN's run-time generated (JIT) kernels.
Input 2 (optional): the stderr of a second run with DNNL_VERBOSE=2, whose exec/create lines carry oneDNN's own
timings per primitive.

Every sample is put in exactly one category, by the first rule that matches, looking at its call chain (leaf first)
and its thread. The categories are the issue's: oneDNN kernels, primitive creation, layout reorders, OpenMP and
thread-pool fork/join, allocation, elementwise ops, plus GEMM, the JVM and the rest.
"""
import argparse
import collections
import re
import sys

HEADER = re.compile(r"^\s*(?P<comm>.+?)\s+(?P<tid>\d+)\s+(?P<time>\d+\.\d+):\s*(?P<period>\d+)?\s*(?P<event>\S+)?")
FRAME = re.compile(r"^\s+(?P<ip>[0-9a-f]+)\s+(?P<sym>.*?)\s+\((?P<dso>[^()]*)\)\s*$")

DNNL_KERNEL = "oneDNN kernels: convolution, pooling, batch norm, eltwise (JIT-generated code)"
DNNL_KERNEL_AOT = "oneDNN kernels: compiled drivers and reference code"
DNNL_REORDER = "oneDNN layout reorders"
DNNL_CREATE = "oneDNN primitive creation and JIT code generation"
SPIN_YIELD = "fork/join: threads spinning in sched_yield (libnd4j thread pool / OpenMP)"
FUTEX = "fork/join: futex sleep/wake (OpenMP passive wait, locks)"
OMP = "fork/join: OpenMP runtime (libgomp barriers, team start)"
ALLOC = "allocation: malloc/free, first-touch page faults, memset"
COPY = "memory copies (memcpy/memmove)"
ELEMENTWISE = "libnd4j elementwise / broadcast / scalar / reduce ops (incl. libm)"
ND4J_OPS = "libnd4j custom ops (non-oneDNN: im2col, matmul glue, loss, updaters)"
ND4J_BOOK = "libnd4j bookkeeping: shapes, buffers, constant caches"
GEMM = "OpenBLAS GEMM"
JAVA = "Java: JIT-compiled and interpreted code (DL4J, ND4J, zoolab)"
JVM_GC = "JVM: garbage collection"
JVM_JIT = "JVM: JIT compiler threads"
JVM_OTHER = "JVM runtime (libjvm, JNI transitions)"
KERNEL = "kernel: other (syscalls, scheduling)"
OTHER = "other"


def samples(path):
    """Yields (comm, tid, frames) with frames [(sym, dso)] leaf first."""
    comm = tid = None
    frames = []
    with open(path, errors="replace") as f:
        for line in f:
            if not line.strip():
                continue
            if not line[0].isspace():
                if comm is not None:
                    yield comm, tid, frames
                m = HEADER.match(line)
                if not m:
                    comm = None
                    continue
                comm, tid, frames = m.group("comm").strip(), int(m.group("tid")), []
            else:
                m = FRAME.match(line)
                if m and comm is not None:
                    frames.append((m.group("sym"), m.group("dso")))
    if comm is not None:
        yield comm, tid, frames


def is_unnamed(sym):
    return sym in ("[unknown]", "") or re.fullmatch(r"(0x)?[0-9a-f]+", sym) is not None


def classify(comm, frames):
    if comm.startswith("GC Thread") or comm.startswith("G1 "):
        return JVM_GC
    if "CompilerThre" in comm:
        return JVM_JIT
    syms = [s for s, _ in frames]
    joined = " | ".join(syms)
    if "sched_yield" in joined:
        return SPIN_YIELD
    if "futex" in joined:
        return FUTEX
    if re.search(r"exc_page_fault|clear_page|do_anonymous_page|handle_mm_fault", joined):
        return ALLOC
    if not frames:
        return OTHER
    sym, dso = frames[0]
    # the first frame that is not libc/kernel names the library that did the work
    lib_sym, lib_dso = sym, dso
    for s, d in frames:
        if "libc.so" not in d and "kernel" not in d and "libm.so" not in d:
            lib_sym, lib_dso = s, d
            break
    if "libc.so" in dso:
        if re.search(r"malloc|free|_int_|unlink_chunk|calloc|realloc|memalign|mmap|munmap|memset|tcache", sym):
            return ALLOC
        if re.search(r"memcpy|memmove", sym):
            return COPY
    if "libm.so" in dso:
        return ELEMENTWISE
    if "kernel" in dso:
        return KERNEL
    if "libgomp" in dso:
        return OMP
    if "openblas" in dso:
        return GEMM
    if dso.startswith("/tmp/perf-") or "[JIT]" in dso:
        return DNNL_KERNEL if is_unnamed(sym) else JAVA
    if "libnd4jcpu" in lib_dso or "libnd4jcpu" in dso:
        s = lib_sym
        if "dnnl::" in s or "Xbyak" in s:
            if "reorder" in s:
                return DNNL_REORDER
            if re.search(r"Xbyak|jit_generator|::init\(|::create|primitive_desc|pd_t::|primitive_cache|"
                         r"init_conf|init_scratchpad|hash|::generate", s):
                return DNNL_CREATE
            return DNNL_KERNEL_AOT
        if re.search(r"functions::(transform|scalar|broadcast|pairwise|reduce|indexreduce|summarystats)|simdOps::", s):
            return ELEMENTWISE
        if re.search(r"samediff::|Ticket|ThreadPool|Threads::", s):
            return SPIN_YIELD
        if re.search(r"sd::DataBuffer|sd::memory|Shape|shape::|ConstantHelper|ConstantHolder|sd::NDArray::NDArray|"
                     r"~NDArray|LaunchContext|Context::|sd::graph::", s):
            return ND4J_BOOK
        return ND4J_OPS
    if "libjvm" in dso or "libjava" in dso or "libjnind4j" in dso or "libjniopenblas" in dso:
        return JVM_OTHER
    return OTHER


def perf_report(path, window_s, hz, cpus, title):
    cats = collections.Counter()
    threads = collections.Counter()
    thread_cats = collections.defaultdict(collections.Counter)
    total = 0
    for comm, tid, frames in samples(path):
        c = classify(comm, frames)
        cats[c] += 1
        threads[(tid, comm)] += 1
        thread_cats[(tid, comm)][c] += 1
        total += 1
    if total == 0:
        sys.exit("native_profile: no samples in " + path)
    capacity = window_s * hz * cpus
    print(f"native profile of {title}: {total} on-CPU samples of the harness process in its {window_s:.2f} s timed "
          f"window ({hz} Hz cpu-clock, {cpus} cores: the cores were busy {100.0 * total / capacity:.0f}% of the "
          f"window with this process)")
    print()
    print("on-CPU time by category (share of the process's samples)")
    for c, n in cats.most_common():
        print(f"  {100.0 * n / total:5.1f}%  {c}")
    print()
    print("threads (share of samples; the top categories of each)")
    for (tid, comm), n in threads.most_common(6):
        top = ", ".join(f"{100.0 * k / n:.0f}% {c.split(':')[0]}" for c, k in thread_cats[(tid, comm)].most_common(3))
        print(f"  {100.0 * n / total:5.1f}%  {comm} {tid}: {top}")


VERBOSE = re.compile(r"^(?:dnnl|onednn)_verbose,(?P<what>exec|create:cache_hit|create:cache_miss),cpu,"
                     r"(?P<kind>[^,]+),(?P<impl>[^,]*),(?P<prop>[^,]*),.*,(?P<problem>[^,]*),(?P<ms>[0-9.]+)\s*$")


def verbose_report(path):
    by = collections.defaultdict(lambda: [0, 0.0])
    problems = collections.defaultdict(lambda: [0, 0.0])
    create = collections.defaultdict(lambda: [0, 0.0])
    with open(path, errors="replace") as f:
        for line in f:
            m = VERBOSE.match(line)
            if not m:
                continue
            ms = float(m.group("ms"))
            if m.group("what") == "exec":
                key = (m.group("kind"), m.group("impl"), m.group("prop"))
                by[key][0] += 1
                by[key][1] += ms
                pkey = (m.group("kind"), m.group("prop"), m.group("problem"))
                problems[pkey][0] += 1
                problems[pkey][1] += ms
            else:
                key = (m.group("what").split(":")[1], m.group("kind"))
                create[key][0] += 1
                create[key][1] += ms
    if not by:
        print("\n(no oneDNN verbose lines: this workload calls no oneDNN primitive)")
        return
    exec_total = sum(v[1] for v in by.values())
    create_total = sum(v[1] for v in create.values())
    print()
    print("oneDNN's own timings (DNNL_VERBOSE=2 run, warm-up included): execution by primitive")
    print(f"  {'primitive':<22} {'implementation':<22} {'prop':<18} {'calls':>7} {'ms':>9} {'share':>6}")
    for (kind, impl, prop), (n, ms) in sorted(by.items(), key=lambda kv: -kv[1][1])[:14]:
        print(f"  {kind:<22} {impl:<22} {prop:<18} {n:>7} {ms:>9.1f} {100.0 * ms / exec_total:5.1f}%")
    print("  the costliest problems (shape as oneDNN prints it):")
    for (kind, prop, problem), (n, ms) in sorted(problems.items(), key=lambda kv: -kv[1][1])[:8]:
        print(f"    {100.0 * ms / exec_total:5.1f}%  {n:>5} x {ms / n:7.3f} ms  {kind} {prop} {problem}")
    kinds = collections.defaultdict(lambda: [0, 0.0])
    for (kind, _, _), (n, ms) in by.items():
        kinds[kind][0] += n
        kinds[kind][1] += ms
    print("  by kind: " + ", ".join(f"{k} {v[1]:.0f} ms / {v[0]} calls" for k, v in
                                    sorted(kinds.items(), key=lambda kv: -kv[1][1])))
    print(f"  primitive creation (descriptor + cache look-up, or JIT generation on a miss): {create_total:.0f} ms in "
          f"{sum(v[0] for v in create.values())} calls = {100.0 * create_total / max(exec_total, 1e-9):.1f}% of "
          f"execution time; " + ", ".join(f"{w} {k}: {v[0]} calls {v[1]:.1f} ms" for (w, k), v in
                                         sorted(create.items(), key=lambda kv: -kv[1][1])[:4]))


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--perf", required=True)
    a.add_argument("--window", type=float, required=True, help="seconds of the timed window")
    a.add_argument("--hz", type=int, required=True)
    a.add_argument("--cpus", type=int, required=True)
    a.add_argument("--verbose-log")
    a.add_argument("--title", default="workload")
    args = a.parse_args()
    perf_report(args.perf, args.window, args.hz, args.cpus, args.title)
    if args.verbose_log:
        verbose_report(args.verbose_log)


if __name__ == "__main__":
    main()
