#!/usr/bin/env python3
"""What the graphics cost: the seed's build with and without them; writes benchmarks/GRAPHICS.md.

    python benchmarks/graphics.py [--runs N]

Whole process: each build is a fresh `python` process, timed from spawn to
reap (wall) with the child's CPU time from os.wait4; "with" and "without"
alternate, and each row is the median of N runs (default 11). "Without"
runs the same command line in a process where the graphics modules are
replaced by stand-ins before the layout is imported: no era strip, no
relations map, figure values as plain paragraphs, page 1's numbers without
marks. So the difference is all the graphics cost: their imports, placement
and drawing. The seed is built as it is, and also at 50 times its content
(as benchmarks/bench.py generates it), to see that the cost stays linear.

Then, inside one process, each graphic's own time on the seed (placement,
then drawing on a canvas), the first time (cold caches, as in a build) and
the median of repeats.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import bench  # noqa: E402  (benchmarks/bench.py: the scaled briefings)

PY = sys.executable
ENTRY = ROOT / "make_briefing.py"
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
RESULTS = HERE / "GRAPHICS.md"

# The command line without the graphics: stand-in modules, registered before anything imports the layout.
WITHOUT = r"""
import sys, types
sys.path.insert(0, sys.argv.pop(1))
def stub(name, **attrs):
    m = types.ModuleType(name)
    m.__dict__.update(attrs)
    sys.modules[name] = m
stub("briefing.layout.graphics.era_strip", wanted=lambda events, eras: False)
stub("briefing.layout.graphics.era_strip_draw", EraStrip=None)
stub("briefing.layout.graphics.relations_draw", relations_plan=lambda b, ctx: None, map_flowables=None)
stub("briefing.layout.graphics.figure_marks_draw",
     value_cell=lambda ctx, f: ctx.para(f.value, "figure_value"),
     FigureCard=lambda ctx, f, label, width: [ctx.para(f.value, "strip_value"), ctx.para(label, "small")])
sys.argv[0] = "make_briefing.py"
from briefing.cli import run
run()
"""


def once(cmd: list[str], out: Path) -> tuple[float, float]:
    """(wall, cpu) seconds of one process."""
    if out.exists():
        out.unlink()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 or not out.exists():
        raise SystemExit(f"build failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return wall, ru.ru_utime + ru.ru_stime


def paired(src: Path, tmp: Path, runs: int, extra: tuple[str, ...] = ()) -> dict[str, list[tuple[float, float]]]:
    out = tmp / "out.pdf"
    args = ["build", str(src), "-o", str(out), *extra]
    cmds = {"with": [PY, str(ENTRY), *args], "without": [PY, "-c", WITHOUT, str(ROOT), *args]}
    res: dict[str, list[tuple[float, float]]] = {"with": [], "without": []}
    for name in ("with", "without"):  # warm-up: bytecode caches, the disk cache
        once(cmds[name], out)
    for r in range(runs):
        for name in (("with", "without") if r % 2 == 0 else ("without", "with")):
            res[name].append(once(cmds[name], out))
    return res


INPROCESS = r"""
import json, statistics, sys, time, io
sys.path.insert(0, sys.argv[1])
from reportlab.pdfgen.canvas import Canvas
from briefing.pipeline import check
from briefing.theme import load_theme
from briefing.layout.styles import paragraph_styles
from briefing.layout.inline import Ctx, Numbers
from briefing.layout.graphics.era_strip_draw import EraStrip
from briefing.layout.graphics.relations_draw import relations_plan, map_flowables
from briefing.layout.graphics.figure_marks_draw import FigureValue, FigureCard

b, _ = check(sys.argv[2])
theme = load_theme(b.style)
styles = paragraph_styles(theme)
w, h = theme.page
top, right, bottom, left = theme.margins

def ctx():
    return Ctx(theme, styles, Numbers([s.id for s in b.sources]), b.group_names(), w - left - right - 12,
               h - top - bottom - 12)

def draw(flowables, c, cx):
    for f in flowables:
        f.wrap(cx.width, cx.height)
        f.drawOn(c, 0, 0)

def strip_place(cx):
    s = EraStrip(cx, b.timeline, b.eras)
    s.plan(cx.width)
    return [s]

def map_place(cx):
    plan = relations_plan(b, cx)
    return map_flowables(cx, plan) if plan else []

def marks_place(cx):
    cards = [FigureCard(cx, f, f.label, cx.width / 4 - 10) for f in b.figures if f.highlight]
    out = [FigureValue(cx, f) for f in b.figures] + cards
    for f in out:
        f.wrap(84 - 12, 1e9) if isinstance(f, FigureValue) else f.wrap(cx.width / 4, 1e9)
    return out

res = {}
for name, make in (("era strip", strip_place), ("relations map", map_place), ("figure marks", marks_place)):
    times = []
    for k in range(int(sys.argv[3])):
        cx = ctx()
        c = Canvas(io.BytesIO())
        t0 = time.perf_counter()
        fl = make(cx)
        t1 = time.perf_counter()
        draw(fl, c, cx)
        t2 = time.perf_counter()
        times.append((t1 - t0, t2 - t1))
    res[name] = {"cold": times[0], "warm": [statistics.median(t[0] for t in times[1:]),
                                           statistics.median(t[1] for t in times[1:])]}
print(json.dumps(res))
"""


def import_ms(runs: int) -> float:
    """Self time of importing the graphics modules, in ms (median of `runs` fresh processes)."""
    import re

    totals = []
    for _ in range(runs):
        err = subprocess.run([PY, "-X", "importtime", "-c", "import briefing.layout.document"], cwd=ROOT, env=ENV,
                             capture_output=True, text=True, check=True).stderr
        totals.append(sum(int(m[1]) for m in re.finditer(r"import time:\s+(\d+) \|\s+\d+ \|\s+(\S+)", err)
                          if m[2].startswith(("briefing.layout.graphics", "briefing.quantity"))) / 1000)
    return statistics.median(totals)


def pdf_pages(src: Path, tmp: Path, which: str) -> int:
    """How many pages the seed's PDF has, built with or without the graphics."""
    import re

    out = tmp / f"pages-{which}.pdf"
    cmd = [PY, str(ENTRY)] if which == "with" else [PY, "-c", WITHOUT, str(ROOT)]
    once([*cmd, "build", str(src), "-o", str(out)], out)
    return len(re.findall(rb"/Type\s*/Page[^s]", out.read_bytes()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=11, help="measured runs per case (default 11)")
    ap.add_argument("--scale", type=int, default=50, help="the scaled briefing (default 50x)")
    opts = ap.parse_args()
    lines = ["# What the graphics cost", "", f"Generated by `python benchmarks/graphics.py --runs {opts.runs}`.", "",
             f"- Python {platform.python_version()}, {os.cpu_count()} CPUs; load average "
             f"{' / '.join(f'{x:.2f}' for x in os.getloadavg())} when written (other work inflates wall time)",
             "- Code: git " + (subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                                              capture_output=True, text=True).stdout.strip() or "?"), "",
             "## Whole process: the build with and without the graphics", "",
             "Medians of fresh processes, \"with\" and \"without\" alternating; \"without\" replaces the graphics "
             "modules by stand-ins (see the script), so the difference is everything the graphics cost. Builds "
             "are tagged (PDF/UA), the default, unless the row says otherwise. The last "
             "column compares the fastest run of each (CPU time), the one least disturbed by other work on the "
             "machine.", "",
             "| briefing | with: wall ms | without: wall ms | added wall ms | with: CPU ms | without: CPU ms | "
             "added CPU ms | added CPU ms, fastest runs |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    med = statistics.median
    with tempfile.TemporaryDirectory(prefix="briefing-graphics-") as d:
        tmp = Path(d)
        scaled = tmp / f"scaled-{opts.scale}x.yaml"
        bench.write_briefing(bench.scale(bench.load_seed(), opts.scale), scaled)
        rows = {}
        cases = (("seed", bench.SEED, ()), ("seed, untagged (--no-tags)", bench.SEED, ("--no-tags",)),
                 (f"{opts.scale}x", scaled, ()))
        for name, src, extra in cases:
            print(f"measuring {name} ...", flush=True)
            res = paired(src, tmp, opts.runs if src == bench.SEED else max(3, opts.runs // 3), extra)
            w = {k: med(x[0] for x in v) * 1000 for k, v in res.items()}
            c = {k: med(x[1] for x in v) * 1000 for k, v in res.items()}
            rows[name] = (w, c)
            fastest = {k: min(x[1] for x in v) * 1000 for k, v in res.items()}  # least disturbed by other work
            lines.append(f"| {name} | {w['with']:.0f} | {w['without']:.0f} | {w['with'] - w['without']:+.0f} | "
                         f"{c['with']:.0f} | {c['without']:.0f} | {c['with'] - c['without']:+.0f} | "
                         f"{fastest['with'] - fastest['without']:+.0f} |")
            print(lines[-1], flush=True)
        sw, lw = rows["seed"][0], rows[f"{opts.scale}x"][0]
        lines += ["", f"Linearity: the {opts.scale}x build takes {lw['with'] / sw['with']:.1f} x the seed's with the "
                      f"graphics and {lw['without'] / sw['without']:.1f} x without them.", ""]
        print("in-process timings ...", flush=True)
        out = subprocess.run([PY, "-c", INPROCESS, str(ROOT), str(bench.SEED), str(max(opts.runs, 5))], cwd=ROOT,
                             env=ENV, capture_output=True, text=True, check=True).stdout
        import json

        parts = json.loads(out)
        lines += ["## Each graphic on the seed, inside one process", "",
                  "Placement (the model to boxes and labels, measuring text) and drawing (on a canvas), in ms: "
                  "the first time in the process (cold caches, as in a build), and the median of the repeats.", "",
                  "| graphic | placement, first | drawing, first | placement, median | drawing, median |",
                  "|---|---:|---:|---:|---:|"]
        for name, v in parts.items():
            lines.append(f"| {name} | {v['cold'][0] * 1000:.1f} | {v['cold'][1] * 1000:.1f} | "
                         f"{v['warm'][0] * 1000:.1f} | {v['warm'][1] * 1000:.1f} |")
        imports = import_ms(max(opts.runs // 2, 3))
        pages = {k: pdf_pages(src, tmp, k) for k, src in (("with", bench.SEED), ("without", bench.SEED))}
        lines += ["", f"Importing the graphics modules (`-X importtime`, self time, median): {imports:.1f} ms. "
                      f"The seed is {pages['with']} pages with the graphics and {pages['without']} without: "
                      "a page more is a page more to lay out, decorate and write.",
                  "", "(\"figure marks\" above includes setting the values and labels as paragraphs, which the "
                      "table and page 1 do with or without marks.)"]
        lines.append("")
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
