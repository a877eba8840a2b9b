#!/usr/bin/env python3
"""Whole-process benchmark of very long text; writes benchmarks/LONGTEXT.md.

    python benchmarks/longtext.py [--runs N] [--baseline DIR --baseline-label NAME [--baseline-runs N]]

Each case is a single-file briefing with one very long value: a section body
of 100, 200 and 400 KB of words (a sentence every 13 words), and one word
of 200 KB as a section body, a subtitle and a title, and of 100 KB as a
figure's label and a timeline event's text; and a briefing with only a
title, the fixed cost of a build. Each is built by a fresh
process, measured as in bench.py (paired with the floor `python -c "import
reportlab.platypus"`, after a warm-up pair; medians of N runs). CPU time
per 100 KB over the fixed cost shows whether the time grows with the size,
not with its square.
`--baseline` also measures another checkout of the project (for example
an older commit unpacked with `git archive`) on the same inputs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench  # noqa: E402  (the same process measurement as the main benchmark)

RESULTS = HERE / "LONGTEXT.md"


def words(n_chars: int, seed: int = 1) -> str:
    """Made-up words, every thirteenth ending a sentence, about `n_chars` characters in all."""
    r = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < n_chars:
        w = "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(r.randint(2, 10)))
        if len(out) % 13 == 12:
            w += "."
        out.append(w)
        size += len(w) + 1
    return " ".join(out)


def cases() -> list[tuple[str, int, dict]]:
    """(name, size in bytes, briefing) for each case."""
    out: list[tuple[str, int, dict]] = []
    for kb in (100, 200, 400):
        out.append((f"section body, {kb} KB of words", kb * 1000,
                    {"title": "Long", "sections": [{"title": "One", "body": words(kb * 1000)}]}))
    n = 200_000
    out.append(("section body, one 200 KB word", n, {"title": "Long", "sections": [{"title": "One", "body": "w" * n}]}))
    out.append(("subtitle, one 200 KB word", n, {"title": "Long", "subtitle": "s" * n}))
    out.append(("title, one 200 KB word", n, {"title": "t" * n}))
    n = 100_000
    four = [{"value": str(i), "label": f"figure {i}"} for i in range(4)]  # page 1's strip shows these
    out.append(("figure label, one 100 KB word", n,
                {"title": "Long", "figures": [*four, {"value": "5", "label": "k" * n}]}))
    out.append(("event text, one 100 KB word", n,
                {"title": "Long", "timeline": [{"date": "2020", "title": "Event", "text": "z" * n}]}))
    return out


def measure(root: Path, name: str, src: Path, out: Path, runs: int) -> bench.Case:
    case = bench.Case(name, [bench.PY, str(root / "make_briefing.py"), "build", str(src), "-o", str(out)],
                      rm=out, cwd=root)
    return bench.measure_paired(case, runs)


def pages(pdf: Path) -> int:
    return bench.pdf_pages(pdf)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="measured runs per case (default 5)")
    ap.add_argument("--baseline", type=Path, help="another checkout of the project to measure on the same inputs")
    ap.add_argument("--baseline-label", default="baseline", help="what to call it in the table")
    ap.add_argument("--baseline-runs", type=int, default=3, help="measured runs per case for the baseline")
    args = ap.parse_args()
    rev = subprocess.run(["git", "-C", str(bench.ROOT), "rev-parse", "--short", "HEAD"],
                         capture_output=True, text=True).stdout.strip() or "?"
    rows = []
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        for i, (name, size, data) in enumerate([("a title alone (the fixed cost)", 0, {"title": "Long"}), *cases()]):
            src = tmp / f"case{i}.yaml"
            src.write_text(yaml.safe_dump(data, width=1 << 30), encoding="utf-8")
            out = tmp / f"case{i}.pdf"
            now = measure(bench.ROOT, name, src, out, args.runs)
            row = [name, size, now, pages(out)]
            if args.baseline:
                row.append(measure(args.baseline.resolve(), f"{name} ({args.baseline_label})", src, out,
                                   args.baseline_runs))
            rows.append(row)

    def ms(s: float) -> str:
        return f"{s * 1000:,.0f}"

    head = "| case | pages | median wall ms | median CPU ms | CPU ms per 100 KB, over the fixed cost | peak RSS MiB |"
    rule = "|---|---:|---:|---:|---:|---:|"
    if args.baseline:
        b = args.baseline_label
        head += f" {b}: wall ms | {b}: CPU ms | CPU, this code / {b} |"
        rule += "---:|---:|---:|"
    lines = [head, rule]
    fixed = rows[0][2].med_cpu
    for name, size, now, n, *base in rows:
        per = ms((now.med_cpu - fixed) * 100_000 / size) if size else ""
        line = f"| {name} | {n} | {ms(now.med_wall)} | {ms(now.med_cpu)} | {per} | {now.med_rss / 1024:.1f} |"
        if base:
            b = base[0]
            line += f" {ms(b.med_wall)} | {ms(b.med_cpu)} | {now.med_cpu / b.med_cpu:.2f} |"
        lines.append(line)
    floor = rows[0][2].floor_med_wall
    text = f"""# Very long text

Generated by `python benchmarks/longtext.py --runs {args.runs}{
    f' --baseline DIR --baseline-label {args.baseline_label} --baseline-runs {args.baseline_runs}'
    if args.baseline else ''}` at code {rev}.

- Python {platform.python_version()}, {platform.platform()}, {os.cpu_count()} CPUs
- Date: {dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
- Floor (`python -c "import reportlab.platypus"`): {ms(floor)} ms wall

Each case is one single-file briefing with one very long value, built by a
fresh process (`build SOURCE -o PDF`); medians of {args.runs} runs{
    f' ({args.baseline_runs} for {args.baseline_label})' if args.baseline else ''}, each paired with
the floor, after a warm-up pair. Wall time counts other work on the machine;
CPU time (user + system) of the build's process is the steadier figure. A
paragraph longer than 8,000 characters is laid out as consecutive pieces of
at most 8,000 (2,000 where a word longer than a line is cut), so the CPU
time per 100 KB over the fixed cost (the first row) stays flat as the size
grows.

{chr(10).join(lines)}
"""
    RESULTS.write_text(text, encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
