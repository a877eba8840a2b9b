"""A tagged file's small objects travel in compressed object streams: the file reads, its page
count is told right, and the tags do not make it larger than the same briefing untagged."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from briefing import pipeline

SEED = str(Path(__file__).resolve().parent.parent / "sources" / "afghanistan-resistance")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, tuple[pipeline.Result, bytes]]:
    tmp = tmp_path_factory.mktemp("pack")
    out = {}
    for name, kw in (("tagged", {}), ("untagged", {"tags": False}), ("pdfa", {"pdfa": True}),
                     ("2up", {"handout": "2up"}), ("booklet", {"handout": "booklet", "tags": False})):
        res = pipeline.build(SEED, output=str(tmp / f"{name}.pdf"), **kw)
        assert res.ok, res.problems
        out[name] = (res, Path(res.output).read_bytes())
    return out


@pytest.mark.parametrize("name", ["tagged", "pdfa"])
def test_structure_elements_are_packed_and_read_back(built, name):
    res, data = built[name]
    assert b"/Type /ObjStm" in data and b"/Type /XRef" in data
    assert b"/StructElem" not in data and b"\nxref\n" not in data  # no element and no table in clear
    with pikepdf.open(res.output) as pdf:
        assert pdf.check_pdf_syntax() == []
        root = pdf.Root.StructTreeRoot
        kids = root.K if isinstance(root.K, pikepdf.Array) else [root.K]
        assert kids[0].S == "/Document"
        assert _elements(kids[0]) > 300  # a paragraph, cell, link... each: all read back from the streams
        assert str(pdf.Root.Lang) == "en"
        assert pdf.trailer.ID[0] == pdf.trailer.ID[1]


def test_streams_stay_outside_object_streams(built):
    """A stream is never inside an object stream: every page's contents and the XMP are top level."""
    res, data = built["tagged"]
    with pikepdf.open(res.output) as pdf:
        top = {int(m.group(1)) for m in re.finditer(rb"(?m)^(\d+) 0 obj", data)}
        for page in pdf.pages:
            assert page.obj.Contents.objgen[0] in top
        assert pdf.Root.Metadata.objgen[0] in top


@pytest.mark.parametrize("name", ["tagged", "untagged", "pdfa", "2up", "booklet"])
def test_page_count_told_is_the_file_s(built, name):
    res, _ = built[name]
    assert res.pages == len(PdfReader(res.output).pages)
    if res.handout:
        assert res.handout_pages == len(PdfReader(res.handout).pages)


def test_tags_do_not_make_the_file_larger(built):
    """What the tags add (a structure element for every paragraph, cell and link) is packed:
    the tagged seed weighs no more than the untagged one."""
    tagged, untagged = len(built["tagged"][1]), len(built["untagged"][1])
    assert tagged <= untagged * 1.05, (tagged, untagged)


def _elements(e) -> int:
    kids = e.get("/K")
    kids = kids if isinstance(kids, pikepdf.Array) else [kids]
    return 1 + sum(_elements(k) for k in kids if isinstance(k, pikepdf.Dictionary) and k.get("/S") is not None)
