"""A right-to-left briefing is mirrored: what a reader sees at the left in English is at the right.

The same fa-AF briefing is built twice, as its language implies (right to left) and with `direction: ltr`;
geometry is compared on the glyphs pdfium finds (not their shaping, which is the text engine's).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run_cli

from briefing.labels import labels_for

FIXTURE = ROOT / "tests" / "briefings" / "rtl-mirror-fa-AF.yaml"


@dataclass(frozen=True)
class Glyph:
    ch: str
    left: float
    bottom: float
    right: float
    top: float
    base: float  # the baseline's y

    @property
    def cy(self) -> float:
        return (self.bottom + self.top) / 2


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    """The fixture as its language reads (rtl), and forced left to right (ltr), each with a 2-up handout;
    and the rtl one untagged (rtl-plain)."""
    d = tmp_path_factory.mktemp("mirror")
    text = FIXTURE.read_text(encoding="utf-8")
    out = {}
    for name, extra in (("rtl", ""), ("ltr", "direction: ltr\n")):
        src = d / f"{name}.yaml"
        src.write_text(text + extra, encoding="utf-8")
        out[name] = d / f"{name}.pdf"
        r = run_cli("build", str(src), "-o", str(out[name]), "--handout", "2up")
        assert r.returncode == 0, r.stderr.decode()
    out["rtl-plain"] = d / "rtl-plain.pdf"
    r = run_cli("build", str(d / "rtl.yaml"), "-o", str(out["rtl-plain"]), "--no-tags")
    assert r.returncode == 0, r.stderr.decode()
    return out


def glyphs(pdf: Path, page: int) -> list[Glyph]:
    """Every drawn, visible character of a page with its box (PDF points, origin bottom left), read from
    the content stream (a text extractor gives a line's replacement text, not its glyphs)."""
    import pdfglyphs

    out = []
    for g in pdfglyphs.glyphs(pdf):
        if g.page == page and g.text.strip() and g.advance > 0:
            left, right = sorted((g.x, g.x + g.advance))
            out.append(Glyph(g.text, left, g.base - 0.25 * g.size, right, g.base + 0.75 * g.size, g.base))
    return out


def page_size(pdf: Path) -> tuple[float, float]:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return doc[0].get_size()
    finally:
        doc.close()


def clusters(line: list[Glyph], gap: float = 20.0) -> list[list[Glyph]]:
    """The glyphs of one line in runs separated by more than `gap` points, left to right."""
    out: list[list[Glyph]] = []
    for g in sorted(line, key=lambda g: g.left):
        if out and g.left - out[-1][-1].right <= gap:
            out[-1].append(g)
        else:
            out.append([g])
    return out


def text(run: list[Glyph]) -> str:
    return "".join(g.ch for g in run)


def fold(s: str) -> str:
    """The letters of a text in a fixed order, whatever order and forms they are drawn in (a right-to-left
    run is drawn reversed, in presentation forms): compares what is printed, not how it is shaped."""
    s = unicodedata.normalize("NFKC", s).casefold()
    return "".join(sorted(c for c in s if not c.isspace() and unicodedata.category(c) != "Cf"))  # (ZWNJ: no glyph)


def lines(gs: list[Glyph]) -> dict[float, list[Glyph]]:
    """Glyphs by line (their rounded baseline)."""
    out: dict[float, list[Glyph]] = {}
    for g in gs:
        out.setdefault(round(g.base), []).append(g)
    return out


def row_of(pdf: Path, page: int, word: str, gap: float = 8.0) -> list[str]:
    """The runs of the row that holds `word` (as printed; the row: whatever is within 3 points of its
    baseline, as a table row's cells in other sizes are), left to right, each folded."""
    gs = glyphs(pdf, page)
    for y, line in lines(gs).items():
        if fold(word) in [fold(text(r)) for r in clusters(line, gap)]:
            return [fold(text(r)) for r in clusters([g for g in gs if abs(g.base - y) <= 3], gap)]
    raise AssertionError(f"no line holds {word!r}")


def paths(pdf: Path, page: int) -> list[tuple[float, float, float, float]]:
    """The boxes (left, bottom, right, top) of the page's drawn paths: rules, markers, bars."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return [tuple(o.get_bounds()) for o in doc[page].get_objects() if o.type == pdfium_c.FPDF_PAGEOBJ_PATH]
    finally:
        doc.close()


def footer(pdf: Path, page: int) -> list[list[Glyph]]:
    """The runs of the footer line (the lowest text of the page)."""
    gs = glyphs(pdf, page)
    low = min(g.cy for g in gs)
    return clusters([g for g in gs if abs(g.cy - low) < 3])


def test_the_viewer_is_told_the_direction_only_for_a_right_to_left_briefing(pdfs):
    import pikepdf

    with pikepdf.open(pdfs["rtl"]) as pdf:
        assert pdf.Root.ViewerPreferences.Direction == pikepdf.Name.R2L
    with pikepdf.open(pdfs["ltr"]) as pdf:
        assert "/Direction" not in pdf.Root.get("/ViewerPreferences", {})


@pytest.mark.parametrize("name", ["rtl", "ltr"])
def test_the_page_number_is_at_the_start_side_of_the_footer(pdfs, name):
    """The footer run that changes from page to page (the page number) is at the left in RTL."""
    w, _ = page_size(pdfs[name])
    one, two = footer(pdfs[name], 0), footer(pdfs[name], 1)
    assert len(one) == len(two) == 2
    changed = [i for i in range(2) if text(one[i]) != text(two[i])]
    assert len(changed) == 1
    number, other = one[changed[0]], one[1 - changed[0]]
    if name == "rtl":
        assert number[-1].right < w / 2 < other[0].left
    else:
        assert other[-1].right < w / 2 < number[0].left


@pytest.mark.parametrize("name", ["rtl", "ltr"])
def test_the_running_head_is_at_the_start_side(pdfs, name):
    w, h = page_size(pdfs[name])
    gs = glyphs(pdfs[name], 1)
    high = max(g.cy for g in gs)
    head = [g for g in gs if abs(g.cy - high) < 3]
    if name == "rtl":
        assert min(g.left for g in head) > w / 2
    else:
        assert max(g.right for g in head) < w / 2


@pytest.mark.parametrize("name", ["rtl", "ltr"])
def test_bullets_are_at_the_start_of_their_items(pdfs, name):
    gs = glyphs(pdfs[name], 0)
    bullets = [g for g in gs if g.ch == "\u2022"]
    assert len(bullets) >= 4  # two key points, two list items
    for b in bullets:
        line = [g for g in gs if g is not b and abs(g.cy - b.cy) < 2.5]
        assert line
        if name == "rtl":
            assert max(g.right for g in line) < b.left
        else:
            assert min(g.left for g in line) > b.right


def test_the_mirrored_briefing_is_tagged_soundly(pdfs):
    """Bullets drawn at the right are still their items' labels; the structure checks pass."""
    import pdfua
    import tagcheck

    assert tagcheck.problems(pdfs["rtl"]) == []
    report = pdfua.validate(str(pdfs["rtl"]))
    assert [f"{f.rule_id}: {f.message}" for f in report.findings] == []


WORDS = labels_for("fa-AF")


def rule(pdf: Path) -> tuple[float, float, float]:
    """The timeline's vertical rule on page 1: its x, and the lowest and highest y its segments reach."""
    thin = [p for p in paths(pdf, 0) if p[2] - p[0] < 2 and p[3] - p[1] > 8]
    x = Counter(round((p[0] + p[2]) / 2) for p in thin).most_common(1)[0][0]
    mine = [p for p in thin if abs((p[0] + p[2]) / 2 - x) < 1]
    assert len(mine) >= 3  # a segment per row
    return (mine[0][0] + mine[0][2]) / 2, min(p[1] for p in mine), max(p[3] for p in mine)


def sides(pdf: Path) -> dict[float, tuple[str, str]]:
    """Per line of the timeline's rows: the glyphs left and right of its rule (folded)."""
    x, low, high = rule(pdf)
    rows = [g for g in glyphs(pdf, 0) if low <= g.cy <= high]
    return {y: (fold(text([g for g in line if g.right <= x])), fold(text([g for g in line if g.left >= x])))
            for y, line in lines(rows).items()}


def test_timeline_dates_are_right_of_the_rule_and_events_left_of_it(pdfs):
    rtl, ltr = sides(pdfs["rtl"]), sides(pdfs["ltr"])
    assert rtl.keys() == ltr.keys()
    assert {y: (right, left) for y, (left, right) in ltr.items()} == rtl  # each line's two sides swapped
    dates = [y for y, (left, _) in ltr.items() if any(unicodedata.category(c) == "Nd" for c in left)]
    assert len(dates) >= 4  # three events and an era: their dates (at the right in RTL)
    assert all(left for left, _ in rtl.values() if left)  # (events' text, at the left)
    assert sum(len(left) for left, _ in rtl.values()) > sum(len(right) for _, right in rtl.values())


@pytest.mark.parametrize("name", ["rtl", "ltr"])
def test_card_labels_are_right_of_their_values(pdfs, name):
    for value, key in (("Ahmad Massoud", "leader"), ("Panjshir", "base")):
        runs = row_of(pdfs[name], 1, value)
        label = runs.index(fold(WORDS.word(key)))
        assert label == (runs.index(fold(value)) + (1 if name == "rtl" else -1))


@pytest.mark.parametrize("first", ["col_value", "col_actor"])
def test_table_columns_are_in_reverse_order(pdfs, first):
    rtl, ltr = row_of(pdfs["rtl"], 1, WORDS.word(first)), row_of(pdfs["ltr"], 1, WORDS.word(first))
    assert len(ltr) >= 3 and ltr[0] == fold(WORDS.word(first))
    assert rtl == ltr[::-1]


def test_tables_are_read_from_their_first_column(pdfs):
    """Drawn right to left, each table row is still read from its first column in the structure tree."""
    import tagcheck

    def cells(name: str) -> list[list[list[str]]]:
        tables = tagcheck.tree(pdfs[name]).find("Table")
        return [[[fold(c.text) for c in tr.kids] for tr in t.find("TR")] for t in tables]

    rtl = cells("rtl")
    assert len(rtl) >= 3  # a card's fields, the key figures, the actors
    assert rtl == cells("ltr")
    assert rtl[-1][0][0] == fold(WORDS.word("col_actor"))


def strip_markers(pdf: Path) -> list[float]:
    """The x of the era strip's event markers (small circles on one line, the highest such line), left to right."""
    small = [p for p in paths(pdf, 0) if 4 < p[2] - p[0] < 9 and 4 < p[3] - p[1] < 9]
    by_y = Counter(round(p[1]) for p in small)
    y = max(k for k, n in by_y.items() if n >= 3)
    return sorted((p[0] + p[2]) / 2 for p in small if round(p[1]) == y)


def test_the_era_strip_runs_from_the_right(pdfs):
    """The strip's markers are mirrored: the gaps between them (2001, 2021, 2024: one long, one short) come in
    the reverse order, so the earliest event is rightmost."""
    rtl, ltr = strip_markers(pdfs["rtl"]), strip_markers(pdfs["ltr"])
    assert len(rtl) == len(ltr) == 3
    gaps = [b - a for a, b in zip(ltr, ltr[1:], strict=False)]
    assert gaps[0] > 3 * gaps[1]  # (LTR: 2001 at the left, a long gap to 2021)
    assert [b - a for a, b in zip(rtl, rtl[1:], strict=False)] == pytest.approx(gaps[::-1], abs=0.05)


def test_the_27_percent_bar_fills_the_rightmost_27_percent(pdfs):
    """Pixels: in the page-1 card of "27%", the dark fill is the rightmost 27% of its track."""
    import pypdfium2

    for name in ("rtl", "ltr"):
        boxes = paths(pdfs[name], 0)
        track, bar = next((t, b) for t in boxes for b in boxes if b is not t and abs(b[1] - t[1]) < 0.1
                          and abs(b[3] - t[3]) < 0.1 and t[2] - t[0] > 30
                          and abs((b[2] - b[0]) / (t[2] - t[0]) - 0.27) < 0.02)
        doc = pypdfium2.PdfDocument(str(pdfs[name]))
        try:
            page = doc[0]
            h = page.get_size()[1]
            im = page.render(scale=2).to_pil().convert("L")
        finally:
            doc.close()
        y = round((h - (track[1] + track[3]) / 2) * 2)
        x0, x1 = round(track[0] * 2) + 1, round(track[2] * 2) - 1
        dark = [x for x in range(x0, x1) if im.getpixel((x, y)) < 128]
        assert abs(len(dark) - 0.27 * (x1 - x0)) <= 2
        assert dark == list(range(dark[0], dark[0] + len(dark)))  # one stretch
        if name == "rtl":
            assert x1 - 1 - dark[-1] <= 1  # at the right end of the track
        else:
            assert dark[0] - x0 <= 1


@pytest.mark.parametrize("name", ["rtl", "ltr"])
def test_two_up_puts_page_one_on_the_start_half(pdfs, name):
    """The first sheet draws page 1 (the form /P0) on the right half for a right-to-left briefing."""
    import re

    import pikepdf

    with pikepdf.open(str(pdfs[name]).replace(".pdf", "-2up.pdf")) as pdf:
        sheet = pdf.pages[0]
        w = float(sheet.mediabox[2])
        ops = sheet.Contents.read_bytes().decode("latin-1")
    placed = {m[2]: float(m[1]) for m in re.finditer(r"cm\b|([-\d.]+) [-\d.]+ cm /(P\d+) Do", ops) if m[2]}
    assert "P0" in placed and "P1" in placed
    if name == "rtl":
        assert placed["P0"] >= w / 2 > placed["P1"]
    else:
        assert placed["P0"] < w / 2 <= placed["P1"]


@pytest.mark.parametrize("name", ["rtl", "ltr"])
def test_the_relations_map_puts_the_groups_at_the_start_side(pdfs, name):
    """The map is placed, then reflected: the group profiled here at the right, the outside name at its left."""
    runs = row_of(pdfs[name], 0, "Taliban")
    group, outside = runs.index(fold("NRF")), runs.index(fold("Taliban"))
    assert (outside < group) == (name == "rtl")


LISTS = """title: Lists
direction: rtl
sections:
  - title: Items
    body: |
      - Alpha item that is long enough to wrap onto a second line of the frame, because it goes on and on and on.
        - Beta nested item
          - Gamma third level
      - Delta item

      1. Epsilon numbered
      2. Zeta numbered
    images:
      - {file: red.png, alt: Red, width: half}
      - {file: blue.png, alt: Blue, width: half}
"""


@pytest.fixture(scope="module")
def lists_pdf(tmp_path_factory) -> Path:
    from PIL import Image

    d = tmp_path_factory.mktemp("lists")
    Image.new("RGB", (300, 200), (220, 30, 30)).save(d / "red.png")
    Image.new("RGB", (300, 200), (30, 30, 220)).save(d / "blue.png")
    (d / "l.yaml").write_text(LISTS, encoding="utf-8")
    r = run_cli("build", str(d / "l.yaml"), "-o", str(d / "l.pdf"))
    assert r.returncode == 0, r.stderr.decode()
    return d / "l.pdf"


def test_nested_items_step_in_from_the_right(lists_pdf):
    """Each item's text ends left of its bullet, a line's right edge the same for all its lines; a nested
    item's bullet is further left than its parent's."""
    gs = glyphs(lists_pdf, 0)
    at = {}
    for word in ("Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta"):
        line = next(ln for ln in lines(gs).values() if word in text(sorted(ln, key=lambda g: g.left)))
        runs = clusters(line, 2.5)  # the item's words, then its bullet or number
        k = len(runs)
        while k and set(text(runs[k - 1])) <= set("\u2022.0123456789۰۱۲۳۴۵۶۷۸۹"):
            k -= 1
        bullet, body = [g for r in runs[k:] for g in r], [g for r in runs[:k] for g in r]
        assert text(bullet) in ("\u2022", ".1", ".2")  # (a number read right to left: its full stop at its left)
        gap = bullet[0].left - max(g.right for g in body)
        assert 5.0 < gap < 12, word  # at least 0.6 em, the room ReportLab leaves after a bullet
        at[word] = (bullet[0].left, max(g.right for g in body))
    assert at["Alpha"][0] == pytest.approx(at["Delta"][0]) and at["Alpha"][1] == pytest.approx(at["Delta"][1], abs=0.5)
    assert at["Alpha"][0] - at["Beta"][0] > 5 and at["Beta"][0] - at["Gamma"][0] > 5
    # (the second line "and on." in a right-to-left paragraph: its full stop at its left, ".and on")
    second = next(ln for ln in lines(gs).values() if text(sorted(ln, key=lambda g: g.left)) == ".andon")
    assert max(g.right for g in second) == pytest.approx(at["Alpha"][1], abs=0.5)  # ragged left, flush right


def test_half_width_images_start_at_the_right(lists_pdf):
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(lists_pdf))
    try:
        im = doc[0].render(scale=1).to_pil().convert("RGB")
    finally:
        doc.close()
    reds = [x for x in range(im.width) for y in range(0, im.height, 8) if im.getpixel((x, y)) == (220, 30, 30)]
    blues = [x for x in range(im.width) for y in range(0, im.height, 8) if im.getpixel((x, y)) == (30, 30, 220)]
    assert reds and blues and min(reds) > max(blues)  # the first image at the right


def test_a_booklet_is_imposed_for_a_spine_at_the_right():
    from briefing.handout import order

    assert order(4, "booklet") == [(3, 0), (1, 2)]
    assert order(4, "booklet", rtl=True) == [(0, 3), (2, 1)]
    assert order(3, "2up", rtl=True) == [(1, 0), (None, 2)]


@pytest.mark.parametrize("name", ["rtl", "ltr"])
def test_card_bands_and_paired_cards_start_at_the_right(pdfs, name):
    """The band: the name at the right, the short name at the left; of two cards side by side, the first
    (NRF) at the right."""
    runs = row_of(pdfs[name], 1, "NRF")  # each card's short name and name
    assert len(runs) == 4
    if name == "rtl":  # AFF's card at the left, NRF's at the right; in each, the short name at the left
        assert (runs[0], runs[2]) == (fold("AFF"), fold("NRF"))
    else:
        assert (runs[1], runs[3]) == (fold("NRF"), fold("AFF"))


@pytest.mark.parametrize("rtl", [False, True])
def test_trend_arrows_follow_the_time_axis(rtl):
    """Rising points up and to the right, or, where time runs from the right, up and to the left."""
    from briefing.layout.graphics.figure_marks import arrow

    for trend, rises in (("up", True), ("down", False)):
        (x0, y0), (x1, y1) = arrow(trend, 0, 0, 10, rtl)[:2]  # the shaft, from its tail to its head
        assert (x1 < x0) == rtl and (y1 > y0) == rises


def test_tagged_and_untagged_pages_look_the_same(pdfs):
    """Tagging draws nothing: the mirrored pages render to the same pixels without it."""
    import pypdfium2

    a, b = pypdfium2.PdfDocument(str(pdfs["rtl"])), pypdfium2.PdfDocument(str(pdfs["rtl-plain"]))
    try:
        assert len(a) == len(b)
        for i in range(len(a)):
            assert a[i].render(scale=1).to_pil().tobytes() == b[i].render(scale=1).to_pil().tobytes(), i
    finally:
        a.close()
        b.close()


def test_outline_and_metadata_stay_in_reading_order(pdfs):
    """Bookmarks and the document information are the same logical text in both directions."""
    import yaml
    from conftest import outline_entries
    from pypdf import PdfReader

    rtl, ltr = PdfReader(str(pdfs["rtl"])), PdfReader(str(pdfs["ltr"]))
    titles = [t for t, *_ in outline_entries(rtl)]
    assert titles == [t for t, *_ in outline_entries(ltr)]
    source = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    assert titles[0] == source["title"] and source["sections"][0]["title"] in titles
    assert rtl.metadata.title == source["title"] == ltr.metadata.title


@pytest.mark.parametrize("name", ["rtl", "ltr"])
def test_the_title_block_starts_at_the_right(pdfs, name):
    """The masthead at the right and the date line at the left; the first big number at the right."""
    mast = row_of(pdfs[name], 0, "ASIA CABLE", gap=20)
    publisher = next(i for i, r in enumerate(mast) if fold("ASIACABLE") == r)
    assert (publisher == len(mast) - 1 if name == "rtl" else publisher == 0) and len(mast) == 2
    numbers = row_of(pdfs[name], 0, "22+", gap=20)
    first, second = numbers.index(fold("22+")), numbers.index(fold("27%"))
    assert (first > second) == (name == "rtl")


def test_group_tags_flow_from_the_right(pdfs):
    """An event's group tag sits at the start of the content column: as far left of the rule in RTL as it is
    right of it in LTR."""

    def gap(name: str) -> float:
        x, low, high = rule(pdfs[name])
        tag = [g for g in glyphs(pdfs[name], 0) if low <= g.cy <= high and g.ch in "NRF"]
        assert len(tag) == 3
        return x - max(g.right for g in tag) if name == "rtl" else min(g.left for g in tag) - x

    assert gap("rtl") == pytest.approx(gap("ltr"), abs=1.0) and gap("rtl") > 0


def test_a_pipe_table_in_a_section_is_mirrored_too(tmp_path):
    """A table written in a section's text reads from the right in a right-to-left briefing, as the
    built-in tables do."""
    body = "Before.\n\n| Alpha | Beta | Gamma |\n|---|---|---|\n| one | two | three |\n\nAfter.\n"
    rows = {}
    for direction in ("rtl", "ltr"):
        src = tmp_path / f"{direction}.yaml"
        src.write_text(yaml.safe_dump({"title": "Tables", "direction": direction,
                                       "sections": [{"title": "Text", "body": body}]}), encoding="utf-8")
        out = tmp_path / f"{direction}.pdf"
        r = run_cli("build", str(src), "-o", str(out))
        assert r.returncode == 0, r.stderr.decode()
        rows[direction] = row_of(out, 0, "Alpha", gap=6.0)
    assert rows["ltr"] == [fold(w) for w in ("Alpha", "Beta", "Gamma")]
    assert rows["rtl"] == rows["ltr"][::-1]


def test_an_era_strip_label_keeps_the_space_between_its_date_and_title(pdfs):
    """A label of the strip is two runs, its date and its title; drawn right to left, each a line of its
    own, the date first (at the right), the space between them is kept (it is measured with the label)."""
    import pdfglyphs

    runs: dict[tuple[float, str], list[float]] = {}
    for g in pdfglyphs.glyphs(pdfs["rtl"]):
        if g.page == 0 and g.actual:
            box = runs.setdefault((round(g.base, 1), g.actual), [g.x, g.x + g.advance])
            box[0], box[1] = min(box[0], g.x), max(box[1], g.x + g.advance)
    title = next(k for k in runs if k[1] == "کنفرانس بن")
    date = next(k for k in runs if k[0] == title[0] and "۲۰۰۱" in k[1])
    gap = runs[date][0] - runs[title][1]  # the date at the right of the title: read first, right to left
    assert 1.5 < gap < 6, gap
