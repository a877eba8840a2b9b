"""The graphics: era strip, figure marks and relations map.

Placement is tested on plain data (property tests over generated timelines
and relation sets: nothing overlaps, nothing leaves the graphic); the seed
is checked against its own data; edge cases build; and the PDF carries each
graphic's words as text.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
from itertools import combinations

import pytest
import yaml
from conftest import ROOT, SEED, doc_text, norm, pdf_text, run_cli, run_process
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.dates import PDate
from briefing.layout.graphics import era_strip, figure_marks, relations
from briefing.layout.graphics.geometry import TOL, Rect
from briefing.model import Era, Event, Figure, Group

GRAPHIC_SETTINGS = settings(derandomize=True, max_examples=300, deadline=None, database=None,
                            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def fake_measure(text: str, size: float, bold: bool) -> float:
    """Widths that vary by character, like a real font's (the property tests need no font)."""
    narrow, wide = set("iljt.,;:'’ I1|!()"), set("mwMW@%")
    units = sum(280 if c in narrow else 820 if c in wide else 560 for c in text)
    return units * size / 1000 * (1.06 if bold else 1.0)


STYLES = [era_strip.StripStyle(), era_strip.StripStyle(size=7.6, lane=9.8, band=14, marker=3, tick_gap=36)]
WORDS = ["Siege", "of", "the", "northern", "valley", "talks", "collapse", "ceasefire", "offensive", "in", "Kabul",
         "Panjshir", "Soviet", "withdrawal", "Islamic", "Emirate", "re-established", "NRF", "ambushes"]


def choices(draw, *counts: int) -> list[int]:
    """Several independent choices (each in range(count)) as the digits of one drawn number.

    The same choices as one draw each, at a fraction of the cost: a timeline of a hundred events takes a
    hundred draws, not thousands, and the property test's time goes to the placement it tests.
    """
    n = draw(st.integers(0, math.prod(counts) - 1))
    out = []
    for c in counts:
        n, d = divmod(n, c)
        out.append(d)
    return out


def choices_each(draw, n: int, *counts: int) -> list[list[int]]:
    """`n` times the choices of `choices(draw, *counts)`, all in one draw of bytes.

    Each time's choices are the digits of its own few bytes (a byte more than the choices need, so every
    digit is as good as uniform): a timeline of a hundred events is one draw, not a hundred.
    """
    size = math.prod(counts)
    width = (size.bit_length() + 7) // 8 + 1
    data = draw(st.binary(min_size=n * width, max_size=n * width))
    out = []
    for i in range(n):
        k = int.from_bytes(data[i * width:(i + 1) * width], "big") % size
        digits = []
        for c in counts:
            k, d = divmod(k, c)
            digits.append(d)
        out.append(digits)
    return out


def words(digits: list[int]) -> str:
    """1 to len(digits) - 1 of WORDS, any of them in any order: the first digit says how many."""
    return " ".join(WORDS[i] for i in digits[1:digits[0] + 2])


def title_digits(most: int) -> list[int]:
    return [most - 1] + [len(WORDS)] * most


MONTHS, DAYS = [0, 0, 1, 6, 8, 12], [0, 1, 15, 28]
EVENT_LABELS = [None, None, None, "Summer 2022", "Undated (“last month” in source)"]


@st.composite
def timelines(draw):
    n = draw(st.integers(0, 40) | st.integers(41, 120))
    events = []
    for y, m, d, ended, later, lab, approx, *title in choices_each(draw, n, 76, len(MONTHS), len(DAYS), 10, 13,
                                                                   len(EVENT_LABELS), 2, *title_digits(12)):
        year, month = 1950 + y, MONTHS[m]
        start = PDate(year, month, DAYS[d] if month else 0)
        end = PDate(min(year + later, 2030), 12) if ended == 0 else None
        events.append(Event(start, words(title), end=end, approximate=bool(approx), label=EVENT_LABELS[lab]))
    events.sort(key=lambda e: e.date.key)
    years = sorted(set(draw(st.lists(st.integers(1940, 2030), max_size=8))))
    eras = []
    for k in range(0, len(years) - 1, 2):
        eras.append(Era(words(choices(draw, *title_digits(8))), PDate(years[k]), PDate(years[k + 1])))
    if years and len(years) % 2 == 1 and draw(st.booleans()):
        eras.append(Era("Open era", PDate(years[-1])))
    return tuple(events), tuple(eras)


def strip_problems(plan: era_strip.StripPlan) -> list[str]:
    """Overlapping labels, stems through labels, shapes outside the strip."""
    out = []
    bounds = Rect(0, 0, plan.width, plan.height)
    labels = plan.all_labels()
    for lab in labels:
        if not lab.box.inside(bounds):
            out.append(f"label {lab.text!r} leaves the strip: {lab.box}")
    for a, b in combinations(labels, 2):
        if a.box.overlaps(b.box):
            out.append(f"labels {a.text!r} and {b.text!r} overlap")
    for x, y0, y1 in plan.stems:
        if not (0 <= x <= plan.width and 0 <= y0 <= y1 <= plan.height + TOL):
            out.append(f"stem at {x} leaves the strip")
        for lab in plan.labels:
            r = lab.box
            if r.x + 0.5 < x < r.x1 - 0.5 and r.y < y1 - TOL and r.y1 > y0 + TOL:
                out.append(f"a stem at {x} crosses {lab.text!r}")
    shapes = [b for b, _, _ in plan.bands] + plan.pills + plan.spans + [r for _, r in plan.symbols]
    shapes += [Rect(x - 2.8, y - 2.8, 5.6, 5.6) for x, y, _ in plan.markers]
    for r in shapes:
        grown = Rect(bounds.x - 0.3, bounds.y, bounds.w + 0.6, bounds.h)  # (marker outlines: a hair)
        if not r.inside(grown):
            out.append(f"a shape leaves the strip: {r}")
    return out


def ranges(numbers: list[int]) -> str:
    """A group's label: its numbers as runs, "3–5" or "3, 5–6"."""
    out: list[list[int]] = []
    for k in sorted(numbers):
        if out and out[-1][-1] == k - 1:
            out[-1].append(k)
        else:
            out.append([k])
    return ", ".join(f"{r[0]}\u2013{r[-1]}" if len(r) > 1 else str(r[0]) for r in out)


def group_problems(plan: era_strip.StripPlan) -> list[str]:
    """What is wrong with the groups of events that share a label: a group is two events or more, next to
    one another along the axis with no other marker between, none of them titled; its bracket runs from its
    first marker to its last, each of its events' stems rises from its marker to the bracket, and one label
    names its numbers, with a stem rising from the bracket to it."""
    out = []
    xs = {i: x for i, (x, _, _) in zip(plan.drawn, plan.markers, strict=True)}
    labels = [lab.text for lab in plan.labels]
    assert len(plan.groups) == len(plan.brackets)
    for members, (x0, x1, y) in zip(plan.groups, plan.brackets, strict=True):
        inside = {i for i, x in xs.items() if x0 + 0.01 < x < x1 - 0.01}  # (an end may share its x with another
        if len(members) < 2 or set(members) & set(plan.titled) or not inside <= set(members):  # event's date)
            out.append(f"group {members}: events {sorted(inside)} within its bracket")
        if (min(xs[i] for i in members), max(xs[i] for i in members)) != (x0, x1):
            out.append(f"group {members}: its bracket {x0}..{x1} is not its markers' span")
        for i in members:
            if not any(abs(sx - xs[i]) < 0.01 and y1 == y for sx, _, y1 in plan.stems):
                out.append(f"group {members}: no stem from event {i}'s marker to the bracket")
        name = ranges([i + 1 for i in members])
        if labels.count(name) != 1:
            out.append(f"group {members}: {labels.count(name)} labels {name!r}")
        if not any(x0 <= sx <= x1 and y0 == y and y1 > y for sx, y0, y1 in plan.stems):
            out.append(f"group {members}: no stem from the bracket to its label")
    grouped = {i for g in plan.groups for i in g}
    alone = sorted(plan.numbers[i] for i in plan.numbers if i not in grouped)
    if sorted(t for t in labels if t.isdigit()) != alone:
        out.append("the number labels are not the numbers of the events not grouped")
    return out


@GRAPHIC_SETTINGS
@given(timelines(), st.integers(220, 560), st.sampled_from(STYLES))
def test_era_strip_labels_never_overlap_or_leave_the_strip(tl, width, style):
    events, eras = tl
    if not era_strip.wanted(events, eras) or not events:
        return
    plan = era_strip.place(events, eras, float(width), style, fake_measure)
    assert strip_problems(plan) == []
    assert len(plan.markers) == len(plan.drawn) == len(events)
    if plan.mode == "numbers":  # every event has its number, and the numbers are what the labels say
        assert sorted(plan.numbers) == list(range(len(events)))
        assert group_problems(plan) == []
        if not plan.groups:
            assert sorted(lab.text for lab in plan.labels) == sorted(plan.numbers.values())
    elif plan.mode == "titles":
        assert len(plan.labels) == len(events)
    # lanes stay within the style's limit: the strip never grows past a fixed height for its legend
    lanes = {round((lab.y - plan.labels[0].y) / style.lane) for lab in plan.labels}
    assert len(lanes) <= style.max_lanes


@st.composite
def relation_sets(draw):
    n = draw(st.integers(2, 14))
    ids = [f"g{i}" for i in range(n)]
    free = ["Tajikistan", "US Central Intelligence Agency", "Soviet Union", "A very long name of an outside backer"]
    pool = ids + free
    groups = []
    for i, gid in enumerate(ids):
        # up to 4 allies and 3 rivals from the pool, none twice, no rival an ally: in one draw (see choices)
        n_allies, n_rivals, named, *picks = choices(draw, 5, 4, 3, *[len(pool)] * 7)
        allies = list(dict.fromkeys(pool[k] for k in picks[:n_allies]))
        rivals = [x for x in dict.fromkeys(pool[k] for k in picks[4:4 + n_rivals]) if x not in allies]
        name = [f"G{i}", f"Group {i}", "National Resistance Front of a long name " + str(i)][named]
        groups.append(Group(gid, name, allies=tuple(allies), rivals=tuple(rivals)))
    return tuple(groups)


def _bezier(pts, t):
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts
    u = 1 - t
    return (u ** 3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t ** 3 * x3,
            u ** 3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t ** 3 * y3)


def map_problems(part: relations.MapPlan) -> list[str]:
    out = []
    bounds = Rect(0, 0, part.width, part.height)
    boxes = [b for b, _ in part.boxes]
    for a, b in combinations(boxes, 2):
        if a.overlaps(b):
            out.append(f"boxes {a} and {b} overlap")
    for b in boxes:
        if not b.inside(bounds):
            out.append(f"box {b} leaves the map")
    for lab in part.labels:
        if not any(lab.box.inside(Rect(b.x, b.y - 1, b.w, b.h + 2)) for b in boxes):
            out.append(f"name {lab.text!r} is not inside its box")
    for a, b in combinations(part.labels, 2):
        if a.box.overlaps(b.box):
            out.append(f"names {a.text!r} and {b.text!r} overlap")
    interiors = [(b.x + 0.5, b.x1 - 0.5, b.y + 0.5, b.y1 - 0.5, b) for b in boxes]  # (once, not per sample)
    for link in part.links:
        pts = link.points
        samples = [_bezier(pts, k / 40) for k in range(41)] if len(pts) == 4 else \
            [(p[0] + (q[0] - p[0]) * k / 40, p[1] + (q[1] - p[1]) * k / 40)
             for p, q in zip(pts, pts[1:], strict=False) for k in range(41)]
        for x, y in samples:
            if not (-TOL <= x <= part.width + TOL and -TOL <= y <= part.height + TOL):
                out.append(f"a line leaves the map at {x, y}")
                break
            inside = [b for x0, x1, y0, y1, b in interiors if x0 < x < x1 and y0 < y < y1]
            if inside:
                out.append(f"a {link.kind} line runs through the box {inside[0]}")
                break
    return out


@GRAPHIC_SETTINGS
@given(relation_sets(), st.integers(300, 560))
def test_relations_map_boxes_names_and_lines_never_collide(groups, width):
    names = {g.id: g.name for g in groups}
    plan = relations.place(groups, names, float(width), relations.MapStyle(), fake_measure, 700.0)
    nodes, edges = relations.graph(groups, names)
    drawn = 0
    for part in plan.parts:
        assert map_problems(part) == []
        assert part.height <= 700.0
        drawn += len(part.links)
    if plan.left_out == 0:  # every relation is drawn, once
        assert drawn == len(edges)
    if plan.legend is not None:
        assert all(lab.box.inside(Rect(0, 0, plan.legend.width, plan.legend.height)) for lab in plan.legend.labels)


def test_sixty_groups_in_three_coalitions_fit_on_a_page():
    groups = []
    for i in range(60):
        camp = i % 3
        allies = tuple(f"g{j}" for j in range(60) if j % 3 == camp and j != i and abs(j - i) <= 6)
        rivals = (f"g{(i + 1) % 60}",) if camp == 0 and i % 2 == 0 else ()
        groups.append(Group(f"g{i}", f"Group {i}", allies=allies, rivals=rivals))
    plan = relations.place(tuple(groups), {g.id: g.name for g in groups}, 475.0, relations.MapStyle(),
                           fake_measure, 700.0)
    assert plan.left_out == 0 and plan.parts
    for part in plan.parts:
        assert map_problems(part) == []


def test_placement_modules_import_no_reportlab():
    code = ("import sys; import briefing.layout.graphics.era_strip, briefing.layout.graphics.relations, "
            "briefing.layout.graphics.figure_marks, briefing.layout.graphics.picture; "
            "print(sorted(m for m in sys.modules if m.startswith('reportlab')))")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


# -- figure marks ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "of", "drawn"), [
    ("27%", None, True), ("100%", None, True), ("150%", None, False), ("−27%", None, False), ("2×", None, True),
    ("2x", None, True), ("Nearly 20", 34, True), ("207+", 300, True), ("207+", None, False), ("22", None, False),
    ("20 years", None, False), ("1 day", None, False), ("3:1", None, False), ("2,000-3,000", None, False),
])
def test_only_values_with_an_honest_scale_are_drawn(value, of, drawn):
    f = Figure(value, "label", of=of)
    assert (figure_marks.place(f, 72, figure_marks.MarkStyle(), fake_measure) is not None) == drawn


def test_figure_marks_are_drawn_to_scale():
    st_ = figure_marks.MarkStyle(width=100)
    p = figure_marks.place(Figure("27%", "x"), 100, st_, fake_measure)
    assert p.tracks[0].w == 100 and p.bars[0].w == 27
    p = figure_marks.place(Figure("2×", "x"), 100, st_, fake_measure)
    assert p.bars[0].w == pytest.approx(2 * p.base[0].w, abs=0.02)
    assert [lab.text for lab in p.labels] == ["1×", "2×"]
    p = figure_marks.place(Figure("Nearly 20", "x", of=34), 100, st_, fake_measure)
    assert (len(p.bars), len(p.tracks)) == (20, 14)  # cells: 20 of 34
    assert p.labels[0].text == "of 34"
    p = figure_marks.place(Figure("207+", "x", of=1000, basis="claimed"), 100, st_, fake_measure)
    assert p.fill == "claimed" and p.open_ends  # a claim is drawn open; a lower bound runs on
    assert figure_marks.place(Figure("40%", "x", basis="estimated"), 100, st_, fake_measure).fill == "hatched"
    for plan in (p,):
        for lab in plan.labels:
            assert lab.box.inside(Rect(0, -1, plan.width + TOL, plan.height + 2))


# -- the seed, against its own data --------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed_ctx():
    from briefing.layout.inline import Ctx, Numbers
    from briefing.layout.styles import paragraph_styles
    from briefing.load import load
    from briefing.theme import load_theme

    b, problems = load(str(SEED))
    assert b is not None, problems
    theme = load_theme("default")
    w, h = theme.page
    top, right, bottom, left = theme.margins
    ctx = Ctx(theme, paragraph_styles(theme), Numbers([s.id for s in b.sources]), b.group_names(),
              w - left - right - 12, h - top - bottom - 12)
    return b, ctx


def test_the_seeds_era_strip_shows_its_timeline(seed_ctx):
    from briefing.layout.graphics.era_strip_draw import EraStrip

    b, ctx = seed_ctx
    plan = EraStrip(ctx, b.timeline, b.eras).plan(ctx.width)
    assert strip_problems(plan) == []
    assert len(plan.markers) == len(b.timeline) and len(plan.bands) == len(b.eras)
    # markers in date order along the axis; rings exactly for the approximate dates; pills for year-only dates
    xs = [x for x, _, _ in plan.markers]
    mids = [sum(era_strip.period(e.date)) / 2 for e in b.timeline]  # the middle of the period a date names
    assert [x for _, x in sorted(zip(mids, xs, strict=True))] == sorted(xs)  # later further right
    assert [not filled for _, _, filled in plan.markers] == [e.approximate for e in b.timeline]
    assert len(plan.pills) == sum(1 for e in b.timeline if not e.date.month)
    # the axis spans the data (from the first event's year to the end of the last event's month), never to today
    mid = [sum(era_strip.period(e.date)) / 2 for e in (b.timeline[0], b.timeline[-1])]
    scale = (xs[-1] - xs[0]) / (mid[1] - mid[0])
    first, last = era_strip.period(b.timeline[0].date)[0], era_strip.period(b.timeline[-1].date)[1]
    assert plan.axis[1] - plan.axis[0] <= (last - first) * scale + 12
    # eras in order, the open one (Islamic Emirate restored) to the end with a point
    assert [b_.x for b_, _, _ in plan.bands] == sorted(b_.x for b_, _, _ in plan.bands)
    assert [o for _, _, o in plan.bands] == [era.end is None for era in b.eras]
    if plan.mode == "titles":  # each label is its event's date and (the start of) its title
        for lab in plan.labels:
            date, title = lab.runs[0][0], lab.runs[-1][0].rstrip("…")
            assert any(title and e.title.startswith(title) and era_strip.strip_date(e) == date for e in b.timeline)
    words = " ".join(lab.text for lab in plan.all_labels())
    for era in b.eras:
        assert era.title in words  # in its band, or after its letter in the legend


def test_the_seeds_relations_map_shows_every_ally_and_rival(seed_ctx):
    from briefing.layout.graphics.relations_draw import relations_plan

    b, ctx = seed_ctx
    plan = relations_plan(b, ctx)
    assert plan is not None and plan.left_out == 0
    nodes, edges = relations.graph(b.groups, ctx.groups)
    assert sum(len(p.links) for p in plan.parts) == len(edges)
    for part in plan.parts:
        assert map_problems(part) == []
    # every ally and rival the profiles name is a line of its kind, between the names the map shows
    ally = {frozenset((nodes[a].text, nodes[c].text)) for a, c, k in edges if k == "ally"}
    rival = {frozenset((nodes[a].text, nodes[c].text)) for a, c, k in edges if k == "rival"}
    for g in b.groups:
        for key, kind in (("allies", ally), ("rivals", rival)):
            for other in getattr(g, key):
                assert frozenset((ctx.groups[g.id], ctx.groups.get(other, other))) in kind
    assert not ally & rival
    names = {lab.text for p in plan.parts for lab in p.labels}
    assert {n.text for n in nodes} <= names and "Taliban" in names
    # names that are no group of the briefing are drawn as outside (open) boxes
    assert sum(1 for p in plan.parts for _, inside in p.boxes if not inside) == \
        sum(1 for n in nodes if not n.inside)


def test_the_seed_shows_all_three_graphics_as_text(seed_pdf):
    pages = [norm(t) for t in pdf_text(seed_pdf)]
    text = " ".join(pages)
    for words in ("Soviet war", "US-led intervention", "exact date", "approximate date",
                  "date known only to the year", "First Taliban rule and the Northern Alliance (1996 – Sep 2001)"):
        assert words in text  # the era strip
    assert "ALLIES AND RIVALS" in text and "group profiled here" in text and "named only as an ally or rival" in text
    assert "NRF AFF ANDSF" in text or "NRF ANDSF AFF" in text  # the map's boxes (then the profiles)
    assert "1× 2×" in text  # the unemployment figure's two bars, stated in words
    # page 1's big numbers are the highlighted figures
    figs = yaml.safe_load((SEED / "figures.yaml").read_text(encoding="utf-8"))["figures"]
    first = pages[0].split("Overview")[0]
    for f in figs:
        shown = f"{f['value']} " in first
        assert shown == bool(f.get("highlight")), f["value"]


def assert_inside_margins(pdf, pages: int | None = None) -> None:
    """Every path and text drawn between the frame's top and bottom lies between the left and right margins."""
    import pypdfium2
    import pypdfium2.raw as raw

    from briefing.theme import load_theme

    theme = load_theme("default")
    w, h = theme.page
    top, right, bottom, left = theme.margins
    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        for n in range(min(len(doc), pages or len(doc))):
            for obj in doc[n].get_objects():
                if obj.type not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_TEXT):
                    continue
                x0, y0, x1, y1 = obj.get_bounds()
                if y0 >= bottom and y1 <= h - top:
                    assert left - 1 <= x0 and x1 <= w - right + 1, (n + 1, (x0, y0, x1, y1))
    finally:
        doc.close()


def test_the_seed_graphics_stay_inside_the_margins(seed_pdf):
    assert_inside_margins(seed_pdf)


# -- edge cases and the command line ------------------------------------------------------------------
def _events(n: int) -> list[dict]:
    return [{"date": f"{1900 + (i * 7) % 125}-{1 + i % 12:02d}", "title": f"Event number {i} in a long list",
             **({"end": f"{1900 + (i * 7) % 125 + 3}"} if i % 17 == 0 else {})} for i in range(n)]


EDGE = {
    "no eras, one event": {"timeline": [{"date": "2021-08-15", "title": "Fall of Kabul"}]},
    "one event in an era": {"timeline": [{"date": "2021-08-15", "title": "Fall of Kabul"}],
                            "eras": [{"title": "Emirate", "start": "2021-08"}]},
    "one group": {"groups": [{"id": "a", "name": "Alpha", "allies": ["Somebody"], "rivals": ["Others"]}]},
    "no relations": {"groups": [{"id": "a", "name": "Alpha"}, {"id": "b", "name": "Beta"}]},
    "no percentages": {"figures": [{"value": "22+", "label": "Groups"}, {"value": "3:1", "label": "Ratio"}]},
    "1,500 events": {"timeline": _events(1500), "eras": [{"title": "Long ago", "start": "1900", "end": "1950"}]},
    "60 groups": {"groups": [{"id": f"g{i}", "name": f"Group {i}", "short": f"G{i}",
                              "allies": [f"g{j}" for j in range(60) if j % 3 == i % 3 and j != i and abs(j - i) <= 6],
                              "rivals": [f"g{(i + 1) % 60}"] if i % 6 == 0 else []} for i in range(60)]},
    # one camp of sixty (each allied to the next): a column taller than a page
    "60 groups in one web": {"groups": [{"id": f"g{i}", "name": f"Group {i}", "allies": [f"g{(i + 1) % 60}"],
                                         "rivals": [f"g{(i + 30) % 60}"] if i % 4 == 0 else []} for i in range(60)]},
}


@pytest.mark.parametrize("case", list(EDGE))
def test_edge_cases_build_without_an_empty_graphic(case, tmp_path):
    src = tmp_path / "edge.yaml"
    src.write_text(yaml.safe_dump({"title": "Edge", **EDGE[case]}, sort_keys=False), encoding="utf-8")
    out = tmp_path / "edge.pdf"
    r = run_cli("build", str(src), "-o", str(out), timeout=600)
    assert r.returncode == 0 and r.stderr == b"", r.stderr.decode()
    text = doc_text(out)
    has_strip = "exact date" in text
    has_map = "group profiled here" in text  # the map's legend
    assert has_strip == (case in ("one event in an era", "1,500 events"))
    assert has_map == (case == "60 groups")
    if case == "60 groups in one web":  # too many to draw on a page: said, not drawn
        assert "60 names are linked in ways too many to draw on a page" in text
    if case == "1,500 events":  # too many to number one by one: neighbours share a label, "1–198"
        assert "Numbers: the events of the timeline below, 1,500 in all" in text
        assert re.search(r"\b\d+\u2013\d+ \d+\u2013\d+ ", text)
    assert_inside_margins(out, pages=3)


def test_numbers_in_the_strip_are_the_numbers_in_the_timeline(tmp_path):
    """Titles that cannot fit over their markers become numbers, and each event's title starts with its number."""
    events = [{"date": f"2021-{1 + i % 12:02d}", "title": f"A long title for the event number {i} of the year"}
              for i in range(24)]
    src = tmp_path / "n.yaml"
    src.write_text(yaml.safe_dump({"title": "Numbers", "timeline": events}), encoding="utf-8")
    out = tmp_path / "n.pdf"
    r = run_cli("build", str(src), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    text = norm(" ".join(pdf_text(out)))
    assert "Numbers: the events of the timeline below, 24 in all" in text
    ordered = sorted(events, key=lambda e: e["date"])  # printed in date order, file order kept for ties
    numbered = [n for n, e in enumerate(ordered, 1) if f"{n} {e['title']}" in text]
    assert len(numbered) >= 20  # (a few, the first and last say, titled on the strip instead)
    assert all(e["title"] in text for e in ordered)


def test_graphics_are_byte_identical_whatever_the_hash_seed(tmp_path):
    outs = []
    for seed in ("0", "1", "4242"):
        out = tmp_path / f"s{seed}.pdf"
        r = run_process("build", str(SEED), "-o", str(out), env={"PYTHONHASHSEED": seed})
        assert r.returncode == 0, r.stderr.decode()
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]


def test_the_print_style_draws_the_graphics_too(tmp_path):
    out = tmp_path / "print.pdf"
    r = run_cli("build", str(SEED), "-o", str(out), "--style", "print")
    assert r.returncode == 0, r.stderr.decode()
    text = norm(" ".join(pdf_text(out)))
    assert "ALLIES AND RIVALS" in text and "Soviet war" in text and "exact date" in text


@pytest.mark.parametrize("style", ["default", "print"])
def test_what_graphics_tell_apart_by_shade_survives_a_photocopy(style):
    """Neighbouring era bands, a bar and its track, a group's box and its text differ in gray, not only hue."""
    from briefing.theme import load_theme

    c = load_theme(style).colors

    def gray(name: str) -> float:
        v = c[name].lstrip("#")
        r, g, b = (int(v[i:i + 2], 16) for i in (0, 2, 4))
        return 0.299 * r + 0.587 * g + 0.114 * b

    assert abs(gray("accent_tint") - gray("era_band_alt")) >= 12
    assert min(gray("accent_tint"), gray("era_band_alt")) - gray("accent") >= 100  # band names stay readable
    assert gray("graphic_track") - gray("accent") >= 100
    assert gray("on_accent") - gray("accent") >= 120
    assert gray("graphic_track") - gray("rule") >= 25  # a 1× bar stands out from a track


# -- of and highlight ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("figure", "message"), [
    ({"value": "Nearly 20", "label": "x", "of": 10}, "'of' is the whole that the value is part of, but "
                                                     "'Nearly 20' is larger than 10"),
    ({"value": "Nearly 20", "label": "x", "of": "34"}, "'of' must be a number greater than 0, got 34 "
                                                       "(write it without quotes)"),
    ({"value": "20", "label": "x", "of": 0}, "'of' must be a number greater than 0, got 0"),
    ({"value": "20", "label": "x", "highlight": "yes please"}, "'highlight' must be true or false"),
])
def test_of_and_highlight_are_checked(figure, message, tmp_path):
    src = tmp_path / "f.yaml"
    src.write_text(yaml.safe_dump({"title": "F", "figures": [figure]}, sort_keys=False), encoding="utf-8")
    r = run_cli("check", str(src))
    assert r.returncode == 1
    err = r.stderr.decode()
    assert message in err and err.startswith(f"{src}:") and "Traceback" not in err
    key = "of" if "of" in figure else "highlight"
    line = next(i for i, s in enumerate(src.read_text().splitlines(), 1) if s.strip().startswith(key + ":"))
    assert f"{src}:{line}:" in err


def test_of_on_a_value_that_is_no_count_is_a_warning(tmp_path):
    src = tmp_path / "f.yaml"
    src.write_text("title: F\nfigures:\n  - {value: '3:1', label: ratio, of: 4}\n", encoding="utf-8")
    r = run_cli("check", str(src))
    assert r.returncode == 0
    assert f"{src}:3:38: warning: 'of' is for a count" in r.stderr.decode()


def test_highlighted_figures_are_page_ones_big_numbers(tmp_path):
    src = tmp_path / "h.yaml"
    src.write_text(yaml.safe_dump({"title": "H", "sections": [{"title": "Body", "body": "Text."}], "figures": [
        {"value": "11", "label": "Eleven"}, {"value": "22", "label": "Twenty-two", "highlight": True},
        {"value": "33", "label": "Thirty-three"}, {"value": "44%", "label": "Forty-four", "highlight": True},
    ]}, sort_keys=False), encoding="utf-8")
    out = tmp_path / "h.pdf"
    assert run_cli("build", str(src), "-o", str(out)).returncode == 0
    first = norm(pdf_text(out)[0]).split("Body")[0]
    assert "22 Twenty-two" in first and "44% Forty-four" in first
    assert "Eleven" not in first and "Thirty-three" not in first


def test_a_value_longer_than_a_page_continues_on_the_next(tmp_path):
    src = tmp_path / "v.yaml"
    src.write_text(yaml.safe_dump({"title": "V", "contents": False, "figures": [  # (page 1 first: no contents)
        {"value": "word " * 3000 + "end", "label": "Long", "trend": "up", "highlight": True},
        {"value": "27%", "label": "Short", "highlight": True}]}), encoding="utf-8")
    out = tmp_path / "v.pdf"
    r = run_cli("build", str(src), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    pages = pdf_text(out)
    assert len(pages) > 5 and "word end" in norm(" ".join(pages))
    assert "27% Short" in norm(pages[0]) and "Long" not in norm(pages[0]).split("Key figures")[0]


# -- tagged PDF: what a screen reader meets ------------------------------------------------------------
def test_in_a_tagged_pdf_each_graphic_is_a_figure_with_its_data_in_words(seed_pdf):
    import tagcheck

    assert tagcheck.problems(seed_pdf) == []
    figures = tagcheck.tree(seed_pdf).find("Figure")
    alts = [f.alt or "" for f in figures]
    strip = norm(next(a for a in alts if a.startswith("Era strip: ")))
    events = yaml.safe_load((SEED / "timeline.yaml").read_text(encoding="utf-8"))["timeline"]
    assert f"the {len(events)} events of the timeline below" in strip and "Soviet war (1979 – Feb 1989)" in strip
    relations_alt = next(a for a in alts if a.startswith("Relations map, "))
    assert "allies: NRF and AFF" in relations_alt and "rivals: NRF and Taliban" in relations_alt
    # page 1's big numbers are read as text: each value, then its label
    text = tagcheck.tree(seed_pdf).all_text()
    assert "22+ Groups working in opposition" in norm(text)


def test_in_a_tagged_pdf_an_image_is_a_figure_with_its_alt_text_and_its_caption_text(tmp_path):
    import tagcheck
    from PIL import Image

    (tmp_path / "images").mkdir()
    Image.new("RGB", (300, 200), (40, 80, 120)).save(tmp_path / "images" / "map.png")
    src = tmp_path / "b.yaml"
    src.write_text("title: T\nsections:\n  - title: Maps\n    body: Text.\n    images:\n"
                   "      - {file: images/map.png, alt: Provinces where the NRF is present, caption: The map.}\n",
                   encoding="utf-8")
    out = tmp_path / "b.pdf"
    assert run_cli("build", str(src), "-o", str(out)).returncode == 0
    assert tagcheck.problems(out) == []
    t = tagcheck.tree(out)
    assert [f.alt for f in t.find("Figure")] == ["Provinces where the NRF is present"]
    assert "The map." in [p.text for p in t.find("P")]


def test_a_style_without_the_graphics_colours_draws_them_in_its_own():
    from types import SimpleNamespace

    from briefing.layout.graphics.text import colors

    older = {"accent": 1, "accent_tint": 2, "table_head": 3, "tag": 4}
    assert colors(SimpleNamespace(colors=older)) == {**older, "era_band_alt": 3, "graphic_track": 4}
    full = {**older, "era_band_alt": 5, "graphic_track": 6}
    assert colors(SimpleNamespace(colors=full)) == full
