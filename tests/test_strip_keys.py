"""The era strip's marks: every mark drawn is labelled with its title or numbered as in the timeline list.

Property tests at 1, 5, 23, 60 and 300 events, with and without `key` events: no unlabelled mark, no two
labels overlapping, key events labelled with their titles; and a built timeline shows each number the
strip draws beside its event.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import SEED, norm, pdf_text, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from test_graphics import STYLES, fake_measure, group_problems, strip_problems

from briefing.dates import PDate
from briefing.layout.graphics import era_strip
from briefing.model import Era, Event

COUNTS = [1, 5, 23, 60, 300]


@st.composite
def timelines(draw, n: int):
    days = draw(st.lists(st.integers(0, 40 * 365), min_size=n, max_size=n))
    keys = draw(st.sampled_from(["none", "few", "many"]))
    events = []
    for i, d in enumerate(sorted(days)):
        year, rest = divmod(d, 365)
        key = keys == "few" and i % max(1, n // 3) == 0 or keys == "many" and i % 2 == 0
        events.append(Event(PDate(1980 + year, rest // 31 + 1, rest % 28 + 1), f"Event number {i} happened here",
                            key=key))
    cuts = sorted(set(draw(st.lists(st.integers(1981, 2019), max_size=4))))
    eras = [Era(f"Era {k}", PDate(a), PDate(b - 1)) for k, (a, b) in enumerate(zip([1980, *cuts], [*cuts, 2021],
                                                                                  strict=True))]
    return tuple(events), tuple(eras)


@pytest.mark.parametrize("n", COUNTS)
@settings(max_examples=8, deadline=None)
@given(data=st.data())
def test_every_drawn_mark_is_labelled_or_numbered(n, data):
    events, eras = data.draw(timelines(n))
    width = data.draw(st.sampled_from([300.0, 480.0]))
    style = data.draw(st.sampled_from(STYLES))
    plan = era_strip.place(events, eras, width, style, fake_measure)
    assert strip_problems(plan) == []
    assert len(plan.markers) == len(plan.drawn)
    assert sorted(plan.drawn) == sorted([*plan.titled, *plan.numbers]), plan.mode
    assert not set(plan.titled) & set(plan.numbers)
    for i, text in plan.numbers.items():
        assert text == str(i + 1)  # the number printed beside the event in the timeline list
    assert len(plan.drawn) == len(events)  # every event has its mark
    assert plan.mode != "marks"  # (and a title or a number: never markers alone)
    assert group_problems(plan) == []
    full = sorted(x for (x, _, _), r in zip(plan.markers, plan.radii, strict=True) if r == style.marker)
    assert all(b - a > style.marker for a, b in zip(full, full[1:], strict=False)), "a marker hides another"
    assert len(plan.radii) == len(plan.markers) and min(plan.radii) > 0
    keys = [i for i, e in enumerate(events) if e.key]
    if keys and len(keys) <= 3 and width >= 480:  # a few key events: each labelled with its title
        assert set(keys) <= set(plan.titled), (plan.mode, keys, plan.titled)


def test_without_keys_the_first_and_last_of_each_era_are_titled():
    eras = (Era("Early", PDate(2000), PDate(2009)), Era("Late", PDate(2010), PDate(2020)))
    events = tuple(Event(PDate(2000 + i), f"A rather long title for the event number {i} of the era")
                   for i in range(21))
    plan = era_strip.place(events, eras, 480.0, STYLES[0], fake_measure)
    assert plan.mode == "mixed"
    early = [i for i, e in enumerate(events) if e.date.year <= 2009]
    late = [i for i, e in enumerate(events) if e.date.year >= 2010]
    assert {early[0], early[-1], late[0], late[-1]} <= set(plan.titled)
    assert sorted([*plan.titled, *plan.numbers]) == list(range(21))


def test_a_key_event_is_titled_and_the_timeline_numbers_the_others(tmp_path):
    events = [{"date": f"2021-{1 + i % 12:02d}-{1 + i:02d}", "title": f"A long title for the event number {i}",
               **({"key": True} if i in (3, 17) else {})} for i in range(24)]
    src = tmp_path / "k.yaml"
    src.write_text(yaml.safe_dump({"title": "Keys", "timeline": events}), encoding="utf-8")
    out = tmp_path / "k.pdf"
    r = run_cli("build", str(src), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    text = norm(" ".join(pdf_text(out)))
    ordered = sorted(events, key=lambda e: e["date"])
    for n, e in enumerate(ordered, 1):
        if e.get("key"):  # titled on the strip, not numbered in the list
            assert f"{n} {e['title']}" not in text and e["title"] in text
        else:
            assert f"{n} {e['title']}" in text


@settings(max_examples=30, deadline=None)
@given(start=st.integers(0, 11), months=st.integers(2, 30), n=st.integers(2, 12),
       width=st.sampled_from([300.0, 480.0]))
def test_each_month_tick_names_the_month_that_begins_at_it(start, months, n, width):
    """Where the ticks are months, the time at a tick (read from the markers' places) is the first day of
    the month its label names."""
    from briefing.labels import labels_for

    words = labels_for("en")
    first = 2020 * 12 + start
    stamps = sorted({first + round(k * months / (n - 1)) for k in range(n)})
    events = tuple(Event(PDate(m // 12, m % 12 + 1, 15), f"E{k}") for k, m in enumerate(stamps))
    plan = era_strip.place(events, (), width, STYLES[0], fake_measure)
    (xa, _, _), (xb, _, _) = plan.markers[0], plan.markers[-1]
    ta, tb = (sum(era_strip.period(e.date)) / 2 for e in (events[0], events[-1]))

    def time_at(x: float) -> float:
        return ta + (x - xa) * (tb - ta) / (xb - xa)

    names = {words.date(PDate(y, m)): (y, m) for y in range(2018, 2025) for m in range(1, 13)}
    month_ticks = [(lab, x) for lab, (x, _, _) in zip(plan.tick_labels, plan.ticks, strict=True) if lab.text in names]
    assert month_ticks or months > 12  # (a year or less: the ticks are months)
    for lab, x in month_ticks:
        y, m = names[lab.text]
        assert abs(time_at(x) - (y + (m - 1) / 12)) < 0.1 / 12, (lab.text, time_at(x) * 12 % 12)


SAHEL = Path(__file__).parent / "briefings" / "sahel-fr.yaml"


@pytest.mark.parametrize("source", [SAHEL, SEED], ids=["sahel", "seed"])
@pytest.mark.parametrize("style", ["default", "print"])
@pytest.mark.parametrize(("paper", "handout"), [("a4", False), ("letter", False), ("a4", True), ("letter", True)])
def test_every_event_of_a_dense_strip_is_marked_and_titled_or_numbered(source, style, paper, handout):
    """The central Sahel's 23 events, eight of them within a year and a half, and the seed's, on every page
    size: each has its marker, and each marker its title, its number or its group's label."""
    from briefing.layout.document import context
    from briefing.layout.graphics.era_strip_draw import EraStrip
    from briefing.layout.timeline import build
    from briefing.pipeline import check
    from briefing.theme import load_theme

    b, problems = check(str(source))
    assert b is not None and not problems
    n = len(b.timeline)
    theme = load_theme(style, paper)
    ctx = context(b, theme.for_handout() if handout else theme)
    strip = next(f for f in build(b, ctx) if isinstance(f, EraStrip))
    plan = strip.plan(ctx.width)
    assert n >= 12 and len(plan.drawn) == len(plan.markers) == n
    assert sorted([*plan.titled, *plan.numbers]) == list(range(n)) and not set(plan.titled) & set(plan.numbers)
    assert plan.titled  # (some events keep their titles)
    assert strip_problems(plan) == [] and group_problems(plan) == []
    assert _bands_crossed(plan) == []  # (each group within an era's band)


def _bands_crossed(plan: era_strip.StripPlan) -> list[list[int]]:
    """The groups whose markers stand in more than one era's band."""
    xs = dict(zip(plan.drawn, (x for x, _, _ in plan.markers), strict=True))
    out = []
    for members in plan.groups:
        inside = [{k for k, (box, _, _) in enumerate(plan.bands) if box.x - 0.6 <= xs[i] <= box.x1 + 0.6}
                  for i in members]
        if not all(inside[0] & b for b in inside):
            out.append(members)
    return out


def test_a_right_to_left_strip_mirrors_each_groups_bracket_with_its_markers():
    import copy

    events = tuple(Event(PDate(2020 + i // 12, i % 12 + 1, 1 + i % 5), f"Event number {i} happened") for i in range(60))
    plan = era_strip.place(events, (), 300.0, STYLES[0], fake_measure)
    assert plan.groups
    flipped = era_strip.mirrored(copy.deepcopy(plan))
    assert strip_problems(flipped) == [] and group_problems(flipped) == []
    assert flipped.brackets == [(round(300.0 - x1, 2), round(300.0 - x0, 2), y) for x0, x1, y in plan.brackets]


# Sixty events in five eras, two of them narrow at the strip's right end, on 300 points: a label for each
# era's band cannot all be placed there (one pointing right into one pointing left), so groups run across.
NARROW_ENDS = [(1980, 0, 0, 0), (1982, 0, 0, 0), (1982, 0, 0, 0), (1982, 4, 0, 0), (1983, 5, 26, 0), (1983, 10, 0, 0),
               (1984, 0, 0, 0), (1984, 12, 9, 0), (1985, 0, 0, 0), (1985, 3, 10, 0), (1986, 1, 1, 0), (1986, 1, 5, 0),
               (1986, 4, 0, 0), (1987, 0, 0, 0), (1987, 3, 1, 1), (1987, 5, 27, 0), (1987, 8, 0, 0), (1988, 7, 0, 0),
               (1990, 3, 0, 0), (1991, 2, 0, 0), (1991, 10, 0, 0), (1992, 1, 10, 0), (1993, 12, 24, 0), (1994, 0, 0, 0),
               (1994, 1, 3, 0), (1994, 6, 24, 1), (1994, 7, 0, 0), (1995, 9, 27, 0), (1996, 6, 0, 0), (1997, 3, 28, 0),
               (2000, 3, 19, 0), (2000, 5, 0, 0), (2000, 6, 20, 0), (2000, 9, 11, 0), (2001, 12, 20, 0),
               (2002, 1, 5, 0), (2004, 0, 0, 1), (2005, 9, 25, 1), (2007, 7, 8, 0), (2008, 8, 18, 0), (2009, 8, 0, 0),
               (2010, 0, 0, 0), (2010, 4, 12, 0), (2011, 0, 0, 0), (2012, 12, 19, 0), (2013, 10, 5, 0),
               (2014, 4, 0, 0), (2015, 0, 0, 0), (2016, 4, 10, 0), (2017, 0, 0, 0), (2017, 0, 0, 0), (2017, 4, 20, 1),
               (2017, 7, 7, 0), (2017, 8, 22, 0), (2018, 0, 0, 0), (2018, 2, 4, 0), (2019, 0, 0, 0), (2019, 0, 0, 0),
               (2019, 1, 3, 0), (2019, 2, 21, 0)]


def test_where_no_label_fits_each_eras_band_groups_run_across_them():
    events = tuple(Event(PDate(y, m, d), f"Event number {i} happened here", key=bool(k))
                   for i, (y, m, d, k) in enumerate(NARROW_ENDS))
    eras = tuple(Era(f"Era {k}", PDate(a), PDate(b - 1))
                 for k, (a, b) in enumerate(zip([1980, 1984, 2007, 2014, 2018], [1984, 2007, 2014, 2018, 2021],
                                                strict=True)))
    plan = era_strip.place(events, eras, 300.0, STYLES[1], fake_measure)
    assert plan.mode != "marks" and len(plan.drawn) == len(events)
    assert sorted([*plan.titled, *plan.numbers]) == list(range(len(events)))
    assert strip_problems(plan) == [] and group_problems(plan) == []
    assert _bands_crossed(plan)  # (the case this is: else the bands would hold their groups)


@pytest.mark.parametrize("rtl", [False, True])
def test_a_labels_date_comes_first_in_reading_order(rtl):
    """A strip label's runs (its date, then its title) are set in reading order: from the right in a
    right-to-left document."""
    import io

    import pypdfium2
    from reportlab.pdfgen.canvas import Canvas

    from briefing.layout.document import context
    from briefing.layout.graphics.geometry import Label
    from briefing.layout.graphics.text import draw_label
    from briefing.pipeline import check
    from briefing.theme import load_theme

    src = Path(__file__).parent / "briefings" / ("rtl-fa-AF.yaml" if rtl else "three-pages.yaml")
    b, _ = check(str(src))
    ctx = context(b, load_theme("default"))
    assert ctx.rtl == rtl
    out = io.BytesIO()
    c = Canvas(out, pagesize=(400, 100))
    draw_label(c, ctx, Label(20, 50, (("Datemark", True), (" ", False), ("Titlemark", False)), 9, 120, "text"))
    c.save()
    pdf = pypdfium2.PdfDocument(out.getvalue())
    try:
        tp = pdf[0].get_textpage()
        text = tp.get_text_range()
        at = {w: tp.get_charbox(text.index(w[0]) if w[0] in text else text.index(w[-1]))[0]
              for w in ("Datemark", "Titlemark")}
    finally:
        pdf.close()
    assert (at["Datemark"] > at["Titlemark"]) == rtl, at
