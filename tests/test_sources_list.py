"""The sources list as a reader sees it: numbers right-aligned in their own column, every title starting at
the same place, and a source's publisher and date joined as the briefing's language joins them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import norm

from briefing.pipeline import check, render
from briefing.theme import load_theme


def _build(tmp: Path, language: str, count: int, paper: str = "a4") -> Path:
    doc = {"title": "Sources probe", "language": language,
           "sections": [{"title": "Text", "body": "Cited. [" + "; ".join(f"@s{i}" for i in range(count)) + "]"}],
           "sources": [{"id": f"s{i}", "title": f"Report {i}", "publisher": "RFI", "date": "2025-10"}
                       for i in range(count)]}
    src = tmp / f"sources-{language}-{count}.yaml"
    src.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    b, problems = check(str(src))
    assert b is not None and not problems, problems
    out = tmp / f"sources-{language}-{count}-{paper}.pdf"
    out.write_bytes(render(b, load_theme("default", paper), tags=False))
    return out


def _entries(pdf: Path) -> list[tuple[float, float, str]]:
    """(right edge of the number, left edge of the title, the line's text) of each entry of the list."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    out = []
    try:
        for page in doc:
            tp = page.get_textpage()
            text = tp.get_text_range()
            for m in re.finditer(r"(\d+)\.\s+(Report \d+[^\r\n]*)", text):
                number_end = max(tp.get_charbox(k)[2] for k in range(m.start(1), m.end(1) + 1))
                title_start = tp.get_charbox(m.start(2))[0]
                out.append((number_end, title_start, norm(m[0])))
    finally:
        doc.close()
    return out


@pytest.mark.parametrize(("count", "paper"), [(12, "a4"), (120, "letter")])
def test_source_numbers_are_right_aligned_and_titles_line_up(tmp_path, count, paper):
    entries = _entries(_build(tmp_path, "en", count, paper))
    assert len(entries) == count
    ends = [e for e, _, _ in entries]
    starts = [s for _, s, _ in entries]
    assert max(ends) - min(ends) < 0.6, "the numbers' right edges differ"
    assert max(starts) - min(starts) < 0.6, "the titles do not start at one place"
    gap = min(starts) - max(ends)
    assert 1 < gap < 8, gap  # the column is as wide as the largest number: no wide gap after a short one


@pytest.mark.parametrize(("language", "joined"), [("en", "RFI, October 2025"), ("fr", "RFI, octobre 2025"),
                                                  ("de", "RFI, Oktober 2025"), ("es", "RFI, octubre de 2025")])
def test_publisher_and_date_are_joined_as_the_language_joins_them(tmp_path, language, joined):
    entries = _entries(_build(tmp_path, language, 2))
    assert all(joined in text for _, _, text in entries), [t for _, _, t in entries]


def test_a_url_that_does_not_fit_the_rest_of_a_line_starts_there_and_breaks_after_a_slash(tmp_path):
    """The line that holds a source's title holds the head of its URL, up to a slash, when the whole URL
    does not fit there: it is not moved whole to a line of its own."""
    from pypdf import PdfReader

    url = "https://example.org/" + "/".join(f"part{i}" for i in range(30)) + "/end.html"
    src = tmp_path / "u.yaml"
    src.write_text(yaml.safe_dump({"title": "U", "summary": ["Cited [@s]."],
                                   "sources": [{"id": "s", "title": "A title", "url": url}]}), encoding="utf-8")
    b, problems = check(str(src))
    assert b is not None, problems
    out = tmp_path / "u.pdf"
    out.write_bytes(render(b, load_theme(), tags=False))
    lines = PdfReader(str(out)).pages[0].extract_text().splitlines()
    first = next(line for line in lines if "A title" in line)
    head = first[first.index("https://"):]
    assert head != url and url.startswith(head) and head.endswith("/"), first
    assert url in "".join(line.strip() for line in lines[lines.index(first):])  # (whole, across the lines)


@pytest.mark.parametrize(("source", "printed"), [
    ({"title": "Report 1: who holds the roads?", "publisher": "RFI", "date": "2025-10"},
     "Report 1: who holds the roads? RFI, October 2025."),
    ({"title": "Report 1: who holds the roads?"}, "Report 1: who holds the roads?"),
    ({"title": "Report 1 says “enough!”", "publisher": "RFI"}, "Report 1 says “enough!” RFI."),
    ({"title": "Report 1", "publisher": "Ltd."}, "Report 1. Ltd."),
    ({"title": "Report 1", "date": "2025-10"}, "Report 1. October 2025."),
])
def test_a_title_or_publisher_that_ends_a_sentence_takes_no_second_stop(tmp_path, source, printed):
    doc = {"title": "Stops", "sections": [{"title": "Text", "body": "Cited. [@s1]"}],
           "sources": [{"id": "s1", **source}]}
    src = tmp_path / "stops.yaml"
    src.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    b, problems = check(str(src))
    assert b is not None and not problems, problems
    out = tmp_path / "stops.pdf"
    out.write_bytes(render(b, load_theme("default", "a4"), tags=False))
    (entry,) = _entries(out)
    assert entry[2] == f"1. {printed}"
