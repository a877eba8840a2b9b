"""A tagged document's file: its small objects packed in compressed object streams.

ReportLab writes every object on its own and uncompressed, and a tagged
briefing's objects are mostly small dictionaries (a structure element each),
so the tree would outweigh the pages. `pack` takes the place of ReportLab's
`PDFDocument.format` (same objects, same numbers, in the same order): the
streams (pages' contents, fonts, images, XMP) are written as ReportLab writes
them, every other object goes into an object stream (ISO 32000-1 7.5.7), and a
cross-reference stream (7.5.8) replaces the table and trailer. PDF 1.5 and
later; PDF/A-2 and PDF/UA-1 allow both.

The objects a file has by the hundred are written here as bytes, the bytes
ReportLab's formatting gives, without its generic walk through every key and
value: the structure tree's (`Written`, made whole by the writer), and the
dictionaries of pages, outline entries and link annotations (`dictionary`,
`value`: ReportLab's spelling of names, numbers, arrays and dictionaries;
any other value is formatted by ReportLab).
"""

from __future__ import annotations

import struct
import zlib
from functools import cache

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import (
    Destination,
    NoEncryption,
    OutlineEntryObject,
    PDFArray,
    PDFDestinationXYZ,
    PDFDictionary,
    PDFDocument,
    PDFFile,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFPage,
    PDFResourceDictionary,
    PDFString,
    pdfdocEnc,
)
from reportlab.pdfbase.pdfdoc import format as pdf_format

PER_STREAM = 200  # objects per object stream (a reader decompresses one to reach an object)
_XREF_FIELDS = (1, 4, 2)  # bytes: type, offset or stream number, generation or index
_row = struct.Struct(">BIH").pack  # an xref stream's row, of those fields


class Written(PDFObject):
    """An object whose text is made whole by its maker, registered with the document like any other
    (never a stream)."""

    def __init__(self, data: bytes = b""):
        self.data = data

    def format(self, document) -> bytes:
        return self.data


def install(doc: PDFDocument) -> None:
    """Make `doc` written by `pack` when its canvas saves."""
    if doc._pdfVersion < (1, 5):
        raise ValueError("object streams need PDF 1.5 or later")
    doc.format = lambda: pack(doc)


def pack(doc: PDFDocument) -> bytes:
    """The file of `doc`, as `PDFDocument.format` would make it, with object and xref streams."""
    if doc.encrypt.info():
        raise ValueError("an encrypted document is written by ReportLab itself")
    doc.encrypt.prepare(doc)
    root = doc.Reference(doc.Catalog)
    info = doc.Reference(doc.info)
    out = PDFFile(doc._pdfVersion)
    entries: dict[int, bytes] = {}  # object number -> its row of the xref stream
    packed: list[tuple[int, bytes]] = []  # (number, text) of the objects waiting for a stream
    counter = 0
    numbers, objects, versions = doc.numberToId, doc.idToObject, doc.idToObjectNumberAndVersion
    plain = _plain()
    # (formatting an object may add objects: the loop runs until the numbers are exhausted)
    while (counter := counter + 1) in numbers:
        oid = numbers[counter]
        obj = objects[oid]
        if type(obj) is Written:  # (written already: the structure tree's many dictionaries)
            packed.append((counter, obj.data))
            continue
        n, v = versions[oid]
        doc.encrypt.register(n, v)
        fast = _OBJECTS.get(type(obj)) if plain else None
        text = fast(obj, doc) if fast is not None else pdf_format(obj, doc, toplevel=1)
        if v != 0 or text.rstrip().endswith(b"endstream"):  # a stream is never inside another
            end = b"" if text.endswith(b"\n") else b"\n"
            entries[n] = _row(1, out.add(b"%d %d obj\n%s%sendobj\n" % (n, v, text, end)), v)
        else:
            packed.append((n, text))
    size = counter  # the next free number
    for start in range(0, len(packed), PER_STREAM):
        chunk = packed[start:start + PER_STREAM]
        number = size
        size += 1
        head, body, offset = [], [], 0
        for i, (n, text) in enumerate(chunk):
            head.append(b"%d %d" % (n, offset))
            body.append(text)
            offset += len(text) + 1
            entries[n] = _row(2, number, i)
        first = b" ".join(head) + b"\n"
        data = zlib.compress(first + b"\n".join(body) + b"\n")
        header = b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>" % (
            len(chunk), len(first), len(data))
        entries[number] = _row(1, out.add(b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n" % (number, header, data)), 0)
    xref = size
    size += 1
    start_xref = out.offset
    entries[xref] = _row(1, start_xref, 0)
    data = zlib.compress(_row(0, 0, 65535) + b"".join([entries[n] for n in range(1, size)]))
    ident = doc.ID().split(b"]")[0].strip() + b"]"  # ([<digest><digest>], without ReportLab's comment)
    header = (b"<< /Type /XRef /Size %d /W [%d %d %d] /Root %s /Info %s /ID %s /Filter /FlateDecode /Length %d >>"
              % (size, *_XREF_FIELDS, root.format(doc), info.format(doc), ident, len(data)))
    out.add(b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n" % (xref, header, data))
    out.add(b"startxref\n%d\n%%%%EOF\n" % start_xref)
    return out.format(doc)


# -- ReportLab's formatting, byte for byte -------------------------------------------------------------

def _plain() -> bool:
    """Whether ReportLab writes its dictionaries and arrays on few lines, without comments (its default)."""
    return not rl_config.pdfMultiLine and (rl_config.invariant or not rl_config.pdfComments)


@cache
def name_bytes(s: str) -> bytes:
    """A name (a key, a role, a scope) as written: `PDFName` spells it in printable ASCII."""
    return PDFName(s).encode("ascii")


def dictionary(d: dict, doc) -> bytes:
    """`PDFDictionary(d)` as written: its keys sorted, a line break every six entries."""
    if not _plain():
        return PDFDictionary(d).format(doc)
    out = []
    for i, k in enumerate(sorted(d)):
        if i and i % 6 == 0:
            out.append(b"\n ")
        out.append(name_bytes(k) + b" " + value(d[k], doc))
    return b"<<\n" + b" ".join(out) + b"\n>>"


def value(v, doc) -> bytes:
    """`v` as ReportLab's `pdfdoc.format` writes it inside a dictionary or an array (in its default layout,
    `_plain`: `dictionary` leaves any other to ReportLab)."""
    t = type(v)
    if t is float or t is int:
        return fp_str(v).encode("ascii")  # (digits: PDFDocEncoding is ASCII there)
    if t is str:
        return v.encode("ascii") if v.isascii() and v.isprintable() else pdfdocEnc(v)
    if t is PDFObjectReference:
        return b"%d %d R" % doc.idToObjectNumberAndVersion[v.name]
    if t is PDFArray and v.multiline != "forced":
        seq = v.sequence
        if len(seq) <= 10 and all(type(e) is float or type(e) is int for e in seq):  # (a rectangle, a border)
            return b"[ " + fp_str(*seq).encode("ascii") + b" ]" if seq else b"[  ]"
        out = []
        for i, e in enumerate(seq):
            if i and i % 10 == 0:
                out.append(b"\n ")
            out.append(value(e, doc))
        return b"[ " + b" ".join(out) + b" ]"
    if t is PDFDictionary and type(v.dict) is dict and v.multiline != "forced":
        return dictionary(v.dict, doc)
    if t is PDFString and v.escape == 0 and v.enc == "raw" and type(v.s) is bytes \
            and type(doc.encrypt) is NoEncryption:  # (a text string as `strings.pdf_string` spells it)
        return b"(" + v.s + b")"
    if t is Destination and type(v.fmt) is PDFDestinationXYZ and type(v.page) is PDFObjectReference:
        f = v.fmt
        f.page = v.page  # (as ReportLab's: the destination's page bound to its format)
        return b"[ %d %d R /XYZ %s %s %s ]" % (*doc.idToObjectNumberAndVersion[v.page.name],
                                              value(f.left, doc), value(f.top, doc), value(f.zoom, doc))
    if t is PDFResourceDictionary:
        return _resources(v, doc)
    return pdf_format(v, doc)


def _page(page: PDFPage, doc) -> bytes:
    """A page as `PDFCatalog.format` writes it: its entries made (`check_format`), those it has, the ones
    it refers to registered (its contents' stream, in that order), in one dictionary."""
    page.check_format(doc)
    d = {}
    for k, v in page.__Defaults__.items():
        v = getattr(page, k, v)
        if v is not None:
            d[k] = v
    for k in page.__NoDefault__:
        v = getattr(page, k, None)
        if v is not None:
            d[k] = v
    for k in page.__Refs__:
        if k in d:
            d[k] = doc.Reference(d[k])
    return dictionary(d, doc)


def _resources(r: PDFResourceDictionary, doc) -> bytes:
    """A page's resources as `PDFResourceDictionary.format` writes them: the dictionaries it has, its
    procedure sets."""
    d: dict[str, object] = {}
    for k in r.dict_attributes:
        v = getattr(r, k)
        if isinstance(v, dict):
            if v:
                d[k] = PDFDictionary(v)
        else:
            d[k] = v
    procs = r.ProcSet
    if isinstance(procs, (tuple, list)):
        if procs:
            d["ProcSet"] = PDFArray(procs)
    else:
        d["ProcSet"] = procs
    return dictionary(d, doc)


def _outline_entry(e: OutlineEntryObject, doc) -> bytes:
    """An outline entry as `OutlineEntryObject.format` writes it."""
    d = {"Title": PDFString(e.Title), "Parent": e.Parent, "Dest": e.Dest}
    for k in ("Prev", "Next", "First", "Last", "Count"):
        v = getattr(e, k)
        if v is not None:
            d[k] = v
    return dictionary(d, doc)


# The objects written here rather than by their own `format`, by their exact class.
_OBJECTS = {PDFPage: _page, OutlineEntryObject: _outline_entry}
