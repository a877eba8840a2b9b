"""Valid input larger than a page: many eras, a cloud of tags. Every build succeeds and prints every name.

An era strip whose key of lettered eras would make it too tall sets the key
apart below the graphic, where it runs on across pages; a group's allies or
an event's group tags wrap onto as many pages as they take. Checked on A4,
Letter and both handouts (whose half-sheet pages are smaller): the build
succeeds, the text holds every name in order, and no text leaves its page
or lands on other text.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
import yaml
from conftest import doc_text as text

from briefing import handout as handout_module
from briefing import pipeline
from briefing.theme import load_theme

# (paper, handout): full pages and the half sheets of both handouts
PAGES = [("a4", None), ("letter", None), ("a4", "2up"), ("a4", "booklet"), ("letter", "2up"),
         ("letter", "booklet")]


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def era_title(i: int, r: random.Random) -> str:
    """A made-up name of 20 to 90 characters that says which era it is."""
    words, draw = [f"Era{i:03d}"], r.random  # (random() over randint: the strip test makes 20,000 names)
    length = len(words[0])
    while length < 20 + int(71 * draw()):
        words.append("".join(r.choices(LETTERS, k=3 + int(7 * draw()))))
        length += 1 + len(words[-1])
    return " ".join(words)


def many_eras(n: int, seed: int = 1) -> dict:
    """`n` eras of a year or two each, touching, the last one open; two events at the ends."""
    r = random.Random(seed)
    eras, year = [], 1700
    for i in range(n):
        length = r.choice((0, 1, 2))
        era = {"title": era_title(i, r), "start": str(year)}
        if i < n - 1:
            era["end"] = str(year + length)
        eras.append(era)
        year += length + 1
    events = [{"date": "1700", "title": "First event"}, {"date": str(year - 1), "title": "Last event"}]
    return {"title": "Many eras", "timeline": events, "eras": eras}


def many_allies(n: int) -> dict:
    return {"title": "Many allies", "groups": [
        {"id": "alpha", "name": "Alpha front", "allies": [f"Ally{i:04d}" for i in range(n)], "rivals": ["beta"]},
        {"id": "beta", "name": "Beta movement", "rivals": ["alpha"]}]}


def many_tags(n: int, longer: bool = False) -> dict:
    """`n` groups, all tagged on one event; `longer` short names fill a page's worth of rows with fewer."""
    more = " of the northern provinces" if longer else ""
    groups = [{"id": f"g{i:04d}", "name": f"Group {i:04d}", "short": f"Tag{i:04d}{more}"} for i in range(n)]
    return {"title": "Many tags", "groups": groups,
            "timeline": [{"date": "2020-05", "title": "A meeting of everyone", "groups": [g["id"] for g in groups]}]}


def write(tmp_path: Path, data: dict, name: str = "big") -> Path:
    src = tmp_path / f"{name}.yaml"
    src.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return src


def unnamed(titles: list[str], text: str) -> list[str]:
    """The titles `text` does not name, whole or cut short with an ellipsis (as a line too narrow cuts them)."""
    cut = re.findall(r"(Era\d{3}[^…(]*)…", text)
    return [t for t in titles if t not in text and not any(t.startswith(c.rstrip()) for c in cut)]


def build(tmp_path: Path, src: Path, paper: str, handout: str | None) -> list[Path]:
    """Build; the PDFs written (the briefing, then its handout). The build must succeed."""
    out = tmp_path / "out.pdf"
    res = pipeline.build(str(src), str(out), paper=paper, handout=handout)
    assert res.ok, [p.message for p in res.problems]
    assert [p for p in res.problems if not p.warning] == []
    return [out] + ([Path(res.handout)] if handout else [])


def assert_on_page(pdf: Path, halves: bool) -> None:
    """Every character inside its page (for a handout, inside its half of the sheet), none on another."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        for i in range(len(doc)):
            page = doc[i]
            w, h = page.get_size()
            tp = page.get_textpage()
            text = tp.get_text_range()
            boxes = []
            for k in range(tp.count_chars()):
                ch = text[k] if k < len(text) else ""
                if not ch.strip():
                    continue
                x0, y0, x1, y1 = tp.get_charbox(k)
                where = f"{pdf.name} page {i + 1}: {ch!r} at ({x0:.1f}, {y0:.1f})"
                assert -0.5 <= x0 <= x1 <= w + 0.5 and -0.5 <= y0 <= y1 <= h + 0.5, where + " is off the page"
                if halves:
                    assert x1 <= w / 2 + 0.5 or x0 >= w / 2 - 0.5, where + " crosses the fold"
                boxes.append((x0, y0, x1, y1, where, k))
            _no_overlap(boxes)
    finally:
        doc.close()


def _no_overlap(boxes: list[tuple[float, float, float, float, str, int]]) -> None:
    """No two glyphs share more than a sliver (a fifth of the smaller one): no text printed over text.
    (Neighbours in the text may: a glyph may reach over the next, as in "fj".)"""
    grid: dict[tuple[int, int], list[int]] = {}
    for n, (x0, y0, x1, y1, *_) in enumerate(boxes):
        for gx in range(int(x0 // 20), int(x1 // 20) + 1):
            for gy in range(int(y0 // 20), int(y1 // 20) + 1):
                grid.setdefault((gx, gy), []).append(n)
    for cell in grid.values():
        for a in range(len(cell)):
            for b in range(a + 1, len(cell)):
                p, q = boxes[cell[a]], boxes[cell[b]]
                iw = min(p[2], q[2]) - max(p[0], q[0])
                ih = min(p[3], q[3]) - max(p[1], q[1])
                if iw <= 0 or ih <= 0 or abs(p[5] - q[5]) <= 2:
                    continue
                small = min((p[2] - p[0]) * (p[3] - p[1]), (q[2] - q[0]) * (q[3] - q[1]))
                assert iw * ih <= 0.2 * small + 0.01, f"{p[4]} overlaps {q[4]}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, Callable[[], dict], str, str], list[Path]]:
    """`built(name, data, paper, handout)`: the briefing and its handout, each made once for the tests and
    cases that read them. One build makes the briefing and the 2-up handout; the booklet is imposed from
    that build's half-sheet pages (the same pages a build for a booklet lays out)."""
    done: dict[tuple[str, str], dict[str, list[Path]]] = {}

    def get(name: str, data: Callable[[], dict], paper: str, handout: str) -> list[Path]:
        if (name, paper) not in done:
            folder = tmp_path_factory.mktemp(f"{name}-{paper}")
            impose, halves = handout_module.make_handout, []

            def keep(pdf: str, mode: str, half: bytes, sheet: tuple[float, float]) -> tuple[str, bytes]:
                halves.append((half, sheet))
                return impose(pdf, mode, half, sheet)
            with pytest.MonkeyPatch.context() as mp:
                mp.setattr(handout_module, "make_handout", keep)
                briefing, two_up = build(folder, write(folder, data()), paper, "2up")
            ((half, sheet),) = halves
            booklet, pdf = impose(str(briefing), "booklet", half, sheet)
            Path(booklet).write_bytes(pdf)
            done[name, paper] = {"2up": [briefing, two_up], "booklet": [briefing, Path(booklet)]}
        return done[name, paper][handout]
    return get


def case_pdfs(built: Callable, name: str, data: Callable[[], dict], paper: str, handout: str | None) -> list[Path]:
    """The PDFs a case of PAGES checks, each checked once: with no handout, the briefing (built beside its
    2-up handout: the briefing is the same with or without one); with a handout, its sheets."""
    briefing, sheets = built(name, data, paper, handout or "2up")
    return [briefing] if handout is None else [sheets]


@pytest.mark.parametrize(("paper", "handout"), PAGES)
def test_an_era_strip_with_a_key_taller_than_a_page_builds_with_every_era(built, paper, handout):
    data = many_eras(146)
    titles = [e["title"] for e in data["eras"]]
    for pdf in case_pdfs(built, "eras", lambda: data, paper, handout):
        got = text(pdf)
        # each era in the strip's key as written (the list below prints the names whole, in capitals)
        assert unnamed(titles, got) == []
        assert [t for t in titles if t.upper() not in got] == []
        assert_on_page(pdf, halves=pdf.stem.endswith(("-2up", "-booklet")))


@pytest.mark.parametrize("handout", ["2up", "booklet"])
def test_96_eras_fit_the_half_sheets_of_a_handout(tmp_path, handout):
    data = many_eras(96, seed=5)
    titles = [e["title"] for e in data["eras"]]
    *_, sheet = build(tmp_path, write(tmp_path, data), "a4", handout)
    got = text(sheet)
    assert unnamed(titles, got) == []
    assert [t for t in titles if t.upper() not in got] == []
    assert_on_page(sheet, halves=True)


def in_order(found: list[str], given: list[str], pdf: Path) -> None:
    """Each name printed once, in order (a tag cut at a page's foot is neither lost nor repeated); a
    booklet's sheets hold its pages out of order."""
    if pdf.stem.endswith("-booklet"):
        found, given = sorted(found), sorted(given)
    assert found == given, (len(found), len(given))


@pytest.mark.parametrize(("paper", "handout"), PAGES)
def test_allies_taller_than_a_page_are_all_printed(built, paper, handout):
    data = many_allies(706)
    allies = data["groups"][0]["allies"]
    for pdf in case_pdfs(built, "allies", lambda: data, paper, handout):
        in_order(re.findall(r"Ally\d{4}", text(pdf)), allies, pdf)
        assert_on_page(pdf, halves=pdf.stem.endswith(("-2up", "-booklet")))


@pytest.mark.parametrize(("paper", "handout"), PAGES)
def test_group_tags_taller_than_a_page_are_all_printed(built, paper, handout):
    data = many_tags(800) if handout is None else many_tags(300, longer=True)  # (fewer cards: a shorter test)
    shorts = [g["short"] for g in data["groups"]]
    if handout is None:
        pdfs = case_pdfs(built, "tags", lambda: data, paper, None)
    else:  # the briefing of the shorter cards too, with its 2-up case
        briefing, sheets = built("tags-longer", lambda: data, paper, handout)
        pdfs = [briefing, sheets] if handout == "2up" else [sheets]
    for pdf in pdfs:
        got = text(pdf)
        if not pdf.stem.endswith("-booklet"):
            got = got[got.index("A meeting of everyone"):got.index("Group 0000")]  # the tags, before the cards
        # (a booklet's pages are out of order: there the cards' header bands name each short name again)
        assert [t for t in shorts if t not in got] == []
        ids = [t[:7] for t in shorts]  # Tag0000
        in_order(re.findall(r"Tag\d{4}", got), ids * (2 if pdf.stem.endswith("-booklet") else 1), pdf)
        assert_on_page(pdf, halves=pdf.stem.endswith(("-2up", "-booklet")))


def frame_ctx(paper: str):
    """The layout's context for the frame of a page of `paper`: a full page, or a handout's half sheet."""
    from briefing.labels import labels_for
    from briefing.layout.inline import Ctx, Numbers
    from briefing.layout.styles import paragraph_styles

    full = {"a5": "a4", "half-letter": "letter"}
    theme = load_theme("default", full[paper]).for_handout() if paper in full else load_theme("default", paper)
    (w, h), (top, right, bottom, left) = theme.page, theme.margins
    return Ctx(theme, paragraph_styles(theme), Numbers([]), {}, w - left - right - 12, h - top - bottom - 12,
               labels_for("en"))


@cache
def timeline_of_many_eras(n: int) -> tuple[tuple, tuple]:
    """The events and eras of `many_eras(n, seed=n)` (made once: every paper's test reads them)."""
    from briefing.dates import parse_date
    from briefing.model import Era, Event

    data = many_eras(n, seed=n)
    eras = tuple(Era(e["title"], parse_date(e["start"]), parse_date(e["end"]) if "end" in e else None)
                 for e in data["eras"])
    events = tuple(Event(parse_date(e["date"]), e["title"]) for e in data["timeline"])
    return events, eras


@pytest.mark.parametrize("paper", ["a4", "letter", "a5", "half-letter"])
def test_the_strip_of_any_number_of_eras_up_to_200_fits_and_names_every_era(paper):
    """Whatever the number of eras, the graphic takes at most half the frame, and every era is named in
    its band, in the legend or in the key set apart (the list below the strip names each again)."""
    from briefing.layout.graphics.era_strip import KEY_APART
    from briefing.layout.graphics.era_strip_draw import EraStrip

    ctx = frame_ctx(paper)
    for n in range(1, 201):
        events, eras = timeline_of_many_eras(n)
        strip = EraStrip(ctx, events, eras)
        plan = strip.plan(ctx.width)
        assert plan.height <= ctx.height * KEY_APART, (n, plan.height)
        key = strip.key()
        named = " ".join(lab.text for lab in plan.all_labels())
        named += " " + " ".join(lab.text for line in (key.lines if key else []) for lab in line)
        # (a title too long for a line is cut short, as in the legend: the list below prints it whole)
        assert unnamed([a.title for a in eras], named) == [], n
        if key is not None:  # the key's lines are as wide as the frame, at most
            assert all(lab.x >= 0 and lab.x + lab.width <= ctx.width + 0.01 for line in key.lines for lab in line)


@pytest.mark.parametrize("n", [1, 2, 3, 27, 53, 96, 120, 146, 200])
@pytest.mark.parametrize("paper", ["a4", "half-letter"])
def test_a_timeline_of_n_eras_builds(tmp_path, paper, n):
    from briefing.layout.document import render

    src = write(tmp_path, many_eras(n, seed=n))
    b, problems = pipeline.check(str(src))
    assert b is not None and not problems
    render(b, frame_ctx(paper).theme, 0.0, False, False)  # raises if something cannot be placed


def test_the_key_set_apart_is_part_of_the_strips_figure_and_the_tags_one_list(tmp_path):
    """In the tagged PDF, the key's lines on every page belong to the strip's one Figure (whose text
    names every era), and a group's allies split across pages stay one list of every name."""
    import tagcheck

    data = many_eras(146)
    data["groups"] = many_allies(706)["groups"]
    (pdf,) = build(tmp_path, write(tmp_path, data), "a4", None)
    assert tagcheck.problems(pdf) == []
    root = tagcheck.tree(pdf)
    (figure,) = [f for f in root.find("Figure") if "Era000" in (f.alt or "")]
    titles = [e["title"] for e in data["eras"]]
    assert [t for t in titles if t not in figure.alt] == []
    assert "Era145" in figure.text and "Era000" in figure.text  # the key's first and last lines, on two pages
    lists = [lst for lst in root.find("L") if "Ally0000" in lst.all_text()]
    assert len(lists) == 1 and len(lists[0].find("LI")) == 706
