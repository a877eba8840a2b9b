"""The era strip as a flowable: draws a `StripPlan` with the canvas and the style's colours.

A strip whose key of lettered eras is set apart (see `era_strip.place`) is followed by an `EraKey`:
the key's lines, which split between pages.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from ...model import Era, Event
from ...pdf.tagging import tag
from ..inline import Ctx
from .era_strip import KEY_APART, StripPlan, StripStyle, describe, key_lines, mirrored, place
from .geometry import Label, flip_label
from .text import colors, draw_label, measure_for


class EraStrip(Flowable):
    """The whole timeline at a glance, over the text width; never split."""

    def __init__(self, ctx: Ctx, events: tuple[Event, ...], eras: tuple[Era, ...], mode: str | None = None):
        super().__init__()
        self.ctx, self.events, self.eras, self.mode = ctx, events, eras, mode
        self.style = StripStyle.of(ctx.theme)
        self.measure = measure_for(ctx)
        self._plans: dict[float, StripPlan] = {}  # platypus asks for the size more than once
        lay = ctx.theme.layout
        self.spaceBefore, self.spaceAfter = lay.get("graphic_space_before", 4.0), lay.get("graphic_space_after", 10.0)
        tag(self, alt=EraStrip.describe)  # a Figure (its text asked for when the tagger places it)

    def describe(self) -> str:
        """The strip in words: a tagged PDF makes the strip a Figure with this alternative text."""
        return describe(self.events, self.eras, self.plan(self.ctx.width).mode if self.mode is None else self.mode,
                        self.ctx.words)

    def plan(self, width: float) -> StripPlan:
        p = self._plans.get(width)
        if p is None:
            p = place(self.events, self.eras, width, self.style, self.measure, self.mode, self.ctx.words,
                      self.ctx.height * KEY_APART)
            self._plans[width] = p = mirrored(p) if self.ctx.rtl else p  # (right to left: time runs leftwards)
        return p

    def key(self) -> EraKey | None:
        """The key set apart below the strip (planned at the frame's width), if the strip has one."""
        if "_key" not in self.__dict__:
            p = self.plan(self.ctx.width)
            self._key = None
            if p.key:
                lines = key_lines(p.key, self.ctx.width, self.style.size, self.measure)
                if self.ctx.rtl:  # entries from the right
                    lines = [[flip_label(lab, self.ctx.width) for lab in line] for line in lines]
                self._key = EraKey(self.ctx, self, lines, self.style.size * 1.35, self.spaceAfter)
                self.spaceAfter = 0.0  # the key's lines follow the legend's as if in the graphic
        return self._key

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        p = self.plan(aw)
        self.width, self.height = aw, p.height
        return aw, p.height

    def draw(self) -> None:
        c = self.canv
        col = colors(self.ctx)
        p = self.plan(self.width)
        st = self.style
        c.saveState()  # dashes, widths and colours stay inside the graphic
        for box, shade, open_end in p.bands:
            c.setFillColor(col["accent_tint"] if shade == 0 else col["era_band_alt"])
            c.rect(box.x, box.y, box.w, box.h, stroke=0, fill=1)
            if open_end:  # lasts to the present: the band ends in a point (at the left, right to left)
                end, tip = (box.x, -box.h * 0.5) if self.ctx.rtl else (box.x1, box.h * 0.5)
                path = c.beginPath()
                path.moveTo(end, box.y)
                path.lineTo(end + tip, box.y + box.h * 0.5)
                path.lineTo(end, box.y1)
                path.close()
                c.drawPath(path, stroke=0, fill=1)
        c.setStrokeColor(col["rule"])
        c.setLineWidth(0.5)
        for x, y0, y1 in p.ticks:
            c.line(x, y0, x, y1)
        x0, x1, y = p.axis
        c.setStrokeColor(col["muted"])
        c.setLineWidth(0.7)
        c.line(x0, y, x1, y)
        c.setFillColor(col["graphic_track"])
        c.setStrokeColor(col["rule"])
        c.setLineWidth(0.4)
        for r in p.pills:
            c.roundRect(r.x, r.y, r.w, r.h, r.h / 2, stroke=1, fill=1)
        c.setFillColor(col["accent"])
        c.setStrokeColor(col["on_accent"])  # a light edge keeps bars apart where a dense timeline stacks them
        c.setLineWidth(0.3)
        for r in p.spans:
            c.rect(r.x, r.y, r.w, r.h, stroke=1, fill=1)
        c.setStrokeColor(col["rule"])
        c.setLineWidth(0.4)
        for x, y0, y1 in p.stems:
            c.line(x, y0, x, y1)
        for x0, x1, y in p.brackets:
            c.line(x0, y, x1, y)
        c.setStrokeColor(col["accent"])
        c.setLineWidth(0.9)
        for (x, y, filled), size in sorted(zip(p.markers, p.radii, strict=True), key=lambda m: -m[1]):  # (inner last)
            c.setFillColor(col["accent"] if filled else col["on_accent"])
            c.setStrokeColor(col["on_accent"] if filled and size < st.marker else col["accent"])
            c.circle(x, y, size, stroke=1, fill=1)
        for kind, r in p.symbols:
            cx, cy, rad = r.x + r.w / 2, r.y + r.h / 2, min(st.marker, r.h / 2)
            if kind in ("dot", "ring"):
                c.setStrokeColor(col["accent"])
                c.setFillColor(col["accent"] if kind == "dot" else col["on_accent"])
                c.circle(cx, cy, rad, stroke=1, fill=1)
            elif kind == "pill":
                c.setStrokeColor(col["rule"])
                c.setFillColor(col["graphic_track"])
                c.roundRect(r.x, r.y, r.w, r.h, r.h / 2, stroke=1, fill=1)
            else:  # bar
                c.setFillColor(col["accent"])
                c.rect(r.x, cy - st.span / 2, r.w, st.span, stroke=0, fill=1)
        for lab in p.all_labels():
            draw_label(c, self.ctx, lab)
        c.restoreState()


class EraKey(Flowable):
    """The era strip's key of lettered eras, set apart below the strip, one line of entries after another.

    It splits between lines. What it draws belongs to the strip's figure in a tagged PDF (the figure's
    alternative text names every era), as it would inside the graphic.
    """

    def __init__(self, ctx: Ctx, strip: EraStrip, lines: list[list[Label]], line_h: float, space_after: float):
        super().__init__()
        self.ctx, self.strip, self.lines, self.line_h = ctx, strip, lines, line_h
        self.spaceAfter = space_after
        tag(self, content_of=strip)  # more of the strip's Figure

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = aw, len(self.lines) * self.line_h
        return aw, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        n = int((ah + 0.01) // self.line_h)  # whole lines that fit
        if n < 1 or n >= len(self.lines):
            return []
        first = EraKey(self.ctx, self.strip, self.lines[:n], self.line_h, 0.0)
        rest = EraKey(self.ctx, self.strip, self.lines[n:], self.line_h, self.spaceAfter)
        return [first, rest]

    def draw(self) -> None:
        c = self.canv
        for k, line in enumerate(self.lines):
            y = self.height - (k + 1) * self.line_h
            for lab in line:
                draw_label(c, self.ctx, Label(lab.x, lab.y + y, lab.runs, lab.size, lab.width, lab.color))
