"""The matching rules of `briefing.editions.compare`: which items of two editions are the same item."""

from __future__ import annotations

import textwrap
from pathlib import Path

from briefing.editions import compare
from briefing.load import load

BASE = """
title: T
summary: ["First point.", "Second point."]
sections:
  - {title: Overview, body: Text.}
timeline:
  - {date: 2020, title: Alpha}
  - {date: 2021, title: Beta}
groups:
  - {id: g1, name: Group one}
figures:
  - {value: "10", label: Fighters}
actors:
  - {name: Pakistan, position: neutral}
outlook:
  - {horizon: Short term, text: Nothing changes.}
sources:
  - {id: s1, title: Source one}
"""


def briefing(tmp_path: Path, text: str, name: str):
    p = tmp_path / f"{name}.yaml"
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    b, problems = load(str(p))
    assert b is not None, [str(x) for x in problems]
    return b


def changes(tmp_path: Path, old: str, new: str) -> list[tuple[str, str, str, tuple[str, ...]]]:
    ch = compare(briefing(tmp_path, old, "old"), briefing(tmp_path, new, "new"))
    return [(c.part, c.kind, c.name, tuple(f.name for f in c.fields)) for c in ch.changes]


def test_same_edition_has_no_change(tmp_path):
    ch = compare(briefing(tmp_path, BASE, "old"), briefing(tmp_path, BASE, "new"))
    assert ch.changes == []
    assert ch.unchanged == {"summary": 2, "sections": 1, "timeline": 2, "groups": 1, "figures": 1, "actors": 1,
                            "outlook": 1, "sources": 1}


def test_order_in_the_file_does_not_matter(tmp_path):
    moved = BASE.replace("  - {date: 2020, title: Alpha}\n  - {date: 2021, title: Beta}\n",
                         "  - {date: 2021, title: Beta}\n  - {date: 2020, title: Alpha}\n")
    assert changes(tmp_path, BASE, moved) == []


def test_reworded_event_on_the_same_date_is_changed(tmp_path):
    new = BASE.replace("title: Alpha}", "title: Alpha reworded}")
    assert changes(tmp_path, BASE, new) == [("timeline", "changed", "Alpha reworded", ("title",))]


def test_event_with_a_new_date_and_title_is_removed_and_added(tmp_path):
    new = BASE.replace("{date: 2020, title: Alpha}", "{date: 2019, title: Gamma}")
    assert changes(tmp_path, BASE, new) == [("timeline", "added", "Gamma", ()), ("timeline", "removed", "Alpha", ())]


def test_event_id_follows_a_new_date(tmp_path):
    old = BASE.replace("{date: 2020, title: Alpha}", "{id: a, date: 2020, title: Alpha}")
    new = BASE.replace("{date: 2020, title: Alpha}", "{id: a, date: 2019, title: Alpha moved}")
    assert changes(tmp_path, old, new) == [("timeline", "changed", "Alpha moved", ("date", "title"))]


def test_different_ids_are_never_the_same_item(tmp_path):
    old = BASE.replace("{date: 2020, title: Alpha}", "{id: a, date: 2020, title: Alpha}")
    new = BASE.replace("{date: 2020, title: Alpha}", "{id: b, date: 2020, title: Alpha}")
    assert changes(tmp_path, old, new) == [("timeline", "added", "Alpha", ()), ("timeline", "removed", "Alpha", ())]


def test_an_id_given_in_one_edition_only_still_matches(tmp_path):
    new = BASE.replace("{date: 2020, title: Alpha}", "{id: a, date: 2020, title: Alpha}")
    assert changes(tmp_path, BASE, new) == [("timeline", "changed", "Alpha", ("id",))]


def test_figure_by_label_or_by_id(tmp_path):
    new = BASE.replace('{value: "10", label: Fighters}', '{value: "12", label: Fighters}')
    assert changes(tmp_path, BASE, new) == [("figures", "changed", "Fighters", ("value",))]
    relabelled = BASE.replace('{value: "10", label: Fighters}', '{value: "10", label: Armed men}')
    assert changes(tmp_path, BASE, relabelled) == [("figures", "added", "Armed men", ()),
                                                   ("figures", "removed", "Fighters", ())]
    old = BASE.replace('{value: "10", label: Fighters}', '{id: f, value: "10", label: Fighters}')
    new = BASE.replace('{value: "10", label: Fighters}', '{id: f, value: "10", label: Armed men}')
    assert changes(tmp_path, old, new) == [("figures", "changed", "Armed men", ("label",))]


def test_groups_and_sources_by_id(tmp_path):
    new = BASE.replace("{id: g1, name: Group one}", "{id: g1, name: Group renamed}")
    assert changes(tmp_path, BASE, new) == [("groups", "changed", "Group renamed", ("name",))]
    new = BASE.replace("{id: g1, name: Group one}", "{id: g2, name: Group one}")
    assert changes(tmp_path, BASE, new) == [("groups", "added", "Group one", ()),
                                            ("groups", "removed", "Group one", ())]
    new = BASE.replace("{id: s1, title: Source one}", "{id: s1, title: Source one, publisher: UN}")
    assert changes(tmp_path, BASE, new) == [("sources", "changed", "Source one", ("publisher",))]


def test_actors_by_name_sections_by_title_scenarios_by_horizon(tmp_path):
    new = BASE.replace("{name: Pakistan, position: neutral}", "{name: Pakistan, position: hostile}")
    assert changes(tmp_path, BASE, new) == [("actors", "changed", "Pakistan", ("position",))]
    new = BASE.replace("{title: Overview, body: Text.}", "{title: Overview, body: New text.}")
    assert changes(tmp_path, BASE, new) == [("sections", "changed", "Overview", ("body",))]
    new = BASE.replace("{title: Overview, body: Text.}", "{title: Summary, body: Text.}")
    assert changes(tmp_path, BASE, new) == [("sections", "added", "Summary", ()),
                                            ("sections", "removed", "Overview", ())]
    new = BASE.replace("{horizon: Short term, text: Nothing changes.}", "{horizon: Short term, text: Talks.}")
    assert changes(tmp_path, BASE, new) == [("outlook", "changed", "Short term", ("text",))]


def test_key_points_by_text_then_position(tmp_path):
    swapped = BASE.replace('["First point.", "Second point."]', '["Second point.", "First point."]')
    assert changes(tmp_path, BASE, swapped) == []
    reworded = BASE.replace('["First point.", "Second point."]', '["First point, reworded.", "Second point."]')
    assert changes(tmp_path, BASE, reworded) == [("summary", "changed", "First point, reworded.", ("text",))]
    more = BASE.replace('["First point.", "Second point."]', '["First point.", "Second point.", "Third."]')
    assert changes(tmp_path, BASE, more) == [("summary", "added", "Third.", ())]


def test_figure_direction(tmp_path):
    def direction(a: str, b: str) -> str | None:
        old = BASE.replace('value: "10"', f'value: "{a}"')
        new = BASE.replace('value: "10"', f'value: "{b}"')
        (c,) = compare(briefing(tmp_path, old, "old"), briefing(tmp_path, new, "new")).changes
        return c.direction

    assert (direction("10", "12"), direction("27%", "25%"), direction("Nearly 20", "20"),
            direction("10", "a dozen"), direction("10%", "10")) == ("up", "down", "same", None, None)


def test_equal_key_points_are_told_apart(tmp_path):
    old = BASE.replace('["First point.", "Second point."]', '["Same.", "Same.", "Old."]')
    new = BASE.replace('["First point.", "Second point."]', '["Same.", "Same.", "New."]')
    assert changes(tmp_path, old, new) == [("summary", "changed", "New.", ("text",))]
    new = BASE.replace('["First point.", "Second point."]', '["Same."]')
    assert changes(tmp_path, old, new) == [("summary", "removed", "Same.", ()), ("summary", "removed", "Old.", ())]
