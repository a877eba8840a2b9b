"""The document template and page canvas: lay out a story, draw held pages, save the PDF in one pass.

In: the story (flowables in reading order, made as layout reaches them), the
page and its margins, the document's metadata, a function that draws each
page's decoration once the page count is known. Out: the PDF as bytes, tagged
(PDF/UA-1: `describe_link` says what each link's annotation describes) and
archival (PDF/A-2) as asked; the structure tree, metadata and PDF/A entries are
written as the canvas saves (`briefing.pdf.writer`).

What a flowable may tell the template (plain attributes, the layout's protocol):
`outline = (text, level)`: an outline entry at its top; `continues(prev)`: a
flowable continuing a run the page broke may ask for a head repeated at the top
of the new page (or None). Layout never touches the canvas's or the document's
private state: this module does.
"""

from __future__ import annotations

import io
import time
import zlib
from collections.abc import Callable, Iterator
from itertools import islice

from reportlab import rl_config
from reportlab.pdfbase.pdfmetrics import standardFonts
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import ActionFlowable, LayoutError

from ..model import without_bidi_controls as meta
from . import rl, tagging
from .strings import pdf_string
from .tagpdf import Info

Decorate = Callable[[Canvas, int, int], None]  # (canvas, page, page count): draws a page's decoration


class TooLarge(Exception):
    """A flowable could not be laid out on any page (too large for the frame)."""


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
    def __init__(self, *a, handling: Callable[[Flowable], None], **kw):
        super().__init__(*a, **kw)
        self._handling = handling
        self._outline_n, self._outline_level = 0, -1
        self._prev: Flowable | None = None
        self._headed = 0  # the page a repeated head was last put on

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
        if f is not None:
            self._handling(f)
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
            c.addOutlineEntry(pdf_string(meta(text)), key, level=level, closed=False)
            self._outline_level = level


def _canvas_class(font: str, lang: str, decorate: Decorate, tagger: tagging.Tagger | None, info: Info,
                  pdfa: bool):
    """A canvas that holds pages back until the page count is known, and saves the document's tags."""
    from reportlab.pdfbase.pdfdoc import PDFObject

    from .writer import AmendedLink, DocumentInfo, finish

    archival = tagger is not None or pdfa  # (tagged or PDF/A: what the writer adds to)

    class PagedCanvas(Canvas):
        def __init__(self, *a, **kw):
            kw["invariant"] = 1
            kw["lang"] = lang
            if archival:
                kw["pdfVersion"] = (1, 7)  # PDF/UA-1 and PDF/A-2 are ISO 32000-1
            super().__init__(*a, **kw)
            self._pages: list[dict | None] = []
            self.tagger = tagger
            self._link: tagging.Elem | None = None  # the Link element of the annotation being made
            self.annotations: dict[tagging.Annot, AmendedLink] = {}
            if tagger is not None:
                tagger.start_page(self)

        def setFont(self, psfontname: str, size: float, leading: float | None = None) -> None:
            # A table sets ReportLab's default font (Helvetica) before its first cell, even when
            # every cell holds paragraphs: a font the PDF would name without embedding it.
            if psfontname in standardFonts:
                psfontname = font
            super().setFont(psfontname, size, leading)

        def linkURL(self, url, rect, *a, **kw):
            if self.tagger is not None:
                self._link = self.tagger.link(url)
            return super().linkURL(url, rect, *a, **kw)

        def linkRect(self, contents, destinationname, *a, **kw):
            if self.tagger is not None:
                self._link = self.tagger.link("#" + destinationname)
            return super().linkRect(contents, destinationname, *a, **kw)

        def _addAnnotation(self, annotation: PDFObject, name=None, addtopage=1):
            # Every annotation this canvas makes is a link: tagged, each has its Link element.
            link, self._link = self._link, None
            if self.tagger is not None and link is None:
                raise RuntimeError("an annotation that is no recorded link")
            if archival:
                annotation = AmendedLink(annotation)
                if link is not None:
                    place = link.kids[-1]
                    assert isinstance(place, tagging.Annot)  # (see Tagger.link: a Link's last kid)
                    self.annotations[place] = annotation
            return super()._addAnnotation(annotation, name, addtopage)

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
                assert state is not None
                state["_code"] = [zlib.decompress(state["_code"]).decode("utf-8")]
                self.__dict__.update(state)
                with tagging.decoration(self):
                    decorate(self, n + 1, len(pages))
                Canvas.showPage(self)
            if archival:
                finish(self, tagger, info, pdfa, self.annotations)
            else:
                self._doc.info = DocumentInfo(info)
            Canvas.save(self)

    return PagedCanvas


def pdf_date(stamp: float) -> str:
    """A time (seconds since the epoch) as a PDF date, in UTC."""
    return time.strftime("D:%Y%m%d%H%M%S+00'00'", time.gmtime(stamp))


def render(story: Iterator[Flowable], *, page: tuple[float, float], margins: tuple[float, float, float, float],
           font: str, info: Info, decorate: Decorate, handling: Callable[[Flowable], None],
           describe_link: Callable[[str], tuple[str, bool]] | None = None, pdfa: bool = False) -> bytes:
    """Lay out `story` on pages of size `page` with `margins` (top, right, bottom, left), draw each
    page's decoration, and return the PDF; `handling(f)` is told of each flowable as layout takes it.

    Tagged (PDF/UA-1) when `describe_link` is given: it says what a link's annotation describes (from
    its target, "#name" or a URL) and whether it is a citation; `pdfa`: PDF/A-2 (2a when tagged, else 2b).
    `info` gives the document information (its dates: when `info.created` is empty, none). Raises
    `TooLarge` when a flowable fits on no page.
    """
    rl_config.useA85 = 0  # compressed streams stay binary: ASCII85 would add a quarter
    rl.keep_no_break_spaces()
    w, h = page
    top, right, bottom, left = margins
    fw, fh = w - left - right, h - top - bottom
    buf = io.BytesIO()
    doc = _Doc(
        buf, handling=handling, pagesize=(w, h), leftMargin=left, rightMargin=right, topMargin=top,
        bottomMargin=bottom, title=info.title, author=info.author, subject=info.subject, keywords=info.keywords,
        creator=info.creator, producer=info.producer, lang=info.lang, initialFontName=font,
    )
    frame = _Frame(left, bottom, fw, fh, id="body", leftPadding=6, rightPadding=6, topPadding=6, bottomPadding=6)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    tagger = None
    if describe_link is not None:
        tagging.install()  # flowables draw through the canvas's tagger (see briefing.pdf.tagging)
        tagger = tagging.Tagger(describe_link)
    items = story if tagger is None else tagger.placed(story)
    try:
        doc.build([_Pending(items)], canvasmaker=_canvas_class(font, info.lang, decorate, tagger, info, pdfa))
    except LayoutError:
        raise TooLarge() from None
    return buf.getvalue()
