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
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from briefing import pipeline
from briefing.pdf import strings, writer
from briefing.theme import load_theme


def build(tmp_path: Path, doc: dict, name: str = "b", tags: bool = True, pdfa: bool = False):
    """Write `doc` as a briefing, check it and build it; returns the PDF's path and the problems."""
    src = tmp_path / f"{name}.yaml"
    src.write_text(yaml.dump(doc, Dumper=yaml.CSafeDumper, allow_unicode=True), encoding="utf-8")
    b, problems = pipeline.check(str(src))
    assert b is not None, problems
    return render(tmp_path, b, name, tags, pdfa), problems


def render(tmp_path: Path, b, name: str = "b", tags: bool = True, pdfa: bool = False) -> Path:
    """Build the checked briefing `b` into tmp_path; returns the PDF's path."""
    out = tmp_path / f"{name}-{'tagged' if tags else 'plain'}{'-pdfa' if pdfa else ''}.pdf"
    out.write_bytes(pipeline.render(b, load_theme(b.style), tags=tags, pdfa=pdfa))
    return out


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


def test_the_number_tree_writer_makes_a_balanced_tree_readers_walk(tmp_path, monkeypatch):
    """60,000 entries (a briefing with some 60,000 links): pypdf, pikepdf and our checker read them."""
    written = writer.number_tree

    def padded(doc, values, leaf=1024):  # the real entries, then as many again pointing at a link
        values += [values[-1]] * (60_000 - len(values))
        return written(doc, values, leaf)

    monkeypatch.setattr(writer, "number_tree", padded)
    b, _ = pipeline.check(str(SEED))
    out = tmp_path / "tree.pdf"
    out.write_bytes(pipeline.render(b, load_theme(b.style)))

    reader = PdfReader(out)
    tree = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]
    assert "/Limits" not in tree.get_object() and len(_depths(tree)) == 1  # balanced
    assert _depths(tree) == {1}  # (a root of kids, each a leaf)
    leaves = _leaves(tree)
    assert max(len(n) for n in leaves) <= 2048
    keys = [int(k) for n in leaves for k in n[::2]]
    assert keys == list(range(60_000))
    writer_ = PdfWriter()
    writer_.append(reader)
    writer_.write(io.BytesIO())
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


def test_a_briefing_whose_links_fill_several_leaves_of_the_parent_tree_is_read_whole(tmp_path):
    """A real build's ParentTree past one leaf (1,024 entries) is a tree of leaves readers walk whole;
    the writer's tree at 60,000 entries, past what one array may hold, is tested above. (2,200 links: three
    leaves, the least that has a leaf between two others.)"""
    out, _ = build(tmp_path, many_links(2_200))
    reader = PdfReader(out)
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    leaves = _leaves(root["/ParentTree"])
    keys = [int(k) for n in leaves for k in n[::2]]
    assert len(keys) > 2_200 and keys == list(range(len(keys))) and int(root["/ParentTreeNextKey"]) == len(keys)
    assert len(leaves) >= 3 and all(len(n) <= 2 * 1024 for n in leaves)  # (ISO 32000-1 annex C: 8,191 at most)
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
    assert links >= 2_200
    writer = PdfWriter()
    writer.append(reader)
    writer.write(io.BytesIO())
    assert tagcheck.problems(out) == []


# -- the document information: the same tagged or not, as typed ------------------------------------------


@pytest.mark.parametrize("pdfa", [False, True])
def test_metadata_reads_back_as_typed_tagged_or_not(tmp_path, pdfa):
    """Each value in PDFDocEncoding's reach but for one tricky part: a title that begins with the bytes
    of a UTF-16 mark, a soft hyphen (a byte PDFDocEncoding leaves undefined), brackets and a backslash."""
    title = "\u00fe\u00ff title (with) a back\\slash )("
    doc = {"title": title, "subtitle": "soft\u00adhyphen",
           "authors": ["\u0641\u0627\u0631\u0633\u06cc", "\u65e5\u672c"],
           "keywords": ["\u00fe\u00ff", "caf\u00e9\u00ad", "x)\\"],
           "sections": [{"title": "\u00fe\u00ff sec\u00adtion", "body": "Text."}]}
    want = {"/Title": title, "/Subject": "soft\u00adhyphen", "/Author": "\u0641\u0627\u0631\u0633\u06cc, \u65e5\u672c",
            "/Keywords": "\u00fe\u00ff, caf\u00e9\u00ad, x)\\"}
    read = []
    for tags in (True, False):
        out, _ = build(tmp_path, doc, tags=tags, pdfa=pdfa)
        reader = PdfReader(out)
        assert {k: reader.metadata[k] for k in want} == want
        assert [o.title for o in reader.outline][:2] == [title, "\u00fe\u00ff sec\u00adtion"]
        read.append(dict(reader.metadata))
    assert read[0] == read[1]  # the same entries, tagged or not


# -- strings a PDF/A may hold ---------------------------------------------------------------------------

def long_values() -> dict:
    """A briefing whose title, keywords, a section's title and a source's title are each longer than a
    PDF string may be (32,767 bytes), some in text PDFDocEncoding cannot say (two bytes a character); each
    some 34,000 bytes, just past the limit (a build's time grows with them)."""
    return {
        "title": "A long title " * 2600,
        "subtitle": "\u0641\u0627\u0631\u0633\u06cc " * 2800,
        "keywords": [f"keyword{i}" for i in range(2_800)],
        "authors": ["Ann Author"],
        "sections": [{"title": "A long section title " * 1600, "body": "See the source [@s]."}],
        "sources": [{"id": "s", "title": "\u65e5\u672c\u8a9e\u306e\u984c " * 2800, "url": "https://example.org/s"}],
    }


def _pdfa_findings(path: Path, tagged: bool) -> list[str]:
    import re

    import pikepdf.pdfa

    found = [str(f) for f in pikepdf.pdfa.validate_written(str(path), "2b").findings]
    if tagged:  # (what pikepdf's validator does not support: see test_tagged)
        found = [f for f in found if not re.search(r"pdfaExtension|pdfaSchema|pdfaProperty|pdfuaid:part|"
                                                   r"conformance is 'A'", f)]
    return found


@pytest.fixture(scope="module")
def long_built(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("long")
    out = {}
    out[True], out["problems"] = build(tmp, long_values(), "long", tags=True, pdfa=True)
    b, _ = pipeline.check(str(tmp / "long.yaml"))
    out[False] = render(tmp, b, "long", tags=False, pdfa=True)
    return out


@pytest.mark.parametrize("tags", [True, False])
def test_strings_past_the_limit_are_cut_and_the_pdfa_passes(long_built, tags):
    path = long_built[tags]
    assert _pdfa_findings(path, tags) == []
    assert tagcheck.problems(path, pdfa=True, tagged=tags) == []
    reader = PdfReader(path)
    meta = reader.metadata
    assert meta["/Title"].startswith("A long title A long") and meta["/Title"].endswith("\u2026")
    assert meta["/Keywords"].startswith("keyword0, keyword1,") and meta["/Keywords"].endswith("\u2026")
    assert meta["/Subject"].startswith("\u0641\u0627\u0631\u0633\u06cc") and meta["/Subject"].endswith("\u2026")
    assert meta["/Author"] == "Ann Author"
    with pikepdf.open(path) as doc:
        def length(s) -> int:
            return len(bytes(s))

        info = doc.trailer.Info
        assert max(length(info[k]) for k in ("/Title", "/Subject", "/Keywords")) <= 32767
        assert length(info.Title) > 32000  # cut at the limit, not far below it
        xmp = doc.open_metadata()
        assert xmp["dc:title"] == meta["/Title"] and xmp["pdf:Keywords"] == meta["/Keywords"]
        assert xmp["dc:description"] == meta["/Subject"]
        with doc.open_outline() as outline:
            titles = [o.title for o in outline.root]
        assert all(len(t) < 32767 // 2 or len(t.encode("latin-1", "replace")) <= 32767 for t in titles)
        assert titles[0] == meta["/Title"] and titles[1].startswith("A long section title")
        contents = [a.get("/Contents") for p in doc.pages for a in p.get("/Annots", ())]
    if tags:
        described = [c for c in contents if c is not None and str(c).startswith("Source 1: ")]
        assert described and all(length(c) <= 32767 and str(c).endswith("\u2026") for c in described)


def test_each_value_cut_is_named_in_a_warning(long_built):
    problems = long_built["problems"]
    found = [p for p in problems if "a PDF string holds 32,767 bytes" in p.message]
    assert len(found) == 5 and all(p.warning for p in found), problems
    b, _ = pipeline.check(str(long_built[True].parent / "long.yaml"))
    says = {"title": "'title' is too long for the PDF's document information and outline",
            "subtitle": "'subtitle' is too long", "keywords": "'keywords' are too long"}
    for field, text in says.items():
        at = b.where[field]
        assert any(p.pos == at and str(p).startswith(f"{at}: warning: ") and text in p.message for p in found)
    assert any(p.pos == b.sections[0].where["title"] and "this section's 'title' is too long for the PDF's outline"
               in p.message for p in found)
    assert any(p.pos == b.sources[0].where["title"] and "this source's 'title' is too long for the description "
               "of links to it" in p.message for p in found)


@pytest.mark.parametrize("tags", [True, False])
def test_characters_xml_cannot_hold_leave_the_info_and_the_xmp_alike(tmp_path, tags):
    out, _ = build(tmp_path, {"title": "A \ufffe B \uffff C & <D>", "subtitle": "x\ufffey"}, tags=tags, pdfa=True)
    with pikepdf.open(out) as doc:
        info = doc.trailer.Info
        xmp = doc.open_metadata()
        assert str(info.Title) == xmp["dc:title"] == "A  B  C & <D>"
        assert str(info.Subject) == xmp["dc:description"] == "xy"
    assert tagcheck.problems(out, pdfa=True, tagged=tags) == []


# -- URLs copy as typed ---------------------------------------------------------------------------------

URLS = ["https://undocs.org/en/S/2021/486/Add.1/with/a/path/long/enough/to/wrap/across/two/lines/of/the/list/"
        "index.html?lang=en&page=2",
        "https://example.org/short",
        "https://www.example.com/" + "segment/" * 40 + "end.pdf",
        "https://example.net/report-with-a-name-longer-than-a-line-" + "x" * 200,
        "https://ex\u00e4mple.de/pfad/\u00fcber/" + "lang/" * 30]


@pytest.mark.parametrize("tags", [True, False])
def test_urls_in_the_sources_extract_as_typed_when_they_wrap(tmp_path, tags):
    import pypdfium2

    ids = [f"u{i}" for i in range(len(URLS))]
    doc = {"title": "URLs", "sections": [{"title": "Cited", "body": "Text " + " ".join(f"[@{i}]" for i in ids)}],
           "sources": [{"id": i, "title": f"Source {i}", "url": u} for i, u in zip(ids, URLS, strict=True)]}
    out, _ = build(tmp_path, doc, tags=tags)
    by_pypdf = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    pdf = pypdfium2.PdfDocument(str(out))
    try:
        by_pdfium = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    for text in (by_pypdf, by_pdfium):
        assert "\u200b" not in text
        joined = text.replace("\r", "").replace("\n", "")  # a line end where the URL wraps is no character of it
        for url in URLS:
            assert url in joined
        assert sum(url not in text for url in URLS) >= 3  # the long ones do wrap
    lines = by_pypdf.splitlines()
    for url in URLS:  # ... after a slash
        host = url[:url.index("/", 8) + 1]
        start = next(line for line in lines if host in line)
        first = start[start.index(host):]  # the URL's part on the line where it begins
        assert url.startswith(first) and (first == url or first.endswith("/")), first


def test_a_handout_keeps_the_briefings_metadata_as_typed(tmp_path):
    from briefing.handout import make_handout

    doc = {"title": "\u00fe\u00ff title (x) \\", "subtitle": "soft\u00adhyphen", "authors": ["\u65e5\u672c"],
           "keywords": ["caf\u00e9"]}
    out, _ = build(tmp_path, doc, tags=False)
    b, _ = pipeline.check(str(tmp_path / "b.yaml"))
    theme = load_theme(b.style)
    path, data = make_handout(str(out), "2up", pipeline.render(b, theme.for_handout(), False), theme.sheet)
    Path(path).write_bytes(data)
    want = {k: PdfReader(out).metadata[k] for k in ("/Title", "/Author", "/Subject", "/Keywords", "/CreationDate")}
    assert want["/Title"] == doc["title"]
    assert {k: PdfReader(path).metadata[k] for k in want} == want


# -- text strings: one encoder, read back as written by every reader ------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30))
@example("soft\u00adhyphen")  # (a byte PDFDocEncoding leaves undefined: UTF-16)
@example("\u00fe\u00ff title")  # (would read as a UTF-16 mark in PDFDocEncoding)
@example("A (B) \\ C)(")
def test_any_text_reads_back_as_written(s):
    """PDFDocEncoding where it says the text (as pikepdf would encode it), else UTF-16 with its mark;
    spelled as a literal string that reads back whole."""
    b = strings.text(s)
    if "\ufffd" not in s:  # (on purpose not as pikepdf: see below)
        assert b == bytes(pikepdf.String(s))
    spelled = b"(" + strings.literal(b) + b")"
    assert bytes(_pikepdf_reads(spelled)) == b
    assert str(_pikepdf_reads(spelled)) == s


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=60))
@example(b"A (B")  # (printable, an unbalanced bracket: spelled by the short path)
@example(b"x)(y\\")
def test_any_string_is_spelled_so_that_it_reads_back(b):
    assert bytes(_pikepdf_reads(b"(" + strings.literal(b) + b")")) == b


def _pikepdf_reads(spelled: bytes) -> pikepdf.String:
    """The string `spelled` (as in a file) as pikepdf reads it."""
    return pikepdf.Object.parse(spelled)


def test_a_replacement_character_is_written_so_that_every_reader_reads_it():
    """pikepdf writes U+FFFD as PDFDocEncoding's undefined 0x9F, which pypdf reads as something else."""
    from pypdf.generic import create_string_object

    b = strings.text("Source 1: \ufffd")
    assert b.startswith(b"\xfe\xff") and b[2:].decode("utf-16-be") == "Source 1: \ufffd"
    assert str(create_string_object(b)) == "Source 1: \ufffd"


def test_no_pikepdf_or_pypdf_in_a_build(tmp_path: Path):
    """A tagged and archival build does without pikepdf and pypdf (pikepdf's import is a tenth of a build)."""
    import subprocess
    import sys

    from conftest import ROOT

    code = ("import sys, briefing.pipeline as p\n"
            f"r = p.build({str(SEED)!r}, {str(tmp_path / 'x.pdf')!r}, pdfa=True)\n"
            "assert r.ok, r.problems\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pikepdf', 'pypdf')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
