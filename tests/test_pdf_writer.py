"""The structure tree, the link annotations, the pages and the outline are written as bytes here, not
walked by ReportLab's generic formatting: the bytes are those ReportLab writes for the same objects."""

from __future__ import annotations

import io
import random
from collections import OrderedDict
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from reportlab.lib.colors import red
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import (
    Destination,
    OutlineEntryObject,
    PDFArray,
    PDFDictionary,
    PDFDocument,
    PDFName,
    PDFObjectReference,
    PDFPage,
    PDFString,
)
from reportlab.pdfbase.pdfdoc import format as pdf_format
from reportlab.pdfgen.canvas import Canvas

from briefing import pipeline
from briefing.pdf import pack, writer
from briefing.pdf.strings import pdf_string

SEED = str(Path(__file__).resolve().parent.parent / "sources" / "afghanistan-resistance")


def _doc() -> tuple[PDFDocument, PDFObjectReference]:
    doc = PDFDocument(invariant=1)
    page = PDFPage()
    return doc, doc.Reference(page)


def _destination(page: PDFObjectReference, left, top, zoom) -> Destination:
    d = Destination("somewhere")
    d.xyz(left, top, zoom)
    d.setPage(page)
    return d


def _values(doc: PDFDocument, page: PDFObjectReference) -> dict[str, object]:
    """One value of each kind a dictionary may hold, with the shapes where ReportLab breaks lines."""
    r = random.Random(7)
    floats = [r.uniform(-2000, 2000) for _ in range(25)] + [1e-9, -0.0, 1e20, 12.5, 3]
    return {
        "Int": 4, "Negative": -17, "Float": 138.77666771653543, "Tiny": 1e-7, "Huge": 1e20,
        "Bool": True, "None": None, "Name": PDFName("Link"), "OddName": PDFName("A b#(c)"),
        "Text": "plain", "Latin": "caf\xe9", "Bytes": b"(raw)",
        "Empty": PDFArray([]), "One": PDFArray([1]), "Ten": PDFArray(floats[:10]),
        "Eleven": PDFArray(floats[:11]), "Many": PDFArray(floats), "Mixed": PDFArray([0, 0.5, "/N", None]),
        "Nested": PDFArray([PDFArray([1, 2]), PDFDictionary({"K": 1})]),
        "Ref": page, "Refs": PDFArray([page, page]),
        "Dict": PDFDictionary({f"K{i}": i * 1.25 for i in range(13)}),
        "Ordered": PDFDictionary(OrderedDict([("Z", 1), ("A", 2)])),
        "Forced": _forced(PDFArray([1, 2, 3])),
        "String": PDFString("a (b) \\ c\xe9\u2014"), "OurString": pdf_string("Source 1: (x) \\ \u2014 é"),
        "Dest": _destination(page, 76.79826771653543, 323.0448866141733, 0),
        "DestNone": _destination(page, 12, None, None),
    }


def _forced(a: PDFArray) -> PDFArray:
    a.multiline = "forced"
    return a


@pytest.mark.parametrize("size", [0, 1, 5, 6, 7, 12, 13, 40])
def test_a_dictionary_is_written_as_reportlab_writes_it(size):
    doc, page = _doc()
    values = list(_values(doc, page).items())
    d = dict(values[i % len(values)] if i < len(values) else (f"X{i}", values[i % len(values)][1])
             for i in range(size))
    assert pack.dictionary(d, doc) == PDFDictionary(d).format(doc)


def test_each_value_is_written_as_reportlab_writes_it():
    doc, page = _doc()
    for key, v in _values(doc, page).items():
        assert pack.value(v, doc) == pdf_format(v, doc), key


def test_numbers_are_written_as_reportlab_writes_them():
    doc, _ = _doc()
    r = random.Random(3)
    numbers = [r.uniform(-1e5, 1e5) for _ in range(2000)] + [r.random() * 10 ** -r.randint(0, 12) for _ in range(500)]
    numbers += list(range(-300, 300)) + [0.0, -0.0, 0.1 + 0.2, 1 / 3, 2 ** 40, 1e15 + 0.5]
    for i in range(0, len(numbers), 7):
        a = PDFArray(numbers[i:i + 7])
        assert pack.value(a, doc) == pdf_format(a, doc)
        assert pack.value(numbers[i], doc) == pdf_format(numbers[i], doc)


def test_link_annotations_are_written_as_reportlab_writes_them():
    """Both kinds of link a canvas makes (to a destination, to a URL), with the entries the writer adds."""
    c = Canvas(io.BytesIO(), invariant=1)
    c.bookmarkPage("here")
    c.linkAbsolute("a description", "here", (10, 20.5, 30.25, 40))
    c.linkURL("https://example.org/a(b)c?x=\xfc&y=1", (1, 2, 3, 4), thickness=1, color=red, dashArray=[2, 1])
    c.linkURL("http://example.org/~x", (5.5, 6, 7, 8), kind="GoToR")
    c.showPage()
    doc = c._doc
    annotations = [doc.idToObject[k] for k in doc.idToObject if k.startswith("Annot.")]
    assert len(annotations) == 3
    for n, annotation in enumerate(annotations):
        for entries in ({}, {"F": 4, "StructParent": 17 * n, "Contents": pdf_string("Source (1) \u2014 \\")}):
            link = writer.AmendedLink(annotation)
            link.entries = entries
            d = annotation.Dict() if hasattr(annotation, "Dict") else annotation
            assert link.format(doc) == PDFDictionary({**d.dict, **entries}).format(doc)


def test_structure_tree_registered_in_reading_order(tmp_path):
    """An element's number is before its kids', the kids' in reading order (a reader's walk of the tree
    meets ascending numbers): what ReportLab's registration of each element in turn gives."""
    res = pipeline.build(SEED, output=str(tmp_path / "seed.pdf"))
    assert res.ok, res.problems
    with pikepdf.open(res.output) as pdf:
        order: list[int] = []

        def walk(e) -> None:
            order.append(e.objgen[0])
            kids = e.get("/K")
            for k in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(k, pikepdf.Dictionary) and k.get("/S") is not None:
                    walk(k)

        walk(pdf.Root.StructTreeRoot.K)
        assert len(order) > 300
        assert order == list(range(order[0], order[0] + len(order)))



def test_an_element_never_takes_the_name_of_an_object():
    """An object registered by hand under the name the next number would get ("R12" after 10 objects)
    is not replaced: ReportLab's registration says why it cannot go on."""
    doc = PDFDocument(invariant=1)
    named, name = PDFDictionary({"A": 1}), f"R{doc.objectcounter + 2}"
    doc.Reference(named, name)  # (the next number, named as the one after would be)
    with pytest.raises(ValueError, match="redefining"):
        writer._new_ref(doc, pack.Written(b"<<>>"))
    assert doc.idToObject[name] is named



def _canvas_document() -> PDFDocument:
    """A document drawn by a canvas, every kind of entry a page's dictionary and resources may have:
    text, an image, transparency, links, an outline of two levels; not yet written."""
    c = Canvas(io.BytesIO(), invariant=1)
    image = ImageReader(Image.new("RGB", (4, 3), (200, 30, 30)))
    for n in range(3):
        c.bookmarkPage(f"p{n}")
        c.addOutlineEntry(f"Page ({n}) \u2014 caf\xe9", f"p{n}", level=min(n, 1))
        c.drawString(72, 720, f"page {n}")
        if n:
            c.drawImage(image, 72, 600, 40, 30)
            c.setFillAlpha(0.5)
            c.rect(72, 500, 40, 30, fill=1)
        for i in range(n * 7):  # (past ten annotations: the array breaks lines)
            c.linkAbsolute("to page 0", "p0", (10 + i, 20, 30.5 + i, 40))
        c.showPage()
    c._doc.Outlines.prepare(c._doc, c)
    return c._doc


def test_pages_and_outline_entries_are_written_as_reportlab_writes_them():
    """Each page and outline entry written here first (its entries made, as ReportLab makes them when it
    writes it), then by ReportLab: the same bytes."""
    doc = _canvas_document()
    seen = {PDFPage: 0, OutlineEntryObject: 0}
    for ident, obj in list(doc.idToObject.items()):
        if type(obj) in seen:
            seen[type(obj)] += 1
            ours = pack._OBJECTS[type(obj)](obj, doc)
            assert ours == pdf_format(obj, doc, toplevel=1), ident
    assert seen == {PDFPage: 3, OutlineEntryObject: 3}


@pytest.mark.parametrize("kw", [{}, {"pdfa": True}])
def test_a_briefings_pages_and_outline_are_written_as_reportlab_writes_them(tmp_path, monkeypatch, kw):
    kept: list[PDFDocument] = []
    original = pack.pack

    def keep(doc: PDFDocument) -> bytes:
        kept.append(doc)
        return original(doc)

    monkeypatch.setattr(pack, "pack", keep)
    res = pipeline.build(SEED, output=str(tmp_path / "seed.pdf"), **kw)
    assert res.ok, res.problems
    doc = kept[-1]
    seen = {PDFPage: 0, OutlineEntryObject: 0}
    for ident, obj in list(doc.idToObject.items()):
        if type(obj) in seen:
            seen[type(obj)] += 1
            assert pack._OBJECTS[type(obj)](obj, doc) == pdf_format(obj, doc, toplevel=1), ident
    assert seen[PDFPage] >= 5 and seen[OutlineEntryObject] >= 5, seen
