"""The author's images on the canvas, each with its caption and source under it.

In: a section's checked images. Out: one flowable per row (see `picture`),
kept whole on a page (one taller than a page: its images, then their
captions). The image's bytes come from the model, read when the briefing was
loaded: nothing is read from disk here. Each image is decoded when it is
drawn, at the size it is printed. Each image is its own flowable with the
image's `alt`, so a tagged PDF makes it a Figure with that text; the
captions are paragraphs.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from ... import images
from ...errors import BriefingError, Problem
from ...model import Image
from ...pdf import rl
from ...pdf.tagging import tag
from ..common import draw_stack, mirror, stack_height
from ..inline import Ctx
from .picture import print_pixels, rows, size_of, slot_width

GAP = "image_gap"


def _reader(im: Image, drawn: tuple[float, float]) -> rl.JpegReader | rl.PixelReader:
    """What ReportLab draws: the image upright, in sRGB, with the pixels 300 dpi needs at its drawn size
    (see `images.for_print`); decoded only now, so that one image at a time is held decoded."""
    try:
        src = images.for_print(im.data, im.kind, print_pixels(im.pixels, drawn))
        return rl.JpegReader(src) if isinstance(src, bytes) else rl.PixelReader(src)
    except Exception as e:  # noqa: BLE001 -- checked when loaded; a failure here is still the file's
        raise BriefingError(Problem(im.where.get("file", im.pos),
                                    f"cannot draw {im.file!r}: {images.reason(e)}")) from None


class Picture(Flowable):
    """One image at a fixed size; its `alt` makes it a Figure with that text in a tagged PDF."""

    def __init__(self, im: Image):
        super().__init__()
        self.im = im
        tag(self, alt=im.alt)  # (None: no Figure)
        self.width = self.height = 0.0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        reader = _reader(self.im, (self.width, self.height))
        self.canv.drawImage(reader, 0, 0, self.width, self.height, mask="auto")


class ImageRow(Flowable):
    """One or two images side by side, each with its caption under it; never split."""

    def __init__(self, ctx: Ctx, row: list[Image], captions: bool = True):
        super().__init__()
        self.ctx, self.row = ctx, row
        lay = ctx.theme.layout
        self.gap = lay.get(GAP, 14.0)
        self.dpi = lay.get("image_dpi", 150.0)
        self.pictures = [Picture(im) for im in row]
        self.captions = [self._caption(im) if captions else [] for im in row]
        tag(self, parts=[x for pic, cap in zip(self.pictures, self.captions, strict=True) for x in (pic, *cap)])
        self.spaceBefore, self.spaceAfter = lay.get("graphic_space_before", 4.0), lay.get("graphic_space_after", 10.0)
        self._at: float | None = None
        self.src_pos = row[0].pos

    def _caption(self, im: Image) -> list[Flowable]:
        out: list[Flowable] = list(self.ctx.rich(im.caption, "small", "small_bullet"))
        if im.source:
            n = self.ctx.sources.of(im.source)
            out.append(self.ctx.paragraph(["Source: ", self.ctx.link(f"#src-{n}", [f"[{n}]"])], "small_muted"))
        for p in out[1:]:
            p.spaceBefore = 0
        return out

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        if self._at != aw:
            self._at = aw
            slot = slot_width(self.row, aw, self.gap)
            self.slot = slot
            # the image's size first (at the caption's height for the full slot), then the caption at its width
            caps = [stack_height(c, slot) if c else 0.0 for c in self.captions]
            limit = max(self.ctx.height - max(caps) - 24, self.ctx.height * 0.3)
            for pic, im in zip(self.pictures, self.row, strict=True):
                pic.width, pic.height = size_of(im.pixels, slot, limit, self.dpi)
            self.cap_w = [p.width if p.width >= slot * 0.5 else slot for p in self.pictures]
            self.cap_h = max(stack_height(c, w) if c else 0.0 for c, w in zip(self.captions, self.cap_w, strict=True))
            self.img_h = max(p.height for p in self.pictures)
            self.height = self.img_h + (self.cap_h + 4 if self.cap_h else 0)
        self.width = aw
        return aw, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        """Nothing (the row moves to the next page whole) unless it is taller than a page: then the images,
        and under them their captions, which flow on."""
        if self.wrap(aw, ah)[1] <= self.ctx.height or not any(self.captions):
            return []
        pictures = ImageRow(self.ctx, self.row, captions=False)
        pictures.spaceAfter = 4
        return [pictures, *(p for cap in self.captions for p in cap)]

    def draw(self) -> None:
        c = self.canv
        for k, (pic, cap, cw) in enumerate(zip(self.pictures, self.captions, self.cap_w, strict=True)):
            x0 = k * (self.slot + self.gap)
            # a full-width image narrower than the text is centred; half-width ones sit in their column
            x = x0 + (self.slot - pic.width) / 2 if self.row[0].width == "full" else x0
            cx = x if cw == pic.width else x0
            if self.ctx.rtl:  # the first image at the right, each at the right of its column
                x, cx = mirror(x, pic.width, 0, self.width), mirror(cx, cw, 0, self.width)
            pic.drawOn(c, x, self.height - pic.height)
            if cap:  # under the image, as wide as the image unless that is too narrow to read
                draw_stack(cap, c, cx, self.height - self.img_h - 4, cw)


def build(ctx: Ctx, images: tuple[Image, ...]) -> list[Flowable]:
    """A flowable per row of images; one asked to be kept together (`keep`) but taller than a page says so in
    `too_tall` (for a warning: see layout.document)."""
    out = []
    for row in rows(images):
        r = ImageRow(ctx, row)
        kept = [im for im in row if im.keep == "together"]
        if kept and (tall := r.wrap(ctx.width, ctx.height)[1]) > ctx.height:
            r.too_tall = [(im.where.get("keep", im.pos), tall) for im in kept]
        out.append(r)
    return out
