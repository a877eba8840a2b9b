"""The relations map on the canvas: one flowable per connected part, and one for the legend."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ...model import Briefing
from ...pdf.tagging import tag
from ..inline import Ctx
from .relations import MapPlan, MapStyle, RelationsPlan, place, wanted
from .text import draw_label, measure_for


def relations_plan(b: Briefing, ctx: Ctx) -> RelationsPlan | None:
    """The map of a briefing's groups at the frame's width, or None when it would show nothing."""
    if not wanted(b.groups):
        return None
    plan = place(b.groups, ctx.groups, ctx.width, MapStyle.of(ctx.theme), measure_for(ctx), ctx.height * 0.85,
                 ctx.words)
    if not (plan.parts or plan.left_out):
        return None
    return plan.mirrored() if ctx.rtl else plan


class MapPart(Flowable):
    """A connected part of the relations map (or its legend), drawn as placed; never split."""

    def __init__(self, ctx: Ctx, plan: MapPlan, style: MapStyle):
        super().__init__()
        self.ctx, self.plan, self.style = ctx, plan, style
        if plan.summary:  # a part of the map (not its legend): a Figure in a tagged PDF, with this text
            tag(self, alt=plan.summary)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = self.plan.width, self.plan.height
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        col = self.ctx.colors
        p, st = self.plan, self.style
        c.saveState()
        c.setLineWidth(st.line)
        for link in p.links:
            ally = link.kind == "ally"
            c.setStrokeColor(col["accent"] if ally else col["muted"])
            c.setDash([] if ally else [3.2, 2.2])
            pts = link.points
            if len(pts) == 2:
                c.line(pts[0][0], pts[0][1], pts[1][0], pts[1][1])
            else:
                path = c.beginPath()
                path.moveTo(*pts[0])
                if len(pts) == 4:  # an arc
                    path.curveTo(*pts[1], *pts[2], *pts[3])
                else:  # straight lines round the names between two columns
                    for pt in pts[1:]:
                        path.lineTo(*pt)
                c.drawPath(path, stroke=1, fill=0)
        c.setDash()
        c.setLineWidth(0.6)
        c.setStrokeColor(col["rule"])
        for r, _ in p.camps:  # a frame around each camp of a column that holds several
            c.roundRect(r.x, r.y, r.w, r.h, 4, stroke=1, fill=0)
        for r, inside in p.boxes:
            if inside:
                c.setFillColor(col["accent"])
                c.roundRect(r.x, r.y, r.w, r.h, 2, stroke=0, fill=1)
            else:
                c.setFillColor(col["on_accent"])
                c.setStrokeColor(col["rule"])
                c.roundRect(r.x, r.y, r.w, r.h, min(r.h / 2, 7), stroke=1, fill=1)
        for kind, r in p.symbols:
            mid = r.y + r.h / 2
            if kind == "group":
                c.setFillColor(col["accent"])
                c.roundRect(r.x, r.y, r.w, r.h, 1.5, stroke=0, fill=1)
            elif kind == "outside":
                c.setFillColor(col["on_accent"])
                c.setStrokeColor(col["rule"])
                c.roundRect(r.x, r.y, r.w, r.h, r.h / 2, stroke=1, fill=1)
            else:
                c.setLineWidth(st.line)
                c.setStrokeColor(col["accent"] if kind == "ally" else col["muted"])
                c.setDash([] if kind == "ally" else [3.2, 2.2])
                c.line(r.x, mid, r.x1, mid)
                c.setDash()
        for lab in p.labels:
            draw_label(c, self.ctx, lab)
        c.restoreState()


def map_flowables(ctx: Ctx, plan: RelationsPlan) -> list[Flowable]:
    """The parts, each kept whole, then the legend and, if parts were too large to draw, a note saying so."""
    st = MapStyle.of(ctx.theme)
    out: list[Flowable] = []
    for k, part in enumerate(plan.parts):
        f = MapPart(ctx, part, st)
        f.spaceBefore = 0 if k == 0 else st.row_gap * 1.5
        out.append(f)
    if plan.legend is not None:
        leg = MapPart(ctx, plan.legend, st)
        leg.spaceBefore = st.row_gap
        out.append(leg)
        out[-2].keepWithNext = True  # the legend never starts a page alone (parts may: each is a whole)
    if plan.left_out:
        out.append(ctx.para(ctx.words.word("map_left_out", count=plan.left_out), "small_muted"))
    out[-1].spaceAfter = ctx.theme.layout.get("graphic_space_after", 10.0)
    return out
