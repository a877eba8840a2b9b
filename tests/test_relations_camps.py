"""The relations map's camps: the names linked by alliances (or a group's `camp`), each drawn together and
framed where a column holds several, no name inside a camp it is not allied to; and the PDF draws each
alliance as a solid line and each rivalry as a dashed one, as the legend says."""

from __future__ import annotations

import pytest
from test_graphics import fake_measure, map_problems

from briefing.layout.graphics import relations
from briefing.model import Group

# The central Sahel, four-sided: the juntas and their allies, JNIM, the Islamic State Sahel, the Tuareg front.
SAHEL = (
    Group("fama", "Forces armées maliennes", short="FAMa", allies=("vdp", "africa-corps"), rivals=("jnim", "issp")),
    Group("vdp", "Volontaires pour la défense de la patrie", short="VDP", allies=("fama",), rivals=("jnim",)),
    Group("africa-corps", "Africa Corps", allies=("fama",), rivals=("jnim", "fla")),
    Group("jnim", "Jama'at Nusrat al-Islam wal-Muslimin", short="JNIM", allies=("katiba",),
          rivals=("fama", "vdp", "issp")),
    Group("katiba", "Katiba Macina", allies=("jnim",), rivals=("vdp",)),
    Group("issp", "État islamique au Sahel", short="EIS", rivals=("jnim", "fama")),
    Group("fla", "Front de libération de l'Azawad", short="FLA", allies=("CSP-DPA",), rivals=("fama", "africa-corps")),
)
CAMPS = [{"FAMa", "VDP", "Africa Corps"}, {"JNIM", "Katiba Macina"}, {"EIS"}, {"FLA", "CSP-DPA"}]


def _plan(groups, width: float = 475.0) -> relations.MapPlan:
    names = {g.id: g.short or g.name for g in groups}
    plan = relations.place(groups, names, width, relations.MapStyle(), fake_measure, 700.0)
    assert len(plan.parts) == 1 and plan.left_out == 0
    assert map_problems(plan.parts[0]) == []
    return plan.parts[0]


def _where(part: relations.MapPlan) -> dict[str, relations.Rect]:
    """Each name's box (a name of two lines: its first line's text and the next joined)."""
    out: dict[str, relations.Rect] = {}
    for box, _ in part.boxes:
        texts = [lab.text for lab in part.labels if lab.box.inside(relations.Rect(box.x, box.y - 1, box.w, box.h + 2))]
        out[" ".join(texts)] = box
    return out


def _columns(part: relations.MapPlan, where: dict[str, relations.Rect]) -> dict[float, list[str]]:
    cols: dict[float, list[str]] = {}
    for name, box in sorted(where.items(), key=lambda kv: -kv[1].y):
        cols.setdefault(box.x, []).append(name)
    return cols


@pytest.mark.parametrize("width", [300.0, 475.0])
def test_camps_are_the_groups_linked_by_alliances_each_together(width):
    part = _plan(SAHEL, width)
    where = _where(part)
    camp_of = {name: k for k, camp in enumerate(CAMPS) for name in camp}
    assert set(where) == set(camp_of)
    for names in _columns(part, where).values():  # a camp's names follow one another down a column
        runs = [camp_of[n] for n in names]
        assert all(runs.index(c) + runs.count(c) - 1 == max(i for i, r in enumerate(runs) if r == c) for c in runs)
    assert len(part.camps) == len(CAMPS)  # four camps in two columns: each framed
    for frame, members in part.camps:  # a frame holds one camp, all of it in that column, and no other name
        inside = {n for n, box in where.items() if box.inside(frame)}
        assert inside == set(members) and len({camp_of[n] for n in inside}) == 1
    # VDP with the army it fights beside: in its column and its frame, never in a jihadist one
    assert where["VDP"].x == where["FAMa"].x
    for _, members in part.camps:
        assert ("VDP" in members) == ("FAMa" in members)


def test_a_groups_camp_puts_it_with_the_camp_of_that_name():
    groups = tuple(Group(g.id, g.name, short=g.short, allies=g.allies, rivals=g.rivals,
                         camp="jihadist groups" if g.id in ("jnim", "issp") else None) for g in SAHEL)
    part = _plan(groups)
    where = _where(part)
    framed = [set(members) for _, members in part.camps]
    jihadist = next((m for m in framed if "JNIM" in m), None)
    assert where["EIS"].x == where["JNIM"].x
    if jihadist is not None:
        assert {"JNIM", "EIS", "Katiba Macina"} <= jihadist


def test_the_pdf_draws_each_alliance_solid_and_each_rivalry_dashed(seed_pdf):
    """On the map's page, one dashed stroke per rivalry and one solid accent stroke per alliance (each with
    the one in the legend), read from the page's drawing operators."""
    import pikepdf
    import yaml
    from conftest import SEED, pdf_text

    groups = yaml.safe_load((SEED / "groups.yaml").read_text(encoding="utf-8"))
    groups = groups["groups"] if isinstance(groups, dict) else groups
    pairs = {kind: {frozenset((g["id"], x)) for g in groups for x in g.get(kind, [])} for kind in ("allies", "rivals")}
    at = next(i for i, text in enumerate(pdf_text(seed_pdf)) if "ALLIES AND RIVALS" in text)
    with pikepdf.open(seed_pdf) as pdf:
        page = pdf.pages[at]
        dashed, solid_accent = 0, 0
        dash, stroke, stack = False, None, []
        for operands, op in pikepdf.parse_content_stream(page):
            name = str(op)
            if name == "q":
                stack.append((dash, stroke))
            elif name == "Q":
                dash, stroke = stack.pop()
            elif name == "d":
                dash = len(operands[0]) > 0
            elif name == "RG":
                stroke = tuple(round(float(x), 3) for x in operands)
            elif name == "S":
                if dash:
                    dashed += 1
                elif stroke == ACCENT:
                    solid_accent += 1
    assert dashed == len(pairs["rivals"]) + 1
    assert solid_accent == len(pairs["allies"]) + 1


ACCENT = tuple(round(int("1f4e79"[k:k + 2], 16) / 255, 3) for k in (0, 2, 4))



THREE = (  # three sides: the army and its militias and backers, JNIM, the Islamic State Sahel
    Group("fama", "FAMa", allies=("vdp", "Africa Corps", "Dozo hunters"), rivals=("jnim", "issp")),
    Group("vdp", "VDP", allies=("fama",), rivals=("jnim", "issp")),
    Group("jnim", "JNIM", allies=("katiba",), rivals=("fama", "issp")),
    Group("katiba", "Katiba Macina", allies=("jnim",)),
    Group("issp", "EIS", rivals=("jnim", "fama", "vdp")),
)


@pytest.mark.parametrize("width", [300.0, 475.0])
def test_three_camps_are_three_columns_and_no_line_crosses_a_name(width):
    part = _plan(THREE, width)  # (map_problems: no line runs through a box)
    where = _where(part)
    xs = {frozenset(names) for names in _columns(part, where).values()}
    assert xs == {frozenset({"FAMa", "VDP", "Africa Corps", "Dozo hunters"}), frozenset({"JNIM", "Katiba Macina"}),
                  frozenset({"EIS"})}
    assert part.camps == []  # a camp a column: no frames needed
    nodes, edges = relations.graph(THREE, {g.id: g.name for g in THREE})
    assert len(part.links) == len(edges)
    assert all(0 <= y <= part.height for link in part.links for _, y in link.points)


@pytest.mark.parametrize(("paper", "handout"), [("a4", False), ("letter", False), ("a4", True), ("letter", True)])
def test_the_sahel_briefings_map_draws_its_four_camps_as_its_alliances_make_them(paper, handout):
    """The fixture's seven groups, laid out as the build lays them out: each camp framed, holding exactly the
    names its alliances link, and no name in a camp it is not allied to."""
    from pathlib import Path

    from briefing.layout.document import context
    from briefing.layout.graphics.relations_draw import relations_plan
    from briefing.pipeline import check
    from briefing.theme import load_theme

    b, problems = check(str(Path(__file__).parent / "briefings" / "sahel-fr.yaml"))
    assert b is not None and not problems
    theme = load_theme("default", paper)
    plan = relations_plan(b, context(b, theme.for_handout() if handout else theme))
    assert plan is not None and len(plan.parts) == 1 and plan.left_out == 0
    part = plan.parts[0]
    assert map_problems(part) == []
    where = _where(part)
    names = {g.id: g.short or g.name for g in b.groups}
    camps = [{"FAMa", "VDP", "Africa Corps"}, {"JNIM", "Katiba Macina"}, {"EIS"}, {"FLA"}]
    assert set(where) == set().union(*camps)
    framed = sorted((sorted(members) for _, members in part.camps))
    assert framed == sorted(sorted(c) for c in camps), framed
    for frame, members in part.camps:
        assert {n for n, box in where.items() if box.inside(frame)} == set(members)
    allies = {frozenset((names[g.id], names.get(a, a))) for g in b.groups for a in g.allies}
    assert all(any(frozenset((x, y)) in allies for y in c if y != x) for c in camps if len(c) > 1 for x in c)
