"""Hostile content, huge inputs and faults: text stays text, layout never crashes,
a failed build never damages an earlier PDF (killed builds: test_atomic.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import doc_text, norm, pdf_text, printed, run_cli
from pypdf import PdfReader

# Inputs that must build, one per case (tests/hostile/*.yaml are inputs that must fail).
BUILD = Path(__file__).resolve().parent / "hostile" / "build"


def dump(data: dict, path: Path) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9), encoding="utf-8")
    return path


def build_ok(src: Path, out: Path, cwd: Path | None = None) -> PdfReader:
    r = run_cli("build", str(src), "-o", str(out), cwd=cwd)
    err = r.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and "internal error" not in err, err
    assert r.returncode == 0, err
    assert out.is_file()
    reader = PdfReader(str(out))
    assert len(reader.pages) >= 1
    return reader


# -- 2. text is text -------------------------------------------------------------

MARKUP = [
    '<img src="/etc/hostname"/>',
    "<font size=80>",
    "</para>",
    '<a href="file:///etc/passwd">x</a>',
    "&amp;",
    "&#0;",
    "**unbalanced",
]

@pytest.fixture(scope="module")
def markup_pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("markup") / "markup.pdf"
    build_ok(BUILD / "markup.yaml", out)
    return out


def test_markup_is_printed_literally(markup_pdf):
    text = norm(" ".join(pdf_text(markup_pdf)))
    for s in MARKUP:
        assert printed(s) in text, s
    assert "&#0;" in text
    assert "<b>not bold</b>" in text
    assert "Para with </para> and <font size=80>huge</font> text **open." in text
    assert "</para><para>" in text


def _walk(obj, seen=None):
    """Every dictionary reachable from obj (indirect objects resolved once)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen = set() if seen is None else seen
    stack = [obj]
    while stack:
        o = stack.pop()
        if isinstance(o, IndirectObject):
            key = (o.idnum, o.generation)
            if key in seen:
                continue
            seen.add(key)
            o = o.get_object()
        if isinstance(o, DictionaryObject):
            yield o
            stack.extend(o.values())
        elif isinstance(o, ArrayObject):
            stack.extend(o)


def test_no_images_and_only_http_links(markup_pdf):
    reader = PdfReader(str(markup_pdf))
    uris = []
    for page in reader.pages:
        res = page.get("/Resources") or {}
        xobjects = res.get_object().get("/XObject") if res else None
        if xobjects:
            for name, xo in xobjects.get_object().items():
                assert xo.get_object().get("/Subtype") != "/Image", name
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            action = a.get("/A")
            if action is not None:
                action = action.get_object()
                assert action.get("/S") in ("/URI", "/GoTo"), action
                if action.get("/S") == "/URI":
                    uris.append(str(action["/URI"]))
    for d in _walk(reader.trailer["/Root"]):
        assert d.get("/Subtype") != "/Image"
        assert d.get("/S") not in ("/Launch", "/JavaScript", "/GoToR", "/ImportData", "/SubmitForm")
        if "/URI" in d:
            assert str(d["/URI"]).startswith(("http://", "https://")), d["/URI"]
    assert sorted(uris) == ["https://example.org/a", "https://example.org/src"]
    raw = markup_pdf.read_bytes()
    assert b"/Subtype /Image" not in raw and b"/Subtype/Image" not in raw
    assert b"file:" not in raw.split(b"/URI", 1)[-1][:200]


# -- 3. layout never crashes ------------------------------------------------------

# (events_1500: test_long_timeline_is_laid_out_without_holding_every_row)
@pytest.mark.parametrize("kind", ["long_word", "long_url", "goals_120", "source_title_2000",
                                  "only_title", "required_only"])
def test_layout_survives(tmp_path, kind):
    build_ok(BUILD / f"{kind}.yaml", tmp_path / f"{kind}.pdf")
    text = doc_text(tmp_path / f"{kind}.pdf")
    if kind == "goals_120":
        assert "goal number 119" in text
        assert "(continued)" in text
    if kind == "only_title":
        assert "Only a title" in text


W3000 = "W" * 3000
# A 3,000-character word in every text field of the format, one build each.
LONG_WORD_FIELDS = {
    "title": {"title": W3000},
    "subtitle": {"subtitle": W3000},
    "publisher": {"publisher": W3000},
    "authors": {"authors": [W3000]},
    "marking": {"marking": W3000},
    "keywords": {"keywords": [W3000]},
    "disclaimer": {"disclaimer": W3000},
    "summary": {"summary": [W3000]},
    "section.title": {"sections": [{"title": W3000}]},
    "section.body": {"sections": [{"title": "S", "body": W3000}]},
    "event.title": {"timeline": [{"date": 2020, "title": W3000}]},
    "event.text": {"timeline": [{"date": 2020, "title": "E", "text": W3000}]},
    "event.label": {"timeline": [{"date": 2020, "title": "E", "label": W3000}]},
    "era.title": {"eras": [{"title": W3000, "start": 2020}], "timeline": [{"date": 2021, "title": "E"}]},
    **{f"group.{k}": {"groups": [{"id": "g", "name": "G", k: W3000}]}
       for k in ("name", "short", "kind", "status", "leader", "base", "size", "orientation", "summary")},
    **{f"group.{k}": {"groups": [{"id": "g", "name": "G", k: [W3000]}]}
       for k in ("areas", "goals", "capabilities", "activities", "support", "allies", "rivals")},
    "figure.value": {"figures": [{"value": W3000, "label": "L"}]},
    "figure.label": {"figures": [{"value": 1, "label": W3000}]},
    "figure.note": {"figures": [{"value": 1, "label": "L", "note": W3000}]},
    "actor.name": {"actors": [{"name": W3000}]},
    "actor.position": {"actors": [{"name": "A", "position": W3000}]},
    "actor.summary": {"actors": [{"name": "A", "summary": W3000}]},
    "scenario.horizon": {"outlook": [{"horizon": W3000, "text": "t"}]},
    "scenario.text": {"outlook": [{"horizon": "h", "text": W3000}]},
    "scenario.likelihood": {"outlook": [{"horizon": "h", "text": "t", "likelihood": W3000}]},
    "source.title": {"summary": ["[@s]"], "sources": [{"id": "s", "title": W3000}]},
    "source.publisher": {"summary": ["[@s]"], "sources": [{"id": "s", "title": "S", "publisher": W3000}]},
}


@pytest.mark.parametrize("field", list(LONG_WORD_FIELDS))
def test_long_word_in_every_field(tmp_path, field):
    data = {"title": "T", **LONG_WORD_FIELDS[field]}
    reader = build_ok(dump(data, tmp_path / "w.yaml"), tmp_path / "w.pdf")
    if field == "keywords":  # metadata only
        assert W3000 in str(reader.metadata.get("/Keywords"))
        return
    text = "".join((p.extract_text() or "") for p in reader.pages)
    assert text.count("W") >= 1000


def test_figure_header_on_every_page_with_figures(tmp_path):
    import pypdfium2

    build_ok(BUILD / "figures_600.yaml", tmp_path / "f.pdf")
    doc = pypdfium2.PdfDocument(str(tmp_path / "f.pdf"))  # (pdfium's text: pypdf's, thirty times faster)
    try:
        pages = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()
    with_rows = [i for i, t in enumerate(pages) if "measure-" in t]
    assert len(with_rows) > 5
    for i in with_rows:
        assert "WHAT IT MEASURES" in pages[i], i
    text = norm(" ".join(pages))
    assert "measure-0599" in text


def test_group_box_taller_than_a_page_continues(tmp_path):
    reader = build_ok(BUILD / "group_taller_than_a_page.yaml", tmp_path / "g.pdf")
    pages = [p.extract_text() or "" for p in reader.pages]
    assert len(pages) >= 2
    assert any("(continued)" in t for t in pages[1:])


# -- 4. faults --------------------------------------------------------------------

def test_many_sources_one_invalid(tmp_path):
    dump({"title": "Alpha"}, tmp_path / "a.yaml")
    (tmp_path / "b.yaml").write_text("title: B\ndate: 2021-13\n", encoding="utf-8")
    dump({"title": "Gamma"}, tmp_path / "c.yaml")
    r = run_cli("build", "a.yaml", "b.yaml", "c.yaml", cwd=tmp_path)
    err = r.stderr.decode()
    assert r.returncode == 1
    assert "Traceback" not in err
    assert "b.yaml:2:7: 'date': month 13 is out of range (01-12)" in err.splitlines()
    assert "failed: b.yaml" in err.splitlines()
    assert (tmp_path / "out" / "a.pdf").is_file() and (tmp_path / "out" / "c.pdf").is_file()
    assert not (tmp_path / "out" / "b.pdf").exists()
    assert "Gamma" in pdf_text(tmp_path / "out" / "c.pdf")[0]


def test_missing_output_folder_is_created(tmp_path):
    out = tmp_path / "new" / "deeper" / "x.pdf"
    build_ok(dump({"title": "T"}, tmp_path / "t.yaml"), out)


@pytest.mark.parametrize("where", ["proc", "under_file"])
def test_unwritable_output(tmp_path, where):
    src = dump({"title": "T"}, tmp_path / "t.yaml")
    if where == "proc":
        out = "/proc/briefing-test.pdf"
    else:
        (tmp_path / "afile").write_text("x")
        out = str(tmp_path / "afile" / "x.pdf")
    r = run_cli("build", str(src), "-o", out)
    err = r.stderr.decode()
    assert r.returncode == 1
    assert "Traceback" not in err and "internal error" not in err
    lines = [x for x in err.splitlines() if not x.startswith("failed: ")]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"{out}:1:1: cannot write")
    assert r.stdout == b""


def test_failed_build_keeps_earlier_pdf(tmp_path):
    out = tmp_path / "keep.pdf"
    src = dump({"title": "Good"}, tmp_path / "b.yaml")
    build_ok(src, out)
    before = out.read_bytes()
    mtime = out.stat().st_mtime_ns
    src.write_text("title: Bad\nsummary: [\"[x](javascript:alert(1))\"]\n", encoding="utf-8")
    r = run_cli("build", str(src), "-o", str(out))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr.decode()
    assert out.read_bytes() == before
    assert out.stat().st_mtime_ns == mtime
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".briefing-")]


def test_output_with_two_sources_is_usage_error(tmp_path):
    a = dump({"title": "A"}, tmp_path / "a.yaml")
    b = dump({"title": "B"}, tmp_path / "b.yaml")
    r = run_cli("build", str(a), str(b), "-o", str(tmp_path / "x.pdf"))
    assert r.returncode == 2
    assert "Traceback" not in r.stderr.decode()
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("cmd", ["build", "check"])
def test_nonexistent_source_is_usage_error(tmp_path, cmd):
    r = run_cli(cmd, str(tmp_path / "nope.yaml"))
    assert r.returncode == 2
    err = r.stderr.decode()
    assert "Traceback" not in err and "does not exist" in err


@pytest.mark.parametrize("which", ["timeline", "groups"])
def test_element_that_cannot_be_laid_out_is_named(tmp_path, monkeypatch, which):
    """Should some element still be too large for any page, the error names its YAML position."""
    from briefing.layout import profiles, timeline
    from briefing.pipeline import build

    cls = {"timeline": timeline.Row, "groups": profiles.Card}[which]
    src = tmp_path / "t.yaml"
    src.write_text("title: T\n"
                   "timeline:\n  - date: 2020\n    title: First\n  - date: 2021\n    title: Huge\n"
                   "groups:\n  - id: a\n    name: A\n  - id: huge\n    name: Huge\n", encoding="utf-8")
    culprit = {"timeline": (5, 5), "groups": (10, 5)}[which]
    wrap = cls.wrap

    def too_tall(self, aw, ah):
        w, h = wrap(self, aw, ah)
        pos = getattr(self, "src_pos", None)
        return (w, 5000.0) if pos and (pos.line, pos.col) == culprit else (w, h)

    monkeypatch.setattr(cls, "wrap", too_tall)
    monkeypatch.setattr(cls, "split", lambda self, aw, ah: [])
    out = tmp_path / "t.pdf"
    res = build(str(src), str(out))
    assert not res.ok and not out.exists()
    kind = {"timeline": "timeline entry", "groups": "group profile"}[which]
    [problem] = res.problems
    assert str(problem).startswith(f"{src}:{culprit[0]}:{culprit[1]}: cannot lay out this {kind}: "
                                   "it is too large for a page (")
    assert " x 5000 pt; a page holds " in str(problem)


def test_stale_temporary_files_of_dead_builds_only_are_removed(tmp_path):
    """A build clears what killed builds left, but not the file a parallel build is writing."""
    from briefing.pdf.write import TMP_PREFIX, clean_stale

    alive = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    try:
        names = {f"{TMP_PREFIX}{alive.pid}-a.tmp", f"{TMP_PREFIX}{dead.pid}-b.tmp", f"{TMP_PREFIX}old.tmp"}
        for n in names:
            (tmp_path / n).write_bytes(b"%PDF-")
        clean_stale(str(tmp_path))
        assert [p.name for p in tmp_path.iterdir()] == [f"{TMP_PREFIX}{alive.pid}-a.tmp"]
    finally:
        alive.kill()
        alive.wait()
        alive.stdin.close()


def test_typed_scalars_without_a_value_do_not_crash(tmp_path):
    """`!!int` with nothing after it once made PyYAML's constructor raise IndexError."""
    src = tmp_path / "t.yaml"
    src.write_text("title: T\nsubtitle: !!int\nauthors: [!!float , !!bool ]\n", encoding="utf-8")
    r = run_cli("check", str(src))
    assert r.returncode == 0, r.stderr.decode()
    assert "Traceback" not in r.stderr.decode() and "internal error" not in r.stderr.decode()


def test_long_timeline_is_laid_out_without_holding_every_row(tmp_path, monkeypatch):
    """Flowables are made as layout reaches them: memory does not grow with the story."""
    import gc
    import weakref

    from briefing.layout import timeline

    alive: weakref.WeakSet = weakref.WeakSet()
    most = 0
    init = timeline.Row.__init__

    def counting_init(self, *a, **kw):
        nonlocal most
        init(self, *a, **kw)
        alive.add(self)
        if len(alive) > most:
            if len(alive) >= 150:  # too many, unless some are garbage (a collection costs much in a large heap)
                gc.collect()
            most = max(most, len(alive))

    monkeypatch.setattr(timeline.Row, "__init__", counting_init)
    r = run_cli("build", str(BUILD / "events_1500.yaml"), "-o", str(tmp_path / "e.pdf"))
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 0 and "Traceback" not in err and "internal error" not in err, err
    text = doc_text(tmp_path / "e.pdf")
    assert "event 1499" in text and "event 0" in text  # the rows really were laid out, all of them
    assert most < 150, most  # a few pages' worth at a time, not 1,500


def test_a_sources_address_outside_ascii_is_linked_percent_encoded(tmp_path):
    """A PDF's URI is 7-bit: a source's `url` with é links to %C3%A9, as a rich-text link does; it prints as written."""
    from pypdf import PdfReader

    f = tmp_path / "u.yaml"
    f.write_text("title: T\nsummary: ['Cited [@s] and [here](https://example.org/r\u00e9sum\u00e9).']\n"
                 "sources:\n  - {id: s, title: S, url: 'https://example.org/caf\u00e9?q=\u00fc'}\n", "utf-8")
    r = run_cli("build", str(f), "-o", str(tmp_path / "u.pdf"), "--no-tags")
    assert r.returncode == 0, r.stderr
    reader = PdfReader(str(tmp_path / "u.pdf"))
    uris = sorted(str(a.get_object()["/A"]["/URI"]) for p in reader.pages for a in p.get("/Annots", [])
                  if "/A" in a.get_object())
    assert uris == ["https://example.org/caf%C3%A9?q=%C3%BC", "https://example.org/r%C3%A9sum%C3%A9"]
    assert "caf\u00e9?q=\u00fc" in "".join((p.extract_text() or "") for p in reader.pages).replace("\u200b", "")
