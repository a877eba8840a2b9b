"""A small probe briefing (tests/probe/probe.yaml) read back exactly as a reader checks it:
the order of events, whose tags sit where, every paragraph, numbers, claims, literal text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import built, norm, pdf_text
from pypdf import PdfReader

PROBE = Path(__file__).resolve().parent / "probe" / "probe.yaml"

# (printed date, title, group tags) in the order a reader must find them; the file has them reversed.
EVENTS = [
    ("c. 2019", "Event Alpha around 2019", set()),
    ("31 Dec 2020", "<b>Event Bravo</b> with <font size=40>font</font>", {"KILOTAG"}),
    ("2021", "Event Charlie in 2021", {"LIMATAG"}),
    ("Apr 2021", "Event Delta in April", set()),
    ("16 Apr 2021", "Event Echo on 16 April", {"LIMATAG"}),
    ("16 Apr 2021", "Event Foxtrot same day later in file", {"KILOTAG", "LIMATAG"}),
    ("2022", "Event Golf in 2022", {"KILOTAG"}),
]
TAGS = {"KILOTAG", "LIMATAG"}


@pytest.fixture(scope="module")
def probe_pdf(tmp_path_factory) -> Path:
    return built(tmp_path_factory, PROBE, "probe")


@pytest.fixture(scope="module")
def text(probe_pdf) -> str:
    return norm(" ".join(pdf_text(probe_pdf)))


def test_events_print_in_full_date_order(text):
    """Reverse file order, a year before its month before its day, same-day events in file order.

    (The era strip above the timeline may name an event too: the timeline's own entry is the last.)
    """
    where = [text.rfind(title) for _, title, _ in EVENTS]
    assert all(i >= 0 for i in where), [t for (_, t, _), i in zip(EVENTS, where, strict=True) if i < 0]
    assert where == sorted(where), [EVENTS[i][1] for i in sorted(range(len(where)), key=where.__getitem__)]
    for _, title, _ in EVENTS:
        assert text[where[0]:].count(title) == 1, title


def test_each_event_prints_with_its_own_date(text):
    """The date column shows each event's date at the precision written, beside that event."""
    for date, title, _ in EVENTS:
        assert f"{date} {title}" in text, (date, title)


def test_each_events_tags_sit_with_that_event(text):
    titles = [t for _, t, _ in EVENTS]  # (the timeline's own entries: after any in the era strip above it)
    ends = [text.rindex(t) for t in titles[1:]] + [text.index("Group profiles")]
    for (_, title, tags), end in zip(EVENTS, ends, strict=True):
        between = text[text.rindex(title) + len(title):end]
        assert {t for t in TAGS if t in between} == tags, (title, between)
        for t in tags:
            assert between.count(t) == 1, (title, between)


def test_three_paragraph_section_prints_every_paragraph_in_order(text):
    parts = ["Three paragraphs", "Paragraph one alpha.", "Paragraph two bravo.", "Paragraph three charlie.",
             "Chronology", "Text after the paragraphs.", "Timeline"]
    where = [text.find(p) for p in parts]
    assert -1 not in where, [p for p, i in zip(parts, where, strict=True) if i < 0]
    assert where == sorted(where)


def test_plain_numbers_gain_thousands_separators(text):
    assert "60,000 Fighters counted" in text
    assert "1,234.5 Decimal count" in text
    assert "60000" not in text and "1234.5" not in text


def test_claimed_figure_says_who_claims_it(text):
    assert "500 Claimed by a note Claimed by Kilo Front spokesman claimed" in text  # from the figure's note
    assert "42 Claimed by a source Claimed by Ministry of Probes claimed" in text  # from its source's publisher


def test_entity_in_figure_label_prints_literally(text):
    assert "7 Roads &amp; bridges" in text
    assert "Roads & bridges" not in text


def test_markup_in_event_title_prints_literally(text):
    assert "<b>Event Bravo</b> with <font size=40>font</font>" in text


def _outline(probe_pdf: Path) -> list[tuple[int, str]]:
    """(depth, title) of every outline entry, in document order."""
    out: list[tuple[int, str]] = []

    def walk(items, depth: int) -> None:
        for it in items:
            if isinstance(it, list):
                walk(it, depth + 1)
            else:
                out.append((depth, it.title))

    walk(PdfReader(str(probe_pdf)).outline, 0)
    return out


def test_included_component_is_nested_under_its_section(probe_pdf):
    entries = _outline(probe_pdf)
    i = entries.index((0, "Chronology"))
    assert entries[i + 1] == (1, "Timeline"), entries
    assert (0, "Three paragraphs") in entries and (0, "Sources") in entries, entries


def test_component_no_section_includes_stands_at_section_level(probe_pdf):
    entries = _outline(probe_pdf)
    assert (0, "Group profiles") in entries and (0, "Key figures") in entries, entries


def test_sources_are_numbered_in_order_of_first_citation(text):
    listed = text[text.rindex("Sources"):]
    assert re.search(r"1\. Yankee report\. 2\. Zulu report\. 3\. Ministry bulletin", listed), listed


def test_value_that_is_not_a_plain_decimal_prints_as_typed(tmp_path):
    from briefing.pipeline import build

    typed = ["3.50", "3:1", "0x1F", "007"]
    src = tmp_path / "v.yaml"
    rows = "".join(f"  - value: {v}\n    label: Row{i}\n" for i, v in enumerate(typed))
    src.write_text(f"title: T\nfigures:\n{rows}", encoding="utf-8")
    out = tmp_path / "v.pdf"
    res = build(str(src), str(out))
    assert res.ok, res.problems
    text = norm(" ".join(pdf_text(out)))
    assert [v for i, v in enumerate(typed) if f"{v} Row{i}" not in text] == [], text
