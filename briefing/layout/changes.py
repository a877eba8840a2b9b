"""What changed since the previous edition: page 1's box, the full list at the end, and the marks in the body.

In: the briefing and `ctx.changes` (see `briefing.editions`; None when the
briefing is not compared with a previous edition, and then nothing here
prints). Out: flowables, and for the components the mark of an item, as
paragraph nodes. A mark is a word (NEW, UPDATED in the briefing's language),
bold and in the accent colour: text that a screen reader reads and that a
grayscale copy keeps.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table, TableStyle

from ..dates import PDate
from ..model import Briefing
from ..pdf.tagging import tag
from .common import heading
from .inline import Ctx, Node

if TYPE_CHECKING:
    from ..editions import Change

ANCHOR = "changes"  # the full list's heading, where "and N more" leads
TOP_MAX = 6  # changes in the box on page 1; the others are counted in "and N more"
HEADINGS = {"summary": "changes_key_points", "sections": "changes_sections", "timeline": "timeline",
            "groups": "group_profiles", "figures": "key_figures", "actors": "actors", "outlook": "outlook",
            "sources": "sources"}


def mark(ctx: Ctx, key: str, on_accent: bool = False) -> list[Node]:
    """A mark as the start of a paragraph: the word, then a space (`on_accent`: on the accent colour, in
    the text's own colour)."""
    word: Node = ("b", {}, ctx.text(ctx.words.word(key), typeset=False))
    if not on_accent:
        word = ("font", {"color": ctx.colors["accent"]}, [word])
    return [word, "\u2002"]


def status(ctx: Ctx, item: object, on_accent: bool = False) -> list[Node]:
    """NEW for an item added since the previous edition, UPDATED for one changed, else nothing."""
    key = _status_key(ctx, item)
    return mark(ctx, key, on_accent) if key else []


def status_text(ctx: Ctx, item: object) -> str:
    """What `status` prints before an item, as text (a table sizes its column by it), or ''."""
    key = _status_key(ctx, item)
    return ctx.words.word(key) + "\u2002" if key else ""


def _status_key(ctx: Ctx, item: object) -> str | None:
    c = ctx.changes.of(item) if ctx.changes is not None else None
    if c is None:
        return None
    return "mark_new" if c.kind == "added" else "mark_updated"


def changed_fields(ctx: Ctx, item: object) -> frozenset[str]:
    """The fields of an item that changed since the previous edition (none for a new one)."""
    c = ctx.changes.of(item) if ctx.changes is not None else None
    return frozenset(f.name for f in c.fields) if c is not None else frozenset()


def previously(ctx: Ctx, item: object) -> Flowable | None:
    """Under a changed figure's value: its previous value and date."""
    text = previously_text(ctx, item)
    return None if text is None else ctx.para(text, "label_right")


def previously_text(ctx: Ctx, item: object) -> str | None:
    """The words of `previously` (a table sizes its column by them), or None when the value did not change."""
    c = ctx.changes.of(item) if ctx.changes is not None else None
    if c is None or c.kind != "changed" or not ({"value", "as_of"} & {f.name for f in c.fields}):
        return None
    from ..editions import value_as_of  # (only with a previous edition: start-up time)

    return ctx.words.word("previously", value=value_as_of(c.old, ctx.words))


def box(b: Briefing, ctx: Ctx) -> Flowable | None:
    """Page 1's box: what changed since the previous edition, the counts, the changes that matter most, and
    "and N more" linked to the full list; or that nothing changed."""
    ch = ctx.changes
    if ch is None:
        return None
    from ..editions import counts, since, top_text  # (only with a previous edition: start-up time)

    words = ctx.words
    after = since(ch, words)
    cell: list[Flowable] = [ctx.para(words.word("changes_title", since=after), "box_title")]
    if not ch.changes:
        cell.append(ctx.para(words.word("no_changes", since=after), "body_tight"))
    else:
        cell.append(ctx.para(counts(ch, words), "small_muted"))
        top = ch.top()[:TOP_MAX]
        for c in top:
            cell.append(ctx.paragraph(ctx.text(top_text(c, words)), "bullet", bulletText="\u2022"))
        more = len(ch.changes) - len(top)
        if more:
            cell.append(ctx.paragraph([ctx.link(f"#{ANCHOR}", ctx.text(words.word("changes_more", count=more)))],
                                      "body_tight"))
    t = Table([[cell]], colWidths=[ctx.width], splitInRow=1)
    t.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.6, ctx.colors["rule"]),
        ("LINEBEFORE", (0, 0), (0, -1), 3, ctx.colors["accent"]),
        ("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 7), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    tag(t, role="Sect", parts=cell)  # a box of its own, read after the key points
    t.spaceBefore, t.spaceAfter = 2, 8
    return t


def full_list(b: Briefing, ctx: Ctx) -> list[Flowable]:
    """The list at the end: every change, grouped by component (removed items are shown only here)."""
    ch = ctx.changes
    if ch is None or not ch.changes:
        return []
    words = ctx.words
    # the heading keeps with the first component's heading (which keeps with four lines) and its first items
    sub = ctx.styles["subheading"]
    keep = sub.leading + sub.spaceBefore + 4 * ctx.theme.sizes["leading"] + 2 * ctx.styles["bullet"].leading
    out: list[Flowable] = [*heading(ctx, words.word("changes_heading"), 0, keep=keep, anchor=ANCHOR)]
    for part, found in ch.by_part():
        out += heading(ctx, words.word(HEADINGS[part]), 1)
        for c in found:
            out.append(ctx.paragraph(ctx.text(words.word(f"change_{c.kind}", name=_name(c, ctx))), "bullet",
                                 bulletText="\u2022"))
            for f in c.fields:
                text = words.word("change_field", field=f.name, old=_value(f.name, f.old, ctx),
                                  new=_value(f.name, f.new, ctx))
                out.append(ctx.paragraph(ctx.text(text), _nested(ctx.styles["small_bullet"]), bulletText="\u2013"))
                tag(out[-1], list_level=1)  # a list of the item's fields, inside the item
    return out


def _name(c: Change, ctx: Ctx) -> str:
    from ..editions import name_of  # (only with a previous edition: start-up time)

    if c.part == "timeline":
        e = c.item
        return f"{e.label or ctx.words.date(e.date)} – {name_of(c.part, e)}"
    return c.name


def _value(field: str, value: object, ctx: Ctx) -> str:
    """A field's old or new value, quoted (dates as dates, none as the word)."""
    if value is None or value == ():
        return ctx.words.word("change_none")
    if isinstance(value, PDate):
        return ctx.words.date(value)
    from ..editions import shown  # (only with a previous edition: start-up time)

    text = ctx.words.value(value) if field == "value" and isinstance(value, str) else shown(value)
    return f'"{text}"'  # (typeset with the language's quotes, as any text)


@lru_cache(maxsize=8)
def _nested(base: ParagraphStyle) -> ParagraphStyle:
    """`base` one level in: a field under its item."""
    step = base.leftIndent - base.bulletIndent
    return ParagraphStyle(f"{base.name}-field", parent=base, leftIndent=base.leftIndent + 2 * step,
                          bulletIndent=base.bulletIndent + 2 * step)
