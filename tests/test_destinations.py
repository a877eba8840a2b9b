"""Where outline entries and links land: the page and place a reader is taken to.

Each outline entry must open its heading's page with the heading at the top
of the view; each citation (and each figure's or actor's source link) must
open the Sources list at that source's entry, whose number is the number
printed on the link. Sources are numbered in order of first citation.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, built, internal_links, lines_at, norm, outline_entries, pdf_text, text_box
from pypdf import PdfReader

THREE = ROOT / "tests" / "briefings" / "three-pages.yaml"


@pytest.fixture(scope="module")
def three_pdf(tmp_path_factory) -> Path:
    return built(tmp_path_factory, THREE, "three")


def _sources_in_pdf(pdf: Path) -> dict[int, str]:
    """Number -> the text of that entry in the printed Sources list."""
    text = norm(pdf_text(pdf)[-1])
    listed = text[text.rindex("Sources"):]
    return {int(n): t for n, t in re.findall(r"(\d+)\. (.+?)(?= \d+\. |$)", listed)}


def _check_outline(pdf: Path) -> list[tuple[str, int, int]]:
    r = PdfReader(str(pdf))
    entries = outline_entries(r)
    assert entries
    for title, _level, page, top in entries:
        view = lines_at(pdf, page, top, depth=40)
        assert view.startswith(norm(title)[:40]), f"{title!r}: page {page + 1} shows {view[:60]!r} at its top"
    return [(t, lv, p) for t, lv, p, _ in entries]


def _check_links(pdf: Path) -> list[tuple[int, int]]:
    """Every internal link shows number N and lands on entry N of the Sources list; returns (page, N)."""
    r = PdfReader(str(pdf))
    listed = _sources_in_pdf(pdf)
    links = internal_links(r)
    assert links
    seen = []
    for page, dest, top, (x0, y0, x1, y1) in links:
        shown = re.findall(r"\d+", text_box(pdf, page, (x0 + 0.5, y0, x1 - 0.5, y1)))
        assert shown, f"a link on page {page + 1} shows no number"
        n = int(shown[-1])
        view = lines_at(pdf, dest, top, depth=14)
        assert view.startswith(f"{n}. "), f"link [{n}] on page {page + 1} lands on {view[:50]!r}"
        assert listed[n][:25] in view, f"link [{n}] lands on {view[:60]!r}, not on {listed[n][:40]!r}"
        seen.append((page, n))
    return seen


def test_seed_outline_entries_land_on_their_headings(seed_pdf):
    entries = _check_outline(seed_pdf)
    pages = [p for _, _, p in entries]
    assert pages == sorted(pages) and len(set(pages)) > 3, pages  # spread over the document, not all on page 1


def test_seed_citations_land_on_their_sources(seed_pdf):
    seen = _check_links(seed_pdf)
    assert len({p for p, _ in seen}) > 3  # citations on many pages, all checked


def test_three_pages_outline_levels_and_pages(three_pdf):
    entries = _check_outline(three_pdf)
    assert [(t, lv) for t, lv, _ in entries] == [
        ("Probe: where links land", 0), ("Alpha section", 0), ("Timeline", 1), ("Beta section", 0),
        ("Gamma section", 0), ("Key figures", 0), ("Regional and international positions", 0), ("Sources", 0),
    ]
    assert [p for t, _, p in entries if t in ("Alpha section", "Gamma section", "Sources")] == [0, 1, 2]


def test_three_pages_sources_numbered_by_first_citation(three_pdf):
    listed = _sources_in_pdf(three_pdf)
    assert [listed[n][:12] for n in sorted(listed)] == [
        "Second sourc", "Third source", "First source", "Fourth sourc"]  # uncited last
    seen = _check_links(three_pdf)
    first_seen = list(dict.fromkeys(n for _, n in seen))
    assert first_seen == [1, 2, 3], first_seen  # page 1 cites 1 first, then 2, ...
    assert seen[0] == (0, 1)
