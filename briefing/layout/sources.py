"""The numbered Sources list: hanging numbers, titles in italics, clickable URLs.

Each entry carries the anchor `src-N` that citations in the text link to.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from ..model import Briefing
from .common import heading
from .inline import Ctx, Node


def build(b: Briefing, ctx: Ctx) -> list[Flowable]:
    if not b.sources:
        return []
    out: list[Flowable] = [*heading(ctx, ctx.words.word("sources"), 0)]
    by_id = {s.id: s for s in b.sources}
    for n, sid in ctx.sources.all():
        s = by_id[sid]
        nodes: list[Node] = [("a", {"name": f"src-{n}"}, []), ("i", {}, ctx.text(s.title))]
        if s.publisher:
            nodes += [". ", *ctx.text(s.publisher)]
        if s.date:
            nodes.append(". " + ctx.words.date(s.date, long=True))
        nodes.append(".")
        if s.url:
            # The URL is drawn in small type as typed: the style breaks a long one after a slash (nothing
            # is put into the text to allow it, so that it copies and searches as typed).
            # the link's target in ASCII, as a rich-text link's is (a PDF's URI is 7-bit): é -> %C3%A9
            target = s.url if s.url.isascii() else _ascii_link(s.url)
            nodes += [" ", ("font", {"size": str(ctx.theme.sizes["label"])}, [ctx.link(target, [s.url])])]
        if s.accessed:
            nodes.append(" " + ctx.words.word("accessed", date=ctx.words.date(s.accessed, long=True)))
        out.append(ctx.paragraph(nodes, _breaking_urls(ctx.styles["source"]), bulletText=f"{n}."))
    return out


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
