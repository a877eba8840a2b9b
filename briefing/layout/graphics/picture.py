"""The author's images, placed: rows of one full-width or two half-width images, each never upscaled.

In: a section's images (already read and checked when the briefing was
loaded), the text width and the style's resolution limit. Out: rows of
(image, width, height) in points. An image is drawn no larger than its
pixels allow at `dpi` (a small image stays small and sharp), scaled down to
fit its width and a page's height, never stretched out of proportion. It is
embedded with the pixels its printed size needs at 300 dpi (`print_pixels`),
never more than it has.
"""

from __future__ import annotations

import math

from ...model import Image


def size_of(pixels: tuple[int, int], width: float, max_height: float, dpi: float) -> tuple[float, float]:
    """The drawn size of an image of `pixels` in at most `width` x `max_height` points."""
    pw, ph = pixels
    w = min(width, pw * 72.0 / dpi)
    h = w * ph / pw
    if h > max_height:
        h = max_height
        w = h * pw / ph
    return round(w, 2), round(h, 2)


def print_pixels(pixels: tuple[int, int], drawn: tuple[float, float]) -> tuple[int, int]:
    """The pixels to embed for an image of `pixels` drawn `drawn` points large: as many as 300 dpi needs
    (rounded up), never more than it has; the proportions those of the image."""
    from ...images import PRINT_DPI  # (only for a briefing with an image: start-up time)

    pw, ph = pixels
    f = min(1.0, max(drawn[0] * PRINT_DPI / 72 / pw, drawn[1] * PRINT_DPI / 72 / ph))
    return min(pw, max(1, math.ceil(pw * f - 1e-6))), min(ph, max(1, math.ceil(ph * f - 1e-6)))


def rows(images: tuple[Image, ...]) -> list[list[Image]]:
    """Images in rows: a full-width image alone, two half-width images in a row side by side."""
    out: list[list[Image]] = []
    for im in images:
        if im.width == "half" and out and len(out[-1]) == 1 and out[-1][0].width == "half":
            out[-1].append(im)
        else:
            out.append([im])
    return out


def slot_width(row: list[Image], width: float, gap: float) -> float:
    """The room for each image of a row: the text width, or half of it (less the gap) for a half image."""
    return width if row[0].width == "full" else (width - gap) / 2
