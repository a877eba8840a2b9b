"""A timeline across pages: an era's head never stays alone at a page foot, and a page that continues
an era opens with its name again."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import norm, run_cli

ERAS = [{"title": "Early era", "start": 1900, "end": 1930}, {"title": "Middle era", "start": 1931, "end": 1960},
        {"title": "Late era", "start": 1961}]
TEXT = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore."


@pytest.fixture(scope="module", params=[0, 1, 3, 5, 26, 27])  # (26 and 27 put an era head at a page foot)
def pages(request, tmp_path_factory) -> list[list[str]]:
    """The lines of each page of a long timeline; each param shifts where the page breaks fall."""
    events = [{"date": 1900 + i, "title": f"Event {i}", "text": TEXT} for i in range(80)]
    doc = {"title": "Timeline probe", "summary": ["A point."] * request.param, "timeline": events, "eras": ERAS}
    d = tmp_path_factory.mktemp("tl")
    (d / "t.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    r = run_cli("build", str(d / "t.yaml"), "-o", str(d / "t.pdf"))
    assert r.returncode == 0, r.stderr.decode()
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(d / "t.pdf"))
    try:
        return [[norm(x) for x in pdf[i].get_textpage().get_text_range().splitlines() if x.strip()]
                for i in range(len(pdf))]
    finally:
        pdf.close()


def _rows(lines: list[str]) -> list[str]:
    """The timeline's rows on a page: 'ERA …' heads and 'Event n' titles, in order."""
    found = (re.search(r"((?:[A-Z]+ )+ERA(?: \(continued\))?|Event \d+)$", x) for x in lines)
    return [m[1] for m in found if m]


def test_an_era_head_is_never_last_on_a_page(pages):
    with_rows = 0
    for n, lines in enumerate(pages, 1):
        rows = _rows(lines)
        assert not rows or not rows[-1].endswith("ERA"), (n, rows[-3:])
        with_rows += bool(rows)
    assert with_rows >= len(pages) - 1  # (page 1 may hold only the key points)


def test_a_page_that_continues_an_era_opens_with_its_name(pages):
    era_of = {}
    for i in range(80):
        era_of[f"Event {i}"] = "EARLY ERA" if i <= 30 else "MIDDLE ERA" if i <= 60 else "LATE ERA"
    seen_first = False
    for lines in pages:
        rows = _rows(lines)
        if not rows:
            continue
        if seen_first and rows[0].startswith("Event"):
            pytest.fail(f"a page opens with {rows[0]} without its era's name")
        if seen_first and rows[0].endswith("(continued)"):
            assert rows[0] == f"{era_of[rows[1]]} (continued)", rows[:2]
        seen_first = True
    assert sum(r.endswith("(continued)") for lines in pages for r in _rows(lines)) >= 3


def _laid_out(tmp_path, doc: dict, name: str) -> list[list[str]]:
    import pypdfium2

    (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    r = run_cli("build", str(tmp_path / f"{name}.yaml"), "-o", str(tmp_path / f"{name}.pdf"))
    assert r.returncode == 0, r.stderr.decode()
    pdf = pypdfium2.PdfDocument(str(tmp_path / f"{name}.pdf"))
    try:
        return [[norm(x) for x in pdf[i].get_textpage().get_text_range().splitlines() if x.strip()]
                for i in range(len(pdf))]
    finally:
        pdf.close()


def test_the_head_of_an_era_of_two_events_keeps_with_them(tmp_path):
    """(Both events of such an era go together, so that the last is not alone at a page head: the head
    goes with them, not alone at the foot of the page before.)"""
    eras = [{"title": f"{w} era", "start": 1900 + 2 * k, "end": 1901 + 2 * k}
            for k, w in enumerate(["Early", "Middle", "Late", "Last"] * 5)]
    events = [{"date": 1900 + i, "title": f"Event {i}", "text": " ".join([TEXT] * (1 + i % 3))} for i in range(40)]
    at_foot = 0
    for filler in range(0, 16, 3):
        doc = {"title": "Pairs", "summary": ["A point."] * filler, "timeline": events, "eras": eras}
        pages = _laid_out(tmp_path, doc, f"pairs-{filler}")
        for n, lines in enumerate(pages, 1):
            rows = _rows(lines)
            assert not rows or not rows[-1].endswith("ERA"), (filler, n, rows[-3:])
            at_foot += n > 1 and bool(rows) and rows[0].endswith("ERA")
    assert at_foot  # (some filler put an era's head at a page head: it went with its events)


def test_an_event_in_the_month_two_eras_share_is_of_the_later():
    from briefing.dates import PDate
    from briefing.layout.graphics.era_strip import _key_choices
    from briefing.model import Era, Event, era_of

    a, b = Era("A", PDate(2012, 1), PDate(2020, 8)), Era("B", PDate(2020, 8), PDate(2023, 9))
    c = Era("C", PDate(2023, 9))
    assert era_of(PDate(2020, 8, 18), (a, b, c)) is b and era_of(PDate(2020, 8), (a, b, c)) is b
    assert era_of(PDate(2020), (a, b, c)) is a  # (a year: it comes before an era that starts in its August)
    assert era_of(PDate(2020, 7, 31), (a, b, c)) is a and era_of(PDate(2023, 9, 16), (a, b, c)) is c
    assert era_of(PDate(2011, 12), (a, b, c)) is None
    # the era strip titles the first and last event of each era, by the same membership
    dates = [PDate(2013), PDate(2015), PDate(2020, 8, 18), PDate(2021), PDate(2022)]
    events = [Event(d, f"E{i}") for i, d in enumerate(dates)]
    assert _key_choices(events, [a, b], [float(i) for i in range(5)], 200.0, None)[0] == {0, 1, 2, 4}
