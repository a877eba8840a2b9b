"""The era strip's titles cut at a word: when the whole titles do not fit in the lanes, each is cut as
far as the lanes need, and every event keeps its title rather than showing its number."""

from __future__ import annotations

import pytest
from test_graphics import STYLES, fake_measure, strip_problems

from briefing.dates import PDate
from briefing.layout.graphics import era_strip
from briefing.model import Event

TITLE = "Talks in the northern valley collapse after the long siege number {}"


@pytest.mark.parametrize("n", [6, 8, 10])
def test_titles_too_long_for_the_lanes_are_cut_not_numbered(n):
    events = tuple(Event(PDate(2000 + i), TITLE.format(i)) for i in range(n))
    plan = era_strip.place(events, (), 480.0, STYLES[0], fake_measure)
    assert strip_problems(plan) == []
    assert plan.mode == "titles" and sorted(plan.titled) == list(range(n)) and not plan.numbers
    titles = [lab.runs[-1][0] for lab in plan.labels]
    cut = [t for t in titles if t.endswith("…")]
    assert cut, titles  # (the whole titles do not fit: the search had to try narrower ones)
    for t in cut:  # each cut at a word of its own title
        assert any(TITLE.format(i).startswith(t[:-1] + " ") for i in range(n)), t


@pytest.mark.parametrize("n", [5, 7, 9])
def test_long_titles_are_cut_to_make_room_for_one_that_cannot_be(n):
    # the last event's one-word title cannot be cut: the long ones before it are cut until it fits too
    events = tuple(Event(PDate(2000 + i), "Ceasefire" if i == n - 1 else TITLE.format(i)) for i in range(n))
    plan = era_strip.place(events, (), 480.0, STYLES[0], fake_measure)
    assert strip_problems(plan) == []
    assert plan.mode == "titles" and sorted(plan.titled) == list(range(n)) and not plan.numbers
    titles = [lab.runs[-1][0] for lab in plan.labels]
    assert "Ceasefire" in titles and any(t.endswith("…") for t in titles), titles
