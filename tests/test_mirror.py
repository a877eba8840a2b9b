"""A right-to-left briefing is mirrored: what a reader sees at the left in English is at the right.

The same fa-AF briefing is built twice, as its language implies (right to left) and with `direction: ltr`;
geometry is compared on the glyphs pdfium finds (not their shaping, which is the text engine's).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

FIXTURE = ROOT / "tests" / "briefings" / "rtl-fa-AF.yaml"


@dataclass(frozen=True)
class Glyph:
    ch: str
    left: float
    bottom: float
    right: float
    top: float

    @property
    def cy(self) -> float:
        return (self.bottom + self.top) / 2


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    """The fixture as its language reads (rtl), and forced left to right (ltr)."""
    d = tmp_path_factory.mktemp("mirror")
    text = FIXTURE.read_text(encoding="utf-8")
    out = {}
    for name, extra in (("rtl", ""), ("ltr", "direction: ltr\n")):
        src = d / f"{name}.yaml"
        src.write_text(text + extra, encoding="utf-8")
        out[name] = d / f"{name}.pdf"
        r = run_cli("build", str(src), "-o", str(out[name]))
        assert r.returncode == 0, r.stderr.decode()
    return out


def glyphs(pdf: Path, page: int) -> list[Glyph]:
    """Every drawn, visible character of a page with its box (PDF points, origin bottom left)."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        tp = doc[page].get_textpage()
        out = []
        for i in range(tp.count_chars()):
            ch = tp.get_text_range(i, 1)
            left, bottom, right, top = tp.get_charbox(i)
            if ch.strip() and right > left:
                out.append(Glyph(ch, left, bottom, right, top))
        return out
    finally:
        doc.close()


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
    import tagcheck

    assert tagcheck.problems(pdfs["rtl"]) == []
