"""Timeline: the era strip, then events on a vertical rule, dates in their own column, eras as bands.

In: the sorted events and eras of a briefing. Out: the era strip (the whole
timeline on one axis, see `graphics.era_strip`; a key of many eras set apart
below it), then one flowable per event (and one per era start), so the
timeline splits between events; an event taller than a page splits inside
its text and continues without a second marker. When the strip labels its
markers with numbers, each event's title starts with the same number.
"""

from __future__ import annotations

from collections.abc import Iterator

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from ..errors import Pos
from ..labels import Labels
from ..model import Briefing, Era, Event, era_of
from ..pdf.tagging import tag
from .changes import status
from .common import Keep, Tags, draw_stack, heading, mirror, split_stack, stack_height
from .graphics.era_strip import wanted
from .graphics.era_strip_draw import EraStrip
from .inline import Ctx


def date_text(e: Event, words: Labels) -> str:
    return e.label or words.span(e.date, e.end, e.approximate)


class Row(Flowable):
    """One row of the timeline: date column, the rule with its marker, content."""

    src_pos: Pos | None = None  # the YAML element it shows (named in layout errors)

    def __init__(self, ctx: Ctx, date: str | None, content: list[Flowable], *, band: bool,
                 marker: str | None, band_start: bool = False, span: bool = False, date_w: float | None = None):
        super().__init__()
        self.ctx, self.date, self.content = ctx, date, content
        self.band, self.marker, self.band_start, self.span = band, marker, band_start, span
        lay = ctx.theme.layout
        self.date_w = date_w or lay.get("timeline_date_width", 62)
        self.band_w = lay.get("timeline_band_width", 9)
        self.gap = 6.0
        self.rule_x = self.date_w + self.gap + self.band_w / 2
        self.content_x = self.date_w + 2 * self.gap + self.band_w + 4
        self._date_p = ctx.para(date, "date") if date else None
        self.pad = 5.0
        self.era: Era | None = None  # the era this row belongs to
        tag(self, role="LI", parts=[self._date_p, *content])  # an event of the timeline's list
        if self._date_p is not None:
            tag(self._date_p, role="Lbl")

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.cw = aw - self.content_x
        h = stack_height(self.content, self.cw)
        if self._date_p is not None:
            h = max(h, self._date_p.wrap(self.date_w, 1e9)[1])
        self.height = h + self.pad
        return aw, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        self.wrap(aw, ah)
        if self.height <= self.ctx.height * 0.5 or ah < 40:
            return []  # a short event moves whole to the next page
        first, rest = split_stack(self.content, self.cw, ah - self.pad)
        if not first or not rest:
            return []
        a = Row(self.ctx, self.date, first, band=self.band, marker=self.marker,
                band_start=self.band_start, span=self.span, date_w=self.date_w)
        b = Row(self.ctx, None, rest, band=self.band, marker=None, span=self.span, date_w=self.date_w)
        a.era = b.era = self.era
        return [a, b]

    def continues(self, before: Flowable | None) -> Row | None:
        """At the top of a page, after a row of the same era on the page before: that era's name again,
        marked as continued (see document._Doc.handle_flowable)."""
        if self.era is None or self.band_start or not isinstance(before, Row) or before.era is not self.era:
            return None
        return _era_row(self.ctx, self.era, continued=True, date_w=self.date_w)

    def at_x(self, x: float, w: float = 0.0) -> float:
        """Where a box drawn at `x`, `w` wide, goes: mirrored in a right-to-left document (dates at the right)."""
        return mirror(x, w, 0, self.width) if self.ctx.rtl else x

    def draw(self) -> None:
        c = self.canv
        col = self.ctx.colors
        top = self.height
        rule_x = self.at_x(self.rule_x)
        if self.band:
            c.setFillColor(col["accent_tint"])
            c.setStrokeColor(col["accent_tint"])
            y0 = 0
            h = top - (2 if self.band_start else 0)
            c.rect(self.at_x(self.date_w + self.gap, self.band_w), y0, self.band_w, h, stroke=0, fill=1)
        c.setStrokeColor(col["rule"])
        c.setLineWidth(0.8)
        c.line(rule_x, 0, rule_x, top)
        cy = top - self.ctx.theme.sizes["body"] * 0.72  # level with the first line
        if self.span and self.marker:
            c.setStrokeColor(col["accent"])
            c.setLineWidth(3.2)
            c.line(rule_x, cy, rule_x, max(self.pad, cy - 22))
        if self.marker:
            c.setLineWidth(1.1)
            c.setStrokeColor(col["accent"])
            c.setFillColor(col["accent"] if self.marker == "dot" else col["on_accent"])
            c.circle(rule_x, cy, 3.3, stroke=1, fill=1)
        if self._date_p is not None:
            _, h = self._date_p.wrap(self.date_w, 1e9)
            self._date_p.drawOn(c, self.at_x(0, self.date_w), top - h)
        draw_stack(self.content, c, self.at_x(self.content_x, self.cw), top, self.cw)


def build(b: Briefing, ctx: Ctx, level: int = 1) -> Iterator[Flowable]:
    if not b.timeline and not b.eras:
        return
    numbers: dict[int, str] = {}
    strip = None
    if wanted(b.timeline, b.eras):
        strip = EraStrip(ctx, b.timeline, b.eras)
        plan = strip.plan(ctx.width)
        strip.mode = plan.mode  # the rows below follow the mode chosen at the frame's width
        numbers = plan.numbers
    key = strip.key() if strip else None  # a key of many eras, set apart: it runs on across pages
    keep = strip.wrap(ctx.width, ctx.height)[1] if strip else 0.0
    if key is not None:  # the heading asks for room for the strip and the key's first lines
        keep += min(key.wrap(ctx.width, ctx.height)[1], 3 * key.line_h)
    yield from heading(ctx, ctx.words.word("timeline"), level, keep=keep)
    if strip is not None:
        yield strip
    if key is not None:
        yield key
    eras = list(b.eras)
    pending = list(eras)
    dates = [date_text(e, ctx.words) for e in b.timeline]
    date_w = _date_width(ctx, dates + [ctx.words.era(a.start, a.end) for a in eras])
    eras_of = [era_of(e.date, eras) for e in b.timeline]
    # Rows waiting to go with the next: an era's head and its first event (its first two events go
    # together, under their head: none stands alone at a page foot) and an era's last event but one (its
    # last never stands alone at a page head). They go as one `Keep`, never nested (a keep-with-next does
    # not reach into a container, and one container in another would move to a new page even when it fits).
    lead: list[Row] = []
    for i, e in enumerate(b.timeline):
        while pending and pending[0].start.key <= e.date.key:  # (the eras begun by then: see `era_of`)
            lead.append(_era_row(ctx, pending.pop(0), date_w=date_w))
        era = eras_of[i]
        date = dates[i]
        title = [*status(ctx, e), *ctx.text(e.title)]  # NEW or UPDATED since the previous edition
        if i in numbers:  # the number that marks this event in the strip above
            title = [("font", {"color": ctx.colors["accent"]}, [numbers[i]]), "\u00a0\u00a0", *title]
        if e.sources:
            title.append(("super", {}, ctx.refs(e.sources)))
        content: list[Flowable] = [ctx.paragraph(title, ctx.styles["event_title"])]  # (very long: in pieces)
        if len(date) > 60:  # too long for the date column: print it above the title
            content.insert(0, ctx.para(date, "label"))
            date = date[:24] + "…"
        content += ctx.rich(e.text, "event_text", "small_bullet")
        if e.groups:
            content.append(Tags(ctx, [ctx.groups[g] for g in e.groups]))
            content[-1].spaceBefore = 3
        row = Row(ctx, date, content, band=era is not None, marker="ring" if e.approximate else "dot",
                  span=e.end is not None, date_w=date_w)
        row.era = era
        row.src_pos = e.pos
        if _last_but_one(eras_of, i) or _first_of_two(eras_of, i):
            lead.append(row)
        elif lead:
            yield Keep([*lead, row], ctx.height)
            lead = []
        else:
            yield row
    for era in pending:
        last = _era_row(ctx, era, date_w=date_w)
        last.keepWithNext = 0  # nothing follows it
        yield last


def _first_of_two(eras_of: list[Era | None], i: int) -> bool:
    """Whether event `i` is the first of its era (or of the timeline) and another of it follows."""
    return (i == 0 or eras_of[i - 1] is not eras_of[i]) and i + 1 < len(eras_of) and eras_of[i + 1] is eras_of[i]


def _last_but_one(eras_of: list[Era | None], i: int) -> bool:
    """Whether event `i` is the last but one of its era (or of the timeline), the next its last."""
    n = len(eras_of)
    return i + 1 < n and eras_of[i + 1] is eras_of[i] and (i + 2 == n or eras_of[i + 2] is not eras_of[i])


def _date_width(ctx: Ctx, dates: list[str]) -> float:
    """The date column's width: as the style says, wider if a date's longest unbreakable piece (its
    parts are joined by no-break spaces; it breaks only at the spaces around a dash) needs it, as a
    longer language's dates may (vers 1er janv. 1948), up to a quarter of the frame."""
    style = ctx.styles["date"]
    least = ctx.theme.layout.get("timeline_date_width", 62)
    pieces = {p for d in dates if len(d) <= 60 for p in d.split(" ") if p}  # (longer: printed above the title)
    need = max((stringWidth(p, style.fontName, style.fontSize) for p in pieces), default=0.0)
    return max(least, min(need + 2, ctx.width * 0.25))


def _era_row(ctx: Ctx, era: Era, continued: bool = False, date_w: float | None = None) -> Row:
    """An era's head: its span in the date column, its name. It keeps with the era's first event, so it
    never stays alone at the foot of a page."""
    span = ctx.words.era(era.start, era.end)
    name = era.title.upper()
    if continued:  # a reminder: short (the whole name heads the era's first page)
        name = ctx.words.word("continued", name=name if len(name) <= 80 else name[:79] + "…")
    row = Row(ctx, span, [ctx.para(name, "era")], band=True, marker=None, band_start=True, date_w=date_w)
    row.era, row.keepWithNext = era, 1
    row.src_pos = era.pos
    if continued:  # a reminder on a new page, not more of the list: read once, where the era begins
        tag(row, role="Artifact", parts=[])
    return row
