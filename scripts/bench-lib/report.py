#!/usr/bin/python3
"""Merges interleaved zoolab / PyTorch benchmark rounds into medians, writes docs/benchmarks.json and the models
table of docs/benchmarks.md (between the markers <!-- bench:models --> and <!-- /bench:models -->)."""
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


def main():
    args = sys.argv[1:]
    command = args[0]
    zoo = [a for a in args[1:] if "/zoolab-" in a]
    torch = [a for a in args[1:] if "/torch-" in a]
    zr, tr = load(zoo), load(torch)
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
        rows.append("| `{}` | {:.1f} ({:.1f}–{:.1f}) | {} | {:.1f} | {:.1%} | {:.0f} / {:.0f} | {} |".format(
            case_id, zi, min(e["rates"]), max(e["rates"]),
            f"{ti:.1f} ({min(te['rates']):.1f}–{max(te['rates']):.1f})" if ti else "n/a",
            gf, gf / ceiling if ceiling else 0, max(e["rss"]), max(e["native"]),
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
             "|---|---|---|---|---|---|---|"] + rows + ["<!-- /bench:models -->"]
    md = Path("docs/benchmarks.md")
    text = md.read_text() if md.exists() else "# Benchmarks\n\n## Models\n\n<!-- bench:models -->\n<!-- /bench:models -->\n"
    start, end = text.find("<!-- bench:models -->"), text.find("<!-- /bench:models -->")
    if start < 0 or end < 0:
        text += "\n## Models\n\n<!-- bench:models -->\n<!-- /bench:models -->\n"
        start, end = text.find("<!-- bench:models -->"), text.find("<!-- /bench:models -->")
    text = text[:start] + "\n".join(table) + text[end + len("<!-- /bench:models -->"):]
    tmp = md.with_suffix(".md.tmp")
    tmp.write_text(text)
    tmp.replace(md)
    js = Path("docs/benchmarks.json")
    tmpj = js.with_suffix(".json.tmp")
    tmpj.write_text(json.dumps({"command": command, "ceilingGflops": ceiling, "system": system,
                                "pytorch": {k: tr[0][k] for k in ("torch", "threads", "mkldnn", "blas")} if tr else None,
                                "results": data}, indent=2))
    tmpj.replace(js)
    print("\n".join(table[7:-1]))


if __name__ == "__main__":
    main()
