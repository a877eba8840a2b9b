"""Profile boxes: one bordered card per group, after a map of who stands with whom.

In: the groups. Out: the relations map (see `graphics.relations`) when two
groups or more name allies or rivals, then one `Card` per group: a header band (name, short name),
a grid of the scalar fields that are present, then the lists with run-in
heads, then allies and rivals as tags. A card that fits on a page moves whole
to the next page when little room is left (see `Card.ROOM`); otherwise, and
always when taller than a page, it splits with its header band repeated and
marked "(continued)".
"""

from __future__ import annotations

from collections.abc import Iterator

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from ..errors import Pos
from ..model import Briefing, Group
from ..pdf.tagging import tag
from ..richtext import plain
from .changes import changed_fields, mark, status
from .common import Tags, draw_stack, fit_rows, heading, list_ends, mirror, split_stack, stack_height, table
from .graphics.relations_draw import map_flowables, relations_plan
from .inline import Ctx, Node

# The fields of a group shown in its card, in order (their labels: briefing.labels, by the same keys)
SCALARS = ("kind", "status", "leader", "founded", "base", "areas", "size", "orientation")
LISTS = ("goals", "capabilities", "activities", "support")


class Card(Flowable):
    PAD = 7.0  # inner padding, points
    src_pos: Pos | None = None  # the group it shows (named in layout errors)

    def __init__(self, ctx: Ctx, name: str, short: str | None, body: list[Flowable], continued: bool = False,
                 keep: bool = False, marked: tuple[Node, ...] = ()):
        super().__init__()
        self.keep = keep  # the author asked that it never split (unless taller than a page)
        self.ctx, self.name, self.short, self.body, self.continued = ctx, name, short, body, continued
        self.marked = marked  # NEW or UPDATED before the name, since the previous edition
        if len(name) > 160 or (short and len(short) > 40):
            # A header band holds a line or two; the full text goes in the body.
            full = [ctx.para(name, "event_title")] + ([ctx.para(short, "small")] if short else [])
            body = full + body if not continued else body
            name, short = name[:80] + ("…" if len(name) > 80 else ""), (short[:20] + "…") if short else None
        title = ctx.words.word("continued", name=name) if continued else name
        self.name, self.short, self.body = name, short, body
        self.head = [ctx.paragraph([*marked, *ctx.text(title)], "card_name")]
        self.short_p = ctx.para(short, "card_short") if short else None
        self.pad = self.PAD
        self.spaceBefore, self.spaceAfter = 4.0, 10.0
        tag(self, role="Sect", parts=[*self.head, self.short_p, *self.body])
        if not continued:  # (a continued card's header band repeats it: decoration)
            tag(self.head[0], role="H")
            if self.short_p is not None:
                tag(self.short_p, role="P")

    def _head_h(self, aw: float) -> float:
        sw = self._short_w(aw)
        h = self.head[0].wrap(aw - 2 * self.pad - sw, 1e9)[1]
        if self.short_p is not None:
            h = max(h, self.short_p.wrap(sw, 1e9)[1])
        return h + 2 * 5.0

    def _short_w(self, aw: float) -> float:
        return min(90.0, aw * 0.25) if self.short_p is not None else 0.0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.bw = aw - 2 * self.pad
        self.hh = self._head_h(aw)
        self.height = self.hh + stack_height(self.body, self.bw) + 2 * self.pad
        return aw, self.height

    # A card that fits on a page moves whole to the next one when less than
    # ROOM of a page is left; otherwise it splits where the page ends rather
    # than leave a gap, between its fields as `card_body` chains them (never
    # a head last, two items of its lists or more on each side). The heading
    # above the first card asks for ROOM (see build), so it never stays
    # behind alone.
    ROOM = 0.2
    WHOLE = 1 / 3  # of a page: a card no taller never splits
    fresh = False  # the part of a split card that starts the next page

    def split(self, aw: float, ah: float) -> list[Flowable]:
        self.wrap(aw, ah)
        if self.fresh and ah < self.ctx.height - 1:
            return []  # (not in the room its first part left: the moved lines of a chain would stand there)
        fits = self.height <= self.ctx.height
        if ah < self.ctx.height * self.ROOM - 24 or fits and (self.keep or self.height <= self.ctx.height * self.WHOLE):
            return []  # (24: slack for the heading's spacing)
        first, rest = split_stack(self.body, self.bw, ah - self.hh - 2 * self.pad)
        if not first or not rest:
            return []
        a = Card(self.ctx, self.name, self.short, first, self.continued, marked=self.marked)
        b = Card(self.ctx, self.name, self.short, rest, True, marked=self.marked)
        a.spaceAfter, b.spaceBefore = 0, 0
        b.fresh = True
        return [a, b]

    def draw(self) -> None:
        c = self.canv
        col = self.ctx.colors
        c.setFillColor(col["accent"])
        c.rect(0, self.height - self.hh, self.width, self.hh, stroke=0, fill=1)
        c.setStrokeColor(col["rule"])
        c.setLineWidth(0.6)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        sw = self._short_w(self.width)
        name_x, name_w, short_x = self.pad, self.width - 2 * self.pad - sw, self.width - self.pad - sw
        if self.ctx.rtl:  # the name at the right, the short name at the left
            name_x, short_x = mirror(name_x, name_w, 0, self.width), mirror(short_x, sw, 0, self.width)
        draw_stack(self.head, c, name_x, self.height - 5.0, name_w)
        if self.short_p is not None:
            _, h = self.short_p.wrap(sw, 1e9)
            self.short_p.drawOn(c, short_x, self.height - 5.0 - h)
        draw_stack(self.body, c, self.pad, self.height - self.hh - self.pad, self.bw)


def _scalar(g: Group, key: str, ctx: Ctx) -> str | None:
    v = getattr(g, key)
    if v is None or v == ():
        return None
    if key == "founded":
        return ctx.words.date(v, long=True)
    if key == "areas":
        return ctx.words.join(v)
    return str(v)


def card_body(g: Group, ctx: Ctx, width: float) -> list[Flowable]:
    body: list[Flowable] = []
    changed = changed_fields(ctx, g)  # marked UPDATED: changed since the previous edition
    found = [(ctx.words.word(key), _scalar(g, key, ctx), key in changed) for key in SCALARS]
    pairs = [(lab, val, new) for lab, val, new in found if val]
    if pairs:
        # the labels' column: as the style says, wider if a label (in another language, say) needs it
        label_style = ctx.styles["label"]
        widest = max(stringWidth(lab, label_style.fontName, label_style.fontSize) for lab, _, _ in pairs)
        lw = max(ctx.theme.layout.get("profile_label_width", 62), min(widest + 7, width * 0.3))
        two = width > 380
        cells: list[list[Paragraph | str]] = []
        row: list[Paragraph | str] = []
        for lab, val, new in pairs:
            head = ctx.paragraph([*ctx.text(lab), *(["\u2002", *_updated(ctx)] if new else [])], label_style)
            tag(head, role="TH")
            row += [head, ctx.para(val, "small")]
            if len(row) == (4 if two else 2):
                cells.append(row)
                row = []
        if row:
            cells.append(row + [""] * ((4 if two else 2) - len(row)))
        vw = (width - (2 if two else 1) * lw) / (2 if two else 1)
        t = table(ctx, cells, [lw, vw] * (2 if two else 1), [  # (right to left: labels at the right)
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, ctx.colors["zebra"]),
        ], hAlign="LEFT")
        tag(t, role="Table")
        t.spaceAfter = 4
        body.append(fit_rows(t, ctx))
    if g.summary:
        if "summary" in changed:
            body.append(ctx.paragraph(_updated(ctx), "label"))
        body += ctx.rich(g.summary, "small", "small_bullet")
    lists = [(key, [ctx.rich(item, "small_bullet", "small_bullet", first_bullet="\u2022") for item in items])
             for key in LISTS if (items := getattr(g, key))]
    # A list's items go as those of a list in text (two or more on each side of a page break, a list of
    # two or three never split), and so do the items of all the lists together: a box does not break
    # after the first item of its lists or before the last, whatever list it is in.
    _keep_ends([item for _, items in lists for item in items])
    for key, items in lists:
        _keep_ends(items)
        body.append(_head(ctx, key, key in changed))
        body[-1].spaceBefore, body[-1].keepWithNext = 4, 1
        for item in items:
            body += item
    for key in ("allies", "rivals"):
        names = [ctx.groups.get(x, x) for x in getattr(g, key)]
        if names:
            body.append(_head(ctx, key, key in changed))
            body[-1].spaceBefore, body[-1].keepWithNext = 4, 1
            # names are tags; a name too long for a tag is printed as text instead
            long = any(len(n) > 60 for n in names)
            body.append(ctx.para("; ".join(names), "small") if long else Tags(ctx, names))
            if key == "allies" and g.rivals:  # (allies and rivals read together: never parted by a page break)
                body[-1].keepWithNext = 1
    if g.sources:
        if body:  # (the line of sources never alone in a part of the box)
            body[-1].keepWithNext = 1
        mine = _updated(ctx) if "sources" in changed else []
        body.append(ctx.paragraph([*mine, *ctx.text(ctx.words.word("sources_of")), *ctx.refs(g.sources)],
                                  "small_muted"))
        body[-1].spaceBefore = 4
    return body


def _keep_ends(items: list[list[Flowable]]) -> None:
    """Chain the items of a list (each its flowables) so that a page break leaves `MIN_ROWS` or more on
    each side (see `split_stack`); a list too short for that is chained whole."""
    for item in items:
        for f in item[:-1]:  # (an item's paragraphs together)
            f.keepWithNext = 1
    for run in list_ends(len(items)):  # (each chained to the next of its run)
        for k in run[:-1]:
            items[k][-1].keepWithNext = 1


def _updated(ctx: Ctx) -> list[Node]:
    """The mark of a field changed since the previous edition (no space after it: it ends the label)."""
    return mark(ctx, "mark_updated")[:1]


def _head(ctx: Ctx, key: str, changed: bool) -> Flowable:
    """The run-in head of a list (GOALS), marked when the list changed since the previous edition."""
    return ctx.paragraph([*ctx.text(ctx.words.word(key)), *(["\u2002", *_updated(ctx)] if changed else [])],
                     ctx.styles["label_accent"])


def _marked(g: Group, ctx: Ctx) -> tuple[Node, ...]:
    """NEW before a new group's name; UPDATED when its name changed (its other fields are marked in place)."""
    c = ctx.changes.of(g) if ctx.changes is not None else None
    if c is None or (c.kind == "changed" and not {"name", "short"} & changed_fields(ctx, g)):
        return ()
    return tuple(status(ctx, g, on_accent=True))


def build(b: Briefing, ctx: Ctx, level: int = 1) -> Iterator[Flowable]:
    if not b.groups:
        return
    plan = relations_plan(b, ctx)
    if plan is not None:
        title = ctx.para(ctx.words.word("map_title"), "label_accent")
        title.spaceAfter = 4
        drawn = map_flowables(ctx, plan)
        # the heading asks for room for the map's first part (which never splits) and what stays with it
        first = drawn[:next((k + 1 for k, f in enumerate(drawn) if not getattr(f, "keepWithNext", False)), 1)]
        yield from heading(ctx, ctx.words.word("group_profiles"), level, keep=title.wrap(ctx.width, ctx.height)[1] + 4
                           + sum(f.wrap(ctx.width, ctx.height)[1] + f.getSpaceBefore() for f in first))
        title.keepWithNext = True
        yield title
        yield from drawn
    for i, card in enumerate(_cards(b, ctx)):
        if i == 0 and plan is None:  # the heading asks for room for the first card, or as much as lets it split
            first = min(card.wrap(ctx.width, ctx.height)[1], ctx.height * Card.ROOM) + card.spaceBefore
            yield from heading(ctx, ctx.words.word("group_profiles"), level, keep=first)
        yield card


def _cards(b: Briefing, ctx: Ctx) -> Iterator[Flowable]:
    """A card per group; two short cards in a row sit side by side (a long one spans the width)."""
    gap = ctx.theme.layout.get("card_gap", 10)
    half = (ctx.width - gap) / 2
    held: tuple[Group, Card] | None = None  # a short card (and its group) waiting for a second beside it
    bullet, head = ctx.styles["small_bullet"].leading, ctx.styles["label_accent"].leading
    for g in b.groups:
        # at least a line for each head and each item with text: a card surely too tall to pair with
        # another at half width is made once, at full width (the same decision as measuring it)
        lists = [getattr(g, key) for key in LISTS if getattr(g, key)]
        lines = sum(1 for items in lists for item in items if plain(item).strip())
        if lines * bullet + len(lists) * head > ctx.height * Pair.SHORT:
            if held is not None:
                yield _full(held[0], ctx)
                held = None
            yield _full(g, ctx)
            continue
        card = Card(ctx, g.name, g.short, card_body(g, ctx, half - 2 * Card.PAD), marked=_marked(g, ctx))
        card.src_pos = g.pos
        if half >= Pair.MIN_WIDTH and card.wrap(half, ctx.height)[1] <= ctx.height * Pair.SHORT:
            if held is None:
                held = (g, card)
                continue
            yield Pair(held[1], card, gap)
            held = None
            continue
        if held is not None:
            yield _full(held[0], ctx)
            held = None
        yield _full(g, ctx)
    if held is not None:
        yield _full(held[0], ctx)


def _full(g: Group, ctx: Ctx) -> Card:
    """A group's card across the whole width (a card made at half width to measure is made again)."""
    full = Card(ctx, g.name, g.short, card_body(g, ctx, ctx.width - 2 * Card.PAD), keep=g.keep == "together",
                marked=_marked(g, ctx))
    full.src_pos = g.pos
    if full.keep and (tall := full.wrap(ctx.width, ctx.height)[1]) > ctx.height:
        full.too_tall = [(g.where.get("keep", g.pos), tall)]  # (a warning: see document.story)
    return full


class Pair(Flowable):
    """Two short cards side by side, as tall as the taller; it moves whole to the next page."""

    SHORT = 0.3  # of the frame's height: a card at most this tall at half width is short
    MIN_WIDTH = 200.0  # points: narrower halves would squeeze the field grid

    def __init__(self, left: Card, right: Card, gap: float):
        super().__init__()
        self.left, self.right, self.gap = left, right, gap
        tag(self, parts=[left, right])  # read left card, then right
        self.spaceBefore, self.spaceAfter = left.spaceBefore, left.spaceAfter
        self.src_pos: Pos | None = left.src_pos

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.half = (aw - self.gap) / 2
        self.width = aw
        self.height = max(self.left.wrap(self.half, ah)[1], self.right.wrap(self.half, ah)[1])
        return aw, self.height

    def draw(self) -> None:
        xs = [0.0, self.half + self.gap]
        if self.left.ctx.rtl:  # the first card at the right
            xs = [mirror(x, self.half, 0, self.width) for x in xs]
        for x, card in zip(xs, (self.left, self.right), strict=True):
            card.height = self.height  # both frames as tall: the row reads as one
            card.drawOn(self.canv, x, 0)
