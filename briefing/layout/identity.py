"""The house identity: the style's logo, the cover page, the table of contents.

In: a `Briefing` and the style's logo (read and checked with the style, see `briefing.theme`).
Out: flowables. The logo is drawn at the style's `logo_height` (narrower than `LOGO_MAX_WIDTH`
of the text's width, or smaller); decoration in a tagged PDF unless the style gives `logo_alt`, then
a Figure with that text. The cover is the first page: logo, publisher, title, subtitle, date, edition
and marking, with no running header or footer (see `document.decorate`); it has no page number, and
the page after it is page 1. The table of contents (`contents`) is made once the body is laid out
(see `briefing.pdf.document`): the parts of the document (level-0 headings) with their page numbers,
each entry a link to its heading; it follows the cover and is front matter too (unnumbered).
"""

from __future__ import annotations

from reportlab.platypus import Flowable, HRFlowable, PageBreak, Spacer

from ..model import Briefing, Image
from ..pdf import rl
from ..pdf.tagging import tag
from .graphics.picture import print_pixels
from .inline import Ctx

CONTENTS_TITLE_MAX = 200  # characters of a heading in the table of contents (it is printed whole at its place)
CONTENTS_AUTO = 8  # contents: auto prints a table of contents for a briefing of more pages than this
LOGO_MAX_WIDTH = 0.4  # of the text's width: a wide logo is drawn smaller than its set height


class Logo(Flowable):
    """The style's logo at `height` points (less if it would be wider than `max_width`)."""

    def __init__(self, im: Image, height: float, max_width: float, figure: bool = True):
        super().__init__()
        self.im = im
        pw, ph = im.pixels
        w = height * pw / ph if ph else height
        scale = min(1.0, max_width / w) if w > 0 else 1.0
        self.width, self.height = w * scale, height * scale
        if im.alt and figure:
            tag(self, alt=im.alt)  # a Figure
        else:
            tag(self, role="Artifact")

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        from .. import images  # (only for a logo: start-up time)

        c = self.canv
        if self.im.kind == "SVG":
            d = images.svg_drawing(self.im.data)
            if d is not None:  # (read when the style was loaded: it cannot fail here)
                rl.draw_drawing(c, d, self.width, self.height)
            return
        src = images.for_print(self.im.data, self.im.kind, print_pixels(self.im.pixels, (self.width, self.height)))
        reader = rl.JpegReader(src) if isinstance(src, bytes) else rl.PixelReader(src)
        c.drawImage(reader, 0, 0, self.width, self.height, mask="auto")


def logo(ctx: Ctx, height: float | None = None, figure: bool = True) -> Logo | None:
    """The style's logo at its set height (or `height`), or None when the style has none; decoration unless
    `figure` (and the style says what it shows)."""
    im = ctx.theme.logo
    if im is None:
        return None
    return Logo(im, height or ctx.theme.logo_height, ctx.width * LOGO_MAX_WIDTH, figure)


def cover(b: Briefing, ctx: Ctx, dateline: str) -> list[Flowable]:
    """The cover page: the logo, the publisher, the title, subtitle and authors, the `dateline` (the masthead's:
    edition, date, as-of date), then a page break (the marking is drawn on it as on every page)."""
    out: list[Flowable] = [Spacer(1, ctx.height * 0.18)]
    mark = logo(ctx, ctx.theme.logo_height * 2, figure=False)  # (read once: in page 1's masthead)
    if mark is not None:
        mark.hAlign = "RIGHT" if ctx.rtl else "LEFT"
        mark.spaceAfter = 14
        out.append(mark)
    if b.publisher:
        out.append(ctx.para(b.publisher.upper(), "masthead"))
    out.append(HRFlowable(width="100%", thickness=2, color=ctx.colors["accent"], spaceBefore=4, spaceAfter=6))
    for text, style in ((b.title, "cover_title"), (b.subtitle, "subtitle"), (", ".join(b.authors), "byline"),
                        (dateline, "cover_date")):
        if text:
            p = ctx.para(text, style)
            tag(p, role="P")  # (the document's title is its H1 on page 1: the cover repeats it)
            out.append(p)
    out.append(PageBreak())
    return out


def wants_contents(mode: str, pages: int) -> bool:
    """Whether a briefing of `pages` numbered pages gets a table of contents (`mode`: true, false or auto)."""
    return mode == "true" or (mode == "auto" and pages > CONTENTS_AUTO)


class ContentsEntry(Flowable):
    """One entry of the table of contents: its title (as many lines as it needs), a dotted leader, its page
    number at the end of its last line (right to left: titles flush right, numbers at the left); the whole
    entry is a link to the heading's place (`key`, a destination of the outline)."""

    def __init__(self, ctx: Ctx, title: str, page: str, key: str):
        super().__init__()
        self.ctx, self.key = ctx, key
        cut = title if len(title) <= CONTENTS_TITLE_MAX else title[:CONTENTS_TITLE_MAX - 1].rstrip() + "…"
        self.title = ctx.para(cut, "contents_entry")
        self.page = ctx.para(page, "contents_page")
        self.number_width = 0.0
        tag(self, role="TOCI")
        self.spaceAfter = 3

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.number_width = max(24.0, self.page.minWidth() + 8)
        _, h = self.title.wrap(aw - self.number_width, ah)
        self.page.wrap(self.number_width, ah)
        self.width, self.height = aw, h
        return aw, h

    def draw(self) -> None:
        c, ctx = self.canv, self.ctx
        rtl = ctx.rtl
        nw = self.number_width
        self.title.drawOn(c, nw if rtl else 0, 0)
        self.page.drawOn(c, 0 if rtl else self.width - nw, 0)
        # the leader: dots from the end of the title's last line to the number, on its baseline
        lines = self.title.getActualLineWidths0() or [0.0]
        base = self.title.style.fontSize * 0.25
        c.saveState()
        c.setStrokeColor(ctx.colors["rule"])
        c.setLineWidth(0.6)
        c.setDash([0.6, 2.4])
        gap = 6.0
        if rtl:
            x0, x1 = nw - 2, self.width - lines[-1] - gap
        else:
            x0, x1 = lines[-1] + gap, self.width - nw + 2
        if x1 - x0 > gap:
            c.line(x0, base, x1, base)
        c.restoreState()
        c.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)


def contents(ctx: Ctx, entries: list[tuple[str, str, int]], described: dict[str, str]) -> list[Flowable]:
    """The table of contents: its heading, then an entry for each (title, destination, page number);
    `described` is told what each entry's link says to a screen reader (by its destination). None without
    entries."""
    if not entries:
        return []
    head = ctx.para(ctx.words.word("contents"), "heading")
    tag(head, role="Caption")
    out: list[Flowable] = [head]
    for title, key, page in entries:
        number = ctx.words.word("contents_page", page=page)  # (in the digits of the footer's "Page X of Y")
        described[key] = ctx.words.word("contents_link", title=title, page=number)
        out.append(ContentsEntry(ctx, title, number, key))
    return out
