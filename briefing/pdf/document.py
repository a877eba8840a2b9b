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
of the new page (or None); `opens_body = True`: the first flowable of page 1 (what
comes before it, a cover, is front matter, unnumbered); `contents = True`: its outline
entry is an entry of the table of contents; `floats = True`: where it does not fit, it
opens the next page and what follows it fills this one (its place in the structure
tree, the reading order, stays where the story put it). Layout never touches the
canvas's or the document's private state: this module does.

A table of contents is laid out and drawn as the document is saved, when every heading's
page is known: its pages are put after the front matter (after the cover), so the layout
stays one pass; the pages of the body keep their numbers whether it is printed or not.
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
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate
from reportlab.platypus.doctemplate import ActionFlowable, LayoutError

from ..model import without_bidi_controls as meta
from . import tagging
from .output import PDF
from .strings import pdf_string
from .tagpdf import Info

# (canvas, page number or None for front matter, count of numbered pages): draws a page's decoration
Decorate = Callable[[Canvas, int | None, int], None]
Entry = tuple[str, str, int]  # a contents entry: its text, its destination's name, its page number
# (entries, count of numbered pages) -> the table of contents' flowables, or none
Contents = Callable[[list[Entry], int], list[Flowable]]
_FRONT_NAMES = 1_000_000  # pages of the table of contents are named from here (the body's keep "Page1"...)


class _Layout:
    """What layout learns that saving needs: the front pages (before page 1) and the contents' entries.
    (A plain class, not a dataclass, whose methods would be compiled from source at every start.)"""

    def __init__(self, frame: tuple[float, float, float, float]):
        self.frame = frame  # x, y, width, height of the body's frame
        self.front = 0
        self.entries: list[Entry] = []
        self.contents = False  # (learnt as the document is saved) whether a table of contents was printed


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
    def __init__(self, *a, handling: Callable[[Flowable], None], learnt: _Layout, **kw):
        super().__init__(*a, **kw)
        self._handling = handling
        self._learnt = learnt
        self._body = False  # whether page 1 has begun
        self._outline_n, self._outline_level = 0, -1
        self._prev: Flowable | None = None
        self._headed = 0  # the page a repeated head was last put on
        self._floating: list[Flowable] = []  # floats held for the top of the next page
        self._floated = 0  # the page they did not fit on

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        f = flowables[0] if flowables else None
        if isinstance(f, _Pending):  # make the next few flowables, keeping the rest pending
            batch = list(islice(f.items, f.BATCH))
            if batch:
                flowables[0:1] = [*batch, f]
            else:  # the story's end: floats still held open the next page
                flowables[0:1], self._floating = [PageBreak(), *self._floating] if self._floating else [], []
            return
        frame = getattr(self, "frame", None)  # (none before the first page and after the last)
        if self._floating and frame is not None and frame._atTop and self.page != self._floated:
            flowables[0:0], self._floating = self._floating, []  # a new page: the floats open it
            return
        if getattr(f, "floats", False) and frame is not None and not frame._atTop and not self._fits(f):
            self._floating.append(flowables.pop(0))  # (what follows fills the page)
            self._floated = self.page
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

    def _fits(self, f: Flowable) -> bool:
        """Whether `f` fits, whole, in the room left in the frame (as the frame measures it)."""
        frame = self.frame
        space = max(f.getSpaceBefore() - (frame._prevASpace if frame._oASpace else 0), 0)
        room = frame._y - frame._y1p - space
        return room > 0 and f.wrapOn(self.canv, frame._getAvailableWidth(), room)[1] <= room + rl_config._FUZZ

    def afterFlowable(self, flowable: Flowable) -> None:
        if not isinstance(flowable, ActionFlowable):  # (page-end bookkeeping is no flowable of the story)
            self._prev = flowable
        if not self._body and getattr(flowable, "opens_body", False):
            self._body = True
            self._learnt.front = self.page - 1
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
            if getattr(flowable, "contents", False):
                self._learnt.entries.append((text, key, self.page))


def _canvas_class(font: str, lang: str, decorate: Decorate, tagger: tagging.Tagger | None, info: Info,
                  pdfa: bool, counted: list[int], learnt: _Layout, contents: Contents | None):
    """A canvas that holds pages back until the page count is known, and saves the document's tags."""
    from reportlab.pdfbase.pdfdoc import PDFObject

    from . import pack
    from .pack import Written
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
            front, numbered = learnt.front, len(pages) - learnt.front
            toc = contents([(t, k, p - front) for t, k, p in learnt.entries], numbered) if contents else []
            extra = 0
            self._made: int = self._annotationCount  # (annotations are named by count: NUMBER1...)
            self._doc.pageCounter = 1  # pages are now added in order: Page1, Page2, ...
            for n in range(len(pages)):
                if n == front and toc:
                    extra = self._front_matter(toc, front, numbered)
                state, pages[n] = pages[n], None  # let each held page go once drawn
                assert state is not None
                state["_code"] = [zlib.decompress(state["_code"]).decode("utf-8")]
                self.__dict__.update(state)
                with tagging.decoration(self):
                    decorate(self, n - front + 1 if n >= front else None, numbered)
                Canvas.showPage(self)
            counted.append(len(pages) + extra)
            learnt.contents = extra > 0
            if front + extra:  # viewers name the pages as they are printed: front matter i, ii..., then 1, 2...
                # (written whole: PDF/A validators want the labels' dictionaries direct, as ReportLab's are not)
                self._doc.Catalog.PageLabels = Written(b"<</Nums[0<</S/r>>%d<</S/D>>]>>" % (front + extra))
            if info.rtl:  # right to left: viewers show pages and spreads from the right
                self.setViewerPreference("Direction", "R2L")
            if archival:
                finish(self, tagger, info, pdfa, self.annotations)
                pack.install(self._doc)
            else:
                self._doc.info = DocumentInfo(info)
            Canvas.save(self)

        def _front_matter(self, story: list[Flowable], at: int, numbered: int) -> int:
            """Lay out and draw `story` (the table of contents) on pages put before held page `at`; their count.

            Each is named apart from the body's pages (`_FRONT_NAMES`), whose names destinations already use.
            """
            items = list(story)
            if self.tagger is not None:
                self.tagger.front(items, "TOC")
            done, body_names = 0, self._doc.pageCounter
            self._annotationCount = self._made  # (after every held page's: names no held page has)
            x, y, w, h = learnt.frame
            while items:
                self._restartAccumulators()  # (a clean page: not the one the layout began after its last)
                if self.tagger is not None:
                    self.tagger.insert_page(at + done, self, self.annotations)
                before = len(items)
                _Frame(x, y, w, h, leftPadding=6, rightPadding=6, topPadding=6, bottomPadding=6).addFromList(
                    items, self)
                if self.tagger is not None:
                    self.tagger.end_inserted(self)
                with tagging.decoration(self):
                    decorate(self, None, numbered)
                self._doc.pageCounter = _FRONT_NAMES + done
                Canvas.showPage(self)
                done += 1
                if len(items) == before:  # (an entry taller than a page: never, its text is cut short)
                    raise LayoutError("a table of contents' entry fits on no page")
            if self.tagger is not None:
                self.tagger.settle()  # (the pages put in take their place in the tree)
            self._doc.pageCounter = body_names
            return done

    return PagedCanvas


def pdf_date(stamp: float) -> str:
    """A time (seconds since the epoch) as a PDF date, in UTC."""
    return time.strftime("D:%Y%m%d%H%M%S+00'00'", time.gmtime(stamp))


def render(story: Iterator[Flowable], *, page: tuple[float, float], margins: tuple[float, float, float, float],
           font: str, info: Info, decorate: Decorate, handling: Callable[[Flowable], None],
           describe_link: Callable[[str], tuple[str, bool]] | None = None, pdfa: bool = False,
           contents: Contents | None = None) -> PDF:
    """Lay out `story` on pages of size `page` with `margins` (top, right, bottom, left), draw each
    page's decoration, and return the PDF; `handling(f)` is told of each flowable as layout takes it.

    Tagged (PDF/UA-1) when `describe_link` is given: it says what a link's annotation describes (from
    its target, "#name" or a URL) and whether it is a citation; `pdfa`: PDF/A-2 (2a when tagged, else 2b).
    `info` gives the document information (its dates: when `info.created` is empty, none). Raises
    `TooLarge` when a flowable fits on no page. `contents(entries, count of numbered pages)` gives the table
    of contents once every page is laid out (see the module's doc), or none.
    """
    rl_config.useA85 = 0  # compressed streams stay binary: ASCII85 would add a quarter
    w, h = page
    top, right, bottom, left = margins
    fw, fh = w - left - right, h - top - bottom
    buf = io.BytesIO()
    learnt = _Layout((left, bottom, fw, fh))
    doc = _Doc(
        buf, handling=handling, learnt=learnt, pagesize=(w, h), leftMargin=left, rightMargin=right, topMargin=top,
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
    counted: list[int] = []
    try:
        doc.build([_Pending(items)], canvasmaker=_canvas_class(font, info.lang, decorate, tagger, info, pdfa,
                                                               counted, learnt, contents))
    except LayoutError:
        raise TooLarge() from None
    return PDF.of(buf.getvalue(), counted[-1], learnt.contents)
