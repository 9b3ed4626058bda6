#!/usr/bin/python3
"""Merges interleaved zoolab / PyTorch benchmark rounds into medians, writes docs/benchmarks.json and the models
table of docs/benchmarks.md (between the markers <!-- bench:models --> and <!-- /bench:models -->), with the
pipeline's rate against AlexNet's training rate under it.

    report.py COMMAND ROUND_FILES...           scripts/bench: files named */zoolab-N.json and */torch-N.json
    report.py --levers COMMAND ROUND_FILES...  scripts/bench-levers: zoolab runs of several --variant settings;
                                               writes the levers table (<!-- bench:levers -->) and
                                               docs/benchmarks-levers.json
"""
import json
import statistics
import sys
from pathlib import Path


def load(paths):
    return [json.loads(Path(p).read_text()) for p in paths]


def by_id(reports):
    out = {}
    for rep in reports:
        for r in rep["results"]:
            if "skipped" in r:
                out.setdefault(r["id"], {"skipped": r["skipped"]})
                continue
            e = out.setdefault(r["id"], {"rates": [], "rss": [], "native": [], "gflops": [], "ceil": []})
            if "rates" not in e:
                continue
            e["rates"].extend(r["repetitions"])
            e["rss"].append(r.get("peakRssMiB", 0))
            e["native"].append(r.get("peakOffHeapMiB", 0))
            e["gflops"].append(r.get("gflops", 0))
    return out


PIPELINE = "pipeline/256-224/b128"
ALEXNET_TRAIN = "alexnet/train/b16"


def pipeline_line(side, entries):
    """'zoolab: pipeline P img/s / AlexNet training A img/s = R×', or None when either is missing."""
    p, a = entries.get(PIPELINE), entries.get(ALEXNET_TRAIN)
    if not p or not a or "rates" not in p or "rates" not in a:
        return None
    pi, ai = statistics.median(p["rates"]), statistics.median(a["rates"])
    return pi, ai, f"{side} {pi:.1f} / {ai:.1f} img/s = **{pi / ai:.1f}×**"


def replace_section(text, marker, lines, heading):
    start, end = text.find(f"<!-- {marker} -->"), text.find(f"<!-- /{marker} -->")
    if start < 0 or end < 0:
        text += f"\n## {heading}\n\n<!-- {marker} -->\n<!-- /{marker} -->\n"
        start, end = text.find(f"<!-- {marker} -->"), text.find(f"<!-- /{marker} -->")
    return text[:start] + "\n".join(lines) + text[end + len(f"<!-- /{marker} -->"):]


def write_atomic(path, text):
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)
    tmp.replace(path)


def levers(command, paths):
    """Median img/s of each workload under each variant, and its ratio to the default run of the same rounds."""
    reports = load(paths)
    variants = []
    for rep in reports:
        if rep.get("variant", "default") not in variants:
            variants.append(rep.get("variant", "default"))
    if "default" in variants:
        variants.remove("default")
        variants.insert(0, "default")
    per = {v: by_id([r for r in reports if r.get("variant", "default") == v]) for v in variants}
    ids = []
    for v in variants:
        ids += [i for i in per[v] if i not in ids and not i.startswith("gemm/")]

    def med(v, i):
        e = per[v].get(i)
        return statistics.median(e["rates"]) if e and "rates" in e else None

    rows, data = [], []
    for i in ids:
        base = med("default", i) if "default" in per else None
        cells, entry = [], {"id": i}
        for v in variants:
            m = med(v, i)
            e = per[v].get(i) or {}
            if m is None:
                reason = e.get("skipped", "not run")
                cells.append(f"skipped: {reason[:60]}")
                entry[v] = {"skipped": reason}
            else:
                ratio = m / base if base else None
                cells.append(f"{m:.1f}" + (f" ({ratio:.2f}×)" if ratio and v != "default" else ""))
                entry[v] = {"imagesPerSecond": m, "min": min(e["rates"]), "max": max(e["rates"]), "ratioToDefault": ratio}
        rows.append(f"| `{i}` | " + " | ".join(cells) + " |")
        data.append(entry)
    rounds = len([r for r in reports if r.get("variant", "default") == variants[0]])
    table = ["<!-- bench:levers -->",
             f"Measured with `{command}` ({rounds} interleaved rounds of every variant; img/s medians over all "
             "repetitions, in brackets the ratio to zoolab's defaults of the same rounds; `skipped` gives the error).",
             "",
             "| workload | " + " | ".join(f"`{v}`" for v in variants) + " |",
             "|---|" + "---|" * len(variants)] + rows + ["<!-- /bench:levers -->"]
    md = Path("docs/benchmarks.md")
    text = md.read_text() if md.exists() else "# Benchmarks\n"
    write_atomic(md, replace_section(text, "bench:levers", table, "Levers"))
    write_atomic(Path("docs/benchmarks-levers.json"), json.dumps(
        {"command": command, "variants": variants, "settings": {v: next(r.get("settings") for r in reports
                                                                        if r.get("variant", "default") == v) for v in variants},
         "results": data}, indent=2))
    print("\n".join(table[3:-1]))


def main():
    args = sys.argv[1:]
    if args and args[0] == "--levers":
        levers(args[1], args[2:])
        return
    command = args[0]
    zoo = [a for a in args[1:] if "/zoolab-" in a]
    torch = [a for a in args[1:] if "/torch-" in a]
    zr, tr = load(zoo), load(torch)
    odd = [r.get("variant") for r in zr if r.get("variant", "default") != "default"]
    if odd:
        sys.exit(f"report.py: zoolab rounds ran with --variant {odd[0]}; the models table is for the defaults "
                 "(use --levers)")
    z, t = by_id(zr), by_id(tr)
    ceilings = [r["ceilingGflops"] for r in zr if r.get("ceilingGflops")]
    ceiling = statistics.median(ceilings) if ceilings else 0
    rows, data = [], []
    for case_id, e in z.items():
        if case_id.startswith("gemm/"):
            continue
        if "skipped" in e:
            rows.append(f"| `{case_id}` | skipped: {e['skipped']} | | | | | | |")
            data.append({"id": case_id, "skipped": e["skipped"]})
            continue
        zi = statistics.median(e["rates"])
        gf = statistics.median(e["gflops"]) * zi / statistics.median(e["rates"]) if e["gflops"] else 0
        te = t.get(case_id)
        ti = statistics.median(te["rates"]) if te and "rates" in te else None
        ratio = zi / ti if ti else None
        rows.append("| `{}` | {:.1f} ({:.1f}–{:.1f}) | {} | {} | {} | {:.0f} / {:.0f} | {} |".format(
            case_id, zi, min(e["rates"]), max(e["rates"]),
            f"{ti:.1f} ({min(te['rates']):.1f}–{max(te['rates']):.1f})" if ti else "n/a",
            f"{gf:.1f}" if gf else "—", f"{gf / ceiling:.1%}" if gf and ceiling else "—",
            max(e["rss"]), max(e["native"]),
            f"**{ratio:.2f}**" if ratio else "n/a"))
        data.append({"id": case_id, "zoolabImagesPerSecond": zi, "pytorchImagesPerSecond": ti, "ratio": ratio,
                     "gflops": gf, "ceilingFraction": gf / ceiling if ceiling else 0,
                     "peakRssMiB": max(e["rss"]), "peakNativeMiB": max(e["native"]),
                     "pytorchPeakRssMiB": max(te["rss"]) if te and "rss" in te else None})
    system = zr[0]["system"] if zr else {}
    table = ["<!-- bench:models -->",
             f"Measured with `{command}` ({len(zr)} interleaved rounds of zoolab then PyTorch; each round warms up and "
             f"times {zr[0]['protocol']['repetitions'] if zr else '?'} repetitions of ≥ "
             f"{zr[0]['protocol']['secondsPerRepetition'] if zr else '?'} s; medians over all repetitions, range in brackets).",
             "",
             f"Machine: {system.get('CPU', '?')}; zoolab backend {system.get('backend', '?')}, {system.get('libnd4j build', '')}, "
             f"oneDNN: {system.get('oneDNN', '?')}; PyTorch {tr[0]['torch'] if tr else 'n/a'} "
             f"({tr[0]['threads'] if tr else '?'} threads, oneDNN {tr[0]['mkldnn'] if tr else '?'}, OpenBLAS-OpenMP).",
             f"fp32 GEMM ceiling through ND4J (2048³ sgemm): **{ceiling:.1f} GFLOP/s**.",
             "",
             "| workload | zoolab img/s | PyTorch img/s | zoolab GFLOP/s | of ceiling | zoolab peak RSS / native MiB | zoolab/PyTorch |",
             "|---|---|---|---|---|---|---|"] + rows
    pipeline = {}
    zl, tl = pipeline_line("zoolab", z), pipeline_line("PyTorch", t)
    if zl or tl:
        table += ["", "Pipeline (`" + PIPELINE + "`, decode threads = cores) against AlexNet's training rate (`"
                  + ALEXNET_TRAIN + "`), target ≥ 2×: " + "; ".join(x[2] for x in (zl, tl) if x) + "."]
        pipeline = {side: {"pipelineImagesPerSecond": x[0], "alexnetTrainImagesPerSecond": x[1], "ratio": x[0] / x[1]}
                    for side, x in (("zoolab", zl), ("pytorch", tl)) if x}
    table += ["<!-- /bench:models -->"]
    md = Path("docs/benchmarks.md")
    text = md.read_text() if md.exists() else "# Benchmarks\n"
    write_atomic(md, replace_section(text, "bench:models", table, "Models"))
    write_atomic(Path("docs/benchmarks.json"), json.dumps(
        {"command": command, "ceilingGflops": ceiling, "system": system,
         "settings": zr[0].get("settings") if zr else None,
         "pytorch": {k: tr[0][k] for k in ("torch", "threads", "mkldnn", "blas")} if tr else None,
         "results": data, "pipelineVsAlexNetTraining": pipeline}, indent=2))
    print("\n".join(table[7:-1]))


if __name__ == "__main__":
    main()
