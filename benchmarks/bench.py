#!/usr/bin/env python3
"""Whole-process benchmark of make_briefing.py; writes benchmarks/RESULTS.md.

    python benchmarks/bench.py [--runs N] [--quick]

Every case is a fresh Python process (subprocess), measured with os.wait4:
wall time (perf_counter around spawn..reap), CPU time (the child's
user+sys) and peak RSS (ru_maxrss). Each case runs in pairs, alternating with
the floor `python -c "import reportlab.platypus"` (floor first on even runs,
case first on odd runs), after one unmeasured warm-up pair; medians of N runs.

Scaled briefings (1x, 10x, 50x, 100x) are generated from the seed folder
into a temporary directory as single-file briefings: every list is repeated
k times with copies given unique ids/titles and all references (citations
[@id], event groups/sources, group allies/rivals/sources, figure source,
actor sources) renamed to the copy's ids; eras, summary, keywords and
authors are kept once. Each generated briefing must pass `check` first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED = ROOT / "sources" / "afghanistan-resistance"
ENTRY = ROOT / "make_briefing.py"
PY = sys.executable
RESULTS = HERE / "RESULTS.md"

FLOOR_CMD = [PY, "-c", "import reportlab.platypus"]
# Children run as on a user's machine: with bytecode caches. (This workplace sets
# PYTHONDONTWRITEBYTECODE, which would make every run compile the project's modules.)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
BATCH = 100  # seed copies in the batch case
SEED_FILES = ("briefing.yaml", "timeline.yaml", "groups.yaml", "figures.yaml",
              "actors.yaml", "outlook.yaml", "sources.yaml")
KEPT_ONCE = {"eras", "summary", "keywords", "authors"}


# --------------------------------------------------------------------------- #
# Generating scaled briefings
# --------------------------------------------------------------------------- #

def load_seed() -> dict:
    data: dict = {}
    for name in SEED_FILES:
        p = SEED / name
        if not p.exists():
            continue
        part = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        for key, value in part.items():
            assert key not in data, f"{key} defined twice in seed"
            data[key] = value
    return _stringify_dates(data)


def _stringify_dates(obj):
    """PyYAML turns unquoted 2021-08-15 into a date; write it back as text."""
    if isinstance(obj, dict):
        return {k: _stringify_dates(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_stringify_dates(v) for v in obj]
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    return obj


_CITE_BLOCK = re.compile(r"\[@[^\]]*\]")
_CITE_ID = re.compile(r"@([A-Za-z0-9_.:-]+)")


def _remap_strings(obj, source_map: dict[str, str]):
    """Rename citation ids inside every [@...] block of every string."""
    if isinstance(obj, dict):
        return {k: _remap_strings(v, source_map) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_remap_strings(v, source_map) for v in obj]
    if isinstance(obj, str):
        def block(m):
            return _CITE_ID.sub(lambda n: "@" + source_map.get(n.group(1), n.group(1)), m.group(0))
        return _CITE_BLOCK.sub(block, obj)
    return obj


def scale(seed: dict, k: int) -> dict:
    """The seed with every list repeated k times, copies renamed consistently."""
    if k == 1:
        return seed
    out = {key: value for key, value in seed.items() if not isinstance(value, list) or key in KEPT_ONCE}
    lists = {key: [] for key, value in seed.items() if isinstance(value, list) and key not in KEPT_ONCE}
    source_ids = [s["id"] for s in seed.get("sources", [])]
    group_ids = [g["id"] for g in seed.get("groups", [])]
    for i in range(k):
        sfx = "" if i == 0 else f"-c{i}"
        tag = "" if i == 0 else f" (copy {i})"
        smap = {sid: sid + sfx for sid in source_ids}
        gmap = {gid: gid + sfx for gid in group_ids}

        def srcs(ids, smap=smap):
            return [smap.get(x, x) for x in ids]

        def grps(ids, gmap=gmap):
            return [gmap.get(x, x) for x in ids]

        for key, items in seed.items():
            if key not in lists:
                continue
            for item in items:
                item = _remap_strings(dict(item), smap) if i else dict(item)
                if not i:
                    lists[key].append(item)
                    continue
                if key == "sources":
                    item["id"] += sfx
                    item["title"] += tag
                elif key == "groups":
                    item["id"] += sfx
                    item["name"] += tag
                    for f in ("allies", "rivals"):
                        if f in item:
                            item[f] = grps(item[f])
                    if "sources" in item:
                        item["sources"] = srcs(item["sources"])
                elif key == "timeline":
                    item["title"] += tag
                    if "groups" in item:
                        item["groups"] = grps(item["groups"])
                    if "sources" in item:
                        item["sources"] = srcs(item["sources"])
                elif key == "figures":
                    item["label"] += tag
                    if "source" in item:
                        item["source"] = smap.get(item["source"], item["source"])
                elif key == "actors":
                    item["name"] += tag
                    if "sources" in item:
                        item["sources"] = srcs(item["sources"])
                elif key == "outlook":
                    item["horizon"] += tag
                elif key == "sections":
                    item["title"] += tag
                    if "id" in item:
                        item["id"] += sfx
                    item.pop("include", None)  # a component may be included once only
                else:
                    raise SystemExit(f"bench.py does not know how to scale list {key!r}")
                lists[key].append(item)
    out.update(lists)
    out["title"] = f"{seed['title']} ({k}x)"
    return out


# Keys whose strings are prose a reader sees (ids, dates, enums and references are never shuffled).
PROSE_KEYS = {"title", "subtitle", "body", "text", "label", "name", "status", "leader", "base", "areas", "goals",
              "capabilities", "activities", "note", "position", "horizon", "disclaimer", "summary"}
# A word that may move: letters or digits, no Markdown or citation syntax, not a list marker.
_PLAIN_WORD = re.compile(r"^(?=.*\w)[^*_`\[\]@<>\\#|]+$")
_LIST_MARKER = re.compile(r"^(\d+[.)]|[-+])$")


def shuffle_words(data: dict, seed: int = 1) -> dict:
    """The briefing with the words of every prose string in a random order of their own.

    Repeated text flatters any memo of widths or line breaks: in a k-times scaled briefing every
    paragraph occurs k times. Here each string keeps its length, its white space (so paragraphs
    and list items stay), its Markdown and its citations; only the plain words change places.
    """
    import random

    rng = random.Random(seed)

    def shuffle(s: str) -> str:
        parts = re.split(r"(\s+)", s)
        at = [i for i, p in enumerate(parts) if _PLAIN_WORD.match(p) and not _LIST_MARKER.match(p)]
        moved = [parts[i] for i in at]
        rng.shuffle(moved)
        for i, w in zip(at, moved, strict=True):
            parts[i] = w
        return "".join(parts)

    def walk(obj, key=None):
        if isinstance(obj, dict):
            return {k: walk(v, k) for k, v in obj.items()}
        if isinstance(obj, list):
            return [walk(v, key) for v in obj]
        if isinstance(obj, str) and key in PROSE_KEYS:
            return shuffle(obj)
        return obj

    return walk(data)


# --------------------------------------------------------------------------- #
# The same briefing as a Typst document (the optional peer)
# --------------------------------------------------------------------------- #

FONT_DIR = ROOT / "briefing" / "fonts"
_ITEM = re.compile(r"^\s*([-+*]|\d+[.)])\s+")  # a Markdown list item's marker
_MD_MARKS = re.compile(r"\*\*|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")


def _typst_inline(text: str, numbers: dict[str, int]) -> str:
    """Prose as Typst code: text in string literals (nothing a writer typed is Typst markup),
    bold runs as `strong`, citations as superscript source numbers, Markdown marks dropped."""
    out = []
    bold = False
    for part in re.split(r"(\*\*|\[@[^\]]*\])", text):
        if part == "**":
            bold = not bold
            continue
        if part.startswith("[@"):
            ids = _CITE_ID.findall(part)
            nums = ",".join(str(numbers.setdefault(i, len(numbers) + 1)) for i in ids)
            out.append(f'#super("{nums}")')
            continue
        part = _MD_MARKS.sub("", part)
        if part:
            lit = '"' + part.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
            out.append(f"#strong({lit})" if bold else f"#{lit}")
    return "".join(out)


def typst_source(data: dict) -> str:
    """An equivalent Typst document for a (scaled) briefing: the same text in the same order, with
    the project's fonts and page size: title and summary, section headings and paragraphs, the
    timeline as a two-column table, group profiles as headed fields and lists, the key figures as a
    three-column table, actors, outlook, sources; a marking band and "Page X of Y" on every page.
    Layout details (cards, colours, rules) are left out: this measures setting the same text."""
    numbers: dict[str, int] = {}

    def inline(s) -> str:
        return _typst_inline(str(s), numbers)

    def lit(s) -> str:
        return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'

    out = [
        '#set page(paper: "a4", margin: (x: 2cm, top: 2.4cm, bottom: 2.2cm),',
        f'  header: align(center, text(size: 7pt, {lit(data.get("marking", ""))})),',
        '  footer: context align(right, text(size: 7pt)[Page #counter(page).display() of '
        '#counter(page).final().first()]))',
        '#set text(font: "Noto Sans", size: 9.5pt, lang: "en")',
        '#set par(justify: false, leading: 0.55em)',
        '#set heading(numbering: none)',
        '#show heading.where(level: 1): set text(size: 14pt)',
        '#show heading.where(level: 2): set text(size: 11.5pt)',
        f'#text(size: 20pt, weight: "bold", {lit(data["title"])})', "",
    ]
    if data.get("subtitle"):
        out += [f"#text(size: 12pt)[{inline(data['subtitle'])}]", ""]
    if data.get("summary"):
        out += ["= Key points", ""] + [f"- {inline(s)}" for s in data["summary"]] + [""]
    for sec in data.get("sections", []):
        out += [f"= #{lit(sec['title'])}", ""]
        for para in re.split(r"\n\s*\n", str(sec.get("body", ""))):
            if para.strip():
                lines = para.strip().splitlines()
                if all(_ITEM.match(ln) for ln in lines):
                    out += ["- " + inline(_ITEM.sub("", ln)) for ln in lines] + [""]
                else:
                    out += [inline(para), ""]
    if data.get("timeline"):
        out += ["= Timeline", "", "#table(columns: (auto, 1fr), stroke: none, inset: 3pt,"]
        for e in data["timeline"]:
            body = f"#strong({lit(e['title'])})" + (f" \\ {inline(e['text'])}" if e.get("text") else "")
            out.append(f"  [{e['date']}], [{body}],")
        out += [")", ""]
    if data.get("groups"):
        out += ["= Groups", ""]
        for g in data["groups"]:
            out += [f"== #{lit(g['name'])}", ""]
            for key in ("kind", "status", "leader", "base", "orientation"):
                if g.get(key):
                    out.append(f"#strong({lit(key.capitalize() + ': ')}){inline(g[key])} \\")
            if g.get("areas"):
                out.append(f"#strong(\"Areas: \"){inline(', '.join(g['areas']))}")
            out.append("")
            for key in ("summary", "activities"):
                if g.get(key):
                    out += [inline(g[key]), ""]
            for key in ("goals", "capabilities"):
                if g.get(key):
                    out += [f"#strong({lit(key.capitalize())})", ""] + [f"- {inline(x)}" for x in g[key]] + [""]
    if data.get("figures"):
        out += ["= Key figures", "", "#table(columns: (auto, 1fr, auto), inset: 4pt,"]
        for f in data["figures"]:
            label = inline(f["label"]) + (f" \\ #text(size: 8pt)[{inline(f['note'])}]" if f.get("note") else "")
            out.append(f"  [#strong({lit(f['value'])})], [{label}], [{f.get('basis', '')}],")
        out += [")", ""]
    if data.get("actors"):
        out += ["= Outside actors", ""]
        for a in data["actors"]:
            out += [f"== #{lit(a['name'])}", ""]
            if a.get("position"):
                out += [f"#emph[{inline(a['position'])}]", ""]
            if a.get("summary"):
                out += [inline(a["summary"]), ""]
    if data.get("outlook"):
        out += ["= Outlook", ""]
        for o in data["outlook"]:
            head = f"#strong({lit(o['horizon'])})" + (f" ({o['likelihood']})" if o.get("likelihood") else "")
            out += [f"{head} \\ {inline(o.get('text', ''))}", ""]
    if data.get("sources"):
        out += ["= Sources", ""]
        for s in data["sources"]:
            out += [f"+ {inline(s['title'])}" + (f". #emph({lit(s['publisher'])})" if s.get("publisher") else "")]
        out.append("")
    if data.get("disclaimer"):
        out += [f"#text(size: 8pt)[{inline(data['disclaimer'])}]", ""]
    return "\n".join(out)


TYPST_CMD = ("import sys, typst\n"
             "typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]], ignore_system_fonts=True)\n")


def typst_available() -> bool:
    return subprocess.run([PY, "-c", "import typst"], capture_output=True).returncode == 0


def write_briefing(data: dict, path: Path) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
                    encoding="utf-8")


# --------------------------------------------------------------------------- #
# Measuring processes
# --------------------------------------------------------------------------- #

# ru_maxrss of a child on Linux starts at the RSS of the process that spawned it
# (the kernel carries the parent's high-water mark across fork/vfork+exec), so a
# bench.py that has parsed a 3 MB YAML file would inflate every reading. All
# processes are therefore spawned by this small runner (`python -I -S`, only os,
# sys, time, json), whose own RSS (reported) is the lowest RSS that can be seen.
RUNNER = r"""
import json, os, sys, time
job = json.load(sys.stdin)
os.chdir(job["cwd"])
fa = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
      (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]
def once(cmd, rm=None):
    if rm:
        try:
            os.unlink(rm)
        except FileNotFoundError:
            pass
    t0 = time.perf_counter()
    pid = os.posix_spawn(cmd[0], cmd, os.environ, file_actions=fa)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    return [wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, os.waitstatus_to_exitcode(status)]
res = {"floor": [], "case": []}
once(job["floor"]); w = once(job["cmd"], job["rm"])
res["warmup_rc"] = w[3]
for r in range(job["runs"]):
    for which in (("floor", "case") if r % 2 == 0 else ("case", "floor")):
        res[which].append(once(job["floor"]) if which == "floor" else once(job["cmd"], job["rm"]))
# VmHWM is this process's own high-water mark (its ru_maxrss is inherited from bench.py)
res["runner_rss"] = int(next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM")))
json.dump(res, sys.stdout)
"""


class Case:
    def __init__(self, name: str, cmd: list[str], rm: Path | None = None, cwd: Path | None = None):
        self.name, self.cmd, self.rm, self.cwd = name, cmd, str(rm) if rm else None, cwd
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self.rss: list[int] = []
        self.floor_wall: list[float] = []  # the floor's run paired with each of this case's

    def summarize(self) -> None:
        """Medians of the measured runs; `ratio_floor` is the median of the per-pair wall
        ratios case/floor (robust to drift in the machine's speed)."""
        med = statistics.median
        self.med_wall, self.med_cpu, self.med_rss = med(self.wall), med(self.cpu), med(self.rss)
        self.floor_med_wall = med(self.floor_wall)
        self.ratio_floor = med(c / f for c, f in zip(self.wall, self.floor_wall, strict=True))


RUNNER_RSS: list[int] = []


def measure_paired(case: Case, runs: int) -> Case:
    job = {"cwd": str(case.cwd or ROOT), "floor": FLOOR_CMD, "cmd": case.cmd, "rm": case.rm, "runs": runs}
    proc = subprocess.run([PY, "-I", "-S", "-c", RUNNER], input=json.dumps(job),
                          capture_output=True, text=True, check=True, env=ENV)
    res = json.loads(proc.stdout)
    RUNNER_RSS.append(res["runner_rss"])
    bad = [r[3] for r in res["case"] if r[3] != 0]
    if res["warmup_rc"] != 0 or bad:
        raise SystemExit(f"{case.name}: exit {res['warmup_rc']} {bad}: {shlex.join(case.cmd)}")
    case.floor_wall += [wall for wall, _, _, _ in res["floor"]]
    for wall, cpu, rss, _ in res["case"]:
        case.wall.append(wall)
        case.cpu.append(cpu)
        case.rss.append(rss)
    case.summarize()
    print(f"  {case.name:<28} wall {case.med_wall*1000:8.0f} ms  cpu {case.med_cpu*1000:8.0f} ms  "
          f"rss {case.med_rss/1024:6.1f} MiB  (floor {case.floor_med_wall*1000:.0f} ms, "
          f"x{case.ratio_floor:.2f})", flush=True)
    return case


GROUPS = (("reportlab", "ReportLab"), ("click", "Click"), ("yaml", "PyYAML"), ("markdown_it", "markdown-it-py"),
          ("mdurl", "markdown-it-py"), ("briefing", "briefing (this project)"), ("bidi", "python-bidi"),
          ("uharfbuzz", "uharfbuzz"), ("PIL", "Pillow (ReportLab's)"))


def importtime(args: list[str], top: int = 10, runs: int = 3):
    """Top imports by cumulative time (cumulative us, self us, depth, module), the total, and the
    self time per library (median of `runs` runs): the import budget."""
    budgets: list[dict[str, int]] = []
    totals: list[int] = []
    for _ in range(runs):
        proc = subprocess.run([PY, "-X", "importtime", str(ENTRY), *args], cwd=ROOT,
                              capture_output=True, text=True, env=ENV)
        rows = []
        for line in proc.stderr.splitlines():
            m = re.match(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|( *)(\S.*)$", line)
            if m:
                depth = (len(m.group(3)) - 1) // 2
                rows.append((int(m.group(2)), int(m.group(1)), depth, m.group(4).strip()))
        totals.append(sum(r[0] for r in rows if r[2] == 0))
        groups: dict[str, int] = {}
        for _, self_us, _, mod in rows:
            top_name = mod.split(".")[0]
            label = next((lab for pkg, lab in GROUPS if top_name == pkg), "Python standard library and others")
            groups[label] = groups.get(label, 0) + self_us
        budgets.append(groups)
    labels = {k for b in budgets for k in b}
    budget = {k: int(statistics.median(b.get(k, 0) for b in budgets)) for k in labels}
    rows.sort(reverse=True)
    return rows[:top], int(statistics.median(totals)), budget


def measure_watch(tmp: Path, saves: int) -> tuple[list[float], list[float]]:
    """Run `watch` on a copy of the seed and save a file `saves` times (plus one warm-up).

    Returns (save-to-PDF ms, rebuild ms) as the watching process reports them:
    it times the rebuild itself and measures from the saved file's mtime.
    """
    import shutil
    import threading

    folder = tmp / "watched"
    shutil.copytree(SEED, folder)
    out = tmp / "watched.pdf"
    proc = subprocess.Popen([PY, str(ENTRY), "watch", str(folder), "-o", str(out)], cwd=ROOT, env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True)
    reader.start()

    def wait_for(pred, timeout=30.0):
        end = time.time() + timeout
        while time.time() < end:
            if pred():
                return True
            time.sleep(0.01)
        raise SystemExit("watch did not report in time:\n" + "".join(lines))

    since, took = [], []
    try:
        wait_for(lambda: any(line.startswith("watching") for line in lines))
        target = folder / "briefing.yaml"
        original = target.read_text(encoding="utf-8")
        for i in range(saves + 1):
            seen = len(lines)
            time.sleep(0.4)  # separate saves, as a person makes them
            target.write_text(original.replace("title:", f"# save {i}\ntitle:", 1), encoding="utf-8")
            wait_for(lambda seen=seen: any("after the save" in x for x in lines[seen:]))
            m = re.search(r"rebuilt in (\d+) ms, (\d+) ms after the save",
                          next(x for x in lines[seen:] if "after the save" in x))
            if i:  # the first save is the warm-up
                took.append(float(m.group(1)))
                since.append(float(m.group(2)))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return since, took


WATCH_STEP_MS = 5  # how long `watch` waits for more file events after a change (briefing/watch.py)
WARM = """
import json, sys, time
from briefing.pipeline import build
build(sys.argv[1], sys.argv[2])  # the first build: imports, fonts
cpu = []
for _ in range(int(sys.argv[3])):
    t = time.process_time()
    build(sys.argv[1], sys.argv[2])
    cpu.append(time.process_time() - t)
print(json.dumps(cpu))
"""


def warm_rebuild_cpu(tmp: Path, n: int) -> float:
    """Median CPU ms of rebuilding the seed in a warm process, as `watch` does after a save."""
    out = subprocess.run([PY, "-c", WARM, str(SEED), str(tmp / "warm.pdf"), str(n)], cwd=ROOT, env=ENV,
                         capture_output=True, text=True, check=True).stdout
    return statistics.median(json.loads(out)) * 1000


def make_batch(tmp: Path) -> list[str]:
    """BATCH copies of the seed folder (each its own slug), for `build --jobs`."""
    import shutil

    paths = []
    for i in range(BATCH):
        d = tmp / "batch" / f"seed-{i:03d}"
        shutil.copytree(SEED, d)
        paths.append(str(d))
    (tmp / "batchrun").mkdir()
    return paths


PHASES = """
import json, time, sys
t = [time.perf_counter()]
import briefing.cli  # Click and the command line
t.append(time.perf_counter())
import briefing.pipeline  # YAML, markdown-it, model, validation
t.append(time.perf_counter())
from briefing.pdf import speedups
speedups.apply()  # as a build does, before ReportLab loads
import briefing.layout.document  # ReportLab and the layout
t.append(time.perf_counter())
from briefing.pipeline import check
b, _ = check(sys.argv[1])
t.append(time.perf_counter())
from briefing.layout.styles import paragraph_styles
from briefing.theme import load_theme
theme = load_theme(b.style)
paragraph_styles(theme)  # registers the fonts
t.append(time.perf_counter())
from briefing.pipeline import render
data = render(b, theme)
t.append(time.perf_counter())
from briefing.pdf.write import write_atomic
write_atomic(sys.argv[2], data)
t.append(time.perf_counter())
print(json.dumps([b - a for a, b in zip(t, t[1:])]))
"""
PHASE_NAMES = ("import briefing.cli (Click)", "import briefing.pipeline (PyYAML, model, schema)",
               "import briefing.layout.document (ReportLab, layout)",
               "load and validate the seed (markdown-it-py imported here, if text needs it)",
               "register the fonts (parse 4 TrueType faces)", "lay out and render the PDF", "write the file")


def phases(tmp: Path, runs: int) -> tuple[float, list[float]]:
    """Median time of `python -c pass`, and of each phase of a build inside one fresh process."""
    bare = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([PY, "-c", "pass"], env=ENV, check=True)
        bare.append(time.perf_counter() - t0)
    rows = [json.loads(subprocess.run([PY, "-c", PHASES, str(SEED), str(tmp / "phases.pdf")], cwd=ROOT,
                                      capture_output=True, text=True, env=ENV, check=True).stdout)
            for _ in range(runs)]
    return statistics.median(bare), [statistics.median(r[i] for r in rows) for i in range(len(PHASE_NAMES))]


PROFILE = """
import cProfile, io, pstats, sys
from briefing.pdf import speedups
speedups.apply()  # as a build does, before ReportLab loads
import briefing.cli, briefing.layout.document  # imports are measured above; this is the work
from briefing.pipeline import build
pr = cProfile.Profile()
pr.enable()
build(sys.argv[1], sys.argv[2])
pr.disable()
out = io.StringIO()
pstats.Stats(pr, stream=out).sort_stats("cumulative").print_stats(28)
print(out.getvalue())
"""


def profile_build(tmp: Path) -> list[str]:
    """cProfile of one in-process build of the seed, imports done: where the layout time goes."""
    out = subprocess.run([PY, "-c", PROFILE, str(SEED), str(tmp / "profile.pdf")], cwd=ROOT,
                         capture_output=True, text=True, env=ENV).stdout
    keep = []
    for line in out.splitlines():
        line = re.sub(r"\S*site-packages/", "", line.replace(str(ROOT) + "/", ""))
        if line.strip():
            keep.append(line.rstrip())
    return keep


# --------------------------------------------------------------------------- #
# Report
# --------------------------------------------------------------------------- #

def pdf_pages(path: Path) -> int:
    """Pages of a PDF (read, not searched for: a tagged build packs its page objects in object streams)."""
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


# --------------------------------------------------------------------------- #
# Instruction counts (valgrind): the levers' effect, free of the machine's load
# --------------------------------------------------------------------------- #

# A build through make_briefing.py, with the faster paths through ReportLab ("on"; the build applies
# them) or, by claiming a ReportLab version they were not checked against, with ReportLab's own
# functions ("off"). `levers.py` measures each lever alone.
LEVERS = {
    "on": "import runpy, sys\n",
    "off": "import reportlab; reportlab.Version = '0.0.0'\nimport runpy, sys\n",
}
RUN_ENTRY = f"sys.argv = [{str(ENTRY)!r}, *sys.argv[1:]]\nrunpy.run_path({str(ENTRY)!r}, run_name='__main__')\n"


def instructions(cmd: list[str]) -> int:
    """Instructions executed by a command (valgrind --tool=callgrind), after one run to warm caches."""
    env = dict(ENV, PYTHONHASHSEED="0", SOURCE_DATE_EPOCH="0")
    subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, check=True)
    with tempfile.TemporaryDirectory(prefix="briefing-grind-") as d:
        out = Path(d) / "callgrind.out"
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *cmd], cwd=ROOT, env=env,
                       capture_output=True, check=True)
        total = 0
        for line in out.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith(("summary:", "totals:")):
                total = max(total, int(line.split()[1]))
        return total


def callgrind(files: dict[int, Path], tmp: Path) -> dict:
    """Instruction counts: the floor, the seed's cold build, and `check` and `build` of 1x and 10x
    (repeated and word-shuffled), with the levers on and off."""
    print("instruction counts (valgrind; slow) ...", flush=True)
    res: dict = {"floor": instructions(FLOOR_CMD)}
    pdf = tmp / "grind.pdf"
    for lev, pre in LEVERS.items():
        res[("seed", lev)] = instructions([PY, "-c", pre + RUN_ENTRY, "build", str(SEED), "-o", str(pdf)])
    for k in (1, 10, -1, -10):
        if k not in files:
            continue
        res[("check", k)] = instructions([PY, "-c", LEVERS["on"] + RUN_ENTRY, "check", str(files[k])])
        for lev, pre in LEVERS.items():
            res[("build", k, lev)] = instructions([PY, "-c", pre + RUN_ENTRY, "build", str(files[k]), "-o", str(pdf)])
            res[("pages", k)] = pdf_pages(pdf)
        print(f"  {k}x: check {res[('check', k)]:,}, build on {res[('build', k, 'on')]:,}, "
              f"off {res[('build', k, 'off')]:,}", flush=True)
    return res


def per_page(g: dict, shuffled: bool, lev: str) -> float | None:
    """Layout instructions per page: (build - check) of 10x less that of 1x, over the extra pages."""
    one, ten = (-1, -10) if shuffled else (1, 10)
    if ("build", ten, lev) not in g:
        return None
    layout = [g[("build", k, lev)] - g[("check", k)] for k in (one, ten)]
    return (layout[1] - layout[0]) / (g[("pages", ten)] - g[("pages", one)])


def grind_table(g: dict) -> list[str]:
    if not g:
        return []
    out = ["### Instruction counts (valgrind `--tool=callgrind`)", "",
           "Deterministic, unlike times on a shared machine. \"Levers off\" is the same code run with "
           "ReportLab's own functions (the layout's faster paths are used only with the ReportLab versions "
           "they were checked against; the benchmark claims another). Per-page layout cost: instructions "
           "of `build` less those of `check` (loading and validation) for the 10x briefing, less the same "
           "for 1x, over the pages 10x adds.", "",
           "| measure | levers off | levers on | change |", "|---|---:|---:|---:|"]
    for shuffled in (False, True):
        off, on = per_page(g, shuffled, "off"), per_page(g, shuffled, "on")
        if off and on:
            out.append(f"| per-page layout cost, {'word-shuffled' if shuffled else 'repeated text'} "
                       f"(instructions a page) | {off/1e6:.1f} M | {on/1e6:.1f} M | {100 * (on / off - 1):+.1f} % |")
    off, on = g[("seed", "off")], g[("seed", "on")]
    out.append(f"| seed's cold build (instructions) | {off/1e6:.0f} M | {on/1e6:.0f} M | "
               f"{100 * (on / off - 1):+.1f} % |")
    out.append(f"| seed's cold build / floor (`import reportlab.platypus`, {g['floor']/1e6:.0f} M) | "
               f"{off / g['floor']:.2f} x | {on / g['floor']:.2f} x | |")
    for k in (1, 10, -1, -10):
        if ("build", k, "on") in g:
            off, on = g[("build", k, "off")], g[("build", k, "on")]
            out.append(f"| build {abs(k)}x {'shuffled' if k < 0 else 'repeated'} ({g[('pages', k)]} pages; "
                       f"check alone {g[('check', k)]/1e6:.0f} M) | {off/1e6:.0f} M | {on/1e6:.0f} M | "
                       f"{100 * (on / off - 1):+.1f} % |")
    return out + [""]


# --------------------------------------------------------------------------- #
# Against Typst, and this round's targets
# --------------------------------------------------------------------------- #

def typst_table(cases: dict, pages: dict, typst_pages: dict, shuffled_scales) -> list[str]:
    if not typst_pages:
        return ["Typst: not installed (`pip install typst`), so not compared.", ""]
    out = ["## Against Typst", "",
           "The same scaled briefing written as a Typst document (`typst_source` in this script: the same "
           "text in the same order, headings, paragraphs and lists, the timeline and key figures as tables, "
           "\"Page X of Y\", the same fonts; none of our cards, colours or rules) and compiled by the `typst` "
           "package from PyPI in a fresh Python process (`typst.compile`, the vendored fonts only), measured "
           "exactly as our builds. Times are CPU time (user+sys of the process, all threads), the measure used "
           "for the targets because the machine is shared; wall time is shown too. Ratios are ours / Typst's.",
           "", "| input | pages ours / Typst | CPU ms ours / Typst | CPU ratio | wall ms ours / Typst | wall ratio "
           "| peak RSS MiB ours / Typst | RSS ratio |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for k in (*shuffled_scales, *(-k for k in shuffled_scales)):
        ours, them = cases.get(f"build{k}"), cases.get(f"typst{k}")
        if not ours or not them:
            continue
        out.append(f"| {abs(k)}x {'word-shuffled' if k < 0 else 'repeated'} | {pages[k]} / {typst_pages[k]} | "
                   f"{fmt_ms(ours.med_cpu)} / {fmt_ms(them.med_cpu)} | {ours.med_cpu / them.med_cpu:.2f} | "
                   f"{fmt_ms(ours.med_wall)} / {fmt_ms(them.med_wall)} | {ours.med_wall / them.med_wall:.2f} | "
                   f"{ours.med_rss/1024:.1f} / {them.med_rss/1024:.1f} | {ours.med_rss / them.med_rss:.2f} |")
    return out + [""]


def round_targets(cases: dict, g: dict, watch_ms: float, warm_cpu_ms: float, judge, has_typst: bool,
                  shuffled_scales) -> list[str]:
    """The speed targets against Typst and for the layout's per-page cost, judged."""
    out = ["### Targets: faster than Typst on long briefings", "",
           "| target | measured | result |", "|---|---|---|"]
    for shuffled in (False, True):
        off, on = per_page(g, shuffled, "off"), per_page(g, shuffled, "on")
        what = "word-shuffled" if shuffled else "repeated text"
        if off and on:
            change = on / off - 1
            out.append(f"| per-page layout cost ({what}) down ≥ 30 %, PDF byte-identical | {100 * change:+.1f} % "
                       f"(instructions) | {judge(f'per-page cost, {what}', change <= -0.30)} |")
        else:
            out.append(f"| per-page layout cost ({what}) down ≥ 30 % | not measured (`--callgrind`) | |")
    for k, limit in ((10, 1.2), (50, 1.0)):
        if not has_typst or k not in shuffled_scales:
            continue
        rs = [cases[f"build{s * k}"].med_cpu / cases[f"typst{s * k}"].med_cpu for s in (1, -1)]
        ws = [cases[f"build{s * k}"].med_wall / cases[f"typst{s * k}"].med_wall for s in (1, -1)]
        out.append(f"| {k}x at most {limit} x Typst's time | CPU {rs[0]:.2f} x (repeated), {rs[1]:.2f} x (shuffled); "
                   f"wall {ws[0]:.2f} x, {ws[1]:.2f} x | {judge(f'{k}x vs Typst', max(rs) <= limit)} |")
    if has_typst:
        rss = [cases[f"build{s * k}"].med_rss / cases[f"typst{s * k}"].med_rss
               for k in shuffled_scales if k >= 10 for s in (1, -1)]
        if rss:
            out.append(f"| memory under a fifth of Typst's (10x, 50x) | {min(rss):.2f}–{max(rss):.2f} x | "
                       f"{judge('memory vs Typst', max(rss) < 0.2)} |")
    b, f = cases["build"], cases["floor"]
    cpu = b.med_cpu / f.med_cpu
    grind = f"; instructions {g[('seed', 'on')] / g['floor']:.2f} x" if g else ""
    out.append(f"| seed's cold build at most 2.0 x `import reportlab.platypus` (judged on CPU time) | CPU {cpu:.2f} x"
               f"{grind}; wall {b.ratio_floor:.2f} x (median of paired runs) | "
               f"{judge('cold build vs floor', cpu <= 2.0)} |")
    est = warm_cpu_ms + WATCH_STEP_MS
    out.append(f"| `watch`: save to PDF in at most 50 ms (seed; judged on CPU: a warm rebuild's CPU time plus the "
               f"watcher's {WATCH_STEP_MS} ms step) | warm rebuild {warm_cpu_ms:.0f} ms CPU, so about {est:.0f} ms; "
               f"measured save to PDF {watch_ms:.0f} ms wall | {judge('watch 50 ms', est <= 50)} |")
    out.append("| any input builds in linear time; a 400 KB paragraph in about a second | see `LONGTEXT.md` "
               "(`benchmarks/longtext.py`) | |")
    return out + [""]


def machine() -> list[str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    except OSError:
        nproc = str(len(os.sched_getaffinity(0)))
    rl = subprocess.run([PY, "-c", "import reportlab; print(reportlab.Version)"],
                        capture_output=True, text=True).stdout.strip()
    git = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                         capture_output=True, text=True).stdout.strip() or "?"
    return [
        f"- nproc: {nproc} (os.cpu_count() {os.cpu_count()})",
        f"- CPU: {model}",
        f"- Python: {platform.python_version()} ({PY})",
        f"- ReportLab: {rl}",
        f"- PyYAML: {yaml.__version__}",
        f"- Platform: {platform.platform()}",
        f"- Load average (1/5/15 min) when the report was written: "
        f"{' / '.join(f'{x:.2f}' for x in os.getloadavg())} (other work on the machine inflates wall time)",
        f"- Date: {dt.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"- Code: git {git}" + (" (-dirty: with uncommitted changes)" if git.endswith("-dirty") else ""),
    ]


def fmt_ms(s: float) -> str:
    return f"{s * 1000:.0f}"


def mark(ok: bool) -> str:
    return "PASS" if ok else "**FAIL**"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="measured runs per case (default 5)")
    ap.add_argument("--quick", action="store_true",
                    help="3 runs, scales 1x and 10x only (targets on 50x/100x not evaluated)")
    ap.add_argument("--callgrind", action="store_true",
                    help="also count instructions (valgrind --tool=callgrind) of builds with and without "
                         "the layout's faster paths through ReportLab: per-page layout cost, cold build")
    opts = ap.parse_args()
    runs = 3 if opts.quick else opts.runs
    if not opts.quick and runs < 5:
        print("note: fewer than 5 runs; medians are less reliable", file=sys.stderr)
    scales = (1, 10) if opts.quick else (1, 10, 50, 100)

    seed = load_seed()
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmpd:
        tmp = Path(tmpd)
        files: dict[int, Path] = {}
        sizes: dict[int, dict[str, int]] = {}
        print("generating and checking scaled briefings ...", flush=True)
        for k in scales:
            data = scale(seed, k)
            p = tmp / f"scaled-{k}x.yaml"
            write_briefing(data, p)
            res = subprocess.run([PY, str(ENTRY), "check", str(p)], cwd=ROOT,
                                 capture_output=True, text=True)
            assert res.returncode == 0, f"{p.name} fails check:\n{res.stderr}"
            warnings = [l for l in res.stderr.splitlines() if "warning:" in l]
            assert not warnings, f"{p.name} has warnings:\n" + "\n".join(warnings[:5])
            files[k] = p
            sizes[k] = {key: len(v) for key, v in data.items() if isinstance(v, list)}
            print(f"  {p.name}: check ok, {p.stat().st_size/1024:.0f} KB YAML, "
                  + ", ".join(f"{n} {c}" for n, c in sizes[k].items()), flush=True)

        shuffled_scales = tuple(k for k in scales if k <= 50)
        for k in shuffled_scales:
            data = shuffle_words(scale(seed, k))
            p = tmp / f"scaled-{k}x-shuffled.yaml"
            write_briefing(data, p)
            res = subprocess.run([PY, str(ENTRY), "check", str(p)], cwd=ROOT, capture_output=True, text=True)
            assert res.returncode == 0 and "warning:" not in res.stderr, f"{p.name} fails check:\n{res.stderr}"
            files[-k] = p  # negative: word-shuffled
            print(f"  {p.name}: check ok, {p.stat().st_size/1024:.0f} KB YAML", flush=True)
        has_typst = typst_available()
        typst_src: dict[int, Path] = {}
        if has_typst:
            for k in (*shuffled_scales, *(-k for k in shuffled_scales)):
                p = tmp / f"{files[k].stem}.typ"
                p.write_text(typst_source(yaml.safe_load(files[k].read_text(encoding="utf-8"))), encoding="utf-8")
                typst_src[k] = p
        else:
            print("  typst is not installed (pip install typst): no Typst rows", flush=True)

        seed_pdf = tmp / "seed.pdf"

        cases: dict[str, Case] = {}

        def add(key, name, args, rm=None):
            cases[key] = Case(name, [PY, str(ENTRY), *args], rm)

        cases["floor"] = Case("floor: import reportlab.platypus", FLOOR_CMD)
        add("help", "--help", ["--help"])
        add("check", "check seed", ["check", str(SEED)])
        add("build", "build seed (cold)", ["build", str(SEED), "-o", str(seed_pdf)], seed_pdf)
        plain_pdf = tmp / "seed-plain.pdf"
        add("plain", "build seed --no-tags (cold)", ["build", str(SEED), "-o", str(plain_pdf), "--no-tags"], plain_pdf)
        for k in scales:
            out = tmp / f"scaled-{k}x.pdf"
            add(f"build{k}", f"build {k}x (single file)", ["build", str(files[k]), "-o", str(out)], out)
        if 10 in scales:  # an edition compared with its previous one: every item matched, the most work there is
            prev = tmp / "previous" / files[10].name
            prev.parent.mkdir()
            prev.write_bytes(files[10].read_bytes())
            out = tmp / "scaled-10x-since.pdf"
            add("since10", "build 10x --since (its previous edition)",
                ["build", str(files[10]), "-o", str(out), "--since", str(prev)], out)
        if 50 in scales:
            out = tmp / "scaled-50x-plain.pdf"
            add("plain50", "build 50x --no-tags", ["build", str(files[50]), "-o", str(out), "--no-tags"], out)
        for k in shuffled_scales:
            out = tmp / f"scaled-{k}x-shuffled.pdf"
            add(f"build{-k}", f"build {k}x shuffled", ["build", str(files[-k]), "-o", str(out)], out)
        for k, src in typst_src.items():
            out = tmp / f"{src.stem}-typst.pdf"
            cases[f"typst{k}"] = Case(f"Typst {abs(k)}x" + (" shuffled" if k < 0 else ""),
                                      [PY, "-c", TYPST_CMD, str(src), str(out), str(FONT_DIR)], out)
        batch_paths = make_batch(tmp)
        cases["batch"] = Case(f"build --jobs 2, {BATCH} seed copies", [PY, str(ENTRY), "build", "--jobs", "2",
                                                                       *batch_paths], cwd=tmp / "batchrun")

        print(f"measuring ({runs} runs + 1 warm-up, paired with the floor) ...", flush=True)
        for c in cases.values():
            measure_paired(c, runs)
        seed_kb = seed_pdf.stat().st_size / 1024
        scaled_kb = {k: (tmp / f"scaled-{k}x.pdf").stat().st_size / 1024 for k in scales}
        scaled_pages = {}
        for k in scales:
            data = (tmp / f"scaled-{k}x.pdf").read_bytes()
            scaled_pages[k] = len(re.findall(rb"/Type\s*/Page[^s]", data))

        for k in shuffled_scales:
            scaled_pages[-k] = pdf_pages(tmp / f"scaled-{k}x-shuffled.pdf")
        typst_pages = {k: pdf_pages(tmp / f"{src.stem}-typst.pdf") for k, src in typst_src.items()}
        grind = callgrind(files, tmp) if opts.callgrind else {}

        warm_cpu = warm_rebuild_cpu(tmp, max(runs, 5) * 2)
        print(f"warm rebuild of the seed: {warm_cpu:.0f} ms CPU", flush=True)
        print(f"watch: {runs * 2} saves ...", flush=True)
        watch_since, watch_took = measure_watch(tmp, runs * 2)
        print(f"  save to PDF {statistics.median(watch_since):.0f} ms, rebuild {statistics.median(watch_took):.0f} ms")
        print("import times, profile ...", flush=True)
        imp_check, imp_check_total, budget_check = importtime(["check", str(SEED)])
        imp_build, imp_build_total, budget_build = importtime(["build", str(SEED), "-o", str(tmp / "imp.pdf")])
        imp_help = importtime(["--help"])[2]
        profile = profile_build(tmp)
        bare, phase_times = phases(tmp, max(runs, 5))


    # ----------------------------------------------------------------- table
    floor = cases["floor"]
    build = cases["build"]
    lines = ["# Benchmark results", "",
             f"Generated by `python benchmarks/bench.py {' '.join(sys.argv[1:])}`".rstrip() + ".", "",
             "## Machine", "", *machine(), "",
             "## Method", "",
             "Each case is a fresh `python` process started with `subprocess` from the repository "
             "root; wall time is measured around spawn..reap, CPU time (user+sys) and peak RSS "
             "(`ru_maxrss`) come from `os.wait4` for that child. Processes are spawned (posix_spawn) by "
             "a small `python -I -S` runner, because on Linux a child's `ru_maxrss` starts at its "
             f"spawner's RSS; the runner's own peak RSS ({max(RUNNER_RSS)/1024:.1f} MiB) is thus "
             "the lowest value the RSS column can show. Every case runs in pairs with the "
             "floor `python -c \"import reportlab.platypus\"`, alternating which goes first, after "
             f"one unmeasured warm-up pair; values are medians of {runs} runs. \"x floor\" is the "
             "median of the per-pair wall ratios case/floor. \"Cold\" build: new process, output "
             "file deleted before every run (the project has no on-disk cache of its own). Children run "
             "as on a user's machine, with Python's bytecode caches: this workplace sets "
             "`PYTHONDONTWRITEBYTECODE`, which the script removes from their environment (with it, every "
             "run compiles the project's modules again, about 15 ms). The seed is the "
             "folder `sources/afghanistan-resistance/`; scaled briefings are single files generated "
             "from it (1x = same content as the seed, in one file); every list is repeated k times "
             "with unique ids/titles and valid references; eras, summary, keywords, authors kept "
             "once; copies of sections drop `include`. Each scaled file passes `check` with no "
             "warnings before timing. The batch case builds "
             f"{BATCH} copies of the seed folder (each its own slug) with `build --jobs 2` in one process "
             "tree; its per-briefing time is its wall time divided by the count. The watch case starts "
             f"`watch` on a copy of the seed, saves `briefing.yaml` {runs * 2} times (0.4 s apart, after "
             "one warm-up save) and reads the times the watching process prints: the rebuild, and "
             "save to PDF written (from the saved file's modification time to the end of the write). "
             "The first table judges its rows on wall time; on a machine shared with other work (see the load "
             "average above) wall time is inflated, so the targets under \"Against Typst\" are judged on CPU "
             "time, and the levers' effect on instruction counts (valgrind), which load does not change.",
             "",
             "Scaled sizes: " + "; ".join(
                 f"{k}x: " + ", ".join(f"{n} {c}" for n, c in sizes[k].items()) for k in scales) + ".",
             "",
             "## Results", "",
             "| case | median wall ms | median CPU ms | peak RSS MiB | ratio | target | result |",
             "|---|---:|---:|---:|---:|---|---|"]

    def row(c: Case, ratio: str, target: str, result: str):
        lines.append(f"| {c.name} | {fmt_ms(c.med_wall)} | {fmt_ms(c.med_cpu)} | "
                     f"{c.med_rss/1024:.1f} | {ratio} | {target} | {result} |")

    misses = []

    def judge(name, ok):
        if not ok:
            misses.append(name)
        return mark(ok)

    row(floor, "1.00 x floor", "(reference)", "")
    fl_all = [w for c in cases.values() if c is not floor for w in c.floor_wall]
    lines[-1] = lines[-1].replace(f"| {fmt_ms(floor.med_wall)} |",
                                  f"| {fmt_ms(floor.med_wall)} (all floor runs: "
                                  f"{fmt_ms(statistics.median(fl_all))}) |", 1)
    r = cases["help"].ratio_floor
    row(cases["help"], f"{r:.2f} x floor", "≤ 0.6 x floor", judge("--help", r <= 0.6))
    r = cases["check"].ratio_floor
    row(cases["check"], f"{r:.2f} x floor", "≤ 0.8 x floor", judge("check seed", r <= 0.8))
    r = build.ratio_floor
    row(build, f"{r:.2f} x floor", "≤ 1.6 x floor", judge("build seed", r <= 1.6))
    plain = cases["plain"]
    t, cpu = build.med_wall / plain.med_wall, build.med_cpu / plain.med_cpu
    row(plain, f"tagging: the tagged build takes {t:.2f} x this (CPU {cpu:.2f} x)", "tagged ≤ 1.2 x untagged",
        judge("tagging overhead", t <= 1.2))
    for k in scales:
        c = cases[f"build{k}"]
        t = c.med_wall / build.med_wall
        rss = c.med_rss / build.med_rss
        cpu = c.med_cpu / build.med_cpu
        ratio = f"{t:.2f} x seed build (CPU {cpu:.2f} x); RSS {rss:.2f} x; {c.ratio_floor:.2f} x floor"
        if k == 50:
            row(c, ratio, "≤ 6 x seed build, RSS ≤ 2 x seed",
                f"time {judge('50x time', t <= 6)}, RSS {judge('50x RSS', rss <= 2)}")
        elif k == 100 and 50 in scales:
            p50 = cases["plain50"]
            t50 = cases["build50"].med_wall / p50.med_wall
            row(p50, f"tagging: the tagged 50x build takes {t50:.2f} x this", "tagged ≤ 1.2 x untagged",
                judge("tagging overhead at 50x", t50 <= 1.2))
            t2 = c.med_wall / cases["build50"].med_wall
            row(c, ratio + f"; {t2:.2f} x 50x", "≤ 2.1 x 50x build", judge("100x vs 50x", t2 <= 2.1))
        else:
            row(c, ratio, "—", "")
    if "since10" in cases:
        c = cases["since10"]
        cpu = c.med_cpu / cases["build10"].med_cpu
        row(c, f"{cpu:.2f} x build 10x (CPU)", "≤ 1.1 x build 10x", judge("editions overhead", cpu <= 1.1))
    lines.append(f"| seed PDF size | {seed_kb:.1f} KB | | | | ≤ 80 KB | {judge('seed PDF size', seed_kb <= 80)} |")
    bc = cases["batch"]
    per = bc.med_wall / BATCH
    row(bc, f"{per * 1000:.1f} ms per briefing = {per / build.med_wall:.3f} x seed build",
        "≤ 0.2 x seed build per briefing", judge("batch", per / build.med_wall <= 0.2))
    ws, wt = statistics.median(watch_since), statistics.median(watch_took)
    lines.append(f"| watch: save to PDF written (rebuild alone: {wt:.0f} ms) | {ws:.0f} | | | "
                 f"{len(watch_since)} saves, min {min(watch_since):.0f}, max {max(watch_since):.0f} | ≤ 100 ms | "
                 f"{judge('watch', ws <= 100)} |")
    lines += ["",
              "PDF output: " + "; ".join(f"{k}x {scaled_kb[k]:.0f} KB, {scaled_pages[k]} pages"
                                           for k in scales) + f"; seed (folder) {seed_kb:.1f} KB.", ""]
    lines += typst_table(cases, scaled_pages, typst_pages, shuffled_scales)
    lines += round_targets(cases, grind, ws, warm_cpu, judge, has_typst, shuffled_scales)
    lines += grind_table(grind)
    lines += ["Targets missed: " + (", ".join(misses) if misses else "none") + ".", ""]

    def imp_table(title, rows, total):
        out = [f"### {title}", "",
               f"Sum of top-level imports: {total/1000:.0f} ms (under `-X importtime`, "
               "which itself adds overhead).", "",
               "| # | cumulative ms | self ms | depth | module |", "|---:|---:|---:|---:|---|"]
        for i, (cum, self_, depth, mod) in enumerate(rows, 1):
            out.append(f"| {i} | {cum/1000:.1f} | {self_/1000:.1f} | {depth} | `{mod}` |")
        return out + [""]

    def budget_table():
        labels = sorted({*budget_check, *budget_build, *imp_help}, key=lambda k: -budget_build.get(k, 0))
        out = ["## Import budget", "",
               "Self time of every module imported, summed per library (`python -X importtime`, median of "
               "3 runs, which itself adds overhead). `--help` and `check` must not import ReportLab; `build` "
               "imports only the ReportLab modules the layout uses.", "",
               "| library | --help ms | check ms | build ms |", "|---|---:|---:|---:|"]
        for k in labels:
            out.append(f"| {k} | {imp_help.get(k, 0)/1000:.1f} | {budget_check.get(k, 0)/1000:.1f} | "
                       f"{budget_build.get(k, 0)/1000:.1f} |")
        out.append(f"| **total** | {sum(imp_help.values())/1000:.1f} | {sum(budget_check.values())/1000:.1f} | "
                   f"{sum(budget_build.values())/1000:.1f} |")
        return out + [""]

    lines += budget_table()
    lines += ["## Where a cold build of the seed spends its time", "",
              "Each phase timed inside one fresh process (median of "
              f"{max(runs, 5)} processes), after Python's own start (`python -c pass`).", "",
              "| phase | ms |", "|---|---:|", f"| Python start (`python -c pass`) | {bare * 1000:.0f} |",
              *(f"| {n} | {t * 1000:.0f} |" for n, t in zip(PHASE_NAMES, phase_times, strict=True)),
              f"| **sum** | {(bare + sum(phase_times)) * 1000:.0f} |",
              f"| the floor, for comparison (`python -c \"import reportlab.platypus\"`) | "
              f"{floor.med_wall * 1000:.0f} |", ""]
    analysis = HERE / "analysis.md"
    if analysis.exists():
        lines += [analysis.read_text(encoding="utf-8").rstrip(), ""]
    lines += ["## Profile of the seed's build, imports done (cProfile, cumulative)", "", "```",
              *profile, "```", ""]
    lines += ["## Import time, top 10 by cumulative time", ""]
    lines += imp_table(f"`make_briefing.py check {SEED.relative_to(ROOT)}`", imp_check, imp_check_total)
    lines += imp_table(f"`make_briefing.py build {SEED.relative_to(ROOT)}`", imp_build, imp_build_total)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {RESULTS}")
    print("targets missed:", ", ".join(misses) if misses else "none")


if __name__ == "__main__":
    main()
