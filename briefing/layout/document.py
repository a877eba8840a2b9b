"""Assemble the story and render it: page template, page decoration, outline, metadata.

In: a `Briefing`, a `Theme` and a creation time. Out: the PDF as bytes.
Every page decoration (marking bands, running header, footer with
"Page X of Y") is drawn by one function, `decorate`, called once per page
after the page count is known.
"""

from __future__ import annotations

import io
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice

from reportlab import rl_config
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfdoc import PDFDate, PDFDictionary, PDFInfo, PDFString
from reportlab.pdfbase.pdfmetrics import standardFonts
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import ActionFlowable, LayoutError

from .. import __version__
from ..errors import BriefingError, Pos, Problem
from ..labels import labels_for
from ..model import BANNER_MAX, COMPONENTS, Briefing
from ..model import without_bidi_controls as meta
from ..pdf import tagging
from ..pdf.pdfread import fit, text
from ..pdf.tagpdf import Info
from ..theme import Theme
from . import actors, figures, outlook, profiles, prose, sources, timeline, title
from .inline import Ctx, Numbers
from .styles import paragraph_styles

BUILDERS: dict[str, Callable[[Briefing, Ctx, int], Iterable[Flowable]]] = {
    "timeline": timeline.build, "groups": profiles.build, "figures": figures.build,
    "actors": actors.build, "outlook": outlook.build,
}


def story(b: Briefing, ctx: Ctx) -> Iterator[Flowable]:
    """The flowables in reading order, each tagged with the YAML element it came from.

    A component tags its own elements (a timeline row, a profile card) where it
    can; everything else gets the position of the component's key. Flowables
    are made as layout reaches them (see `_Pending`), so memory does not grow
    with the length of the briefing.
    """

    def tagged(items: Iterable[Flowable], pos: Pos) -> Iterator[Flowable]:
        for f in items:
            if getattr(f, "src_pos", None) is None:
                f.src_pos = pos  # type: ignore[attr-defined]
            yield f

    yield from tagged(title.build(b, ctx), b.pos)
    placed: set[str] = set()
    for s in b.sections:
        yield from tagged(prose.build(s, ctx), s.pos)
        for name in s.include:
            placed.add(name)
            items = iter(BUILDERS[name](b, ctx))
            first = list(islice(items, 2))
            head = getattr(first[1], "outline", None) if len(first) > 1 else None
            if head and head[0].casefold() == s.title.casefold():
                first = []  # the section's own heading already says it
            yield from tagged(chain(first, items), s.where.get("include", s.pos))
    for name in COMPONENTS:
        if name not in placed:
            yield from tagged(BUILDERS[name](b, ctx, 0), b.where.get(name, b.pos))
    yield from tagged(sources.build(b, ctx), b.where.get("sources", b.pos))
    if b.disclaimer:
        yield from tagged([ctx.para(b.disclaimer, "disclaimer")], b.where.get("disclaimer", b.pos))


class _Pending(Flowable):
    """Stands in the story for the flowables still to be made; the document expands it."""

    BATCH = 16

    def __init__(self, items: Iterator[Flowable]):
        super().__init__()
        self.items = items

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0


class _Frame(Frame):
    def split(self, flowable: Flowable, canv: Canvas) -> list[Flowable]:
        pieces = super().split(flowable, canv)
        if getattr(canv, "tagger", None) is not None:
            for p in pieces:  # each piece stands for what the whole did in the structure tree
                tagging.inherit(p, flowable)
        return pieces


class _Doc(BaseDocTemplate):
    def handle_flowable(self, flowables: list[Flowable]) -> None:
        f = flowables[0] if flowables else None
        if isinstance(f, _Pending):  # make the next few flowables, keeping the rest pending
            batch = list(islice(f.items, f.BATCH))
            flowables[0:1] = [*batch, f] if batch else []
            return
        if f is not None and f.getKeepWithNext() and len(flowables) > 1 and isinstance(flowables[1], _Pending):
            # keep-with-next needs the next flowable made, not the pending rest (that would be kept whole)
            pending = flowables[1]
            flowables[1:2] = [*islice(pending.items, pending.BATCH), pending]
            if not isinstance(flowables[1], _Pending):
                return
        # A flowable that continues a run broken by the page (a timeline in an era) may ask for a head
        # repeated at the top of the new page.
        again = getattr(f, "continues", None)
        if again is not None and self.frame._atTop and self._headed != self.page \
                and (head := again(self._prev)) is not None:
            self._headed = self.page  # once a page: a head that does not fit must not come back for ever
            flowables.insert(0, head)
            return
        # The pieces of a split flowable carry no tag: they keep their parent's.
        if getattr(f, "src_pos", None) is not None:
            self._src = f
        self._current = f
        super().handle_flowable(flowables)

    def afterFlowable(self, flowable: Flowable) -> None:
        if not isinstance(flowable, ActionFlowable):  # (page-end bookkeeping is no flowable of the story)
            self._prev = flowable
        entry = getattr(flowable, "outline", None)
        if entry:
            key = f"o{self._outline_n}"
            self._outline_n += 1
            text, level = entry
            c = self.canv
            # The heading's top: the frame has moved below it and its space after.
            top = self.frame._y + flowable.getSpaceAfter() + getattr(flowable, "height", 0)
            c.bookmarkHorizontalAbsolute(key, top + 2)
            level = min(level, self._outline_level + 1)
            c.addOutlineEntry(_pdf_text(meta(text)), key, level=level, closed=False)
            self._outline_level = level


def _pdf_text(s: str) -> PDFString:
    """A text string for ReportLab to write as `pdfread.text` encodes it, cut to a PDF string's length.

    (ReportLab's own encoding writes a soft hyphen as a byte PDFDocEncoding leaves undefined, and
    text that begins "þÿ" as bytes that read as UTF-16.)
    """
    return PDFString(text(fit(s)), enc="raw")


class _Info(PDFInfo):
    """The document information as the tagging pass writes it: the same entries, the same encoding."""

    def __init__(self, info: Info):
        super().__init__()
        self.info = info
        # (what ReportLab's document ID is made from, as before)
        self.title, self.author, self.subject, self.keywords = info.title, info.author, info.subject, info.keywords

    def format(self, document) -> bytes:
        d = {k[1:]: _pdf_text(v) for k, v in self.info.fields().items()}
        d["CreationDate"] = d["ModDate"] = PDFDate(ts=document._timeStamp, dateFormatter=self._dateFormatter)
        return PDFDictionary(d).format(document)


def _canvas_class(b: Briefing, theme: Theme, ctx: Ctx, stamp: float, tagger: tagging.Tagger | None, info: Info):
    """A canvas that holds pages back until the page count is known."""

    class PagedCanvas(tagging.LinkCanvas, Canvas):
        def __init__(self, *a, **kw):
            kw["invariant"] = 1
            kw["lang"] = b.language
            super().__init__(*a, **kw)
            ts = TimeStamp(1)
            ts.t = stamp
            ts.lt = time.gmtime(stamp)
            ts.YMDhms = tuple(ts.lt)[:6]
            self._doc._timeStamp = ts
            self._pages: list[dict] = []
            self.tagger = tagger
            if tagger is not None:
                tagger.start_page(self)

        def setFont(self, psfontname: str, size: float, leading: float | None = None) -> None:
            # A table sets ReportLab's default font (Helvetica) before its first cell, even when
            # every cell holds paragraphs: a font the PDF would name without embedding it.
            if psfontname in standardFonts:
                psfontname = theme.font
            super().setFont(psfontname, size, leading)

        def showPage(self) -> None:
            # The document names pages by its counter ("Page3"); a destination made
            # while the page is held must name the page it will become.
            self._doc.pageCounter += 1
            if self.tagger is not None:
                self.tagger.end_page(self)
            state = dict(self.__dict__)
            # A held page keeps its drawing compressed: a long briefing holds hundreds.
            # (ReportLab joins the operators with newlines, as here, when it writes.)
            state["_code"] = zlib.compress("\n".join(self._code).encode("utf-8"), 1)
            self._pages.append(state)
            self._startPage()
            if self.tagger is not None:
                self.tagger.start_page(self)

        def save(self) -> None:
            pages, self._pages = self._pages, []
            self._doc.pageCounter = 1  # pages are now added in order: Page1, Page2, ...
            for n in range(len(pages)):
                state, pages[n] = pages[n], None  # let each held page go once drawn
                state["_code"] = [zlib.decompress(state["_code"]).decode("utf-8")]
                self.__dict__.update(state)
                with tagging.decoration(self):
                    decorate(self, b, theme, ctx, n + 1, len(pages))
                Canvas.showPage(self)
            self._doc.info = _Info(info)
            Canvas.save(self)

    return PagedCanvas


def decorate(c: Canvas, b: Briefing, theme: Theme, ctx: Ctx, page: int, total: int) -> None:
    """Everything drawn on every page outside the frame: marking, header, footer."""
    w, h = theme.page
    top, right, bottom, left = theme.margins
    col = ctx.colors
    c.saveState()
    if b.marking:
        m = ctx.para(_banner(b.marking.upper()), "marking")
        for y in (h - 14, 6):
            _, mh = m.wrap(w - left - right, 30)
            m.drawOn(c, left, y + (10 - mh) / 2 + 1)
    if page > 1:
        head = ctx.para(_short_title(b.title), "label")
        head.wrap(w - left - right, 30)
        head.drawOn(c, left, h - top + 10)
        c.setStrokeColor(col["rule"])
        c.setLineWidth(0.4)
        c.line(left, h - top + 6, w - right, h - top + 6)
    c.setStrokeColor(col["rule"])
    c.setLineWidth(0.4)
    c.line(left, bottom - 10, w - right, bottom - 10)
    left_text = ctx.words.date(b.date, long=True) if b.date else _banner(b.publisher or "")
    foot_l = ctx.para(left_text, "label")
    foot_r = ctx.para(ctx.words.word("page_of", page=page, total=total), "label_right")
    for p in (foot_l, foot_r):
        p.wrap(w - left - right, 30)
        p.drawOn(c, left, bottom - 22)
    c.restoreState()


def _banner(t: str, limit: int = BANNER_MAX) -> str:
    """Text for a line on every page, cut short: far longer than a line fits, it would be broken into
    lines and drawn again on every page, in time that grows with its length times the page count."""
    return t if len(t) <= limit else t[:limit - 1] + "…"


def _short_title(t: str) -> str:
    head = t.split(":")[0].strip()
    return head if 0 < len(head) <= 70 else (t[:67] + "…" if len(t) > 70 else t)


def render(b: Briefing, theme: Theme, stamp: float, tags: bool = True, pdfa: bool = False) -> bytes:
    """Lay out and draw the briefing; raise BriefingError naming what could not be laid out.

    `tags`: a tagged PDF (PDF/UA-1); `pdfa`: PDF/A-2 (2a when tagged, else 2b).
    """
    rl_config.useA85 = 0  # compressed streams stay binary: ASCII85 would add a quarter
    styles = paragraph_styles(theme)
    w, h = theme.page
    top, right, bottom, left = theme.margins
    fw, fh = w - left - right, h - top - bottom
    ctx = Ctx(theme, styles, Numbers([s.id for s in b.sources]), b.group_names(), fw - 12, fh - 12,
              labels_for(b.language))
    buf = io.BytesIO()
    info = Info(title=meta(b.title), author=meta(", ".join(b.authors) or (b.publisher or "")),
                subject=meta(b.subtitle or ""), keywords=meta(", ".join(b.keywords)),
                creator=f"briefing {__version__}", producer=f"briefing {__version__}", lang=b.language)
    doc = _Doc(
        buf, pagesize=(w, h), leftMargin=left, rightMargin=right, topMargin=top, bottomMargin=bottom,
        title=info.title, author=info.author, subject=info.subject, keywords=info.keywords, creator=info.creator,
        producer=info.producer, lang=b.language, initialFontName=theme.font,
    )
    doc._outline_n, doc._outline_level = 0, -1
    doc._src = doc._current = doc._prev = None
    doc._headed = 0  # the page a repeated head was last put on
    frame = _Frame(left, bottom, fw, fh, id="body", leftPadding=6, rightPadding=6, topPadding=6, bottomPadding=6)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    tagger = tagging.Tagger(_links(b, ctx)) if tags else None
    items = story(b, ctx) if tagger is None else tagger.placed(story(b, ctx))
    try:
        doc.build([_Pending(items)], canvasmaker=_canvas_class(b, theme, ctx, stamp, tagger, info))
    except LayoutError:
        raise BriefingError(_too_large(doc, b, fw - 12, fh - 12)) from None
    data = buf.getvalue()
    if tagger is None and not pdfa:
        return data
    buf.close()  # (a long briefing's PDF is megabytes: one copy at a time)
    from ..pdf.tagpdf import finish

    return finish(data, tagger, info, pdfa)


def _links(b: Briefing, ctx: Ctx) -> Callable[[str], tuple[str, bool]]:
    """What a link's annotation says of its target, and whether it is a citation (a source's number)."""
    titles = {s.id: meta(s.title) for s in b.sources}

    def describe(target: str) -> tuple[str, bool]:
        if target.startswith("#src-") and target[5:].isdigit():
            n = int(target[5:])
            sid = next((i for i, m in ctx.sources.given.items() if m == n), None)
            if sid in titles:
                return ctx.words.word("source_link", n=n, title=titles[sid]), True
            return ctx.words.word("source_link_untitled", n=n), True
        return (target[1:] if target.startswith("#") else target), False

    return describe


KINDS = {"Row": "timeline entry", "Card": "group profile", "Table": "table", "Para": "paragraph",
         "Paragraph": "paragraph", "LongPara": "paragraph"}


def _too_large(doc: _Doc, b: Briefing, width: float, height: float) -> Problem:
    """Name the YAML element whose flowable could not be placed, and by how much it is too large."""
    f, src = doc._current, doc._src
    kind = KINDS.get(type(f).__name__, "element")
    size = ""
    try:
        fw, fh = f.wrap(width, height)
        if fh > height or fw > width:
            size = f" ({fw:.0f} x {fh:.0f} pt; a page holds {width:.0f} x {height:.0f} pt)"
    except Exception:  # noqa: BLE001 -- the size is only a hint; the position is what matters
        pass
    pos = getattr(src, "src_pos", None) or b.pos
    rows = getattr(src, "row_pos", None)  # a table whose rows come from YAML elements: name the row
    if rows:
        heights = getattr(src, "_rowHeights", None) or []
        pos = next((p for p, rh in zip(rows, heights, strict=False) if p is not None and rh > height), pos)
    return Problem(pos, f"cannot lay out this {kind}: it is too large for a page{size}")

