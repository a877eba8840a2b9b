"""Assemble the story and render it: the story, the page decoration, the metadata, what went wrong.

In: a `Briefing`, a `Theme` and a creation time. Out: the PDF as bytes, laid
out and saved by the PDF package (`briefing.pdf.document.render`). Every page
decoration (marking bands, running header, footer with "Page X of Y") is drawn
by one function, `decorate`, called once per page after the page count is known.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import chain, islice
from typing import TYPE_CHECKING

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table

from .. import __version__, labels
from ..direction import is_rtl
from ..errors import BriefingError, Pos, Problem
from ..model import BANNER_MAX, COMPONENTS, Briefing
from ..model import without_bidi_controls as meta
from ..pdf import document, rl
from ..pdf.output import PDF
from ..pdf.tagpdf import Info
from ..theme import Theme
from . import actors, blocks, changes, figures, identity, outlook, profiles, prose, sources, timeline, title
from .common import Keep, height_of
from .inline import Ctx, Numbers
from .styles import paragraph_styles

if TYPE_CHECKING:
    from ..editions import Changes

BUILDERS: dict[str, Callable[[Briefing, Ctx, int], Iterable[Flowable]]] = {
    "timeline": timeline.build, "groups": profiles.build, "figures": figures.build,
    "actors": actors.build, "outlook": outlook.build,
}


def story(b: Briefing, ctx: Ctx, warn: Callable[[Problem], None] = lambda p: None) -> Iterator[Flowable]:
    """The flowables in reading order (see `_story`); without sources, the disclaimer keeps with what comes
    before it when that is short, so that it never stands alone on the last page."""
    parts = _story(b, ctx, warn)
    if not b.disclaimer or b.sources:
        yield from parts
        return
    last = None
    for f in parts:
        if last is not None:
            yield last
        last = f
    end = ctx.para(b.disclaimer, "disclaimer")
    end.src_pos = b.where.get("disclaimer", b.pos)
    if last is not None and height_of(last, ctx.width) <= ctx.height / 3:
        kept = Keep([last, end], ctx.height)
        kept.src_pos = getattr(last, "src_pos", None)
        yield kept
    else:
        yield from ([last, end] if last is not None else [end])


def _story(b: Briefing, ctx: Ctx, warn: Callable[[Problem], None]) -> Iterator[Flowable]:
    """The flowables in reading order, each tagged with the YAML element it came from.

    A component tags its own elements (a timeline row, a profile card) where it
    can; everything else gets the position of the component's key. Flowables
    are made as layout reaches them (see `_Pending`), so memory does not grow
    with the length of the briefing.
    """

    def tagged(items: Iterable[Flowable], pos: Pos) -> Iterator[Flowable]:
        for f in items:
            if getattr(f, "src_pos", None) is None:
                f.src_pos = pos
            for at, tall in getattr(f, "too_tall", None) or ():  # kept together, but taller than a page
                warn(Problem(at, f"kept together but taller than a page ({tall:.0f} pt; a page holds "
                                 f"{ctx.height:.0f} pt): it is split across pages", warning=True))
            yield f

    if cover_of(b, ctx.theme):
        yield from tagged(identity.cover(b, ctx, title.dateline(b, ctx)), b.where.get("cover", b.pos))
    block = title.build(b, ctx)
    block[0].opens_body = True  # page 1 begins here (see briefing.pdf.document)
    yield from tagged(block, b.pos)
    placed: set[str] = set()
    for s in b.sections:
        yield from tagged(prose.build(s, ctx), s.pos)
        for name in s.include:
            placed.add(name)
            items = iter(BUILDERS[name](b, ctx, 1))  # its heading one level below the section's
            first = list(islice(items, 2))
            head = getattr(first[1], "outline", None) if len(first) > 1 else None
            if head and head[0].casefold() == s.title.casefold():
                first = []  # the section's own heading already says it
            yield from tagged(chain(first, items), s.where.get("include", s.pos))
    for name in COMPONENTS:
        if name not in placed:
            yield from tagged(BUILDERS[name](b, ctx, 0), b.where.get(name, b.pos))
    yield from tagged(changes.full_list(b, ctx), b.pos)  # (before the sources: they end with the disclaimer)
    after = []
    if b.disclaimer and b.sources:  # (without sources: see `story`)
        after = [ctx.para(b.disclaimer, "disclaimer")]
        after[0].src_pos = b.where.get("disclaimer", b.pos)
    yield from tagged(sources.build(b, ctx, after), b.where.get("sources", b.pos))


def cover_of(b: Briefing, theme: Theme) -> bool:
    """Whether the briefing has a cover page: its own `cover`, else its style's."""
    return theme.cover if b.cover is None else b.cover


def decorate(c: Canvas, b: Briefing, theme: Theme, ctx: Ctx, page: int | None, total: int) -> None:
    """Everything drawn on every page outside the frame: marking, header, footer. A page of front matter (the
    cover, the table of contents: `page` None) has the marking only."""
    w, h = theme.page
    top, right, bottom, left = theme.margins
    col = ctx.colors
    c.saveState()
    if b.marking:
        m = ctx.para_again(_banner(b.marking.upper()), "marking")
        for y in _marking_bands(h, top, bottom):
            _, mh = m.wrap(w - left - right, 30)
            m.drawOn(c, left, y + (10 - mh) / 2 + 1)
    if page is None:
        c.restoreState()
        return
    if page > 1:
        head = ctx.para_again(_short_title(b.title), "label")
        head.wrap(w - left - right, 30)
        head.drawOn(c, left, h - top + 10)
        c.setStrokeColor(col["rule"])
        c.setLineWidth(0.4)
        c.line(left, h - top + 6, w - right, h - top + 6)
    c.setStrokeColor(col["rule"])
    c.setLineWidth(0.4)
    c.line(left, bottom - 10, w - right, bottom - 10)
    left_text = ctx.words.date(b.date, long=True) if b.date else _banner(b.publisher or "")
    foot_l = ctx.para_again(left_text, "label")
    foot_r = ctx.para(ctx.words.word("page_of", page=page, total=total), "label_right")
    for p in (foot_l, foot_r):
        p.wrap(w - left - right, 30)
        p.drawOn(c, left, bottom - 22)
    c.restoreState()


PRINTABLE = 12.0  # points from the paper's edge that most printers leave blank (4.2 mm)


def _marking_bands(h: float, top: float, bottom: float) -> tuple[float, float]:
    """The bottoms of the marking's two bands, 10 points tall: at the head and the foot of the page, no nearer
    the paper's edge than `PRINTABLE` where the margins leave that room beside the running header (its
    baseline 10 points above the frame) and the footer (22 points below it), else as near as they must."""
    head = h - PRINTABLE - 10 if h - PRINTABLE - 10 >= h - top + 17.5 else h - 14
    foot = PRINTABLE if PRINTABLE + 10 <= bottom - 23 else 6.0
    return head, foot


def _banner(t: str, limit: int = BANNER_MAX) -> str:
    """Text for a line on every page, cut short: far longer than a line fits, it would be broken into
    lines and drawn again on every page, in time that grows with its length times the page count."""
    return t if len(t) <= limit else t[:limit - 1] + "…"


def _short_title(t: str) -> str:
    head = t.split(":")[0].strip()
    return head if 0 < len(head) <= 70 else (t[:67] + "…" if len(t) > 70 else t)


def render(b: Briefing, theme: Theme, stamp: float, tags: bool = True, pdfa: bool = False,
           warn: Callable[[Problem], None] = lambda p: None, since: Changes | None = None) -> PDF:
    """Lay out and draw the briefing; raise BriefingError naming what could not be laid out.

    `tags`: a tagged PDF (PDF/UA-1); `pdfa`: PDF/A-2 (2a when tagged, else 2b); `warn` is told what
    only the layout finds worth a warning (a block kept together that is taller than a page); `since`:
    what changed since the previous edition, marked and listed.
    """
    ctx = context(b, theme, since)
    rtl = ctx.rtl
    created = document.pdf_date(stamp)
    info = Info(title=meta(b.title), author=meta(", ".join(b.authors) or (b.publisher or "")),
                subject=meta(b.subtitle or ""), keywords=meta(", ".join(b.keywords)),
                creator=f"briefing {__version__}", producer=f"briefing {__version__}", lang=b.language,
                created=created, modified=created, rtl=rtl)
    at: list[Flowable | None] = [None, None]  # the flowable being laid out, the last one from the story
    described: dict[str, str] = {}  # what each contents entry's link says (by its destination)
    mode = b.contents or theme.contents

    def contents(entries: list[tuple[str, str, int]], pages: int) -> list[Flowable]:
        return identity.contents(ctx, entries, described) if identity.wants_contents(mode, pages) else []

    def handling(f: Flowable) -> None:
        at[0] = f
        if getattr(f, "src_pos", None) is not None:  # (the pieces of a split flowable keep their parent's)
            at[1] = f

    try:
        return document.render(story(b, ctx, warn), page=theme.page, margins=theme.margins, font=theme.font, info=info,
                               decorate=lambda c, page, total: decorate(c, b, theme, ctx, page, total),
                               handling=handling, describe_link=_links(b, ctx, described) if tags else None,
                               pdfa=pdfa, contents=contents)
    except document.TooLarge:
        raise BriefingError(_too_large(at[0], at[1], b, ctx.width, ctx.height)) from None


def context(b: Briefing, theme: Theme, since: Changes | None = None) -> Ctx:
    """What every component lays itself out with: styles, words, numbers, the frame's size."""
    rtl = is_rtl(b.language, b.direction)
    w, h = theme.page
    top, right, bottom, left = theme.margins
    return Ctx(theme, paragraph_styles(theme, rtl), Numbers([s.id for s in b.sources]), b.group_names(),
               w - left - right - 12, h - top - bottom - 12, labels.of(b, theme.numerals, theme.labels), rtl,
               blocks.build, changes=since)


def kept_warnings(b: Briefing, theme: Theme) -> list[Problem]:
    """The warnings only the layout finds (a block kept together that is taller than a page), found by
    making the story without drawing it: what `check` tells of a briefing that keeps blocks together."""
    found: list[Problem] = []
    for _ in story(b, context(b, theme), found.append):
        pass
    return found


@lru_cache(maxsize=1)
def _note() -> re.Pattern[str]:
    return re.compile(r"#note-\d+-([a-z]+)")  # (the anchors of `layout.blocks.notes`)


def _links(b: Briefing, ctx: Ctx, described: dict[str, str]) -> Callable[[str], tuple[str, bool]]:
    """What a link's annotation says of its target, and whether it is a citation (a source's number);
    `described`: what the table of contents' links say, by destination."""
    titles = {s.id: meta(s.title) for s in b.sources}

    def describe(target: str) -> tuple[str, bool]:
        if target[1:] in described:
            return meta(described[target[1:]]), False
        if target == f"#{changes.ANCHOR}":  # "and N more": to the list of changes
            return ctx.words.word("changes_heading"), False
        if target.startswith("#src-") and target[5:].isdigit():
            n = int(target[5:])
            sid = next((i for i, m in ctx.sources.given.items() if m == n), None)
            if sid in titles:
                return ctx.words.word("source_link", n=n, title=titles[sid]), True
            return ctx.words.word("source_link_untitled", n=n), True
        note = _note().fullmatch(target)
        if note:  # a footnote's letter: "Note a"
            return ctx.words.word("note_link", mark=note[1]), False
        return (target[1:] if target.startswith("#") else target), False

    return describe


KINDS = {"Row": "timeline entry", "Card": "group profile", "Table": "table", "MirroredTable": "table",
         "TextPara": "paragraph", "Paragraph": "paragraph"}


def _too_large(f: Flowable | None, src: Flowable | None, b: Briefing, width: float, height: float) -> Problem:
    """Name the YAML element whose flowable `f` could not be placed (`src`: the flowable of the story it
    is or is part of), and by how much it is too large."""
    kind = KINDS.get(type(f).__name__, "element")
    size = ""
    try:
        fw, fh = f.wrap(width, height) if f is not None else (0, 0)
        if fh > height or fw > width:
            size = f" ({fw:.0f} x {fh:.0f} pt; a page holds {width:.0f} x {height:.0f} pt)"
    except Exception:  # noqa: BLE001 -- the size is only a hint; the position is what matters
        pass
    pos = getattr(src, "src_pos", None) or b.pos
    rows = getattr(src, "row_pos", None)  # a table whose rows come from YAML elements: name the row
    if rows:
        heights = rl.row_heights(src) if isinstance(src, Table) else []
        pos = next((p for p, rh in zip(rows, heights, strict=False) if p is not None and rh > height), pos)
    return Problem(pos, f"cannot lay out this {kind}: it is too large for a page{size}")

