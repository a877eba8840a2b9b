"""Pages a publisher would print: where the page breaks fall, read from the text on each page.

One briefing with a figures table, an actors table, a timeline in eras, short profile boxes, a
sources list and a disclaimer is laid out at A4, Letter and both handout pages, with a varying
number of lines before it so that every break falls in many places. On every page:

- a table leaves at least two of its rows at a page foot and at a page head (or one row a fifth of
  a page tall), and its heading never ends a page;
- a profile box shorter than a third of a page is never split ("(continued)");
- the last page never holds only the disclaimer, or only the end of the sources list (fewer than
  five lines) with or without it;
- an era's last event never stands alone at the head of a page.

Then a real briefing, the French Sahel fixture, in both styles at the same four page sizes, read with
each line's place on its page: each event under its own era's head (touching eras), an era's head
with its first event, the outlook's scenarios two or more to a page, profile boxes split between
lists and low on their page, a table's heading with its first rows and no more, and page 1 holding
the big numbers or full.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml
from conftest import norm, run_cli
from reportlab.platypus import Flowable

from briefing.layout.common import ALONE
from briefing.pipeline import check, render
from briefing.theme import load_theme

WORDS = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore".split()


def _words(n: int, seed: int) -> str:
    return " ".join(WORDS[(seed + i * 7) % len(WORDS)] for i in range(n))


ERAS = [{"title": "First era", "start": 2001, "end": 2005}, {"title": "Second era", "start": 2006, "end": 2010},
        {"title": "Third era", "start": 2011}]
EVENTS = [2001, 2002, 2003, 2004, 2006, 2007, 2008, 2009, 2010, 2011, 2012, 2013, 2014]
LAST_OF_ERA = {"Evmark 03", "Evmark 08", "Evmark 12"}  # the last event of each era (0-based numbers)


def _group(i: int) -> dict:
    """A profile box of 5 to 14 lines or so: from a sixth to a third of a page or more."""
    return {"id": f"g{i}", "name": f"Grpmark {i}", "kind": _words(3, i), "status": "active", "leader": _words(2, i),
            "summary": _words(20 + 12 * i, i) + ".", "goals": [_words(6 + j, i + j) + "." for j in range(2 + i)]}


def _doc(filler: int) -> dict:
    return {
        "title": "Flow probe",
        "summary": [f"Point {i}: {_words(6, i)}." for i in range(filler)],
        "sections": [{"title": "Background", "body": "\n\n".join(_words(40, i) + "." for i in range(3))
                      + " [" + "; ".join(f"@s{i}" for i in range(12)) + "]"}],
        # (page 1's big numbers: one figure of their own, so that every "Figmark" is a row of the table)
        "figures": [{"value": "1", "label": "Page one", "highlight": True}]
        + [{"value": f"{10 * i + 7}", "label": f"Figmark {i:02d} {_words(8 + i % 4 * 5, i)}",
            "as_of": "2024-03"} for i in range(14)],
        "actors": [{"name": f"Actmark {i:02d}", "position": _words(4, i),
                    "summary": _words(18 + i % 3 * 12, i) + "."} for i in range(9)],
        "timeline": [{"date": y, "title": f"Evmark {i:02d}", "text": _words(22, i) + "."}
                     for i, y in enumerate(EVENTS)],
        "eras": ERAS,
        "groups": [_group(i) for i in range(7)],
        "sources": [{"id": f"s{i}", "title": f"Srcmark {i:02d} {_words(5, i)}", "publisher": "Wire",
                     "date": "2025-10", "url": f"https://example.org/{i}"} for i in range(12)],
        "disclaimer": "Dismark " + _words(50, 3) + ".",
    }


PAPERS = [("a4", False), ("letter", False), ("a4", True), ("letter", True)]
FILLERS = range(0, 24, 2)


@cache
def _pages(tmp: Path, paper: str, handout: bool, filler: int) -> tuple[list[str], ...]:
    """The lines of text inside the frame of each page (no running header or footer)."""
    src = tmp / f"flow-{filler}.yaml"
    if not src.exists():
        src.write_text(yaml.safe_dump(_doc(filler), sort_keys=False), encoding="utf-8")
    return _laid_out(src, paper, handout)


class Line(NamedTuple):
    top: float  # (points from the page's foot)
    bottom: float
    text: str
    left: float = 0.0


class Page(NamedTuple):
    lines: list[Line]
    foot: float  # the frame's foot: where the lowest line could end
    height: float  # the frame's height


def _placed(pdf, theme) -> tuple[Page, ...]:
    """Each page's lines inside the frame, top down, with their top and foot (a line: the text runs that
    share a height, read left to right)."""
    top, right, bottom, left = theme.margins
    w, h = theme.page
    pages = []
    for i in range(len(pdf)):
        tp = pdf[i].get_textpage()
        rects = [r for r in (tp.get_rect(k) for k in range(tp.count_rects())) if r[1] > bottom and r[3] < h - top]
        lines: list[list] = []  # [top, foot, rects]
        for r in sorted(rects, key=lambda r: -r[3]):
            for ln in lines:  # (a run belongs to a line it overlaps by much of its height)
                if min(ln[0], r[3]) - max(ln[1], r[1]) >= 0.4 * min(ln[0] - ln[1], r[3] - r[1]):
                    ln[0], ln[1] = max(ln[0], r[3]), min(ln[1], r[1])
                    ln[2].append(r)
                    break
            else:
                lines.append([r[3], r[1], [r]])
        text = [Line(a, z, norm(" ".join(tp.get_text_bounded(*r) for r in sorted(rs))), min(r[0] for r in rs))
                for a, z, rs in lines]
        pages.append(Page(sorted(text, key=lambda x: -x.top), bottom + 6, h - top - bottom - 12))
    return tuple(pages)


PLACED: dict[tuple[str, str, bool], tuple[Page, ...]] = {}  # what `_laid_out` laid out, placed (see `_placed`)


def _laid_out(src: Path, paper: str, handout: bool) -> tuple[list[str], ...]:
    import pypdfium2

    b, problems = check(str(src))
    assert b is not None and not problems, problems
    theme = load_theme("default", paper)
    theme = theme.for_handout() if handout else theme
    pdf = pypdfium2.PdfDocument(render(b, theme, tags=False))
    top, right, bottom, left = theme.margins
    w, h = theme.page
    try:
        PLACED[(str(src), paper, handout)] = _placed(pdf, theme)
        return tuple([norm(x) for x in pdf[i].get_textpage().get_text_bounded(left, bottom, w - right, h - top)
                      .splitlines() if x.strip()] for i in range(len(pdf)))
    finally:
        pdf.close()


@pytest.fixture(scope="module")
def tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("flow")


CASES = [pytest.param(p, h, f, id=f"{p}{'-handout' if h else ''}-{f}") for p, h in PAPERS for f in FILLERS]


def _marks(lines: list[str], word: str) -> list[str]:
    return [m[0] for x in lines for m in [re.search(rf"{word} \d\d", x)] if m]


def _row_height(page: Page, word: str) -> float:
    """How tall the one row marked `word` on `page` is: from its first line down to the last before a
    gap wider than between the lines and rows of a table (the page's foot, a heading)."""
    lines = page.lines
    j = end = next(i for i, x in enumerate(lines) if re.search(rf"{word} \d\d", x.text))
    while end + 1 < len(lines) and lines[end].bottom - lines[end + 1].top < 14:
        end += 1
    return lines[j].top - lines[end].bottom


@pytest.mark.parametrize(("paper", "handout", "filler"), CASES)
def test_a_table_leaves_two_rows_at_a_page_foot_and_head(tmp, paper, handout, filler):
    """(Or one row a fifth of a page tall or more: a block, not a line. Measured from its text, a row is
    shorter than it is by its padding.)"""
    pages = _pages(tmp, paper, handout, filler)
    placed = PLACED[(str(tmp / f"flow-{filler}.yaml"), paper, handout)]
    for word in ("Figmark", "Actmark"):
        per_page = [len(_marks(lines, word)) for lines in pages]
        spread = [(n, k) for n, k in enumerate(per_page, 1) if k]
        if len(spread) > 1:
            assert all(k >= 2 or _row_height(placed[n - 1], word) > ALONE * placed[n - 1].height - 10
                       for n, k in spread), (word, spread)


@pytest.mark.parametrize(("paper", "handout", "filler"), CASES)
def test_a_tables_heading_never_ends_a_page(tmp, paper, handout, filler):
    """(It keeps with the header and the rows the table must leave at a page foot.)"""
    for n, lines in enumerate(_pages(tmp, paper, handout, filler), 1):
        assert lines[-1] not in ("Key figures", "Regional and international positions"), (n, lines[-3:])


@cache
def _short_groups(tmp: Path, paper: str, handout: bool) -> set[int]:
    """The groups whose box, laid out alone at the top of a page, is less than a third of a page tall
    (from the top of its name to the foot of its last line, with the box's padding)."""
    import pypdfium2

    theme = load_theme("default", paper)
    theme = theme.for_handout() if handout else theme
    top, right, bottom, left = theme.margins
    w, h = theme.page
    short = set()
    for i in range(7):
        src = tmp / f"group-{i}.yaml"
        src.write_text(yaml.safe_dump({"title": "Box", "groups": [_group(i)]}), encoding="utf-8")
        b, problems = check(str(src))
        assert b is not None, problems
        pdf = pypdfium2.PdfDocument(render(b, theme, tags=False))
        try:
            tp = pdf[0].get_textpage()
            boxes = [tp.get_charbox(k) for k in range(tp.count_chars())]
            inside = [bx for bx in boxes if bottom < bx[1] and bx[3] < h - top and bx[2] > bx[0]]
            name = tp.search(f"Grpmark {i}").get_next()
            assert name is not None and len(pdf) == 1
            head_top = tp.get_charbox(name[0])[3]
            tall = head_top - min(bx[1] for bx in inside) + 16  # (the header band's and the box's padding)
        finally:
            pdf.close()
        if tall < (h - top - bottom) / 3:
            short.add(i)
    return short


@pytest.mark.parametrize(("paper", "handout", "filler"), CASES)
def test_a_short_profile_box_is_never_split(tmp, paper, handout, filler):
    pages = _pages(tmp, paper, handout, filler)
    short = _short_groups(tmp, paper, handout)
    assert short  # (the probe has short boxes)
    split = [x for lines in pages for x in lines if (m := re.search(r"Grpmark (\d) \(continued\)", x))
             and int(m[1]) in short]
    assert not split


@pytest.mark.parametrize(("paper", "handout", "filler"), CASES)
def test_the_last_page_holds_more_than_the_disclaimer_or_a_few_sources(tmp, paper, handout, filler):
    last = _pages(tmp, paper, handout, filler)[-1]
    start = next(i for i, x in enumerate(last) if x.startswith("Dismark"))
    before = last[:start]
    assert before, "the disclaimer alone on the last page"
    if "Sources" not in before:  # the sources list runs on from the page before: five lines of it at least
        assert len(before) >= 5, before


@pytest.mark.parametrize(("paper", "handout", "filler"), CASES)
def test_an_eras_last_event_never_stands_alone_at_a_page_head(tmp, paper, handout, filler):
    pages = _pages(tmp, paper, handout, filler)
    for n, lines in enumerate(pages[1:], 2):
        events = _marks(lines, "Evmark")
        before = _marks(pages[n - 2], "Evmark")
        if events and before:  # the timeline runs on from the page before
            assert events[0] not in LAST_OF_ERA, (n, events[:2])


FIRST_OF_ERA = {"Evmark 00", "Evmark 04", "Evmark 09"}  # the first event of each era


@pytest.mark.parametrize(("paper", "handout", "filler"), CASES)
def test_an_eras_first_event_never_stands_alone_at_a_page_foot(tmp, paper, handout, filler):
    pages = _pages(tmp, paper, handout, filler)
    for n, lines in enumerate(pages[:-1], 1):
        events = _marks(lines, "Evmark")
        after = _marks(pages[n], "Evmark")
        if events and after:  # the timeline runs on to the next page
            assert events[-1] not in FIRST_OF_ERA, (n, events[-2:])


# -- what an author asks: `break_before` and `keep: together` ----------------------------------------------

def _build(tmp: Path, doc: dict, paper: str = "a4", handout: bool = False, name: str = "asked",
           strict: bool = False) -> tuple[list[list[str]], list]:
    """The body lines of each page, and the problems the build reports (through the command's own path)."""
    import pypdfium2

    from briefing.pipeline import build

    src = tmp / f"{name}.yaml"
    src.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    out = tmp / f"{name}.pdf"
    res = build(str(src), str(out), paper=paper, strict=strict)
    if not res.ok:
        return [], res.problems
    theme = load_theme("default", paper)
    top, right, bottom, left = theme.margins
    w, h = theme.page
    pdf = pypdfium2.PdfDocument(str(out))
    try:
        return [[norm(x) for x in pdf[i].get_textpage().get_text_bounded(left, bottom, w - right, h - top)
                 .splitlines() if x.strip()] for i in range(len(pdf))], res.problems
    finally:
        pdf.close()


def _sections(filler: int, **asked) -> dict:
    body = "\n\n".join(f"Keepmark {i} " + _words(45, i) + "." for i in range(6))
    return {"title": "Asked", "summary": [f"Point {i}: {_words(6, i)}." for i in range(filler)],
            "sections": [{"title": "Opening", "body": "\n\n".join(_words(60, i) + "." for i in range(4))},
                         {"title": "Kept section", "body": body, **asked}]}


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_section_with_break_before_starts_a_page(tmp, paper):
    for filler in (0, 9):
        pages, problems = _build(tmp, _sections(filler, break_before=True), paper)
        assert not problems
        starts = [n for n, lines in enumerate(pages) if "Kept section" in lines]
        assert starts and pages[starts[0]][0] == "Kept section", (filler, pages[starts[0]][:2])
        assert all(lines for lines in pages)  # (no empty page)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_section_kept_together_is_on_one_page(tmp, paper):
    moved = 0
    for filler in range(0, 30, 3):
        pages, problems = _build(tmp, _sections(filler, keep="together"), paper)
        assert not problems
        holding = [n for n, lines in enumerate(pages) if any(x.startswith("Keepmark") for x in lines)]
        assert len(holding) == 1, (filler, holding)
        assert "Kept section" in pages[holding[0]]  # and its heading with it
        moved += pages[holding[0]][0] == "Kept section"
    assert moved  # (some filler put the section across a page break)


def test_a_group_kept_together_is_never_split(tmp):
    tall = {**_group(6), "id": "tall", "name": "Tallmark", "keep": "together"}
    for filler in range(0, 40, 4):
        doc = {"title": "Asked", "summary": [f"Point {i}: {_words(6, i)}." for i in range(filler)],
               "groups": [_group(0), tall]}
        pages, problems = _build(tmp, doc, name="group")
        assert not problems
        assert not any("Tallmark (continued)" in x for lines in pages for x in lines), filler


def test_a_kept_block_taller_than_a_page_is_a_warning_and_splits(tmp):
    doc = _sections(0, keep="together")
    doc["sections"][1]["body"] = "\n\n".join(f"Keepmark {i} " + _words(80, i) + "." for i in range(30))
    pages, problems = _build(tmp, doc)
    assert [p.warning for p in problems] == [True]
    assert "taller than a page" in problems[0].message and problems[0].pos.line > 1
    assert len([n for n, lines in enumerate(pages) if any(x.startswith("Keepmark") for x in lines)]) > 1
    _, problems = _build(tmp, doc, name="strict", strict=True)
    assert problems and not any(p.warning for p in problems)
    assert not (tmp / "strict.pdf").exists()
    # `check` lays out a briefing that keeps blocks together, and tells the same
    at = f"{tmp / 'strict.yaml'}:{problems[0].pos.line}:{problems[0].pos.col}: "
    r = run_cli("check", str(tmp / "strict.yaml"))
    assert r.returncode == 0 and r.stderr.decode().splitlines() == [f"{at}warning: {problems[0].message}"]
    r = run_cli("check", "--strict", str(tmp / "strict.yaml"))
    assert r.returncode == 1 and r.stderr.decode().splitlines() == [f"{at}{problems[0].message}"]


@pytest.mark.parametrize(("paper", "handout"), PAPERS)
def test_a_list_leaves_two_items_at_a_page_foot_and_head(tmp, paper, handout):
    items = "\n".join(f"- Listmark {i:02d} {_words(9, i)}." for i in range(7))
    numbered = "\n".join(f"{i + 1}. Listmark {i + 7:02d} {_words(9, i)}." for i in range(4))
    spread_seen = 0
    for filler in range(0, 40, 2):
        doc = {"title": "Lists", "summary": [f"Point {i}: {_words(6, i)}." for i in range(filler)],
               "sections": [{"title": "Opening", "body": "\n\n".join(_words(60, i) + "." for i in range(4))},
                            {"title": "Listed", "body": f"{_words(20, 1)}.\n\n{items}\n\n{_words(12, 2)}.\n\n"
                                                        f"{numbered}\n\n{_words(30, 3)}."}]}
        src = tmp / f"list-{paper}-{handout}-{filler}.yaml"
        src.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
        pages = _laid_out(src, paper, handout)
        for first, last in ((0, 6), (7, 10)):
            counts = [sum(1 for x in lines if (m := re.match(r"(?:•|\d+\.) Listmark (\d\d)", x))
                          and first <= int(m[1]) <= last) for lines in pages]
            spread = [k for k in counts if k]
            spread_seen += len(spread) > 1
            assert len(spread) == 1 or all(k >= 2 for k in spread), (filler, first, counts)
    assert spread_seen  # (some filler put a list across a page break)


@pytest.mark.parametrize(("paper", "handout"), PAPERS)
def test_a_sentence_that_opens_a_list_with_a_colon_goes_with_its_first_items(tmp, paper, handout):
    items = "\n".join(f"- Listmark {i:02d} {_words(9, i)}." for i in range(6))
    moved = 0
    for filler in range(0, 40, 2):
        doc = {"title": "Lists", "summary": [f"Point {i}: {_words(6, i)}." for i in range(filler)],
               "sections": [{"title": "Opening", "body": "\n\n".join(_words(60, i) + "." for i in range(4))},
                            {"title": "Asked", "body": f"{_words(30, 1)} Introend we recommend:\n\n{items}"}]}
        src = tmp / f"intro-{paper}-{handout}-{filler}.yaml"
        src.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
        pages = _laid_out(src, paper, handout)
        intro = [n for n, lines in enumerate(pages) if any("recommend:" in x for x in lines)]
        first = [n for n, lines in enumerate(pages) if any("Listmark 00" in x for x in lines)]
        head = [n for n, lines in enumerate(pages) if "Asked" in lines]
        assert intro == first == head, (filler, head, intro, first)  # (and the heading never left behind)
        moved += pages[head[0]][0] == "Asked"
    assert moved  # (some filler put the list's start on a new page, and the sentence went with it)


@pytest.mark.parametrize(("paper", "handout"), PAPERS)
def test_without_sources_the_disclaimer_is_not_alone_on_the_last_page(tmp, paper, handout):
    for filler in range(0, 60, 2):
        doc = {"title": "No sources", "summary": [f"Point {i}: {_words(6, i)}." for i in range(filler)],
               "sections": [{"title": "Text", "body": "\n\n".join(_words(50, i) + "." for i in range(12))}],
               "disclaimer": "Dismark " + _words(30, 3) + "."}
        src = tmp / f"nosrc-{paper}-{handout}-{filler}.yaml"
        src.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
        pages = _laid_out(src, paper, handout)
        start = next(i for i, x in enumerate(pages[-1]) if x.startswith("Dismark"))
        assert start > 0 or len(pages) == 1, (filler, pages[-1][:2])


@pytest.mark.parametrize("words", [500, 700])
def test_rows_too_tall_for_two_to_a_page_fall_one_to_a_page(tmp, words):
    label = " ".join(["word"] * words)
    doc = {"title": "Tall rows", "figures": [{"value": str(i), "label": f"Tallrow {i} {label}"} for i in range(4)]}
    pages, problems = _build(tmp, doc, name=f"tall-{words}")
    assert not problems
    assert {m[1] for lines in pages for x in lines if (m := re.search(r"Tallrow (\d)", x))} == set("0123")


def test_without_sources_the_disclaimer_after_an_outlook_builds(tmp):
    """(What comes before the disclaimer may be a container that measures itself only when laid out.)"""
    doc = {"title": "Outlook last", "outlook": [{"horizon": "Soon", "text": "Something happens."}],
           "disclaimer": "Dismark the views are the author's."}
    pages, problems = _build(tmp, doc, name="outlook-last")
    assert not problems and any(x.startswith("Dismark") for x in pages[-1])


@pytest.mark.parametrize("rows", [5, 6, 9])
def test_a_table_split_anywhere_leaves_two_rows_on_each_side(rows):
    """The rule itself, for every height a page could leave a table (rows of one height, a repeated header):
    a piece holds two body rows or more, or the table moves whole."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from briefing.layout.common import Rows

    st = ParagraphStyle("p", fontSize=9, leading=11)
    t = Rows([[Paragraph("Head", st)]] + [[Paragraph(f"Row {i}", st)] for i in range(rows)], repeatRows=1)
    t.limit = 700.0
    _, h = t.wrap(200, 1e9)
    row = h / (rows + 1)
    for k in range(1, rows + 1):  # room for the header and k body rows, and a little more
        parts = t.split(200, row * (k + 1) + row / 3)
        if not parts:
            continue  # moves whole
        body = [len(rl_cells(p)) - 1 for p in parts]
        assert all(n >= 2 for n in body), (k, body)
        assert sum(body) == rows


@pytest.mark.parametrize("rows", [5, 6, 9])
def test_a_table_with_a_row_taller_than_a_page_still_leaves_two_short_rows_on_each_side(rows):
    """The same rule in a table whose last row is taller than a page (it splits inside, the others never):
    a break among the short rows leaves two of them or more on each side, or the table moves whole."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from briefing.layout.common import Rows

    st = ParagraphStyle("p", fontSize=9, leading=11)
    giant = Paragraph("<br/>".join(["Giant"] * 80), st)  # (880 points: taller than the page)
    t = Rows([[Paragraph("Head", st)]] + [[Paragraph(f"Row {i}", st)] for i in range(rows)] + [[giant]],
             repeatRows=1)
    t.limit = 700.0
    t.wrap(200, 1e9)
    t.splitInRow = 1  # (as `fit_rows` sets it for such a table)
    row = rl_heights(t)[1]
    for k in range(1, rows):  # room for the header and k short rows, and a little more
        parts = t.split(200, row * (k + 1) + row / 3)
        if not parts:
            continue  # moves whole
        body = [len(rl_cells(p)) - 1 for p in parts]
        assert len(body) == 2 and body[0] >= 2 and body[1] >= 2, (k, body)  # (the giant is one of the rest)


def rl_heights(t) -> list[float]:
    from briefing.pdf.rl import row_heights

    return row_heights(t)


def rl_cells(t) -> list:
    from briefing.pdf.rl import table_cells

    return table_cells(t)


def _keep_at(tmp: Path, name: str) -> tuple[int, int]:
    """The line and column of the value of the one `keep` in the briefing written as `name`."""
    lines = (tmp / f"{name}.yaml").read_text(encoding="utf-8").splitlines()
    (n, x), = [(n, x) for n, x in enumerate(lines, 1) if x.lstrip(" -").startswith("keep:")]
    return n, x.index("together") + 1


def _where(pages: list[list[str]], pattern: str) -> list[int]:
    return [n for n, lines in enumerate(pages) for x in lines if re.search(pattern, x)]


def test_in_a_table_with_a_row_taller_than_a_page_only_that_row_splits(tmp):
    """Short rows still move whole and leave two rows on each side of a break, though one row must split:
    the giant row first, then thirty short rows over the pages after it."""
    giant = "Giantrow " + " ".join(["word"] * 1800) + " Giantend"
    split_short = 0
    for filler in range(0, 36, 3):
        doc = {"title": "Giant row", "summary": [f"Point {i}: {_words(6, i)}." for i in range(filler)],
               "figures": [{"value": "99", "label": giant}]
               + [{"value": str(i + 2), "label": f"Figmark {i:02d} {_words(20 + i % 4 * 7, i)} Endrow {i:02d}"}
                  for i in range(30)] + [{"value": "7", "label": "Page one", "highlight": True}]}
        pages, problems = _build(tmp, doc, name="giant")
        assert not problems
        for i in range(30):
            assert _where(pages, f"Figmark {i:02d}") == _where(pages, f"Endrow {i:02d}"), (filler, i)
        ends = set(_where(pages, "Giantrow|Giantend"))  # (the giant row is a row of the pages it starts and ends on)
        per_page = [k + (n in ends) for n, lines in enumerate(pages)  # (rows: lines that start with a value)
                    if (k := sum(bool(re.match(r"\d+ (Figmark|Page one)", x)) for x in lines))]
        assert len(per_page) == 1 or all(k >= 2 for k in per_page), (filler, per_page)
        assert len(ends) == 2  # (it did split)
        split_short += len([k for k in per_page if k]) > 2
    assert split_short  # (some filler put a break among the short rows)


def test_a_figure_kept_together_taller_than_a_page_is_a_warning_and_splits(tmp):
    doc = {"title": "Kept figure", "figures": [
        {"value": "1", "label": "Short one"},
        {"value": "2", "label": "Tallfig " + " ".join(["word"] * 2600) + " Tallend", "keep": "together"}]}
    pages, problems = _build(tmp, doc, name="kept-figure")
    assert [(p.warning, p.pos.line, p.pos.col) for p in problems] == [(True, *_keep_at(tmp, "kept-figure"))]
    assert "taller than a page" in problems[0].message
    assert len(set(_where(pages, "Tallfig|Tallend"))) == 2
    del doc["figures"][1]["keep"]
    _, problems = _build(tmp, doc, name="unkept-figure")
    assert not problems  # (the same row, not asked to keep together: it splits quietly)


@pytest.mark.parametrize("keep", [False, True])
def test_an_image_whose_caption_is_taller_than_a_page_splits_under_it(tmp, keep):
    from PIL import Image as PILImage

    PILImage.new("RGB", (40, 30), (120, 40, 40)).save(tmp / "pic.png")
    caption = "Capmark " + " ".join(["caption"] * 1500) + " Capend"
    image = {"file": "pic.png", "alt": "A red block", "caption": caption, **({"keep": "together"} if keep else {})}
    doc = {"title": "Tall caption", "sections": [{"title": "Pictured", "body": "Before.", "images": [image]},
                                                 {"title": "Afterwards", "body": "Aftermark."}]}
    pages, problems = _build(tmp, doc, name=f"caption-{keep}")
    assert [(p.warning, p.pos.line, p.pos.col) for p in problems] == ([(True, *_keep_at(tmp, "caption-True"))]
                                                                      if keep else []), problems
    first, last = _where(pages, "Capmark")[0], _where(pages, "Capend")[-1]
    assert first < last and _where(pages, "Aftermark") == [last]


# -- a real briefing: the Sahel fixture in both styles, at A4, Letter and both handout pages -----------------

SAHEL = Path(__file__).parent / "briefings" / "sahel-fr.yaml"
LAYOUTS = [pytest.param(s, p, h, id=f"{s}-{p}{'-handout' if h else ''}")
           for s in ("default", "print") for p in ("a4", "letter") for h in (False, True)]
LABELS = {"OBJECTIFS", "CAPACITÉS", "ACTIVITÉS", "SOUTIENS", "ALLIÉS", "RIVAUX"}  # a card's run-in heads


def _texts(page: Page) -> list[str]:
    return [x.text for x in page.lines]


@cache
def _sahel_doc() -> dict:
    def typed(x):  # (as printed: typographic apostrophes)
        return x.replace("'", "’") if isinstance(x, str) else x

    doc = yaml.safe_load(SAHEL.read_text(encoding="utf-8"))
    return {k: [{f: typed(v) for f, v in item.items()} for item in doc[k]] for k in ("eras", "timeline", "outlook",
                                                                                     "groups", "sections")}


@cache
def _sahel(style: str, paper: str, handout: bool) -> tuple[Page, ...]:
    """The body pages (page 1 on: no table of contents) of the Sahel briefing: each line inside the frame,
    top down, with its top and foot (a line: text runs that share a height, read left to right)."""
    import pypdfium2

    b, problems = check(str(SAHEL))
    assert b is not None and not problems, problems
    theme = load_theme(style, paper)
    theme = theme.for_handout() if handout else theme
    pdf = pypdfium2.PdfDocument(render(b, theme, tags=False))
    try:
        pages = _placed(pdf, theme)
    finally:
        pdf.close()
    first = next(n for n, p in enumerate(pages) if any(x.text.startswith("Sahel central") for x in p.lines))
    return tuple(pages[first:])


def _era_heads() -> list[str]:
    return [e["title"].upper()[:20] for e in _sahel_doc()["eras"]]


def _event_marks() -> list[tuple[str, int]]:
    """Each event's title (enough of it to tell it apart) and the era it falls in: the events of an era's
    first month belong to it, even when the era before ends in that month (2020-08, 2023-09)."""
    firsts = {"Le MNLA lance": 0, "Coup d’État au Mali": 1, "Charte du Liptako": 2}  # each era's first event
    era, out = -1, []
    for e in _sahel_doc()["timeline"]:
        era = next((k for t, k in firsts.items() if e["title"].startswith(t)), era)
        out.append((e["title"], era))
    return out


def _event_in(line: str) -> int | None:
    """The event whose title begins on `line` (the longest match of a title's start, 18 characters
    at least: a title may wrap, and two may begin alike), by its index in `_event_marks`."""
    def matched(t: str) -> int:
        k = 0
        while k < len(t) and t[:k + 1] in line:
            k += 1
        return k

    found = [(matched(t), i) for i, (t, _) in enumerate(_event_marks())]
    k, i = max(found)
    return i if k >= min(18, len(_event_marks()[i][0])) else None


def _timeline_rows(pages: tuple[Page, ...]) -> list[list[tuple[str, int]]]:
    """The timeline's list on each page, in order: ("era", k) for era k's head (or its reminder,
    "(suite)"), ("event", k) for an event of era k (see `_event_marks`); the strip above it left out."""
    heads, marks = _era_heads(), _event_marks()
    out, started = [], False
    for page in pages:
        rows: list[tuple[str, int]] = []
        for x in _texts(page):
            if x.startswith("Les groupes armés"):  # (the next section)
                started = False
            head = next((k for k, t in enumerate(heads) if t in x), None)
            started = started or head == 0
            if not started:
                continue
            if head is not None:
                rows.append(("era", head))
            elif (i := _event_in(x)) is not None:
                rows.append(("event", marks[i][1]))
        out.append(rows)
    return out


@pytest.mark.parametrize(("style", "paper", "handout"), LAYOUTS)
def test_sahel_each_event_stands_under_the_head_of_its_era(style, paper, handout):
    rows = [r for page in _timeline_rows(_sahel(style, paper, handout)) for r in page]
    assert len([r for r in rows if r[0] == "event"]) == len(_event_marks())
    era = None
    for kind, k in rows:
        if kind == "era":
            era = k
        else:
            assert era == k, (kind, k, era)


@pytest.mark.parametrize(("style", "paper", "handout"), LAYOUTS)
def test_sahel_an_era_head_keeps_with_its_first_event(style, paper, handout):
    for n, rows in enumerate(_timeline_rows(_sahel(style, paper, handout)), 1):
        for i, (kind, _) in enumerate(rows):
            if kind == "era":
                assert any(r[0] == "event" for r in rows[i + 1:]), (n, rows[-3:])


def _spread(pages: tuple[Page, ...], start: str, heads: list[str], end: str) -> list[list[int]]:
    """The items of a list on each page (by their index in `heads`, each item's lines running to the next
    head): the list runs from the line `start` to the line `end`."""
    out, on, item = [], False, None
    for page in pages:
        here: list[int] = []
        for x in _texts(page):
            if x == start:
                on = True
            elif x == end:
                on = False
            elif on:
                item = next((k for k, h in enumerate(heads) if x.startswith(h)), item)
                if item is not None and item not in here:
                    here.append(item)
        out.append(here)
    return [here for here in out if here]


@pytest.mark.parametrize(("style", "paper", "handout"), LAYOUTS)
def test_sahel_the_outlook_leaves_two_scenarios_on_each_page(style, paper, handout):
    """The outlook is a list of three scenarios: too short to leave two at a page foot and two at the
    next head, it moves whole."""
    heads = [s["horizon"].upper() for s in _sahel_doc()["outlook"]]
    pages = _sahel(style, paper, handout)
    spread = _spread(pages, "Perspectives", heads, "Sources")
    assert sorted({k for here in spread for k in here}) == [0, 1, 2]
    assert all(len(here) >= 2 for here in spread), spread
    # and the heading goes with them
    at = next(_texts(p) for p in pages if "Perspectives" in _texts(p))
    assert any(x.startswith(heads[0]) for x in at[at.index("Perspectives"):])


def _card_head(line: str, g: dict) -> bool:
    """Whether `line` is the top line of `g`'s card: its name (or the start of a long one), "(suite)" on
    a continued card, and its short name."""
    short = g.get("short", "")
    return line.startswith(g["name"][:15]) and line.endswith(short) and line != short


def _card_splits(pages: tuple[Page, ...]) -> list[tuple[str, list[Line], list[Line], Page]]:
    """Each card split across two pages: the group's name, the lines of its box on the first page (from
    its first field, TYPE: every group of the fixture has a kind) and on the next (below its header
    band, to its last line: "Sources : n", or the line before the next box), and the first page."""
    groups = _sahel_doc()["groups"]
    out = []
    for n, page in enumerate(pages[1:], 1):
        texts = _texts(page)
        for i, x in enumerate(texts):
            g = next((g for g in groups if _card_head(x, g)), None)
            if g is None or "(suite)" not in " ".join(texts[i:i + 2]):
                continue
            before = _texts(pages[n - 1])
            top = max(k for k, y in enumerate(before) if _card_head(y, g))
            first = pages[n - 1].lines[top + next(k for k, y in enumerate(before[top:]) if y.startswith("TYPE")):]
            k = i + 1 + (texts[i + 1].startswith("(suite)") or texts[i + 1] == g.get("short"))
            rest = []
            for y in page.lines[k:]:
                if any(_card_head(y.text, h) for h in groups):
                    break
                rest.append(y)
                if y.text.startswith("Sources :"):
                    break
            out.append((g["name"], first, rest, pages[n - 1]))
    return out


def _bullets(part: list[Line], label: str | None = None) -> dict[str | None, int]:
    """The items of each list (by its run-in head) in a part of a box; those before any head are counted
    under `label` (a list that runs on from the part before)."""
    count: dict[str | None, int] = {}
    for x in part:
        if x.text in LABELS:
            label = x.text
        elif x.text.startswith("•"):
            count[label] = count.get(label, 0) + 1
    return count


GRID = {"TYPE", "STATUT", "CHEF", "FONDATION", "BASE", "ZONES", "EFFECTIFS", "ORIENTATION"}  # a card's fields


def _kinds(lines: list[Line]) -> list[str]:
    """What each line of a box is: "head" (of a list), "item" (a list's), "field" (a row of the grid of
    fields), "sources", "tags", "more" (an item's or a field's next line, indented) or "text" (the summary)."""
    left = min(x.left for x in lines)
    out: list[str] = []
    for x in lines:
        if x.text in LABELS:
            out.append("head")
        elif x.text.startswith("•"):
            out.append("item")
        elif x.text.split(" ")[0] in GRID:
            out.append("field")
        elif x.text.startswith("Sources :"):
            out.append("sources")
        elif x.left > left + 3:
            out.append("more")
        else:
            out.append("tags" if out and (out[-1] == "tags" or out[-1] == "head" and lines[len(out) - 1].text
                                          in ("ALLIÉS", "RIVAUX")) else "text")
    return out


def _breaks_well(first: list[Line], rest: list[Line]) -> bool:
    """Whether a box may break between these two parts: two lines or more on each side; never a list's head
    last on a page nor the line of sources alone on the next, nor between its allies and its rivals; not
    inside an item, a field or the summary's
    first or last two lines; two rows of fields or more on each side of a break among them; and two items
    or more of its lists on each side (the lists together, and each list: one of two or three items is
    never split)."""
    kinds = _kinds(first + rest)
    a, b = kinds[:len(first)], kinds[len(first):]
    if len(a) < 2 or len(b) < 2 or a[-1] == "head" or b[0] in ("sources", "more"):
        return False
    if rest[0].text == "RIVAUX" and any(x.text == "ALLIÉS" for x in first[-3:]):  # (read together)
        return False
    if a[-1] == b[0] == "text":  # inside the summary
        run = [k == "text" for k in kinds]
        up = len(a) - next((i for i in range(len(a) - 1, -1, -1) if not run[i]), -1) - 1
        down = next((i for i, k in enumerate(b) if k != "text"), len(b))
        if min(up, down) < 2:
            return False
    fields = a.count("field"), b.count("field")
    if min(fields) and min(fields) < 2:
        return False
    label = next((x.text for x in reversed(first) if x.text in LABELS), None)
    above, below = _bullets(first), _bullets(rest, label)
    if above and below and min(sum(above.values()), sum(below.values())) < 2:  # the lists run on: two each side
        return False
    return all(above[head] >= 2 and below[head] >= 2 for head in set(above) & set(below))


@pytest.mark.parametrize(("style", "paper", "handout"), LAYOUTS)
def test_sahel_a_profile_box_splits_between_lists_and_fills_its_page(style, paper, handout):
    """A box splits only where it breaks well (see `_breaks_well`), and as low on its page as that allows:
    the room left below it is less than the lines that had to move on, up to the first place it could break."""
    splits = _card_splits(_sahel(style, paper, handout))
    for name, first, rest, page in splits:
        assert _breaks_well(first, rest), (name, [x.text for x in first[-3:]], [x.text for x in rest[:3]])
        moved = next((j for j in range(1, len(rest)) if _breaks_well(first + rest[:j], rest[j:])), len(rest))
        gap = first[-1].bottom - page.foot
        # (slack: the box's padding under its last line, the space above a head, a tag's padding)
        assert gap < rest[0].top - rest[moved - 1].bottom + 16, (name, round(gap), [x.text for x in rest[:moved]])
    if handout:
        assert splits  # (the half pages split boxes)
    if handout:
        assert splits  # (the handout's half pages split boxes)


def test_a_profile_boxs_line_of_sources_never_stands_alone_in_its_continued_part(tmp):
    box = {"id": "src", "name": "Srcbox", "kind": "group", "summary": _words(150, 1) + ".",
           "goals": [f"Goalmark {k} " + _words(14, k) + "." for k in range(8)], "sources": ["s1"]}
    split = 0
    for filler in range(0, 44, 2):
        doc = {"title": "Sources line", "summary": [f"Point {i}: {_words(6, i)}." for i in range(filler)],
               "groups": [box], "sources": [{"id": "s1", "title": "A source"}]}
        pages, problems = _build(tmp, doc, name="sources-line")
        assert not problems
        for lines in pages:
            if "Srcbox (continued)" in lines:
                after = lines[lines.index("Srcbox (continued)") + 1:]
                assert not after[0].startswith("Sources"), (filler, after[:2])
                split += 1
    assert split  # (some filler split the box)


def test_a_profile_box_never_splits_a_list_of_two_long_items(tmp):
    """(Items of five lines or so each: a page break could fall inside one; it falls before the list.)"""
    long = {"id": "long", "name": "Longmark", "kind": "group", "summary": _words(120, 1) + ".",
            "goals": [f"Goalmark {k} " + _words(110, k) + f" Goalend {k}." for k in range(2)],
            "capabilities": [f"Capmark {k} " + _words(110, k + 2) + f" Capend {k}." for k in range(2)]}
    split = 0
    for filler in range(0, 40, 2):
        doc = {"title": "Long items", "summary": [f"Point {i}: {_words(6, i)}." for i in range(filler)],
               "groups": [long]}
        pages, problems = _build(tmp, doc, name="long-items")
        assert not problems
        for word in ("Goal", "Cap"):
            assert len(set(_where(pages, f"{word}(mark|end) [01]"))) == 1, (filler, word)
        split += len(set(_where(pages, "Longmark"))) > 1
    assert split  # (some filler split the box)


TABLES = [("Chiffres clés", "VALEUR", ["5 ", "3,5 millions", "2 062 534"]),  # (heading, header, its first rows)
          ("Positions régionales et internationales", "ACTEUR", ["Algérie", "CEDEAO", "Russie"])]


@pytest.mark.parametrize(("style", "paper", "handout"), LAYOUTS)
def test_sahel_a_tables_heading_keeps_with_its_first_rows_and_asks_no_more(style, paper, handout):
    """A table's heading stands over the table's header and first rows: two, or one when the header and two
    fill more than half a page; when it opens a page, the page before could not hold as much (it did not
    move on and leave a gap)."""
    pages = _sahel(style, paper, handout)
    for title, header, starts in TABLES:
        n, i = next((n, i) for n, p in enumerate(pages) for i, x in enumerate(_texts(p)) if x == title)
        texts, lines = _texts(pages[n]), pages[n].lines
        assert i + 1 < len(texts) and texts[i + 1].startswith(header), (title, n, texts[i:i + 2])
        rows: list[int] = []  # where each of the first rows begins on the heading's page
        for start in starts:
            k = next((j for j in range((rows or [i + 1])[-1] + 1, len(texts)) if texts[j].startswith(start)), None)
            if k is None:
                break
            rows.append(k)
        assert rows, (title, n, texts[i:i + 4])
        if i == 0 and n:
            two = rows[2] - 1 if len(rows) > 2 else len(lines) - 1  # (the first two rows, or all the page holds)
            tall = lines[i + 1].top - lines[two].bottom > pages[n].height / 2
            end = rows[1] - 1 if tall and len(rows) > 1 else two
            need = lines[i].top - lines[end].bottom
            gap = pages[n - 1].lines[-1].bottom - pages[n - 1].foot
            assert gap < need + 20, (title, n, round(gap), round(need))  # (20: the heading's space above)


@pytest.mark.parametrize(("style", "paper", "handout"), LAYOUTS)
def test_sahel_page_one_holds_the_big_numbers_or_is_full(style, paper, handout):
    """Page 1 holds the title block, the key points and the big numbers when they fit; when the big numbers
    do not, the text that follows them fills page 1 and they open page 2."""
    pages = _sahel(style, paper, handout)

    def strip(page: Page) -> int | None:  # (the line of the big numbers' values)
        return next((i for i, x in enumerate(_texts(page)) if "3,5 millions" in x and "2 000 FCFA" in x), None)

    assert "POINTS CLÉS" in _texts(pages[0])
    if strip(pages[0]) is not None:
        return
    assert strip(pages[1]) == 0, _texts(pages[1])[:3]
    # they did not fit under the key points (the lines of the big numbers: those close together)
    lines, end = pages[1].lines, 0
    while lines[end].bottom - lines[end + 1].top < 10:
        end += 1
    points = next(x for x in pages[0].lines if "Ouagadougou" in x.text)  # (the last key point's end)
    # (25: the key points' box's padding and the space below it, the big numbers' own padding)
    assert points.bottom - pages[0].foot < lines[0].top - lines[end].bottom + 25
    gap = pages[0].lines[-1].bottom - pages[0].foot
    title = _sahel_doc()["sections"][0]["title"]
    if title in _texts(pages[0]):  # the first section's text fills page 1
        assert gap < 0.05 * pages[0].height, (round(gap), _texts(pages[0])[-2:])
    else:  # its heading did not fit with the four lines it keeps with
        at = _texts(pages[1]).index(title)
        need = pages[1].lines[at].top - pages[1].lines[at + 4].bottom
        # (26: the heading's space above, and its lines' boxes past their glyphs)
        assert gap < need + 26, (round(gap), round(need))


def test_big_numbers_that_open_page_two_keep_their_place_in_the_reading_order(tmp):
    """(Drawn after the first lines of the section that follows, they are read before its heading.)"""
    import tagcheck

    b, problems = check(str(SAHEL))
    assert b is not None and not problems
    out = tmp / "floated.pdf"
    out.write_bytes(bytes(render(b, load_theme("default", "a4").for_handout(), tags=True)))
    assert tagcheck.problems(out) == []
    text = tagcheck.tree(out).all_text()
    title = _sahel_doc()["sections"][0]["title"]
    body = text[text.index("POINTS CLÉS"):]  # (after the table of contents)
    assert 0 < body.index("3,5 millions") < body.index(title)
    pages = _sahel("default", "a4", True)
    assert title in _texts(pages[0]) and "3,5 millions" in _texts(pages[1])[0]  # (they did open page 2)


class _Block(Flowable):
    """A block `h` points tall that notes the page it is drawn on."""

    def __init__(self, h: float, floats: bool = False):
        super().__init__()
        self.h, self.floats, self.page = h, floats, 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return aw, self.h

    def draw(self) -> None:
        self.page = self.canv.getPageNumber()


@pytest.mark.parametrize("after", [0, 1, 3])
def test_a_float_opens_the_next_page_even_when_the_story_ends_before_it(after):
    """What follows a float that does not fit fills the page; the float opens the next, whether the story
    goes on past that page or ends on it."""
    from briefing.layout.styles import paragraph_styles
    from briefing.pdf.document import render as lay_out
    from briefing.pdf.tagpdf import Info

    theme = load_theme("default", "a4")
    paragraph_styles(theme)  # (registers the style's font)
    top, right, bottom, left = theme.margins
    room = theme.page[1] - top - bottom - 12
    story = [_Block(room - 100), _Block(150, floats=True), *[_Block(30) for _ in range(after)]]
    lay_out(iter(story), page=theme.page, margins=theme.margins, font=theme.font, info=Info(title="Float"),
            decorate=lambda c, page, total: None, handling=lambda f: None)
    assert [f.page for f in story] == [1, 2] + [1] * after


def test_the_room_a_heading_asks_for_holds_the_space_below_it():
    """(Else a heading that just fits with what must follow it leaves that no room, and stays alone.)"""
    from briefing.layout.common import heading
    from briefing.layout.document import context

    b, problems = check(str(SAHEL))
    assert b is not None and not problems
    ctx = context(b, load_theme("default", "a4"))
    for level in (0, 1):
        cond, p = heading(ctx, "Chiffres clés", level, keep=100.0)
        _, h = p.wrap(ctx.width, 1e9)
        assert cond.height >= h + p.getSpaceBefore() + p.getSpaceAfter() + 100.0 > h + p.getSpaceBefore() + 100.0


def test_a_table_of_tall_rows_starts_under_its_heading_with_one_row(tmp):
    """Rows a fifth of a page tall or more: one may stand at a page foot, so the heading and the table's
    first row take the room left rather than move on and leave it empty."""
    rows = [{"value": str(i + 2), "label": f"Tallmark {i} " + _words(170, i) + "."} for i in range(5)]
    alone = 0
    for filler in range(0, 40, 2):
        doc = {"title": "Tall rows", "summary": [f"Point {i}: {_words(6, i)}." for i in range(filler)],
               "sections": [{"title": "Opening", "body": "\n\n".join(_words(60, i) + "." for i in range(5))}],
               "figures": rows}
        src = tmp / "tall-rows.yaml"
        src.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
        _laid_out(src, "a4", False)
        pages = PLACED[(str(src), "a4", False)]
        n, i = next((n, i) for n, p in enumerate(pages) for i, x in enumerate(_texts(p)) if x == "Key figures")
        texts, lines = _texts(pages[n]), pages[n].lines
        assert any(x.startswith("2 Tallmark 0") for x in texts[i + 1:]), (filler, texts[i:i + 3])
        one = [k for k, x in enumerate(texts) if x.startswith("3 Tallmark 1")]
        alone += not one
        if i == 0 and n:  # it opens a page: the page before could not hold it and the first row
            end = one[0] - 1 if one else len(lines) - 1
            gap = pages[n - 1].lines[-1].bottom - pages[n - 1].foot
            assert gap < lines[0].top - lines[end].bottom + 20, (filler, round(gap))
    assert alone  # (some filler left the first row alone at a page foot)
