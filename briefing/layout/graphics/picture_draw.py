"""The author's images on the canvas, each with its caption and source under it.

In: a section's checked images. Out: one flowable per row (see `picture`),
kept whole on a page. The image's bytes come from the model, read when the
briefing was loaded: nothing is read from disk here. `alt` stays with the
flowable, for readers who cannot see the image.
"""

from __future__ import annotations

import io

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from ...errors import BriefingError, Problem
from ...model import Image
from ..common import draw_stack, stack_height
from ..inline import Ctx, Para
from .picture import rows, size_of, slot_width

GAP = "image_gap"


def _reader(im: Image) -> ImageReader:
    """What ReportLab draws: a JPEG as it is (embedded unchanged), anything else decoded to RGB(A) or gray."""
    from PIL import Image as PILImage

    try:
        if im.kind == "JPEG":
            with PILImage.open(io.BytesIO(im.data), formats=["JPEG"]) as pic:
                if pic.mode in ("RGB", "L", "CMYK"):
                    return ImageReader(io.BytesIO(im.data))
                pic = pic.convert("RGB")
                return ImageReader(pic)
        with PILImage.open(io.BytesIO(im.data), formats=["PNG"]) as pic:
            pic.load()
            alpha = pic.mode in ("RGBA", "LA", "PA") or "transparency" in pic.info
            mode = "RGBA" if alpha else "L" if pic.mode in ("1", "L", "I;16", "I") else "RGB"
            if pic.mode == "I;16" or pic.mode == "I":  # 16-bit gray: scale to 8 bits first
                pic = pic.point(lambda v: v / 256).convert("L")
            return ImageReader(pic.convert(mode) if pic.mode != mode else pic.copy())
    except Exception as e:  # noqa: BLE001 -- checked when loaded; a failure here is still the file's
        raise BriefingError(Problem(im.where.get("file", im.pos), f"cannot draw {im.file!r}: {e}")) from None


class ImageRow(Flowable):
    """One or two images side by side, each with its caption; never split."""

    def __init__(self, ctx: Ctx, row: list[Image]):
        super().__init__()
        self.ctx, self.row = ctx, row
        lay = ctx.theme.layout
        self.gap = lay.get(GAP, 14.0)
        self.dpi = lay.get("image_dpi", 150.0)
        self.readers = [_reader(im) for im in row]
        self.alt = [im.alt for im in row]
        self.captions = [self._caption(im) for im in row]
        self.spaceBefore, self.spaceAfter = lay.get("graphic_space_before", 4.0), lay.get("graphic_space_after", 10.0)
        self._at: float | None = None
        self.src_pos = row[0].pos

    def _caption(self, im: Image) -> list[Flowable]:
        out: list[Flowable] = list(self.ctx.rich(im.caption, "small", "small_bullet"))
        if im.source:
            n = self.ctx.sources.of(im.source)
            out.append(Para.of(["Source: ", self.ctx.link(f"#src-{n}", [f"[{n}]"])], self.ctx.styles["small_muted"]))
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
            self.sizes = [size_of(im.pixels, slot, limit, self.dpi) for im in self.row]
            self.cap_h = max(stack_height(c, w if w >= slot * 0.5 else slot) if c else 0.0
                             for c, (w, _) in zip(self.captions, self.sizes, strict=True))
            self.img_h = max(h for _, h in self.sizes)
            self.height = self.img_h + (self.cap_h + 4 if self.cap_h else 0)
        self.width = aw
        return aw, self.height

    def draw(self) -> None:
        c = self.canv
        for k, (reader, (w, h), cap) in enumerate(zip(self.readers, self.sizes, self.captions, strict=True)):
            x0 = k * (self.slot + self.gap)
            # a full-width image narrower than the text is centred; half-width ones sit in their column
            x = x0 + (self.slot - w) / 2 if self.row[0].width == "full" else x0
            c.drawImage(reader, x, self.height - h, w, h, mask="auto")
            if cap:  # under the image, as wide as the image unless that is too narrow to read
                cx, cw = (x, w) if w >= self.slot * 0.5 else (x0, self.slot)
                draw_stack(cap, c, cx, self.height - self.img_h - 4, cw)


def build(ctx: Ctx, images: tuple[Image, ...]) -> list[Flowable]:
    return [ImageRow(ctx, row) for row in rows(images)]
