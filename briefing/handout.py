"""Handouts: a built PDF imposed two pages to a landscape sheet (pypdf).

`2up` puts pages 1-2, 3-4, ... side by side. `booklet` pads the pages to a
multiple of four with blanks and orders them for saddle-stitch printing:
sheet 1 front (last, first), back (second, second-to-last), and so on, so
the printed stack, folded in the middle, reads in order. A right-to-left
briefing (its catalog says `/Direction /R2L`) is imposed mirrored: page 1 on
the right half, a booklet bound at the right.

The sheet is the paper of the briefing turned to landscape. The briefing is
laid out again for half of it (A5 on A4, half-letter on Letter) with type
sized for that page, so each page is placed at full size, not shrunk.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
from typing import TYPE_CHECKING

from .pdf.output import PDF
from .pdf.strings import text

if TYPE_CHECKING:
    from pypdf import PageObject, PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject, StreamObject

    Move = tuple[float, float, float]  # scale, then shift right and up

MODES = ("2up", "booklet")


def handout_path(pdf_path: str, mode: str) -> str:
    """`out/<slug>.pdf` -> `out/<slug>-<mode>.pdf`, in the same folder."""
    root, _ = os.path.splitext(pdf_path)
    return f"{root}-{mode}.pdf"


def order(n: int, mode: str, rtl: bool = False) -> list[tuple[int | None, int | None]]:
    """The (left, right) page indices (0-based; None for a blank) of each sheet side.

    `rtl`: a right-to-left briefing, read from the right: 2up puts page 1 on the right half, and a
    booklet is imposed for a spine at the right (each side's pages swapped).
    """
    if rtl:
        return [(b, a) for a, b in order(n, mode)]
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


# The document information a handout keeps, written as bytes: pypdf's own encoding of text writes a
# title that begins "þÿ" as bytes that read as UTF-16.
_INFO = ("/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/Producer", "/CreationDate", "/ModDate")


def impose(data: bytes, mode: str, sheet: tuple[float, float] | None = None) -> PDF:
    """The PDF `data` imposed as a `mode` handout on `sheet` (width, height; default: the page
    turned to landscape); returns the new PDF. Pages laid out for half the sheet are placed at
    full size.

    Each page becomes a form XObject drawn, scaled, on its sheet: its content
    stream is copied as it is, never parsed, so the time is linear in the
    pages (merging pages with pypdf parses and rewrites every content stream
    and took 20 ms a page). Links keep working: their rectangles move with
    the page, and a link to a page goes to that page on its sheet.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ContentStream, DictionaryObject, NameObject

    reader = PdfReader(io.BytesIO(data))
    pages = list(reader.pages)
    if not pages:
        raise ValueError("the PDF has no pages")
    first = pages[0].mediabox
    pw, ph = float(first.width), float(first.height)
    sheet_w, sheet_h = sheet or (max(pw, ph), min(pw, ph))
    half = sheet_w / 2
    writer = PdfWriter()
    placed: dict[int, tuple[IndirectObject, Move]] = {}  # page index -> its sheet, how it was moved there
    sheets = []
    prefs = reader.root_object.get("/ViewerPreferences")
    rtl = prefs is not None and prefs.get_object().get("/Direction") == "/R2L"  # (as the briefing was laid out)
    for left, right in order(len(pages), mode, rtl):
        leaf = writer.add_blank_page(width=sheet_w, height=sheet_h)
        forms = DictionaryObject()
        ops = []
        for slot, index in ((0, left), (1, right)):
            if index is None:
                continue
            page = pages[index]
            box = page.mediabox
            w, h = float(box.width), float(box.height)
            s = min(half / w, sheet_h / h)
            tx = slot * half + (half - w * s) / 2 - float(box.left) * s
            ty = (sheet_h - h * s) / 2 - float(box.bottom) * s
            name = f"/P{index}"
            form = _form(page, writer)
            if form is not None:
                forms[NameObject(name)] = form.indirect_reference
                ops.append(f"q {s:.6f} 0 0 {s:.6f} {tx:.4f} {ty:.4f} cm {name} Do Q")
            placed[index] = (_ref(leaf), (s, tx, ty))
        leaf[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): forms})
        content = ContentStream(None, writer)
        content.set_data("\n".join(ops).encode("ascii"))
        leaf.replace_contents(content)
        sheets.append((leaf, [i for i in (left, right) if i is not None]))
    number = {_ref(p).idnum: i for i, p in enumerate(pages)}  # a link's target page
    for leaf, indices in sheets:  # links last: they may point to any sheet
        for i in indices:
            for annot in pages[i].get("/Annots") or []:
                link = _link(annot, number, placed, placed[i][1], writer)
                if link is not None:
                    writer.add_annotation(leaf, link)
    info = {k: str(v) for k, v in (reader.metadata or {}).items() if k in _INFO and isinstance(v, str)}
    if info:  # the briefing's document information, in the encoding the briefing's PDF has it
        writer.add_metadata(info)
        for k, v in (writer.metadata or {}).items():
            if k in info and text(info[k]).startswith(b"\xfe\xff"):  # (pypdf alone: PDFDocEncoding if it can)
                v.autodetect_utf16, v.utf16_bom = True, codecs.BOM_UTF16_BE
    if b"<pdfaid:part>" in data:  # (the XMP packet is not compressed)
        _keep_archival(reader, writer, info, data)
    buf = io.BytesIO()
    writer.write(buf)
    return PDF.of(buf.getvalue(), len(sheets))


def _keep_archival(reader: PdfReader, writer: PdfWriter, info: dict[str, str], data: bytes) -> None:
    """A handout of a PDF/A briefing is PDF/A too (2b: imposing pages drops the structure tree): the
    briefing's output intent and language, XMP metadata saying what its document information says,
    a file identifier (from the briefing: a rebuild is the same) and annotations that print."""
    from pypdf.generic import ArrayObject, ByteStringObject, NameObject, NumberObject, StreamObject, TextStringObject

    from .pdf import xmp

    source, root = reader.root_object, writer.root_object
    root[NameObject("/OutputIntents")] = source["/OutputIntents"].clone(writer)
    lang = str(source.get("/Lang", "en"))
    root[NameObject("/Lang")] = source["/Lang"].clone(writer) if "/Lang" in source else TextStringObject(lang)
    created = info.get("/CreationDate", "")
    writer.xmp_metadata = xmp.packet(info, lang, created, info.get("/ModDate", created), False, "B")
    metadata = root["/Metadata"].get_object()
    assert isinstance(metadata, StreamObject)  # (the stream the line above made)
    metadata.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    for sheet in writer.pages:
        for annot in sheet.get("/Annots") or []:
            annot.get_object()[NameObject("/F")] = NumberObject(4)
    ident = ByteStringObject(hashlib.md5(data).digest())
    writer._ID = ArrayObject([ident, ident])  # (pypdf's one public way makes a random one)


def _ref(page: PageObject) -> IndirectObject:
    """A page's object reference (a page read from a file, or added to a writer, has one)."""
    ref = page.indirect_reference
    assert ref is not None
    return ref


def _form(page: PageObject, writer: PdfWriter) -> StreamObject | None:
    """One page as a form XObject in `writer`: its content stream copied (not parsed), its resources
    (None: the page draws nothing)."""
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, NumberObject, StreamObject

    ref = page.get("/Contents")
    contents = ref.get_object() if ref is not None else None
    parts: list[StreamObject] = []
    if isinstance(contents, StreamObject):
        parts = [contents]
    elif isinstance(contents, ArrayObject):
        parts = [o for o in (s.get_object() for s in contents) if isinstance(o, StreamObject)]
    if not parts:
        return None
    # A copy of the (indirect) stream is an object of the writer, still compressed as it was.
    form = parts[0].clone(writer, force_duplicate=True)
    assert isinstance(form, StreamObject)  # (pypdf types the copy of a stream as a dictionary)
    if len(parts) > 1:  # an array of streams: joined, as a viewer would
        form.set_data(b"\n".join(p.get_data() for p in parts))
    node: PdfObject | None = page
    resources = None
    while isinstance(node, DictionaryObject) and resources is None:  # resources may come from the page tree
        resources = node.get("/Resources")
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    box = page.mediabox
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/FormType"): NumberObject(1),
        NameObject("/BBox"): ArrayObject(FloatObject(float(v)) for v in (box.left, box.bottom, box.right, box.top)),
    })
    if resources is not None:
        form[NameObject("/Resources")] = resources.clone(writer)
    return form


def _link(annot: PdfObject, pages: dict[int, int], placed: dict[int, tuple[IndirectObject, Move]], move: Move,
          writer: PdfWriter) -> DictionaryObject | None:
    """A link annotation of a page moved onto its sheet (None: not a link, or to nowhere this PDF has).

    `pages` gives the index of each page by its object number, `placed` each page's sheet and move.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject

    a = annot.get_object()
    if not isinstance(a, DictionaryObject) or a.get("/Subtype") != "/Link" or "/Rect" not in a:
        return None
    rect = a["/Rect"]
    assert isinstance(rect, ArrayObject)  # (a rectangle is an array of four numbers)
    s, tx, ty = move
    x1, y1, x2, y2 = (float(v) for v in rect)
    new = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): ArrayObject(FloatObject(round(v, 4)) for v in
                                         (s * x1 + tx, s * y1 + ty, s * x2 + tx, s * y2 + ty)),
        NameObject("/Border"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(0)]),
    })
    if "/Border" in a:
        new[NameObject("/Border")] = a["/Border"].clone(writer)
    ref = a.get("/A")
    found = ref.get_object() if ref is not None else None
    action = found if isinstance(found, DictionaryObject) else None  # (an action is a dictionary)
    if "/Dest" in a or (action is not None and action.get("/S") == "/GoTo"):
        dest = _dest(a["/Dest"] if "/Dest" in a or action is None else action.get("/D"), pages, placed)
        if dest is None:
            return None
        new[NameObject("/Dest")] = dest
    elif action is not None and action.get("/S") == "/URI":
        new[NameObject("/A")] = action.clone(writer)
    else:
        return None
    return new


def _dest(dest: PdfObject | None, pages: dict[int, int],
          placed: dict[int, tuple[IndirectObject, Move]]) -> ArrayObject | None:
    """An explicit destination on a page of the briefing, moved to that page's place on its sheet."""
    from pypdf.generic import ArrayObject, FloatObject, NameObject, NullObject, NumberObject

    dest = dest.get_object() if dest is not None else None
    if not isinstance(dest, ArrayObject) or len(dest) < 2 or not hasattr(dest[0], "idnum"):
        return None  # named destinations: the handout has no name tree
    index = pages.get(dest[0].idnum)
    if index is None:
        return None
    sheet, (s, tx, ty) = placed[index]

    def at(v: PdfObject, shift: float) -> PdfObject:
        o = v.get_object()
        if o is None or isinstance(o, NullObject):
            return NullObject()
        assert isinstance(o, (FloatObject, NumberObject))  # (a destination's coordinates are numbers)
        return FloatObject(round(s * float(o) + shift, 4))

    kind, args = dest[1], list(dest[2:])
    if kind == "/XYZ" and len(args) >= 2:
        return ArrayObject([sheet, NameObject("/XYZ"), at(args[0], tx), at(args[1], ty), NullObject()])
    return ArrayObject([sheet, NameObject("/Fit")])


def make_handout(pdf_path: str, mode: str, half: bytes, sheet: tuple[float, float]) -> tuple[str, PDF]:
    """Impose `half` (the briefing laid out for half a sheet); the path it goes to, beside the PDF, and
    its bytes. BriefingError if that path is not a file a handout can replace."""
    out = handout_path(pdf_path, mode)
    if os.path.exists(out) and not os.path.isfile(out):  # a FIFO would wait for a reader for ever
        from .errors import BriefingError, Pos, Problem

        raise BriefingError(Problem(Pos(out), "the handout must go to a regular file; this is not one", at=False))
    return out, impose(half, mode, sheet)
