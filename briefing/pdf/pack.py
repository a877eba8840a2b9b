"""A tagged document's file: its small objects packed in compressed object streams.

ReportLab writes every object on its own and uncompressed, and a tagged
briefing's objects are mostly small dictionaries (a structure element each),
so the tree would outweigh the pages. `pack` takes the place of ReportLab's
`PDFDocument.format` (same objects, same numbers, in the same order): the
streams (pages' contents, fonts, images, XMP) are written as ReportLab writes
them, every other object goes into an object stream (ISO 32000-1 7.5.7), and a
cross-reference stream (7.5.8) replaces the table and trailer. PDF 1.5 and
later; PDF/A-2 and PDF/UA-1 allow both.
"""

from __future__ import annotations

import struct
import zlib

from reportlab.pdfbase.pdfdoc import PDFDocument, PDFFile
from reportlab.pdfbase.pdfdoc import format as pdf_format

from .writer import Written

PER_STREAM = 200  # objects per object stream (a reader decompresses one to reach an object)
_XREF_FIELDS = (1, 4, 2)  # bytes: type, offset or stream number, generation or index


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
    entries: dict[int, tuple[int, int, int]] = {}  # object number -> xref entry
    packed: list[tuple[int, bytes]] = []  # (number, text) of the objects waiting for a stream
    counter = 0
    numbers, objects, versions = doc.numberToId, doc.idToObject, doc.idToObjectNumberAndVersion
    # (formatting an object may add objects: the loop runs until the numbers are exhausted)
    while (counter := counter + 1) in numbers:
        oid = numbers[counter]
        obj = objects[oid]
        if type(obj) is Written:  # (written already: the structure tree's many dictionaries, no stream)
            packed.append((counter, obj.data))
            continue
        n, v = versions[oid]
        doc.encrypt.register(n, v)
        text = pdf_format(obj, doc, toplevel=1)
        if v != 0 or text.rstrip().endswith(b"endstream"):  # a stream is never inside another
            end = b"" if text.endswith(b"\n") else b"\n"
            entries[n] = (1, out.add(b"%d %d obj\n%s%sendobj\n" % (n, v, text, end)), v)
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
            entries[n] = (2, number, i)
        first = b" ".join(head) + b"\n"
        data = zlib.compress(first + b"\n".join(body) + b"\n")
        header = b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>" % (
            len(chunk), len(first), len(data))
        entries[number] = (1, out.add(b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n" % (number, header, data)), 0)
    xref = size
    size += 1
    entries[xref] = (1, out.offset, 0)
    rows = [_row(0, 0, 65535)] + [_row(*entries[n]) for n in range(1, size)]
    data = zlib.compress(b"".join(rows))
    ident = doc.ID().split(b"]")[0].strip() + b"]"  # ([<digest><digest>], without ReportLab's comment)
    header = (b"<< /Type /XRef /Size %d /W [%d %d %d] /Root %s /Info %s /ID %s /Filter /FlateDecode /Length %d >>"
              % (size, *_XREF_FIELDS, root.format(doc), info.format(doc), ident, len(data)))
    out.add(b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n" % (xref, header, data))
    out.add(b"startxref\n%d\n%%%%EOF\n" % entries[xref][1])
    return out.format(doc)


def _row(kind: int, field2: int, field3: int) -> bytes:
    return struct.pack(">BIH", kind, field2, field3)
