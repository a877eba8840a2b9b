"""What a PDF may hold and readers can read: the structure tree's ParentTree as a number tree at any
scale, strings within PDF/A's limit, the same metadata tagged or not, URLs that copy as typed."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
import tagcheck
import yaml
from conftest import SEED
from pypdf import PdfReader, PdfWriter

from briefing import pipeline, tagpdf
from briefing.pdfread import Pdf, Ref
from briefing.theme import load_theme


def build(tmp_path: Path, doc: dict, name: str = "b", tags: bool = True, pdfa: bool = False):
    """Write `doc` as a briefing, check it and build it; returns the PDF's path and the problems."""
    src = tmp_path / f"{name}.yaml"
    src.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    b, problems = pipeline.check(str(src))
    assert b is not None, problems
    out = tmp_path / f"{name}-{'tagged' if tags else 'plain'}{'-pdfa' if pdfa else ''}.pdf"
    out.write_bytes(pipeline.render(b, load_theme(b.style), tags=tags, pdfa=pdfa))
    return out, problems


# -- the ParentTree: a number tree of any size ---------------------------------------------------------

def _leaves(node) -> list:
    """The /Nums arrays of a number tree read with pypdf, in order, checking each node's /Limits."""
    node = node.get_object()
    if "/Nums" in node:
        nums = node["/Nums"]
        if "/Limits" in node:
            assert list(node["/Limits"]) == [nums[0], nums[-2]]
        return [nums]
    out = []
    for kid in node["/Kids"]:
        kid = kid.get_object()
        leaves = _leaves(kid)
        assert list(kid["/Limits"]) == [leaves[0][0], leaves[-1][-2]]
        out += leaves
    return out


def _depths(node, depth: int = 0) -> set[int]:
    node = node.get_object()
    return {depth} if "/Nums" in node else {d for k in node["/Kids"] for d in _depths(k, depth + 1)}


def test_the_number_tree_writer_makes_a_balanced_tree_readers_walk(tmp_path):
    """60,000 entries (a briefing with some 60,000 links): pypdf, pikepdf and our checker read them."""
    b, _ = pipeline.check(str(SEED))
    data = pipeline.render(b, load_theme(b.style))
    pdf = Pdf(data)
    up = tagpdf._Update(data, pdf)
    tree_root = pdf.get(pdf.root.num)["/StructTreeRoot"]
    struct = pdf.get(tree_root.num)
    old = pdf.get(struct["/ParentTree"].num)["/Nums"]
    values = [tagpdf.unparse(v) for v in old[1::2]]  # the real entries, then as many again pointing at links
    link = next(v for v in old[1::2] if isinstance(v, Ref))
    values += [tagpdf.unparse(link)] * (60_000 - len(values))
    num = up.new()
    tagpdf.number_tree(up, num, values)
    struct["/ParentTree"] = Ref(num)
    struct["/ParentTreeNextKey"] = len(values)
    up.replace(tree_root.num)
    up.info = pdf.trailer["/Info"].num
    out = tmp_path / "tree.pdf"
    out.write_bytes(up.write())

    reader = PdfReader(out)
    tree = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]
    assert "/Limits" not in tree.get_object() and len(_depths(tree)) == 1  # balanced
    leaves = _leaves(tree)
    assert max(len(n) for n in leaves) <= 2048
    keys = [int(k) for n in leaves for k in n[::2]]
    assert keys == list(range(60_000))
    writer = PdfWriter()
    writer.append(reader)
    writer.write(io.BytesIO())
    with pikepdf.open(out) as doc:
        assert len(pikepdf.NumberTree(doc.Root.StructTreeRoot.ParentTree)) == 60_000
    assert tagcheck.problems(out) == []


def many_links(n: int) -> dict:
    """A briefing with `n` citation links (each citation of ten sources is ten links)."""
    ids = [f"s{i}" for i in range(10)]
    cite = "[" + "; ".join("@" + i for i in ids) + "]"
    para = f"Claim {cite} " * 20
    return {"title": "Many links", "sections": [{"title": "Claims", "body": "\n\n".join([para] * (n // 200))}],
            "sources": [{"id": i, "title": f"Source {i}", "url": f"https://example.org/{i}"} for i in ids]}


def test_a_briefing_with_more_tree_entries_than_an_array_may_hold_is_read_whole(tmp_path):
    out, _ = build(tmp_path, many_links(8_400))
    reader = PdfReader(out)
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    leaves = _leaves(root["/ParentTree"])
    keys = [int(k) for n in leaves for k in n[::2]]
    assert len(keys) > 8_400 and keys == list(range(len(keys))) and int(root["/ParentTreeNextKey"]) == len(keys)
    assert all(len(n) <= 8191 for n in leaves)  # ISO 32000-1 annex C: an array's elements
    links = 0
    todo = [root["/K"]]
    while todo:  # the structure tree walked with pypdf
        k = todo.pop().get_object()
        if isinstance(k, list):
            todo += k
        elif hasattr(k, "get") and k.get("/Type") == "/StructElem":
            links += k["/S"] == "/Link"
            if "/K" in k:
                todo.append(k["/K"])
    assert links >= 8_400
    writer = PdfWriter()
    writer.append(reader)
    writer.write(io.BytesIO())
    assert tagcheck.problems(out) == []
