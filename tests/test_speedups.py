"""Faster paths through ReportLab (`briefing.pdf.speedups`): each gives what ReportLab's own gives.

Each lever is compared with the ReportLab function it replaces, on a range of
inputs; whole builds are compared byte for byte with and without the levers;
with a ReportLab or rl_accel the levers were not checked against, ReportLab's
own functions run; the pinned ReportLab is one they were checked against; and
they are put in place by a build, never by importing a module.
"""

from __future__ import annotations

import io
import math
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import _rl_accel
import pytest
import reportlab
from conftest import ROOT, SEED
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib import rl_accel
from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFile, TTFontParser
from reportlab.platypus import paragraph
from reportlab.platypus.paraparser import ParaFrag

from briefing.pdf import speedups

levers = pytest.mark.skipif(speedups.guard() is not None, reason="levers not checked here: ReportLab's own path runs")

FONTS = sorted((ROOT / "briefing" / "fonts").glob("*.ttf"))
RL_FONTS = sorted((Path(paragraph.__file__).parents[1] / "fonts").glob("*.ttf"))  # Vera: 2048 units per em
OTHER_FONTS = sorted(Path("/usr/share/fonts/truetype").glob("*/*.ttf"))[:6]


@pytest.fixture(autouse=True, scope="module")
def _levers_in_place() -> None:
    """The levers, as a build puts them in place (this process has imported ReportLab already, so the
    URI pattern's lever, an import-time one, is tested apart)."""
    speedups.apply()


def python(code: str, env: dict | None = None) -> str:
    """Run Python code in a fresh process with this checkout first on the path; its standard output."""
    e = dict(os.environ, PYTHONPATH=str(ROOT), SOURCE_DATE_EPOCH="0", **(env or {}))
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=e, timeout=300)
    assert r.returncode == 0, r.stderr
    return r.stdout


def small(tmp_path: Path) -> Path:
    """A one-section briefing with a link: enough for a build to apply the levers or leave them off."""
    src = tmp_path / "small.yaml"
    src.write_text("title: Levers\nsections:\n- title: One\n  body: Text [@s].\n"
                   "sources:\n- id: s\n  title: A source\n  url: https://example.org/s\n", encoding="utf-8")
    return src


# --------------------------------------------------------------------------- version guard and pin

def test_levers_are_used_only_with_checked_reportlab_versions():
    assert speedups.checked("5.1.0")
    for v in ("5.2.0", "5.0.9", "4.2.5", "6.0.0", "5.1.0a1", "5.1", "x"):
        assert not speedups.checked(v), v


OWN_FUNCTIONS = (
    "from reportlab.platypus import paragraph\n"
    "from reportlab.pdfbase import pdfmetrics, ttfonts\n"
    "from reportlab.lib import rl_accel\n"
    "print(speedups.APPLIED, paragraph.sameFrag is rl_accel.sameFrag,"
    " paragraph.stringWidth is pdfmetrics.stringWidth,"
    " ttfonts.TTFontFile.extractInfo.__module__, type(paragraph.uri_pat).__name__)\n")


def test_an_unchecked_reportlab_runs_its_own_functions(tmp_path):
    out = python(
        "import reportlab; reportlab.Version = '5.9.0'\n"
        "from briefing.pipeline import build\n"
        f"assert build({str(small(tmp_path))!r}, {str(tmp_path / 'small.pdf')!r}).ok\n"
        "from briefing.pdf import speedups\n" + OWN_FUNCTIONS)
    assert out.split() == ["[]", "True", "True", "reportlab.pdfbase.ttfonts", "Pattern"]


def test_without_rl_accel_the_levers_stay_off(tmp_path):
    """ReportLab's own `sameFrag` in Python takes a missing attribute for None, where rl_accel's (and the
    lever) do not: without rl_accel, the lever would draw two runs where ReportLab draws one."""
    out = python(
        "import sys; sys.modules['_rl_accel'] = None  # as if rl_accel were not installed\n"
        "from briefing.pipeline import build\n"
        f"assert build({str(small(tmp_path))!r}, {str(tmp_path / 'small.pdf')!r}).ok\n"
        "from briefing.pdf import speedups\n"
        "from reportlab.platypus.paraparser import ParaFrag\n"
        "print(speedups.guard())\n"
        "a, b = ParaFrag(fontName='A', link=None), ParaFrag(fontName='A')\n" + OWN_FUNCTIONS +
        "print(bool(paragraph.sameFrag(a, b)), speedups.same_frag(a, b))\n")
    why, own, answers = out.splitlines()
    assert "rl_accel" in why and "not installed" in why
    assert own.split() == ["[]", "True", "True", "reportlab.pdfbase.ttfonts", "Pattern"]
    assert answers.split() == ["True", "False"]  # why the guard reads rl_accel


def test_an_unchecked_or_unused_rl_accel_turns_the_levers_off(monkeypatch):
    assert speedups.guard() is None
    with monkeypatch.context() as m:
        m.setattr(_rl_accel, "version", "0.9.2")
        assert "rl_accel 0.9.2" in speedups.guard()
    with monkeypatch.context() as m:
        m.setattr(rl_accel, "sameFrag", lambda f, g: 0)  # ReportLab took another sameFrag than rl_accel's
        assert "sameFrag" in speedups.guard()
    with monkeypatch.context() as m:
        m.setitem(sys.modules, "_rl_accel", None)
        assert "not installed" in speedups.guard()
    with monkeypatch.context() as m:
        m.setattr(reportlab, "Version", "5.1.1")
        assert "ReportLab 5.1.1" in speedups.guard()
    assert speedups.guard() is None


def pinned_reportlab() -> tuple[int, ...]:
    """The ReportLab release pyproject.toml pins (`reportlab[accel]~=X.Y.Z`)."""
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    (dep,) = [d for d in deps if re.match(r"reportlab\b", d)]
    m = re.fullmatch(r"reportlab\[accel\]\s*~=\s*(\d+\.\d+\.\d+)", dep.strip())
    assert m, f"ReportLab is not pinned to a minor version: {dep!r}"
    return speedups.version_tuple(m.group(1))


def test_the_pinned_reportlab_applies_every_lever(tmp_path):
    """A pin moved to a release the levers were not checked against fails here: check them against it
    (`python tools/levers.py --release X.Y.Z`, then this file with X.Y.Z in `speedups.CHECKED`)."""
    pin = pinned_reportlab()
    assert speedups.CHECKED[0] <= pin <= speedups.CHECKED[1], f"levers not checked against the pinned {pin}"
    assert speedups.version_tuple(reportlab.Version)[:2] == pin[:2], "the installed ReportLab is not the pinned one"
    out = python(
        "from briefing.pipeline import build\n"
        f"assert build({str(small(tmp_path))!r}, {str(tmp_path / 'small.pdf')!r}).ok\n"
        "from briefing.pdf import speedups\n"
        "print(speedups.guard()); print(speedups.APPLIED == list(speedups.LEVERS), len(speedups.APPLIED))\n")
    assert out.split("\n")[:2] == ["None", f"True {len(speedups.LEVERS)}"], out


# --------------------------------------------------------------------------- applied by a build, not by an import

FINGERPRINT = """
import sys, types
def describe(v):
    t = type(v)
    d = f"{t.__module__}.{t.__qualname__}"
    if callable(v) and hasattr(v, "__qualname__"):
        d += f":{getattr(v, '__module__', None)}.{v.__qualname__}"
    return d
def fingerprint():
    out = {}
    for name, mod in sorted(sys.modules.items()):
        if not name.startswith("reportlab") or not isinstance(mod, types.ModuleType):
            continue
        for k, v in list(vars(mod).items()):
            out[f"{name}:{k}"] = describe(v)
            if isinstance(v, type) and v.__module__ == name:
                for a, w in list(vars(v).items()):
                    out[f"{name}:{k}.{a}"] = describe(w)
    return out
"""
REPORTLAB = "import reportlab.platypus, reportlab.pdfbase.ttfonts, reportlab.pdfgen.canvas, reportlab.lib.utils\n"


def test_importing_the_product_changes_nothing_in_reportlab():
    """Every module of the product imported, ReportLab is as a bare import leaves it: no lever, no
    function or class attribute replaced, `re.compile` and Pillow as they were."""
    walk = ("import importlib, pkgutil, briefing\n"
            "for m in pkgutil.walk_packages(briefing.__path__, 'briefing.'):\n"
            "    importlib.import_module(m.name)\n")
    after = "import re, json, PIL.Image\n" + REPORTLAB + (
        "from briefing.pdf import speedups\n"
        "print(json.dumps([fingerprint(), speedups.APPLIED, re.compile.__module__, type(PIL.Image).__name__,"
        " type(reportlab.platypus.paragraph.uri_pat).__name__, 'briefing.layout.document' in sys.modules]))\n")
    bare = python(FINGERPRINT + "import json\n" + REPORTLAB + "print(json.dumps(fingerprint()))\n")
    ours = python(FINGERPRINT + walk + after)
    import json

    clean = json.loads(bare)
    fp, applied, compile_from, pil, uri, walked = json.loads(ours)
    assert walked  # (the walk imported the layout)
    assert (applied, compile_from, pil, uri) == ([], "re", "module", "Pattern")
    changed = {k: (clean[k], fp[k]) for k in clean.keys() & fp.keys() if clean[k] != fp[k]}
    assert not changed


def test_a_build_puts_the_levers_in_place(tmp_path):
    """A build applies every lever, the URI pattern's too, and leaves `re` as it was: its compile and
    its cache hold nothing of ours."""
    out = python(
        "import re\n"
        "from briefing.pipeline import build\n"
        f"assert build({str(SEED)!r}, {str(tmp_path / 'seed.pdf')!r}).ok\n"
        "from reportlab.platypus import paragraph\n"
        "from briefing.pdf import speedups\n"
        "caches = [c for c in (getattr(re, '_cache', {}), getattr(re, '_cache2', {}))]\n"
        "ours = [k for c in caches for k, v in c.items() if isinstance(v, speedups.LazyPattern)]\n"
        "print(speedups.APPLIED == list(speedups.LEVERS), paragraph.uri_pat._compiled is None,"
        " paragraph.sameFrag is speedups.same_frag, re.compile.__module__, ours,"
        " type(re.compile(speedups.URI_PATTERN, re.I)).__name__)\n")
    assert out.split() == ["True", "True", "True", "re", "[]", "Pattern"]


def test_a_batch_puts_the_levers_in_place_before_its_workers_fork():
    out = python(
        "from briefing.batch import Options, _warm_up\n"
        "_warm_up(Options())\n"
        "from briefing.pdf import speedups\n"
        "print(speedups.APPLIED == list(speedups.LEVERS))\n")
    assert out.split() == ["True"]


# --------------------------------------------------------------------------- same output, whole builds

BUILD = ("import sys, runpy\n"
         "sys.argv = ['make_briefing.py', 'build', sys.argv[1], '-o', sys.argv[2]]\n"
         "runpy.run_path('make_briefing.py', run_name='__main__')\n")


def build_both(src: Path, tmp_path: Path) -> tuple[bytes, bytes]:
    """The PDF of `src` built with the levers and with ReportLab's own functions (an unchecked version)."""
    out = []
    for name, pre in (("fast", ""), ("own", "import reportlab; reportlab.Version = '0.0.0'\n")):
        pdf = tmp_path / f"{name}.pdf"
        e = dict(os.environ, PYTHONPATH=str(ROOT), SOURCE_DATE_EPOCH="0")
        r = subprocess.run([sys.executable, "-c", pre + BUILD, str(src), str(pdf)], cwd=ROOT,
                           capture_output=True, text=True, env=e, timeout=300)
        assert r.returncode == 0, r.stderr
        out.append(pdf.read_bytes())
    return out[0], out[1]


@levers
def test_the_seed_is_byte_identical_with_and_without_the_levers(tmp_path):
    fast, own = build_both(SEED, tmp_path)
    assert fast == own


@levers
def test_a_scaled_shuffled_briefing_is_byte_identical_with_and_without_the_levers(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    src = tmp_path / "scaled.yaml"
    bench.write_briefing(bench.shuffle_words(bench.scale(bench.load_seed(), 2)), src)  # (copies renamed)
    fast, own = build_both(src, tmp_path)
    assert len(fast) > 50_000
    assert fast == own


# --------------------------------------------------------------------------- sameFrag

VALUES = [None, 0, 0.0, 1, 10, 10.5, "NotoSans", "NotoSans-Bold", "", math.nan,
          Color(0, 0, 0), Color(0, 0, 0), Color(1, 0, 0), (), ("u",)]
ATTRS = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor", "nobr",
         "cbDefn", "lineBreak", "text", "bold")


@st.composite
def frags(draw):
    """Fragments as ReportLab makes them: attributes on the instance (no fragment class defines any).

    Drawn as one byte string, two bytes an attribute (whether it is set; its value): Hypothesis's time
    goes by the draw, and one draw a fragment lets the tests try hundreds of pairs in a second or so.
    Shrinking the bytes towards zero shrinks to fewer attributes and to the first values."""
    f = ParaFrag()
    picks = draw(st.binary(min_size=2 * len(ATTRS), max_size=2 * len(ATTRS)))
    for name, is_set, value in zip(ATTRS, picks[::2], picks[1::2], strict=True):
        if is_set & 1:
            setattr(f, name, VALUES[value % len(VALUES)])
    return f


@levers
@settings(max_examples=600, deadline=None)
@given(frags(), frags(), st.booleans())
def test_same_frag_answers_as_reportlabs(f, g, share):
    if share:  # the usual case: most attributes shared, compared by identity first
        for name in ("fontName", "fontSize", "textColor"):
            if hasattr(f, name) and "cbDefn" not in f.__dict__:
                setattr(g, name, getattr(f, name))
    assert speedups.same_frag(f, g) == bool(speedups.ORIGINAL["sameFrag"](f, g))
    assert speedups.same_frag(f, f) == bool(speedups.ORIGINAL["sameFrag"](f, f))


@levers
def test_same_frag_replaces_reportlabs_in_paragraphs():
    assert paragraph.sameFrag is speedups.same_frag
    assert speedups.ORIGINAL["sameFrag"] is rl_accel.sameFrag
    a, b = ParaFrag(fontName="A", fontSize=10), ParaFrag(fontName="A", fontSize=10)
    assert speedups.same_frag(a, b) and not speedups.same_frag(a, ParaFrag(fontName="A"))
    assert not speedups.same_frag(ParaFrag(fontName="A", link=None), ParaFrag(fontName="A"))  # missing != None


@levers
@settings(max_examples=300, deadline=None)
@given(frags(), frags())
def test_same_frag_answers_as_reportlabs_for_a_fragment_class_with_defaults(f, g):
    """A fragment class that defines some compared names takes the careful path, with the same answers."""
    class Defaults(ParaFrag):
        rise = 0
        link = None

    assert speedups._PLAIN_FRAG is ParaFrag  # (ReportLab's own class takes the short path)
    for x in (f, g):
        x.__class__ = Defaults
    assert speedups.same_frag(f, g) == bool(speedups.ORIGINAL["sameFrag"](f, g))


# --------------------------------------------------------------------------- widths

@pytest.fixture(scope="module")
def faces() -> list[str]:
    names = []
    for p in FONTS[:3]:
        name = "SpeedupsTest-" + p.stem
        pdfmetrics.registerFont(TTFont(name, str(p)))
        names.append(name)
    return names + ["Helvetica", "Times-Bold"]


@levers
@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=30) | st.sampled_from([" ", "-", "word", "\u00a0", "\u00ad", "\U0001f600"]),
       face=st.integers(0, 4), size=st.sampled_from([7, 8.5, 9, 10, 10.0, 12.25, 0, 33]))
def test_string_width_answers_as_reportlabs(faces, text, face, size):
    name = faces[face]
    want = speedups.ORIGINAL["stringWidth"](text, name, size)
    assert paragraph.stringWidth(text, name, size) == want
    assert paragraph.stringWidth(text, name, size) == want  # from the memo
    assert paragraph.stringWidth(text, name, size, "utf8") == want


@levers
def test_a_font_replaced_under_its_name_is_measured_again(monkeypatch):
    """ReportLab keeps the first TrueType font registered under a name; were the font under a name
    replaced all the same, the memo (keyed by the font object) must not answer for the old one."""
    regular, bold = (str(ROOT / "briefing" / "fonts" / f"NotoSans-{s}.ttf") for s in ("Regular", "Bold"))
    pdfmetrics.registerFont(TTFont("SpeedupsAgain", regular))
    narrow = paragraph.stringWidth("Wide words", "SpeedupsAgain", 10)
    monkeypatch.setitem(pdfmetrics._fonts, "SpeedupsAgain", TTFont("SpeedupsAgainBold", bold))
    wide = paragraph.stringWidth("Wide words", "SpeedupsAgain", 10)
    assert wide == pdfmetrics.stringWidth("Wide words", "SpeedupsAgain", 10) > narrow


@levers
def test_an_unregistered_font_name_is_left_to_reportlab():
    with pytest.raises(KeyError):
        paragraph.stringWidth("x", "NoSuchFontAnywhere", 10)


@levers
def test_the_width_memo_stays_bounded(monkeypatch, faces):
    monkeypatch.setattr(speedups, "MEMO_MAX", 10)
    for i in range(50):
        assert paragraph.stringWidth(f"w{i}", faces[0], 10) == pdfmetrics.stringWidth(f"w{i}", faces[0], 10)
    assert len(paragraph.stringWidth.memo) <= 10


# --------------------------------------------------------------------------- TrueType tables

def parse(path_or_file, own: bool, monkeypatch, charInfo: int = 1) -> TTFontFile:
    with monkeypatch.context() as m:
        if own:
            m.setattr(TTFontFile, "extractInfo", speedups.ORIGINAL["extractInfo"])
        return TTFontFile(path_or_file, charInfo=charInfo)


def same_attributes(a: TTFontFile, b: TTFontFile) -> None:
    da, db = dict(vars(a)), dict(vars(b))
    sa, sb = da.pop("_pdfScale"), db.pop("_pdfScale")
    assert [sa(x) for x in (0, 1, 250, 1000, 2048, -300)] == [sb(x) for x in (0, 1, 250, 1000, 2048, -300)]
    assert da.keys() == db.keys()
    for k in da:
        assert da[k] == db[k], k
        assert type(da[k]) is type(db[k]), k
    if da.get("hmetrics"):  # same numbers, same types (ReportLab keeps scaled floats after the last advance)
        assert [tuple(map(type, x)) for x in da["hmetrics"]] == [tuple(map(type, x)) for x in db["hmetrics"]]


@levers
@pytest.mark.parametrize("path", FONTS + RL_FONTS + OTHER_FONTS, ids=lambda p: p.name)
def test_truetype_parse_gives_reportlabs_attributes(path, monkeypatch):
    fast = parse(str(path), False, monkeypatch)
    own = parse(str(path), True, monkeypatch)
    same_attributes(fast, own)
    assert list(fast.charWidths.items()) == list(own.charWidths.items())  # same order too
    same_attributes(parse(str(path), False, monkeypatch, 0), parse(str(path), True, monkeypatch, 0))


@levers
def test_vendored_faces_take_the_fast_path():
    for p in FONTS:
        f = TTFontFile.__new__(TTFontFile)
        TTFontParser.__init__(f, str(p))  # the table directory, as TTFontFile reads it before extractInfo
        assert speedups._plan(f) is not None, p.name


@levers
@pytest.mark.parametrize("cut", [0.2, 0.5, 0.8, 0.95, 0.999])
def test_a_truncated_font_fails_as_reportlab_fails(cut, monkeypatch):
    data = (ROOT / "briefing" / "fonts" / "NotoSans-Regular.ttf").read_bytes()
    data = data[: int(len(data) * cut)]
    results = []
    for own in (False, True):
        try:
            results.append(("ok", parse(io.BytesIO(data), own, monkeypatch)))
        except Exception as e:  # noqa: BLE001  (whatever ReportLab raises, the fast path must raise too)
            results.append(("error", (type(e), str(e))))
    assert results[0][0] == results[1][0]
    if results[0][0] == "ok":
        same_attributes(results[0][1], results[1][1])
    else:
        assert results[0][1] == results[1][1]


# --------------------------------------------------------------------------- plain-text paragraphs

def styles_for(faces: list[str]) -> list:
    from reportlab.lib.styles import ParagraphStyle

    from briefing.layout.styles import paragraph_styles
    from briefing.theme import load_theme

    ours = list(paragraph_styles(load_theme("default")).values())
    return ours + [ParagraphStyle(f"s{i}", fontName=f, fontSize=7 + i, textColor=Color(i / 10, 0, 0))
                   for i, f in enumerate(faces)]


@pytest.fixture(scope="module")
def all_styles(faces):
    return styles_for(faces)


TREES = st.one_of(
    st.text(max_size=40).map(lambda t: ("para", None, [t])),  # the fast path
    st.text(max_size=20).map(lambda t: ("para", {}, [t])),
    st.text(max_size=20).map(lambda t: ("para", None, [t, ("b", {}, ["bold"])])),  # rich: ReportLab's parser
    st.text(max_size=20).map(lambda t: ("para", None, [("i", {}, [t])])),
    st.just(("para", None, [])),
    st.text(max_size=20).map(lambda t: ("para", {"fontSize": "12"}, [t])),
)


@levers
@settings(max_examples=300, deadline=None)
@given(tree=TREES, which=st.integers(0, 200))
def test_tt_parse_answers_as_reportlabs(all_styles, tree, which):
    from reportlab.platypus.paraparser import ParaParser

    style = all_styles[which % len(all_styles)]
    got, want = [], []
    for out, parse in ((got, ParaParser.tt_parse), (want, speedups.ORIGINAL["tt_parse"])):
        parser = ParaParser()
        parser.caseSensitive = 1
        for t in (tree, ("para", None, ["again"]), tree):  # a parser used again parses as a new one
            st_, frags_, bullets = parse(parser, t, style)
            out.append((st_ is style, [list(vars(f).items()) for f in frags_], bullets))
    assert got == want
    if tree[1] is None and len(tree[2]) == 1 and isinstance(tree[2][0], str):
        frag = ParaParser.tt_parse(ParaParser(), tree, style)[1][0]
        assert frag.link == [] and frag.link is not ParaParser.tt_parse(ParaParser(), tree, style)[1][0].link


@levers
def test_tt_parse_fails_as_reportlabs_on_an_unknown_font():
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus.paraparser import ParaParser

    style = ParagraphStyle("bad", fontName="NoSuchFamilyAnywhere")
    errors = []
    for parse in (ParaParser.tt_parse, speedups.ORIGINAL["tt_parse"]):
        with pytest.raises(Exception) as e:  # noqa: PT011  (whatever ReportLab raises)
            parse(ParaParser(), ("para", None, ["text"]), style)
        errors.append((type(e.value), str(e.value)))
    assert errors[0] == errors[1]


# --------------------------------------------------------------------------- import time

URIS = ["http://example.com", "https://www.example.com/a/b/c?d=e#f", "ftp://user:pw@host.example.org:2121/x",
        "HTTP://EXAMPLE.COM/", "http://127.0.0.1:8080/p", "http://[::1]/", "mailto:someone@example.com",
        "http://localhost/", "http://-bad-.com", "http://xn--nxasmq6b.com/", "https://bücher.example/straße",
        "not a uri", "", "http://a.b", "C:\\Windows\\path", "//server/share", "http://example.com/" + "x" * 300]


@levers
@pytest.mark.parametrize("uri", URIS)
def test_the_uri_pattern_matches_as_compiled(uri, monkeypatch):
    pattern = paragraph.uri_pat.pattern
    lazy = speedups.LazyPattern(pattern, re.I)
    real = re.compile(pattern, re.I)
    m, n = lazy.match(uri), real.match(uri)
    assert (m and (m.span(), m.groups())) == (n and (n.span(), n.groups()))
    assert lazy.flags == real.flags and lazy.pattern == real.pattern
    want = (monkeypatch.setattr(paragraph, "uri_pat", real), paragraph._uri_split_pairs(uri))[1]
    monkeypatch.setattr(paragraph, "uri_pat", lazy)
    assert paragraph._uri_split_pairs(uri) == want


@levers
def test_reportlabs_uri_pattern_is_the_one_made_lazy():
    assert paragraph.uri_pat.pattern == speedups.URI_PATTERN
    assert speedups._pattern_id(speedups.URI_PATTERN) == speedups.URI_PATTERN_ID
    assert paragraph.uri_pat.flags & re.I


def test_the_lazy_pattern_is_answered_only_inside_the_block_and_only_for_itself():
    pattern = "(?:a lazy test pattern)+"
    with speedups._compiled_lazily(pattern, re.I.value) as lazy:
        assert lazy is not None and re.compile(pattern, re.I) is lazy
        assert isinstance(re.compile(pattern), re.Pattern)  # other flags: compiled as usual
        assert isinstance(re.compile("(?:another)+", re.I), re.Pattern)
    assert isinstance(re.compile(pattern, re.I), re.Pattern)
    assert lazy.match("a lazy test pattern").span() == (0, 19)


class Forgetful(dict):
    """A cache of compiled patterns that is never read (as `re` might keep one in another Python)."""

    def __getitem__(self, key):
        raise KeyError(key)


def test_a_python_whose_re_reads_no_cache_compiles_as_usual(monkeypatch):
    monkeypatch.setattr(re, "_cache", Forgetful())
    with speedups._compiled_lazily("(?:x)+", re.I.value) as lazy:
        assert lazy is None
        assert isinstance(re.compile("(?:x)+", re.I), re.Pattern)
