"""Flowables shared by several components: headings, stacks that split, tags."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TypeVar

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, NullActionFlowable, Paragraph, Table, TableStyle

from ..pdf import rl
from ..pdf.tagging import tag
from .inline import Ctx

T = TypeVar("T")


def heading(ctx: Ctx, title: str, level: int = 0, keep: float = 0.0, anchor: str | None = None) -> list[Flowable]:
    """A heading that also becomes an outline entry (see document.afterFlowable).

    Level 0 is a part of the document (a section, a component placed after
    the sections, the sources); level 1 a component inside a section.

    A conditional page break before it keeps a heading from sitting alone at the
    foot of a page, without dragging a long table or timeline after it; `keep`
    asks for room for an element that never splits (a profile card). `anchor` names it as a link's
    destination (`#anchor`).
    """
    key = "heading" if level == 0 else "subheading"
    p = ctx.paragraph([("a", {"name": anchor}, []), *ctx.text(title)], key) if anchor else ctx.para(title, key)
    p.outline = (title, level)
    p.contents = level == 0  # a part of the document: an entry of the table of contents
    tag(p, role="H", section=level)  # opens a section at its outline level
    below = max(keep, 4 * ctx.theme.sizes["leading"])  # `keep`: the height of what must follow
    need = min(p.wrap(ctx.width, 1e9)[1] + p.style.spaceBefore + p.style.spaceAfter + below, ctx.height)
    return [CondPageBreak(need), p]


def headed_tables(ctx: Ctx, title: str, level: int, tables: Iterable[Table]) -> Iterator[Flowable]:
    """A heading, then tables (measured by `fit_rows`): the heading keeps with the header and the first
    rows of the first table that a page foot must hold (see `Rows.lead`), so it never stays alone at a
    page foot above a table that moved on, nor asks for more room than that."""
    it = iter(tables)
    first = next(it, None)
    if first is None:
        return
    keep = first.lead(ctx.width) if isinstance(first, Rows) else sum(rl.row_heights(first)[:2])
    yield from heading(ctx, title, level, keep=keep)
    yield first
    yield from it


def mirror(x: float, w: float, left: float, right: float) -> float:
    """Where a box at `x`, `w` wide, goes when its container [left, right] is mirrored (right to left)."""
    return left + right - x - w


MIN_ROWS = 2  # a table leaves at least this many of its rows at a page foot and at a page head
ALONE = 0.2  # of a page: a row this tall is a block rather than a line, and may stand alone


class Rows(Table):
    """A table whose page breaks leave at least `MIN_ROWS` of its body rows (those under a repeated
    header) on each page: a table too short to give that moves whole. A row a fifth of a page tall or
    more (`ALONE`) may stand alone at a page foot or head: two rows that tall would leave as large a gap
    where they did not fit. Only a row too tall for a page splits inside (see `fit_rows`): the others
    move whole, even in a table that has such a row."""

    limit = 0.0  # the frame's height (see `fit_rows`), which the pieces a table splits into keep
    splitInRow: int  # (ReportLab's: rows may split inside)

    def split(self, aw: float, ah: float) -> list[Flowable]:
        inside = bool(self.splitInRow) and self._splits_inside(ah)
        if self.splitInRow and not inside:  # the row at the break moves whole
            self.splitInRow = 0
            try:
                parts = super().split(aw, ah)
            finally:
                self.splitInRow = 1
            for p in parts:
                p.splitInRow = 1  # (a row further on may need it)
        else:
            parts = super().split(aw, ah)
        for p in parts:
            p.limit = self.limit
        if len(parts) != 2 or inside:
            return parts
        head = self._head()  # (rows too tall for two to a page are each more than a fifth of one: `_alone`)
        first = len(rl.table_cells(parts[0])) - head
        rest = len(rl.table_cells(parts[1])) - head
        if first < MIN_ROWS and not (first == 1 and self._alone(head)):
            return []
        if rest < MIN_ROWS and not (rest == 1 and self._alone(head + first)):
            n = head + first  # give the next page rows from this one: break higher
            lift = sum(rl.row_heights(self)[n - (MIN_ROWS - rest):n])
            return self.split(aw, ah - lift)
        return parts

    def lead(self, width: float) -> float:
        """How tall the first piece of this table is at the least, under a heading that must not stay
        behind without it: its header and `MIN_ROWS` body rows (one row when it may stand alone), or the
        whole table when it is too short to split (see `split`)."""
        self.wrap(width, 1e9)
        heights, head = rl.row_heights(self), self._head()
        if len(heights) > head and (self._alone(head) or sum(heights[:head + MIN_ROWS]) > self.limit):
            return sum(heights[:head + 1])
        if len(heights) - head < 2 * MIN_ROWS:
            return sum(heights)
        return sum(heights[:head + MIN_ROWS])

    def _head(self) -> int:
        """How many header rows the table repeats on each page."""
        return self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)

    def _alone(self, row: int) -> bool:
        """Whether row `row` (of the table's rows, its header's among them) may stand alone on a page."""
        return rl.row_heights(self)[row] >= self.limit * ALONE

    def _splits_inside(self, ah: float) -> bool:
        """Whether the row that a break at `ah` falls in is one that splits (see `row_splits`)."""
        used = 0.0
        for n, h in enumerate(rl.row_heights(self)):
            used += h
            if used > ah:
                return row_splits(rl.table_cells(self)[n], h, self.limit)
        return False


def _in_cells(row: list) -> Iterator[object]:
    """What a table row's cells hold: each cell's flowable, each of a cell's list, or its text."""
    for c in row:
        yield from (c if isinstance(c, list | tuple) else [c])


def kept_row(row: list) -> bool:
    """Whether a table row was asked never to split (`keep: together`): a cell's flowable says so."""
    return any(getattr(x, "kept_row", False) for x in _in_cells(row))


def mark_kept(row: list) -> None:
    """Say of a table row that it is never to split (see `kept_row`)."""
    first = next((x for x in _in_cells(row) if isinstance(x, Flowable)), None)
    if first is not None:
        first.kept_row = True


def row_splits(row: list, height: float, limit: float) -> bool:
    """Whether a row of this `height` splits across pages of `limit` points: when it could never fit one
    (a kept row), or would nearly fill it (any other; a box that large moves whole only to leave a gap)."""
    return height > (limit if kept_row(row) else limit * 0.9)


class MirroredTable(Rows):
    """A table drawn right to left: its columns in reverse order (see `table`). Its cells are read from the
    rightmost (the structure tree keeps the logical order); the pieces it splits into are mirrored too."""

    columns_reversed = True


_SWAPPED = {"LEFTPADDING": "RIGHTPADDING", "RIGHTPADDING": "LEFTPADDING", "LINEBEFORE": "LINEAFTER",
            "LINEAFTER": "LINEBEFORE", "LEFT": "RIGHT", "RIGHT": "LEFT"}


def table(ctx: Ctx, data: list[list], widths: Sequence[float | str], commands: list[tuple], **kw) -> Rows:
    """A table of `data` (rows of cells, first column first) with its style `commands`; in a right-to-left
    document mirrored: the first column rightmost, the commands' columns, paddings and alignments with it."""
    if not ctx.rtl:
        t = Rows(data, colWidths=widths, **kw)
        t.setStyle(TableStyle(commands))
        return t
    if kw.get("hAlign") in _SWAPPED:
        kw["hAlign"] = _SWAPPED[kw["hAlign"]]
    n = len(widths)
    t = MirroredTable([row[::-1] for row in data], colWidths=widths[::-1], **kw)
    t.setStyle(TableStyle([_mirrored(c, n) for c in commands]))
    return t


def _mirrored(command: tuple, n: int) -> tuple:
    """A table style command for the same cells of the table with its `n` columns reversed."""
    name, (c0, r0), (c1, r1), *args = command
    first, last = n - 1 - (c1 % n), n - 1 - (c0 % n)
    if name == "ALIGN":
        args = [_SWAPPED.get(a, a) for a in args]
    return (_SWAPPED.get(name, name), (first, r0), (last, r1), *args)


CHUNK = 400  # rows per table: a table splits in time quadratic in its rows


def chunks(items: Iterable[T], n: int = CHUNK) -> Iterator[list[T]]:
    """Consecutive lists of up to `n` items (a long table is laid out as several)."""
    it = iter(items)
    while batch := list(islice(it, n)):
        yield batch


def data_table_style(ctx: Ctx, pad: float = 3.5) -> list[tuple]:
    """The look of a data table: a tinted header row ruled in the accent colour, then zebra rows and a
    rule below the last; `pad` above and below each cell's text."""
    col = ctx.colors
    return [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), col["table_head"]),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, col["zebra"]]),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, col["accent"]),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, col["rule"]),
        ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]


def fit_rows(t: Table, ctx: Ctx) -> Table:
    """Measure a table's rows once; let it split inside a row only if some row is taller than a page.

    Rows normally move whole; a row that could never fit (a 3,000-character
    word in a narrow column) would otherwise stop the build. The measured
    heights are handed to the table as given heights, which each piece it
    splits into inherits: otherwise every page of a long table measures all
    its remaining rows again, which is quadratic in its length.
    """
    # Space below as below a paragraph: a heading after the table is not set tighter than after text.
    t.spaceAfter = max(getattr(t, "spaceAfter", 0), ctx.styles["body"].spaceAfter)
    t.wrap(ctx.width, 1e9)
    if isinstance(t, Rows):
        t.limit = ctx.height
    if any(row_splits(row, h, ctx.height) for row, h in zip(rl.table_cells(t), rl.row_heights(t), strict=True)):
        t.splitInRow = 1
    else:
        rl.keep_row_heights(t)
    return t


# -- page flow: what a page break may not leave behind -----------------------------------------------------



class Keep(KeepTogether):
    """Flowables that go to the next page together rather than be split by a page break, if they fit
    on a page (`limit`, the frame's height); a block taller than that flows and splits as usual."""

    def __init__(self, flowables: list[Flowable], limit: float):
        super().__init__(flowables)
        self.limit = limit

    def height_of(self, aw: float) -> float:
        return stack_height(rl.contents(self), aw)

    def split(self, aw: float, ah: float) -> list[Flowable]:
        if self.height_of(aw) > self.limit:
            # (a split's first part must fit where it stands, unless it is an action: the first of the
            # contents may itself be taller than the page, and splits in its turn)
            return [NullActionFlowable(), *rl.contents(self)]
        return super().split(aw, ah)


def _item(f: Flowable) -> bool:
    """Whether `f` is an item of a list: a paragraph with a bullet (or a long one whose first piece has it)."""
    first = (getattr(f, "pieces", None) or [f])[0]
    return bool(getattr(first, "bulletText", None))


def list_ends(n: int) -> list[range]:
    """The items of a list of `n` that go together, so that a page break leaves `MIN_ROWS` or more on each
    side: its first and last `MIN_ROWS`, or all of a list too short for that."""
    return [range(n)] if n < 2 * MIN_ROWS else [range(MIN_ROWS), range(n - MIN_ROWS, n)]


def keep_ends(items: Sequence[Sequence[Flowable]], limit: float) -> list[Flowable]:
    """The flowables of a list's `items` (an item: one flowable or more, none of them a container such as
    `Keep`), those of `list_ends` kept together (see `Keep`), so that no page holds a single item of it."""
    out: list[Flowable] = []
    at = 0
    for run in list_ends(len(items)):
        out += [f for item in items[at:run.start] for f in item]
        together = [f for item in items[run.start:run.stop] for f in item]
        out += [Keep(together, limit)] if len(together) > 1 else together
        at = run.stop
    return out


def keep_list_ends(items: list[Flowable], limit: float) -> list[Flowable]:
    """`items` with each list's first and last `MIN_ROWS` items kept together (see `keep_ends`)."""
    out: list[Flowable] = []
    run: list[Flowable] = []
    opening: list[Flowable] = []  # the sentence that opens the list ("we recommend:") goes with its first items

    def flush() -> None:
        out.extend(keep_ends([[*opening, run[0]], *([f] for f in run[1:])], limit))
        run.clear()
        opening.clear()

    for f in items:
        if _item(f):
            if not run and out and _introduces(out[-1]):
                opening.append(out.pop())
            run.append(f)
            continue
        if run:
            flush()
        out.append(f)
    if run:
        flush()
    return out


def _introduces(f: Flowable) -> bool:
    """Whether `f` is a paragraph that ends with a colon: the sentence that opens the list after it."""
    text = f.getPlainText().rstrip() if hasattr(f, "getPlainText") else ""
    return text.endswith((":", "\uff1a"))


def lead_height(f: Flowable, width: float, limit: float) -> float:
    """How tall the start of `f` is that a heading above it must keep with: a `Keep` no taller than
    `limit` (a page) whole, as it moves whole, else the start of its first flowable; a table (`Rows`) its
    header and first rows (see `Rows.lead`); anything else, nothing more than the few lines a heading asks
    for anyway (see `heading`)."""
    if isinstance(f, Keep):
        inner, tall = rl.contents(f), f.height_of(width)
        return tall if tall <= limit or not inner else lead_height(inner[0], width, limit)
    if isinstance(f, Rows):
        return f.lead(width)
    return 0.0


def height_of(f: Flowable, width: float) -> float:
    """How tall `f` is at `width` (a container such as `Keep`: its flowables together; it measures itself
    only where it is laid out)."""
    inner = rl.contents(f)
    return stack_height(inner, width) if inner else f.wrap(width, 1e9)[1]


def stack_height(items: list[Flowable], width: float) -> float:
    h = 0.0
    for i, f in enumerate(items):
        fh = height_of(f, width)
        h += fh + (f.getSpaceBefore() if i else 0) + (f.getSpaceAfter() if i < len(items) - 1 else 0)
    return h


def split_stack(items: list[Flowable], width: float, avail: float) -> tuple[list[Flowable], list[Flowable]]:
    """Split a vertical stack of flowables at `avail` points, splitting one paragraph if needed.

    A head that keeps with what follows it (`keepWithNext`) is not left last on the first part, and
    flowables chained so (a head and what it heads, the items of a short list) go to the same part,
    none of them split inside, unless the chain is all the first part would hold.
    """
    used = 0.0
    for i, f in enumerate(items):
        gap = f.getSpaceBefore() if i else 0
        _, h = f.wrap(width, 1e9)
        if used + gap + h <= avail:
            used += gap + h + f.getSpaceAfter()
            continue
        if getattr(f, "keepWithNext", False) or (i and getattr(items[i - 1], "keepWithNext", False)):
            k = i
            while k > 0 and getattr(items[k - 1], "keepWithNext", False):
                k -= 1
            if k > 0:  # the chain moves on whole
                return items[:k], items[k:]
        parts = f.split(width, avail - used - gap) if avail - used - gap > 0 else []
        if len(parts) >= 2:
            return items[:i] + [parts[0]], list(parts[1:]) + items[i + 1:]
        k = i
        while k > 1 and getattr(items[k - 1], "keepWithNext", False):
            k -= 1
        return items[:k], items[k:]
    return items, []


def draw_stack(items: list[Flowable], canv, x: float, top: float, width: float) -> None:
    """Draw flowables top-down from `top` (their wrap() must have run at `width`)."""
    y = top
    for i, f in enumerate(items):
        if i:
            y -= f.getSpaceBefore()
        _, h = f.wrap(width, 1e9)
        y -= h
        f.drawOn(canv, x, y)
        y -= f.getSpaceAfter()


class Tags(Flowable):
    """Small rounded labels in a row, wrapping to more rows when needed; more rows than a page holds
    split between rows (every name is printed, on as many pages as it takes)."""

    def __init__(self, ctx: Ctx, labels: list[str], paras: list[tuple[Paragraph, float]] | None = None):
        super().__init__()
        self.ctx = ctx
        size = ctx.styles["tag"].fontSize
        self.pad, self.gap, self.row = 3.0, 3.0, size + 5.0
        self.paras = paras or []  # (paragraph, tag width): given for a piece of a split
        for lab in labels:
            lab = lab if len(lab) <= 60 else lab[:59] + "…"  # a tag is a short name
            p = ctx.para(lab, "tag")
            p.wrap(ctx.width * 0.9, 1e9)
            w = max(p.getActualLineWidths0() or [0]) if p.line_count() == 1 else ctx.width * 0.9
            self.paras.append((p, min(w + 1.5, ctx.width * 0.9) + 2 * self.pad))  # slack: no rewrap
        self._rows: list[list[tuple[float, float, Paragraph]]] = []
        tag(self, role="L", parts=[p for p, _ in self.paras])  # a list of names
        for p, _ in self.paras:
            tag(p, role="LI")

    def split(self, aw: float, ah: float) -> list[Flowable]:
        """The rows that fit in `ah`, and the rest (none if not even one row fits, or all do)."""
        self.wrap(aw, ah)
        used, n = 0.0, 0
        for h in self.heights:
            used += h + (2 if n else 0)
            if used > ah:
                break
            n += 1
        if n == 0 or n == len(self._rows):
            return []
        k = sum(len(row) for row in self._rows[:n])  # the tags on those rows
        first, rest = Tags(self.ctx, [], self.paras[:k]), Tags(self.ctx, [], self.paras[k:])
        first.spaceBefore, rest.spaceAfter = self.getSpaceBefore(), self.getSpaceAfter()
        return [first, rest]

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        rows: list[list[tuple[float, float, Paragraph]]] = [[]]
        x = 0.0
        for p, w in self.paras:
            w = min(w, aw)
            if rows[-1] and x + w > aw:
                rows.append([])
                x = 0.0
            rows[-1].append((x, w, p))
            x += w + self.gap
        if self.ctx.rtl:  # tags flow from the right
            rows = [[(mirror(x, w, 0, aw), w, p) for x, w, p in row] for row in rows]
        self._rows = rows
        self.heights = []
        for row in rows:
            self.heights.append(max([self.row] + [p.wrap(w - 2 * self.pad, 1e9)[1] + 4 for _, w, p in row]))
        self.width, self.height = aw, sum(self.heights) + 2 * (len(rows) - 1)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        colors = self.ctx.colors
        c.setLineWidth(0.4)
        top = self.height
        for row, rh in zip(self._rows, self.heights, strict=True):
            y = top - rh
            for x, w, p in row:
                c.setFillColor(colors["tag"])
                c.setStrokeColor(colors["rule"])
                c.roundRect(x, y, w, rh, 2.5, stroke=1, fill=1)
                _, ph = p.wrap(w - 2 * self.pad, 1e9)
                p.drawOn(c, x + self.pad, y + (rh - ph) / 2)
            top = y - 2
