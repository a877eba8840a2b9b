"""The numbered Sources list: hanging numbers, titles in italics, clickable URLs.

In: the sources, numbered (see `inline.Numbers`), and what follows the list (the disclaimer). Out: the
heading and one paragraph per source, its number right-aligned in a column as wide as the widest, its
publisher and date joined as the language joins them ("RFI, octobre 2025"). Each entry carries the
anchor `src-N` that citations in the text link to.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from ..model import Briefing
from .changes import status
from .common import Keep, heading
from .inline import Ctx, Node

TAIL_LINES = 5  # the least of the list that goes to a page of its own with what follows it


def build(b: Briefing, ctx: Ctx, after: list[Flowable] | None = None) -> list[Flowable]:
    """The heading and the list, then `after` (the disclaimer): the list's last `TAIL_LINES` lines at
    least keep with it, so a page never holds only what follows the list or a few lines of its end."""
    after = after or []
    if not b.sources:
        return after
    entries = _entries(b, ctx)
    lines, k = 0.0, len(entries)
    while k > 0 and lines < TAIL_LINES:
        k -= 1
        lines += entries[k].wrap(ctx.width, 1e9)[1] / entries[k].style.leading
    tail = Keep([*entries[k:], *after], ctx.height)
    # the whole list is short: its heading asks for room for all of it
    head = heading(ctx, ctx.words.word("sources"), 0, keep=0 if k else tail.height_of(ctx.width))
    return [*head, *entries[:k], tail]


NUMBER_GAP = 4.0  # points between a source's number and its text


def _entries(b: Briefing, ctx: Ctx) -> list[Flowable]:
    out: list[tuple[list[Node], str]] = []  # (the entry, its number)
    by_id = {s.id: s for s in b.sources}
    for n, sid in ctx.sources.all():
        s = by_id[sid]
        nodes: list[Node] = [("a", {"name": f"src-{n}"}, []), *status(ctx, s), ("i", {}, ctx.text(s.title))]
        # (a source's dates stay Gregorian)
        date = ctx.words.date(s.date, long=True, gregorian=True) if s.date else None
        last = s.title
        stop = " " if _ends_a_sentence(last) else ". "  # (a title that asks a question: no full stop after it)
        if s.publisher and date:  # joined as the language joins them: "RFI, octobre 2025"
            last = ctx.words.word("source_published", publisher=s.publisher, date=date)
            nodes += [stop, *ctx.text(last)]
        elif s.publisher:
            last = s.publisher
            nodes += [stop, *ctx.text(last)]
        elif date:  # (after a full stop, a month's name takes a capital)
            last = _capital(date)
            nodes += ctx.text(stop + last)
        if not _ends_a_sentence(last):
            nodes.append(".")
        if s.url:
            # The URL is drawn in small type as typed: the style breaks a long one after a slash (nothing
            # is put into the text to allow it, so that it copies and searches as typed).
            # the link's target in ASCII, as a rich-text link's is (a PDF's URI is 7-bit): é -> %C3%A9
            target = s.url if s.url.isascii() else _ascii_link(s.url)
            nodes += [" ", ("font", {"size": str(ctx.theme.sizes["label"])}, [ctx.link(target, [s.url])])]
        if s.accessed:
            accessed = ctx.words.date(s.accessed, long=True, gregorian=True)
            key = "accessed" if s.accessed.day else "accessed_month"  # (fr: le 2 septembre, en septembre)
            nodes += ctx.text(" " + ctx.words.word(key, date=accessed))
        out.append((nodes, f"{ctx.words.digits(n)}."))
    st = _breaking_urls(ctx.styles["source"])
    numbered = [ctx.bullet(st, number) for _, number in out]  # (in a face that has the number's digits)
    widest = max(stringWidth(number, s.bulletFontName, s.fontSize)
                 for (_, number), s in zip(out, numbered, strict=True))
    return [ctx.paragraph(nodes, _numbered(s, round(widest, 1)), bulletText=number)
            for (nodes, number), s in zip(out, numbered, strict=True)]


@lru_cache(maxsize=8)
def _numbered(style: ParagraphStyle, widest: float) -> ParagraphStyle:
    """`style` with its numbers right-aligned in a column as wide as the widest, the text after a gap."""
    return ParagraphStyle(f"{style.name}-{widest}", parent=style, bulletAnchor="end", bulletIndent=widest,
                          leftIndent=widest + NUMBER_GAP, bulletFontSize=style.fontSize)


def _ends_a_sentence(text: str) -> bool:
    """Whether `text` ends with its own full stop, question or exclamation mark (closing quotes after it)."""
    return text.rstrip().rstrip("\"'\u00bb\u201d\u2019)\u00a0\u202f ")[-1:] in (".", "?", "!", "\u2026", "\u061f")


def _capital(text: str) -> str:
    """Text that starts a sentence: its first letter a capital (`août 2021` -> `Août 2021`)."""
    return text[:1].upper() + text[1:]


@lru_cache(maxsize=8)
def _breaking_urls(style: ParagraphStyle) -> ParagraphStyle:
    """`style`, breaking a URL that does not fit the rest of a line after the last slash that does.

    (ReportLab's `uriWasteReduce`: a URL is broken when the line would otherwise be left with more
    than this fraction of its width empty; the smallest fraction breaks it whenever that fills the line.)
    """
    return ParagraphStyle(f"{style.name}-urls", parent=style, uriWasteReduce=1e-6)


def _ascii_link(url: str) -> str:
    """A URL in ASCII, percent-encoded (and its host in punycode) as markdown-it writes a link's target."""
    from markdown_it.common.normalize_url import normalizeLink  # (imported only for such a URL)

    return normalizeLink(url)
