"""The PDF reader of the tagging pass: it reads what pikepdf reads, and writes objects as qpdf writes them.

The tagging pass once ran through pikepdf; the reader replaced it with byte-identical output.
These tests hold it to that: every object of our files (ReportLab's table, pypdf's handouts,
our own cross-reference and object streams) reads as pikepdf reads it, and any value, string
or text is written back exactly as pikepdf writes it.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.pdf.pdfread import Name, Pdf, PdfReadError, Real, Ref, decoded, parse, string, text, unparse


def _same_as_pikepdf(data: bytes) -> int:
    """Assert every object reads as pikepdf reads it (streams: their dictionaries); the count compared."""
    ours = Pdf(data)
    n = 0
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert ours.pages() == [p.obj.objgen[0] for p in pdf.pages]
        for obj in pdf.objects:
            if obj.objgen == (0, 0) or obj._type_code == pikepdf.ObjectType.null:
                continue
            theirs = (pikepdf.Dictionary(dict(obj.stream_dict.items())) if isinstance(obj, pikepdf.Stream)
                      else obj)
            mine = ours.get(obj.objgen[0])
            assert unparse(mine) == theirs.unparse(resolved=True).decode("latin-1"), obj.objgen
            n += 1
        assert ours.root.num == pdf.Root.objgen[0]
    return n


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, bytes]:
    """The seed untagged, tagged, archival with a 2-up handout, and a booklet."""
    d = tmp_path_factory.mktemp("pdfread")
    seed = str(ROOT / "sources" / "afghanistan-resistance")
    for name, args in {"plain": ["--no-tags"], "tagged": [], "archival": ["--pdfa", "--handout", "2up"],
                       "booklet": ["--no-tags", "--handout", "booklet"]}.items():
        r = run_cli("build", seed, "-o", str(d / f"{name}.pdf"), *args)
        assert r.returncode == 0, r.stderr
    return {p.stem: p.read_bytes() for p in sorted(d.glob("*.pdf"))}


def test_every_object_reads_as_pikepdf_reads_it(pdfs):
    assert set(pdfs) == {"plain", "tagged", "archival", "archival-2up", "booklet", "booklet-booklet"}
    for name, data in pdfs.items():
        assert _same_as_pikepdf(data) > 50, name


def test_the_tagged_file_is_read_through_its_update(pdfs):
    """Amended pages live in a compressed object stream of the update: the reader finds them there."""
    pdf = Pdf(pdfs["tagged"])
    page = pdf.get(pdf.pages()[0])
    assert page["/StructParents"] == 0 and page["/Tabs"] == "/S"
    root = pdf.get(pdf.root.num)
    assert root["/MarkInfo"] == {"/Marked": True} and isinstance(root["/StructTreeRoot"], Ref)
    plain = Pdf(pdfs["plain"])
    assert "/StructParents" not in plain.get(plain.pages()[0])


def test_amended_objects_are_written_as_qpdf_writes_them(pdfs):
    """Each object the update writes is already in pikepdf's spelling: parsing and writing it back
    with pikepdf gives the same bytes (what the pass wrote before, through pikepdf)."""
    data = pdfs["archival"]
    ours = Pdf(data)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for num in [*ours.pages(), ours.root.num]:
            assert unparse(ours.get(num)) == pdf.get_object(num, 0).unparse(resolved=True).decode("latin-1")


def test_amending_without_reading_gives_what_reading_gives(pdfs):
    """Every dictionary of our files, amended as text where it is flat, reads as the same object amended."""
    changes = {"/F": 4, "/StructParent": 7, "/Contents": b"Source 1: a (b) \\ c", "/Border": None}
    flat = 0
    for data in pdfs.values():
        fast, slow = Pdf(data), Pdf(data)
        for num in fast.where:
            if not isinstance(slow.get(num), dict):
                continue
            expected = dict(slow.get(num), **changes)
            expected.pop("/Border")
            flat += num not in fast._cache and fast.where[num][0] == 1 and _is_link_annotation(data, fast.where[num][1])
            assert fast.amended(num, changes) == unparse(expected), num
    # every link annotation of the files ReportLab wrote (untagged: the seed and the booklet's source) took it
    assert flat == 2 * pdfs["plain"].count(b"/Subtype /Link") > 40


def _is_link_annotation(data: bytes, at: int) -> bool:
    from briefing.pdf.pdfread import _link_annotation

    return _link_annotation(data, at) is not None


_ws = st.sampled_from([" ", "  ", "\n", "\r\n", "\t", " \n "])
_flat_values = st.one_of(
    st.sampled_from(["/Link", "/F1+0", "/A#20b", "0", "-0", "007", "+3", "12", "-4", "1.50", "-.5", "3.", "1 0 R",
                     "01 0 R", "1  0 R", "true", "false", "null", "()", "(a b)", "(a\\(b\\))", "(\\101)", "(a\\nb)",
                     "(\xe9t\xe9)", "<41>", "(a(b)c)"]),
    st.lists(st.sampled_from(["0", "1.5", "1 0 R", "/XYZ", "-3", "null"]), max_size=5).map(
        lambda xs: "[" + " ".join(xs) + "]"),
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["/A", "/Border", "/Contents", "/Dest", "/Rect", "/Type", "/Z9"]), _flat_values,
                       max_size=6), _ws, _ws, st.booleans())
def test_a_flat_dictionary_in_any_spelling_is_amended_as_pikepdf_would(entries, ws1, ws2, stream):
    if stream:
        entries["/Length"] = "2"
    body = "<<" + ws1 + ws2.join(f"{k} {v}" for k, v in entries.items()) + ws2 + ">>"
    tail = "\nstream\nxx\nendstream" if stream else ""
    obj = f"1 0 obj\n{body}{tail}\nendobj\n".encode("latin-1")
    head = b"%PDF-1.4\n"
    data = head + obj
    xref = len(data)
    data += (b"xref\n0 2\n0000000000 65535 f \n%010d 00000 n \n" % len(head)
             + b"trailer\n<</Size 2/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref)
    changes = {"/F": 4, "/Contents": b"x (y)", "/Type": None}
    mine = Pdf(data).amended(1, changes)
    d = Pdf(data).get(1)
    d.update(changes)
    del d["/Type"]
    assert mine == unparse(d)
    assert mine == _pikepdf_writes(mine.encode("latin-1"))


_numbers = st.sampled_from(["0", "12", "75.85827", "-3.5", ".5", "-.25", "3.", "007", "-0", "+4", "1e3", "1.2.3"])
_urls = st.sampled_from(["(https://example.org/a)", "(https://example.org/a_\\(b\\))", "(http://x/\\\\)",
                         "(http://x/\\101)", "(http://x/\xe9)", "()"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_numbers, min_size=7, max_size=7), _urls, st.booleans(), st.sampled_from(["1", "40", "07"]))
def test_a_link_annotation_in_any_spelling_is_amended_as_pikepdf_would(nums, url, internal, page):
    """ReportLab's two shapes of link annotation take the textual path when their spelling is qpdf's,
    the careful one otherwise: either way, what pikepdf would write."""
    rect = " ".join(nums[3:])
    if internal:
        body = (f"<<\n/Border [ 0 0 0 ] /Contents () /Dest [ {page} 0 R /XYZ {' '.join(nums[:3])} ] /Rect [ {rect} ] "
                "/Subtype /Link /Type /Annot\n>>")
    else:
        body = (f"<<\n/A <<\n/S /URI /Type /Action /URI {url}\n>> /Border [ 0 0 0 ] /Rect [ {rect} ] "
                "/Subtype /Link /Type /Annot\n>>")
    head = b"%PDF-1.4\n"
    data = head + f"1 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(data)
    data += (b"xref\n0 2\n0000000000 65535 f \n%010d 00000 n \n" % len(head)
             + b"trailer\n<</Size 2/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref)
    changes = {"/F": 4, "/Contents": b"Source 2: x (y)", "/StructParent": 3}
    try:
        d = Pdf(data).get(1)
    except PdfReadError:  # (1.2.3 and 1e3 are no PDF numbers: neither path reads them)
        assert "1.2.3" in nums or "1e3" in nums
        return
    d.update(changes)
    mine = Pdf(data).amended(1, changes)
    assert mine == unparse(d)
    if page != "40":  # (pikepdf writes a reference to a missing object as null)
        assert mine == _pikepdf_writes(mine.replace(f"{int(page)} 0 R", "1 0 R").encode("latin-1")).replace(
            "1 0 R", f"{int(page)} 0 R")


# -- values ---------------------------------------------------------------------------------------

_names = st.text(st.characters(min_codepoint=1, max_codepoint=255), min_size=1, max_size=8).map(lambda s: "/" + s)
_scalars = st.one_of(
    st.integers(-10**12, 10**12), st.booleans(), st.none(), st.binary(max_size=40), st.just(Ref(1, 0)),
    st.decimals(-1000, 1000, places=3, allow_nan=False).map(lambda d: Real(str(d) if "." in str(d) else f"{d}.0")),
    _names.map(Name),
)
_values = st.recursive(_scalars, lambda kids: st.one_of(
    st.lists(kids, max_size=5), st.dictionaries(_names, kids, max_size=5)), max_leaves=20)


def _pikepdf_writes(value: bytes) -> str:
    """How pikepdf writes `value` read from a file, as object 1 (the one object a reference may name)."""
    obj = b"[ " + value + b" ]"
    body = (b"%PDF-1.4\n1 0 obj\n" + obj + b"\nendobj\n2 0 obj\n<</Type/Catalog/Pages 3 0 R>>\nendobj\n"
            b"3 0 obj\n<</Type/Pages/Kids[]/Count 0>>\nendobj\n")
    xref = len(body)
    body += b"xref\n0 4\n0000000000 65535 f \n" + b"".join(
        b"%010d 00000 n \n" % body.index(b"%d 0 obj" % i) for i in (1, 2, 3))
    body += b"trailer\n<</Size 4/Root 2 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref
    with pikepdf.open(io.BytesIO(body)) as pdf:
        return pdf.get_object(1, 0).unparse(resolved=True).decode("latin-1")[2:-2]


@settings(max_examples=300, deadline=None)
@given(_values)
def test_any_value_is_written_as_pikepdf_writes_it(v):
    mine = unparse(v)
    assert mine == _pikepdf_writes(mine.encode("latin-1"))
    again = parse(mine.encode("latin-1"))[0]
    assert unparse(again) == mine


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=60))
def test_any_string_is_written_as_pikepdf_writes_it(b):
    assert string(b) == pikepdf.String(b).unparse().decode("latin-1")
    assert parse(string(b).encode("latin-1"))[0] == b


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30))
def test_any_text_is_encoded_as_pikepdf_encodes_it(s):
    if "\ufffd" in s:  # (on purpose not as pikepdf: see below)
        assert text(s).startswith(b"\xfe\xff")
    else:
        assert string(text(s)) == pikepdf.String(s).unparse().decode("latin-1")
    b = text(s)
    assert decoded(b) == s


def test_spelling_in_the_file_does_not_matter():
    """Whatever spaces, escapes and hex the file uses, the value is the same."""
    v, _ = parse(b"<</B [1 2.50 -.5 007 +3]/A(a\\(b\\)\\101\\\nc)/C<41 4>/D/x#20y/E 12 0 R/F true>>")
    assert v == {"/B": [1, Real("2.50"), Real("-.5"), 7, 3], "/A": b"a(b)Ac", "/C": b"A@", "/D": "/x y",
                 "/E": Ref(12, 0), "/F": True}
    assert unparse(v) == "<< /A (a\\(b\\)Ac) /B [ 1 2.50 -.5 7 3 ] /C (A@) /D /x#20y /E 12 0 R /F true >>"


@pytest.mark.parametrize("bad", [b"", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", b"%PDF-1.4\nstartxref\n9\n%%EOF\n",
                                 b"%PDF-1.4\n" + b"x" * 40 + b"\nstartxref\n10\n%%EOF\n"])
def test_a_file_it_cannot_read_is_a_read_error(bad):
    with pytest.raises(PdfReadError):
        Pdf(bad)


def test_no_pikepdf_in_a_build(tmp_path: Path):
    """The tagging and archival pass does without pikepdf (its import is a tenth of a cold build)."""
    code = ("import sys, briefing.pipeline as p\n"
            f"r = p.build({str(ROOT / 'sources' / 'afghanistan-resistance')!r}, {str(tmp_path / 'x.pdf')!r}, "
            "pdfa=True)\n"
            "assert r.ok, r.problems\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pikepdf', 'pypdf')))")
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_a_replacement_character_is_written_so_that_every_reader_reads_it():
    """pikepdf writes U+FFFD as PDFDocEncoding's undefined 0x9F, which pypdf reads as something else."""
    from pypdf.generic import create_string_object

    b = text("Source 1: \ufffd")
    assert b.startswith(b"\xfe\xff") and b[2:].decode("utf-16-be") == "Source 1: \ufffd"
    assert str(create_string_object(b)) == "Source 1: \ufffd"
