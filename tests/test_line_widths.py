"""No text runs off the page: every character of the text layer lies inside the page's frame, left to right.

Every fixture briefing and the seed, in every style, on both papers, on the full page and on the handout's
half page, read back with pdfium's character boxes. A line the text engine makes wider than the width it is
given (a URL broken after a slash that does not fit, a word wider than its column) draws past the frame's
edge, into the margin or off the paper.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from briefing.pipeline import check, render
from briefing.theme import load_theme

ROOT = Path(__file__).parent.parent
SOURCES = [*sorted((ROOT / "tests" / "briefings").glob("*.yaml")), ROOT / "sources" / "afghanistan-resistance"]
SLACK = 0.5  # points: a glyph's ink may overhang its advance a little (an italic's)


@cache
def _briefing(src: Path):
    b, problems = check(str(src))
    assert b is not None, problems
    return b


def outside(src: Path, style: str, paper: str, handout: bool) -> list[tuple[int, str, float, float, str]]:
    """(page, character, its left and right, its line) of each character drawn outside the frame."""
    import pypdfium2

    theme = load_theme(style, paper)
    theme = theme.for_handout() if handout else theme
    pdf = pypdfium2.PdfDocument(render(_briefing(src), theme, tags=False))
    _, right, _, left = theme.margins
    lo, hi = left - SLACK, theme.page[0] - right + SLACK
    out = []
    try:
        for i in range(len(pdf)):
            tp = pdf[i].get_textpage()
            text = tp.get_text_range()
            for k, c in enumerate(text):
                if c.strip():
                    a, _, b, _ = tp.get_charbox(k)
                    if a < lo or b > hi:
                        line = text[text.rfind("\n", 0, k) + 1:(text.find("\n", k) + 1 or len(text) + 1) - 1]
                        out.append((i + 1, c, round(a, 1), round(b, 1), line.strip()))
    finally:
        pdf.close()
    return out


@pytest.mark.parametrize("handout", [False, True], ids=["page", "handout"])
@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("style", ["default", "print"])
@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_every_character_lies_inside_the_frame(src, style, paper, handout):
    bad = outside(src, style, paper, handout)
    assert not bad, bad[:5]
