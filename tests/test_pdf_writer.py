"""The link annotations and the structure tree are written by the writer itself, not walked by
ReportLab's generic formatting: the bytes are those ReportLab writes for the same objects."""

from __future__ import annotations

import io
import random
from collections import OrderedDict
from pathlib import Path

import pikepdf
import pytest
from reportlab.lib.colors import red
from reportlab.pdfbase.pdfdoc import (
    Destination,
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
from briefing.pdf import writer
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
    assert writer._dictionary(d, doc) == PDFDictionary(d).format(doc)


def test_each_value_is_written_as_reportlab_writes_it():
    doc, page = _doc()
    for key, v in _values(doc, page).items():
        assert writer._value(v, doc) == pdf_format(v, doc), key


def test_numbers_are_written_as_reportlab_writes_them():
    doc, _ = _doc()
    r = random.Random(3)
    numbers = [r.uniform(-1e5, 1e5) for _ in range(2000)] + [r.random() * 10 ** -r.randint(0, 12) for _ in range(500)]
    numbers += list(range(-300, 300)) + [0.0, -0.0, 0.1 + 0.2, 1 / 3, 2 ** 40, 1e15 + 0.5]
    for i in range(0, len(numbers), 7):
        a = PDFArray(numbers[i:i + 7])
        assert writer._value(a, doc) == pdf_format(a, doc)
        assert writer._value(numbers[i], doc) == pdf_format(numbers[i], doc)


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
        writer._new_ref(doc, writer.Written(b"<<>>"))
    assert doc.idToObject[name] is named
