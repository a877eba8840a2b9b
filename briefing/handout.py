"""Handouts: a built PDF imposed two pages to a landscape sheet (pypdf).

`2up` puts pages 1-2, 3-4, ... side by side. `booklet` pads the pages to a
multiple of four with blanks and orders them for saddle-stitch printing:
sheet 1 front (last, first), back (second, second-to-last), and so on, so
the printed stack, folded in the middle, reads in order.

The sheet is the paper of the briefing turned to landscape; each page is
scaled to fit half of it and centred there.
"""

from __future__ import annotations

import io
import os

from .write import write_atomic

MODES = ("2up", "booklet")


def handout_path(pdf_path: str, mode: str) -> str:
    """`out/<slug>.pdf` -> `out/<slug>-<mode>.pdf`, in the same folder."""
    root, _ = os.path.splitext(pdf_path)
    return f"{root}-{mode}.pdf"


def order(n: int, mode: str) -> list[tuple[int | None, int | None]]:
    """The (left, right) page indices (0-based; None for a blank) of each sheet side."""
    if mode == "2up":
        idx: list[int | None] = list(range(n))
        if len(idx) % 2:
            idx.append(None)
        return [(idx[i], idx[i + 1]) for i in range(0, len(idx), 2)]
    if mode == "booklet":
        m = -(-n // 4) * 4 or 4
        real = [i if i < n else None for i in range(m)]
        sides = []
        for k in range(m // 4):
            sides.append((real[m - 1 - 2 * k], real[2 * k]))  # front
            sides.append((real[2 * k + 1], real[m - 2 - 2 * k]))  # back
        return sides
    raise ValueError(f"unknown handout mode {mode!r} (known: {', '.join(MODES)})")


def impose(data: bytes, mode: str) -> bytes:
    """The PDF `data` imposed as a `mode` handout; returns the new PDF."""
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation

    reader = PdfReader(io.BytesIO(data))
    pages = list(reader.pages)
    if not pages:
        raise ValueError("the PDF has no pages")
    first = pages[0].mediabox
    pw, ph = float(first.width), float(first.height)
    sheet_w, sheet_h = max(pw, ph), min(pw, ph)
    half = sheet_w / 2
    writer = PdfWriter()
    for left, right in order(len(pages), mode):
        sheet = PageObject.create_blank_page(width=sheet_w, height=sheet_h)
        for slot, index in ((0, left), (1, right)):
            if index is None:
                continue
            page = pages[index]
            box = page.mediabox
            w, h = float(box.width), float(box.height)
            s = min(half / w, sheet_h / h)
            tx = slot * half + (half - w * s) / 2 - float(box.left) * s
            ty = (sheet_h - h * s) / 2 - float(box.bottom) * s
            sheet.merge_transformed_page(page, Transformation().scale(s, s).translate(tx, ty))
        writer.add_page(sheet)
    if reader.metadata and reader.metadata.title:
        writer.add_metadata({"/Title": str(reader.metadata.title)})
    buf = io.BytesIO()
    writer.write(buf)
    from .tagpdf import keep_archival  # the handout of a PDF/A briefing is PDF/A too

    return keep_archival(data, buf.getvalue())


def write_handout(pdf_path: str, mode: str) -> str:
    """Read the built PDF, write its handout beside it (atomically); returns the path written."""
    with open(pdf_path, "rb") as fh:
        data = fh.read()
    out = handout_path(pdf_path, mode)
    write_atomic(out, impose(data, mode))
    return out
