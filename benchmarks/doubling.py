#!/usr/bin/env python3
"""Doubling check of loading and validation: twice the input must take at most 2.3 times as long.

    python benchmarks/doubling.py [--runs N] [--limit R] [CASE...]

Run it on each change to loading or validation (yamlpos, schema, quantity,
dates, richtext, load): a step that rescans what came before for each new
item is invisible at the seed's size and takes hours at the 5 MB a file may
hold; this finds it at once.

Each case doubles one list or one kind of text of an otherwise small, valid
briefing: citations in one scalar, ids in one citation, events, groups,
allies, event tags, eras, sources, keywords, figures, sections, key points,
actors, scenarios, authors, plain text, and problems reported. Each size is
timed as a whole `make_briefing.py check` process (start-up, parsing and all
else a user waits for), the two sizes alternating, each run a pair of
processes, the median of the pairs' ratios over `--runs` runs after one
warm-up. The time is the process's CPU time (user and system),
which other work on a shared machine hardly changes. The sizes are large
enough that the work dwarfs the start-up (about 0.2 s), which would
otherwise hide its growth. The script exits 1 when any doubling takes more
than `--limit` (2.3) times as long, or when a generated briefing does not
pass `check` (the error case excepted, which must fail with one problem per
item).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENTRY = ROOT / "make_briefing.py"
# Children run as on a user's machine: with bytecode caches.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
IDS = 50  # sources and groups a case cites or tags over, when it doubles something else


def _sources(n: int) -> str:
    return "sources:\n" + "".join(f"  - id: s{i}\n    title: Source number {i}\n" for i in range(n))


def _groups(n: int) -> str:
    return "groups:\n" + "".join(f"  - id: g{i}\n    name: Group number {i}\n" for i in range(n))


def _cited(n: int = IDS) -> str:
    """A key point citing each of the first n sources (so none is reported as never cited)."""
    return "summary:\n  - |\n    Every source. " + " ".join(f"[@s{i}]" for i in range(n)) + "\n"


HEAD = "title: A long briefing\n"


def citations(n: int) -> str:
    lines = [" ".join(f"[@s{k % IDS}]" for k in range(j, min(j + 12, n))) for j in range(0, n, 12)]
    return (HEAD + "sections:\n  - title: Body\n    body: |\n" + "".join(f"      {x}\n" for x in lines)
            + _sources(IDS))


def cite_ids(n: int) -> str:
    ids = "; ".join(f"@s{k % IDS}" for k in range(n))
    return HEAD + f"summary:\n  - |\n    Many at once [{ids}].\n" + _sources(IDS)


def events(n: int) -> str:
    body = "".join(
        f"  - date: {1000 + k // 12}-{k % 12 + 1:02d}\n    title: Event {k}\n"
        f"    text: Something happened. [@s{k % IDS}]\n    groups: [g{k % IDS}]\n    sources: [s{k % IDS}]\n"
        for k in range(n))
    return HEAD + "timeline:\n" + body + _groups(IDS) + _sources(IDS) + _cited()


def groups(n: int) -> str:
    body = "".join(
        f"  - id: g{k}\n    name: Group number {k}\n    short: G{k}\n    allies: [g{(k + 1) % n}, Friend {k}]\n"
        f"    rivals: [g{(k + 2) % n}, Foe {k}]\n    areas: [North, South]\n    summary: About it. [@s{k % IDS}]\n"
        f"    sources: [s{k % IDS}]\n"
        for k in range(n))
    return HEAD + "groups:\n" + body + _sources(IDS) + _cited()


def allies(n: int) -> str:
    names = ", ".join(f"g{k % IDS}" if k % 2 else f"Friend {k}" for k in range(n))
    return HEAD + _groups(IDS) + f"  - id: many\n    name: Many friends\n    allies: [{names}]\n    rivals: [{names}]\n"


def tags(n: int) -> str:
    names = ", ".join(f"g{k % IDS}" for k in range(n))
    return HEAD + f"timeline:\n  - date: 2001\n    title: All at once\n    groups: [{names}]\n" + _groups(IDS)


def eras(n: int) -> str:
    body = "".join(f"  - title: Era {k}\n    start: {1000 + k // 12}-{k % 12 + 1:02d}\n"
                   f"    end: {1000 + (k + 1) // 12}-{(k + 1) % 12 + 1:02d}\n" for k in range(n))
    return HEAD + "eras:\n" + body


def sources(n: int) -> str:
    # half of them cited, half never (each of those is a warning)
    return HEAD + _cited(n // 2) + _sources(n)


def keywords(n: int) -> str:
    return HEAD + "keywords:\n" + "".join(f"  - keyword {k}\n" for k in range(n))


def figures(n: int) -> str:
    values = ("27%", "2×", "Nearly 20", "207+", "60000", "3:1", "1234.5")
    body = "".join(f"  - value: {values[k % len(values)]}\n    label: Figure {k}\n"
                   + (f"    of: {40 + k}\n" if k % len(values) == 2 else "")
                   + f"    basis: reported\n    source: s{k % IDS}\n" for k in range(n))
    return HEAD + "figures:\n" + body + _sources(IDS) + _cited()


def sections(n: int) -> str:
    body = "".join(f"  - title: Section {k}\n    id: sec-{k}\n    body: |\n      Text of section {k}. "
                   f"[@s{k % IDS}]\n\n      - a **point**\n      - a [link](https://example.org/{k})\n"
                   for k in range(n))
    return HEAD + "sections:\n" + body + _sources(IDS)


def summary(n: int) -> str:
    return HEAD + "summary:\n" + "".join(f"  - \"**Point {k}.** It holds. [@s{k % IDS}]\"\n" for k in range(n)) \
        + _sources(IDS)


def actors(n: int) -> str:
    body = "".join(f"  - name: Actor {k}\n    position: neutral\n    summary: Says little. [@s{k % IDS}]\n"
                   f"    sources: [s{k % IDS}]\n" for k in range(n))
    return HEAD + "actors:\n" + body + _sources(IDS) + _cited()


def outlook(n: int) -> str:
    body = "".join(f"  - horizon: Term {k}\n    likelihood: Likely\n    text: It goes on. [@s{k % IDS}]\n"
                   for k in range(n))
    return HEAD + "outlook:\n" + body + _sources(IDS)


def authors(n: int) -> str:
    return HEAD + "authors:\n" + "".join(f"  - Author {k}\n" for k in range(n))


def text(n: int) -> str:
    """One long scalar of plain prose (n words), no markup."""
    words = " ".join(f"word{k}" for k in range(n))
    return HEAD + f"disclaimer: {words}\nsections:\n  - title: Body\n    body: |\n      {words}\n"


def problems(n: int) -> str:
    """n citations naming no source, among n / 4 sources: one error each, with a close id looked up."""
    lines = "".join(f"      Claim [@s{k}x].\n" for k in range(n))
    return HEAD + "sections:\n  - title: Body\n    body: |\n" + lines + _sources(n // 4)


# name -> (generator, smaller size): sized so that checking the smaller takes about a second
CASES: dict[str, tuple[Callable[[int], str], int]] = {
    "citations": (citations, 150_000),
    "ids-per-citation": (cite_ids, 300_000),
    "events": (events, 5_000),
    "groups": (groups, 3_000),
    "allies": (allies, 30_000),
    "tags": (tags, 60_000),
    "eras": (eras, 12_000),
    "sources": (sources, 10_000),
    "keywords": (keywords, 60_000),
    "figures": (figures, 6_000),
    "sections": (sections, 1_500),
    "summary": (summary, 25_000),
    "actors": (actors, 5_000),
    "outlook": (outlook, 10_000),
    "authors": (authors, 90_000),
    "text": (text, 100_000),
    "problems": (problems, 15_000),
}


def run_check(path: Path) -> tuple[float, int, str]:
    """One `check` process: its CPU time (user and system, as the kernel counts it), status and stderr.

    CPU time rather than wall time: on a machine shared with other work, waiting for a core is
    not the program's growth."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, str(ENTRY), "check", str(path)], cwd=ROOT, env=ENV,
                                stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return usage.ru_utime + usage.ru_stime, proc.returncode, err.read().decode("utf-8", "replace")


def measure(name: str, runs: int, tmp: Path, scale: float = 1.0) -> tuple[float, float, float, str | None]:
    """(median seconds at n, at 2n, median ratio of the two in one run, a problem with the input or None).

    The ratio is taken within each run, of two processes run one right after the other, and its median
    over the runs: other work on the machine changes from one second to the next more than within one run.
    """
    make, n = CASES[name]
    n = max(2, int(n * scale))
    paths = []
    for k in (n, 2 * n):
        p = tmp / f"{name}-{k}.yaml"
        p.write_text(make(k), encoding="utf-8")
        paths.append(p)
    times: list[list[float]] = [[], []]
    for run in range(runs + 1):
        took = [0.0, 0.0]
        for i in ((0, 1) if run % 2 else (1, 0)):
            took[i], code, err = run_check(paths[i])
            size = n * (i + 1)
            if name == "problems":
                if code != 1 or err.count("names no source") != size:
                    return 0, 0, 0, f"expected {size} problems, got status {code}: {err[-300:]}"
            elif code != 0:
                return 0, 0, 0, f"check failed ({code}) for {paths[i].name}: {err.strip()[-300:]}"
        if run:  # the first run warms the caches
            times[0].append(took[0])
            times[1].append(took[1])
    ratio = statistics.median(b / a for a, b in zip(*times, strict=True))
    return statistics.median(times[0]), statistics.median(times[1]), ratio, None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("cases", nargs="*", metavar="CASE", help=f"cases to run (default: all): {', '.join(CASES)}")
    ap.add_argument("--runs", type=int, default=7, help="timed runs per size (median; default 7)")
    ap.add_argument("--limit", type=float, default=2.3, help="largest ratio allowed (default 2.3)")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every size (default 1)")
    args = ap.parse_args(argv)
    unknown = [c for c in args.cases if c not in CASES]
    if unknown:
        ap.error(f"no such case: {', '.join(unknown)}")
    failed = 0
    with tempfile.TemporaryDirectory(prefix="doubling-") as tmp:
        for name in args.cases or CASES:
            small, large, ratio, problem = measure(name, args.runs, Path(tmp), args.scale)
            if problem:
                print(f"ERROR  {name:18} {problem}")
                failed += 1
                continue
            bad = ratio > args.limit
            failed += bad
            print(f"{'SLOW ' if bad else 'ok   '} {name:18} {small:6.2f} s -> {large:6.2f} s  x{ratio:.2f}", flush=True)
    print(f"{len(args.cases or CASES) - failed} of {len(args.cases or CASES)} cases within x{args.limit}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
