"""The lines of every fixture briefing as a reader sees them, in every style, on both papers, on the full page and
on the handout's half page (each built once, in the process, and read back with pdfium).

- No text runs off the page: every character of the text layer lies inside the page's frame, left to right.
  A line the text engine makes wider than the width it is given (a URL broken after a slash that does not
  fit, a word wider than its column) draws past the frame's edge, into the margin or off the paper.
- The Sahel briefing's dates and grouped numbers, typed with plain spaces, are never broken across lines.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from conftest import norm

from briefing.pipeline import check, render
from briefing.theme import load_theme

ROOT = Path(__file__).parent.parent
SOURCES = [*sorted((ROOT / "tests" / "briefings").glob("*.yaml")), ROOT / "sources" / "afghanistan-resistance"]
SAHEL = ROOT / "tests" / "briefings" / "sahel-fr.yaml"
SLACK = 0.5  # points: a glyph's ink may overhang its advance a little (an italic's)
LAYOUTS = [pytest.param(s, p, h, id=f"{s}-{p}-{'handout' if h else 'page'}")
           for s in ("default", "print") for p in ("a4", "letter") for h in (False, True)]


@cache
def _briefing(src: Path):
    b, problems = check(str(src))
    assert b is not None, problems
    return b


@cache
def _pdf(src: Path, style: str, paper: str, handout: bool) -> bytes:
    return render(_briefing(src), _theme(style, paper, handout), tags=False)


def _theme(style: str, paper: str, handout: bool):
    theme = load_theme(style, paper)
    return theme.for_handout() if handout else theme


def chars(pdf: bytes) -> list[tuple[int, str, tuple[float, float, float, float], str]]:
    """(page, character, its box: left, bottom, right, top, its line) of each character drawn but a space."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    out = []
    try:
        for i in range(len(doc)):
            tp = doc[i].get_textpage()
            text = tp.get_text_range()
            for k, c in enumerate(text):
                if c.strip():
                    line = text[text.rfind("\n", 0, k) + 1:(text.find("\n", k) + 1 or len(text) + 1) - 1]
                    out.append((i + 1, c, tp.get_charbox(k), line.strip()))
    finally:
        doc.close()
    return out


def outside(src: Path, style: str, paper: str, handout: bool) -> list[tuple[int, str, float, float, str]]:
    """(page, character, its left and right, its line) of each character drawn outside the frame."""
    theme = _theme(style, paper, handout)
    _, right, _, left = theme.margins
    lo, hi = left - SLACK, theme.page[0] - right + SLACK
    return [(n, c, round(box[0], 1), round(box[2], 1), line) for n, c, box, line in
            chars(_pdf(src, style, paper, handout)) if box[0] < lo or box[2] > hi]


def lines(pdf: bytes) -> list[list[str]]:
    """The lines of text of each page, spaces normalised (a no-break space reads as a space)."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        return [[norm(x) for x in doc[i].get_textpage().get_text_range().splitlines() if x.strip()]
                for i in range(len(doc))]
    finally:
        doc.close()


def broken(pages: list[list[str]], phrase: str) -> list[str]:
    """The places where `phrase` is broken across two lines of a page (the two lines, joined by " / ")."""
    return [f"{a} / {b}" for page in pages for a, b in zip(page, page[1:], strict=False)
            if phrase in f"{a} {b}" and phrase not in a and phrase not in b]


@pytest.mark.parametrize(("style", "paper", "handout"), LAYOUTS)
@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_every_character_lies_inside_the_frame(src, style, paper, handout):
    bad = outside(src, style, paper, handout)
    assert not bad, bad[:5]


# The Sahel briefing's dates and numbers, as typed (with plain spaces) in its text and profile boxes.
SAHEL_KEPT = ["1 500", "5 000", "40 000", "50 000", "6 000", "2 000", "3 000", "10 000",
              "29 janvier 2025", "20 juin", "31 mars 2023", "15 novembre 2025", "janvier 2012", "septembre 2023",
              "avril 2025", "mai 2025", "juillet 2024", "mars 2023"]


@pytest.mark.parametrize(("style", "paper", "handout"), LAYOUTS)
def test_the_sahel_briefings_dates_and_numbers_are_never_broken(style, paper, handout):
    pages = lines(_pdf(SAHEL, style, paper, handout))
    text = " ".join(x for page in pages for x in page)
    assert all(p.replace(" ", "") in text.replace(" ", "") for p in SAHEL_KEPT)  # (each is in the PDF)
    bad = {p: found for p in SAHEL_KEPT if (found := broken(pages, p))}
    assert not bad, bad


PRINTABLE = 12.0  # points from the paper's edge that most printers leave blank


@pytest.mark.parametrize(("style", "paper", "handout"), LAYOUTS)
def test_the_marking_and_every_line_lie_where_a_printer_prints(style, paper, handout):
    """The seed is marked for distribution: its marking, at the head and the foot of every page, and every
    other line lie at least 4.2 mm from the paper's edges, where office printers print."""
    src = ROOT / "sources" / "afghanistan-resistance"
    assert _briefing(src).marking
    w, h = _theme(style, paper, handout).page
    near = [(n, c, line) for n, c, (a, bottom, b, top), line in chars(_pdf(src, style, paper, handout))
            if min(a, bottom, w - b, h - top) < PRINTABLE]
    assert not near, near[:5]
