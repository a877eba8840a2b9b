"""Figure marks on the canvas: the value cell of the figures table and the cards of page 1's strip.

In: figures and a `Ctx`. Out: flowables that set the value as a paragraph
(so it wraps, and prints exactly as typed), draw the trend's arrow beside
it and the figure's mark (see `figure_marks`) under it.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from ...model import Figure
from ...pdf import fonts
from ...pdf.tagging import inherit, tag
from ...pdf.textpara import TextPara
from ..columns import cell, unbroken
from ..common import mirror
from ..inline import Ctx
from .figure_marks import MarkPlan, MarkStyle, arrow, mirrored, place
from .text import colors, draw_label, measure_for


def draw_mark(c, ctx: Ctx, plan: MarkPlan, x: float, y: float) -> None:
    """Draw a mark with its lower left corner at (x, y)."""
    col = colors(ctx)
    c.saveState()
    c.translate(x, y)
    c.setFillColor(col["graphic_track"])
    for r in plan.tracks:
        c.rect(r.x, r.y, r.w, r.h, stroke=0, fill=1)
    c.setFillColor(col["rule"])
    for r in plan.base:
        c.rect(r.x, r.y, r.w, r.h, stroke=0, fill=1)
    c.setStrokeColor(col["accent"])
    c.setLineWidth(0.6)
    for r in plan.bars:
        if plan.fill == "solid":
            c.setFillColor(col["accent"])
            c.rect(r.x, r.y, r.w, r.h, stroke=0, fill=1)
        elif plan.fill == "claimed":  # open and dashed: a claim, not a measurement
            c.setFillColor(col["on_accent"])
            c.setDash([1.5, 1])
            c.rect(r.x, r.y, r.w, r.h, stroke=1, fill=1)
            c.setDash()
        else:  # estimated: hatched
            c.setFillColor(col["on_accent"])
            c.rect(r.x, r.y, r.w, r.h, stroke=1, fill=1)
            c.saveState()
            p = c.beginPath()
            p.rect(r.x, r.y, r.w, r.h)
            c.clipPath(p, stroke=0, fill=0)
            c.setLineWidth(0.5)
            step = max(r.h * 0.45, 1.6)
            k = r.x - r.h
            while k < r.x1:
                c.line(k, r.y, k + r.h, r.y1)
                k += step
            c.restoreState()
    c.setStrokeColor(col["accent"])
    c.setDash([1, 1])
    for x0, x1, yy in plan.open_ends:
        c.setLineWidth(max(plan.height * 0.15, 0.6) if not plan.base else 0.8)
        c.line(x0 + (1 if x1 >= x0 else -1), yy, x1, yy)  # (leftwards in a mirrored mark)
    c.setDash()
    for lab in plan.labels:
        draw_label(c, ctx, lab)
    c.restoreState()


def draw_arrow(c, ctx: Ctx, trend: str, x: float, y: float, size: float) -> None:
    """A trend's arrow in a `size` square from (x, y): up and down diagonal, flat level."""
    if size <= 0:
        return
    pts = arrow(trend, x, y, size, ctx.rtl)
    c.saveState()
    c.setStrokeColor(ctx.colors["accent"])
    c.setLineWidth(max(size * 0.14, 0.9))
    c.setLineCap(1)
    c.setLineJoin(1)
    p = c.beginPath()
    p.moveTo(*pts[0])
    for pt in pts[1:]:
        p.lineTo(*pt)
    c.drawPath(p, stroke=1, fill=0)
    c.restoreState()


class FigureValue(Flowable):
    """The value cell of a figures table row: the value right-aligned, its trend's arrow, its mark under it.

    It never splits: a value too long for that is set as a plain paragraph (see `value_cell`).
    """

    def __init__(self, ctx: Ctx, f: Figure):
        super().__init__()
        self.ctx, self.f = ctx, f
        self.text = unbroken(ctx.words.value(f.value))  # (a number's digit groups never break apart)
        self.para = self.whole = ctx.para(self.text, "figure_value")
        tag(self, parts=[self.para])  # tagged PDF: the value is the cell's text; arrow and mark are decoration
        self.mst = MarkStyle.of(ctx.theme)
        self.measure = measure_for(ctx)
        self.arrow = ctx.theme.sizes["figure_value"] * 0.62 if f.trend else 0.0
        self._at: float | None = None

    def _room(self, aw: float) -> float:
        return aw - (self.arrow + 3 if self.arrow else 0)

    def _fitted(self, room: float) -> None:
        """The value at the size `size` gives for `room` (a paragraph made once for each size)."""
        base = self.ctx.styles["figure_value"]
        size = self.value_size(room)
        if size != self.para.style.fontSize:
            if size == base.fontSize:
                self.para = self.whole
            else:
                st = ParagraphStyle(f"figure_value_{size}", parent=base, fontSize=size,
                                    leading=base.leading * size / base.fontSize)
                self.para = self.ctx.paragraph(self.ctx.text(self.text), st)
                inherit(self.para, self.whole)  # (a tagged PDF: the same cell's text)
            tag(self, parts=[self.para])

    def value_size(self, room: float) -> float:
        """The value's size in a cell `room` wide: its style's, or smaller, down to 60 % of it, where its longest
        word (a long number: 123,456,789) is wider than the cell, rather than broken inside; or where a value
        written as a phrase would run past `PHRASE_LINES` lines (down to the size of small text). A number too
        wide at 60 % (in a column too narrow for it, see figures._numbers_width) is set smaller still: a number
        is never broken inside."""
        base = self.ctx.styles["figure_value"].fontSize
        if not room > 0:
            return base
        # a short value is one piece (27 %, 1 / 500): set smaller rather than broken; a longer one breaks between
        # its words (no-break spaces join, as in a number's digit groups)
        phrase = len(self.text) > WHOLE_VALUE
        words = [w for w in self.text.split(" ") if w] if phrase else [self.text]
        wide = [self.measure(w, base, True) for w in words]
        need = max(wide)
        size = base if need <= room else max(base * 0.6, int(base * room / need * 2) / 2)
        if phrase:  # (not below the table's small text: as readable as the note beside it)
            space = self.measure(" ", base, True)
            least = max(base * 0.6, self.ctx.theme.sizes["small"])
            while size - 0.5 >= least and _lines(wide, space, room * base / size) > PHRASE_LINES:
                size -= 0.5
        number = max((x for w, x in zip(words, wide, strict=True) if any(c.isdigit() for c in w)), default=0)
        if number * size / base > room:
            size = max(1.0, int(base * room / number * 4) / 4)
        return size

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        if self._at != aw:
            self._at = aw
            self._fitted(self._room(aw))
            _, self.ph = self.para.wrap(self._room(aw), 1e9)
            self.plan = _placed(self.ctx, self.f, aw, self.mst, self.measure)
        self.width = aw
        self.height = self.ph + (self.plan.height + 3 if self.plan else 0)
        return aw, self.height

    def at_x(self, x: float, w: float) -> float:
        """Mirrored in a right-to-left document: the value at the left of its cell, the arrow right of it."""
        return mirror(x, w, 0, self.width) if self.ctx.rtl else x

    def draw(self) -> None:
        c = self.canv
        self.para.drawOn(c, self.at_x(self.width - self.para.width, self.para.width), self.height - self.ph)
        if self.f.trend:
            lines = self.para.getActualLineWidths0() or [0]
            size = self.arrow
            x = max(self.width - lines[0] - size - 3, 0)
            lead = self.para.style.leading
            draw_arrow(c, self.ctx, self.f.trend, self.at_x(x, size), self.height - lead + (lead - size) / 2 - 1, size)
        if self.plan:
            draw_mark(c, self.ctx, self.plan, self.at_x(self.width - self.plan.width, self.plan.width), 0)


class FigureCard(Flowable):
    """One big number of page 1's strip: value (shrunk to one line if it can be), arrow, mark, label.

    Made for the card's `width`; its value, "claimed" and label are paragraphs (the card's `parts`,
    what a tagged PDF reads), the arrow and the mark decoration beside them.
    """

    def __init__(self, ctx: Ctx, f: Figure, label_text: str, width: float, size: float | None = None,
                 dated: str | None = None):
        super().__init__()
        self.ctx, self.f = ctx, f
        self.measure = measure_for(ctx)
        self.mst = MarkStyle.of(ctx.theme)
        self.arrow = ctx.theme.sizes["strip_value"] * 0.55 if f.trend else 0.0
        self.value = self._value(size if size is not None else self.fit(ctx, f, width))
        # a claim says so in words (in a dashed frame, see draw)
        self.tag = ctx.para(ctx.words.word("claimed_tag"), "label_accent") if f.basis == "claimed" else None
        self.label = cell(ctx, label_text, "small", width)  # (a word wider than the card hyphenated)
        self.dated = ctx.para(dated, "strip_as_of") if dated else None  # its as-of date, in small type, under it
        tag(self, parts=[self.value, self.tag, self.label, self.dated])
        self._at: float | None = None

    @staticmethod
    def fit(ctx: Ctx, f: Figure, width: float) -> float:
        """The size at which `f`'s value (and its arrow) fits `width` on one line: the strip's size, or
        smaller, down to 60 % of the table's. A row of cards takes the smallest of its cards' sizes."""
        z = ctx.theme.sizes
        big, small = z["strip_value"], z["figure_value"]
        room = width - (big * 0.55 + 4 if f.trend else 0)
        w = measure_for(ctx)(ctx.words.value(f.value), big, True)
        return big if w <= room else max(small * 0.6, int(big * room / w * 2) / 2)

    def _value(self, size: float) -> TextPara:
        """The value at `size` (see `fit`)."""
        base = self.ctx.styles["strip_value"]
        big = self.ctx.theme.sizes["strip_value"]
        font = fonts.face(self.ctx.theme.font, True, self.f.basis == "claimed")  # a claim in italics
        st = base if (size, font) == (big, base.fontName) else ParagraphStyle(
            f"strip_value_{size}_{font}", parent=base, fontSize=size, leading=size * 1.1, fontName=font)
        return self.ctx.paragraph(self.ctx.text(unbroken(self.ctx.words.value(self.f.value))), st)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        if self._at != aw:
            self._at = aw
            _, self.vh = self.value.wrap(aw - (self.arrow + 4 if self.arrow else 0), 1e9)
            self.plan = _placed(self.ctx, self.f, aw, self.mst, self.measure)
            self.th = self.tag.wrap(aw - 4, 1e9)[1] + 3 if self.tag is not None else 0.0
            _, self.lh = self.label.wrap(aw, 1e9)
            self.dh = self.dated.wrap(aw, 1e9)[1] + 1 if self.dated is not None else 0.0
        # below the value: room for its descenders, the claim's tag, the mark
        mid = self.value.style.fontSize * 0.2 + (self.th + 2 if self.tag is not None else 0) \
            + (self.plan.height + 3 if self.plan else 0)
        self.width, self.height = aw, self.vh + mid + self.lh + self.dh
        return aw, self.height

    def at_x(self, x: float, w: float) -> float:
        """Mirrored in a right-to-left document: the value at the right of its card, the arrow left of it."""
        return mirror(x, w, 0, self.width) if self.ctx.rtl else x

    def draw(self) -> None:
        c = self.canv
        y = self.height - self.vh
        self.value.drawOn(c, self.at_x(0, self.value.width), y)
        y -= self.value.style.fontSize * 0.2
        if self.f.trend:
            lines = self.value.getActualLineWidths0() or [0]
            lead = self.value.style.leading
            draw_arrow(c, self.ctx, self.f.trend, self.at_x(lines[0] + 4, self.arrow),
                       self.height - lead + (lead - self.arrow) / 2, self.arrow)
        if self.tag is not None:
            y -= self.th + 2
            w = max(self.tag.getActualLineWidths0() or [0])
            c.saveState()
            c.setStrokeColor(self.ctx.colors["accent"])
            c.setLineWidth(0.6)
            c.setDash([1.5, 1])
            c.rect(self.at_x(0, w + 4), y, w + 4, self.th, stroke=1, fill=0)
            c.restoreState()
            self.tag.drawOn(c, self.at_x(2, self.tag.width), y + 1.5)
        if self.plan:
            y -= self.plan.height + 3
            draw_mark(c, self.ctx, self.plan, self.at_x(0, self.plan.width), y + 1)
        self.label.drawOn(c, 0, self.dh)
        if self.dated is not None:
            self.dated.drawOn(c, 0, 0)


def _placed(ctx: Ctx, f: Figure, width: float, st: MarkStyle, measure) -> MarkPlan | None:
    """A figure's mark (see `figure_marks.place`), mirrored in a right-to-left document."""
    plan = place(f, width, st, measure, ctx.words)
    return mirrored(plan) if plan is not None and ctx.rtl else plan


WHOLE_VALUE = 16  # characters: a value this short is never broken between lines (see FigureValue.value_size)
PHRASE_LINES = 4  # lines: a longer value, a phrase, is set smaller rather than run past as many


def _lines(widths: list[float], space: float, room: float) -> int:
    """How many lines words `widths` wide take, set one after another in `room` with `space` between them."""
    lines, at = 1, -space
    for w in widths:
        if at + space + w > room and at > 0:
            lines, at = lines + 1, w
        else:
            at += space + w
    return lines
LONG_VALUE = 120  # characters: a value this long is text, set as a paragraph that may split across pages


def value_cell(ctx: Ctx, f: Figure) -> Flowable:
    """The figures table's value cell: a `FigureValue`, or for a value too long to be a number, its paragraph."""
    if len(f.value) <= LONG_VALUE:
        return FigureValue(ctx, f)
    return ctx.para(unbroken(ctx.words.value(f.value)), "figure_value")
