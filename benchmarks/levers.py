#!/usr/bin/env python3
"""What each faster path through ReportLab (`briefing/pdf/speedups.py`) saves, measured one at a time.

    python benchmarks/levers.py [--runs N] [--callgrind] [--callgrind-pages] [--no-times] [--scale K]
                                [--only] [LEVER...]

Builds run as whole `make_briefing.py build` processes with every lever on,
every lever off, and each lever off in turn with the others on (`apply(skip=...)`
before the entry point runs). Two measures of each: a cold build of the seed,
and the layout cost of a page: `build` of the K-times scaled, word-shuffled
briefing less `build` of the 1x one, over the pages it adds (K = 10 unless
told). A lever's saving is the cost with it off less the cost with all on, as
a share of the cost with it off.

Times: the process's CPU time (user and system, `os.wait4`), the median of N
runs (5 unless told), the configurations interleaved in each round (in a
rotating order), after one warm-up round; other work on a shared machine
moves them a few per cent. With `--callgrind`, instruction counts too
(valgrind, a fixed hash seed, one run each), which that work does not move.
Every build of a round must give the same PDF as the all-on build.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the scaled briefings and the instruction counter)

ROOT, PY, ENTRY, SEED = bench.ROOT, bench.PY, bench.ENTRY, bench.SEED
ENV = dict(bench.ENV, PYTHONPATH=str(ROOT), SOURCE_DATE_EPOCH="0")


def lever_names() -> list[str]:
    out = subprocess.run([PY, "-c", "from briefing.pdf import speedups; print('\\n'.join(speedups.LEVERS))"],
                         cwd=ROOT, env=ENV, capture_output=True, text=True, check=True).stdout
    return out.splitlines()


def command(skip: list[str], args: list[str]) -> list[str]:
    """A build through make_briefing.py with the levers in `skip` left out."""
    pre = f"from briefing.pdf import speedups\nspeedups.apply(skip={skip!r})\nimport runpy, sys\n"
    return [PY, "-c", pre + bench.RUN_ENTRY, *args]


def cpu_of(cmd: list[str]) -> float:
    """CPU seconds (user + system) of one run of `cmd`."""
    with open(os.devnull, "wb") as null:
        p = subprocess.Popen(cmd, cwd=ROOT, env=ENV, stdout=null, stderr=null)
        _, status, ru = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {cmd[-4:]}")
    return ru.ru_utime + ru.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--scale", type=int, default=10)
    ap.add_argument("--callgrind", action="store_true", help="count instructions of the seed's cold build too")
    ap.add_argument("--callgrind-pages", action="store_true", help="and of the 1x and scaled builds (slow)")
    ap.add_argument("--no-times", action="store_true", help="instruction counts only")
    ap.add_argument("--only", action="store_true", help="only the named levers off, not all on and all off")
    ap.add_argument("levers", nargs="*", help="measure only these (default: every lever)")
    opts = ap.parse_args()
    names = lever_names()
    chosen = opts.levers or names
    configs = {"all on": [], **{f"off: {n}": [n] for n in chosen}, "all off": names}
    if opts.only:
        configs = {f"off: {n}": [n] for n in chosen}
    with tempfile.TemporaryDirectory(prefix="briefing-levers-") as d:
        tmp = Path(d)
        seed = bench.load_seed()
        src = {}
        for k in (1, opts.scale):
            src[k] = tmp / f"s{k}.yaml"
            bench.write_briefing(bench.shuffle_words(bench.scale(seed, k)), src[k])
        jobs = {"seed": ["build", str(SEED)], 1: ["build", str(src[1])], opts.scale: ["build", str(src[opts.scale])]}
        if opts.no_times and not opts.callgrind_pages:
            jobs = {"seed": jobs["seed"]}
        pdf = {c: tmp / f"{i}.pdf" for i, c in enumerate(configs)}
        pages = {}
        for what, args in jobs.items():  # the same PDF with any levers (and the pages each has)
            want = None
            for c, skip in configs.items():
                subprocess.run(command(skip, [*args, "-o", str(pdf[c])]), cwd=ROOT, env=ENV, check=True,
                               capture_output=True)
                got = pdf[c].read_bytes()
                want = want or got
                if got != want:
                    raise SystemExit(f"{what}: {c} gives another PDF")
            pages[what] = bench.pdf_pages(pdf[next(iter(configs))])
        print(f"pages: {pages}; every PDF the same with any levers", flush=True)
        results: dict[str, dict] = {}
        if not opts.no_times:
            cpu: dict[tuple, list[float]] = {}
            order = list(configs)
            for r in range(opts.runs + 1):
                for what, args in jobs.items():
                    for c in order[r % len(order):] + order[:r % len(order)]:
                        t = cpu_of(command(configs[c], [*args, "-o", str(pdf[c])]))
                        if r:
                            cpu.setdefault((c, what), []).append(t)
                print(f"  round {r} done", flush=True)
            med = {key: statistics.median(v) for key, v in cpu.items()}
            results["CPU ms"] = {c: (med[(c, "seed")] * 1000,
                                     (med[(c, opts.scale)] - med[(c, 1)]) * 1000 / (pages[opts.scale] - pages[1]))
                                 for c in configs}
        if opts.callgrind or opts.callgrind_pages:
            ins = {}
            for c, skip in configs.items():
                wanted = [w for w in ("seed", 1, opts.scale)
                          if w in jobs and (w == "seed") <= opts.callgrind and (w != "seed") <= opts.callgrind_pages]
                ins[c] = [bench.instructions(command(skip, [*jobs[w], "-o", str(pdf[c])])) if w in wanted else 0
                          for w in ("seed", 1, opts.scale)]
                print(f"  {c}: {ins[c]}", flush=True)
            added = max(1, pages.get(opts.scale, 2) - pages.get(1, 1))
            results["M instructions"] = {c: (s / 1e6, (b - a) / 1e6 / added) for c, (s, a, b) in ins.items()}
            if not opts.callgrind:  # pages only
                results["M instructions"] = {c: (1.0, p) for c, (_, p) in results["M instructions"].items()}
    for unit, res in results.items():
        if "all on" not in res:
            continue
        on = res["all on"]
        print(f"\n{unit}: all on: seed {on[0]:.1f}, a page {on[1]:.2f}; all off: seed {res['all off'][0]:.1f}, "
              f"a page {res['all off'][1]:.2f}")
        print(f"| lever off (others on) | seed's cold build | saving | a {opts.scale}x page | saving |")
        print("|---|---:|---:|---:|---:|")
        for c, (s, p) in res.items():
            page = f"{p:.2f} | {100 * (p - on[1]) / p:+.1f} %" if p else "– | –"
            print(f"| {c} | {s:.1f} | {100 * (s - on[0]) / s:+.1f} % | {page} |")


if __name__ == "__main__":
    main()
