"""Faster paths through ReportLab (`briefing.pdf.speedups`): each gives what ReportLab's own gives.

Each lever is compared with the ReportLab function it replaces, on a range of
inputs; whole builds are compared byte for byte with and without the levers;
with a ReportLab or rl_accel the levers were not checked against, ReportLab's
own functions run; the pinned ReportLab is one they were checked against; and
they are put in place by a build, never by importing a module.
"""

from __future__ import annotations

import io
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
from reportlab.pdfbase.ttfonts import TTFontFile, TTFontParser
from reportlab.platypus import paragraph

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
    out = python(
        "import sys; sys.modules['_rl_accel'] = None  # as if rl_accel were not installed\n"
        "from briefing.pipeline import build\n"
        f"assert build({str(small(tmp_path))!r}, {str(tmp_path / 'small.pdf')!r}).ok\n"
        "from briefing.pdf import speedups\n"
        "print(speedups.guard())\n" + OWN_FUNCTIONS)
    why, own = out.splitlines()
    assert "rl_accel" in why and "not installed" in why
    assert own.split() == ["[]", "True", "True", "reportlab.pdfbase.ttfonts", "Pattern"]


def test_an_unchecked_or_unused_rl_accel_turns_the_levers_off(monkeypatch):
    assert speedups.guard() is None
    with monkeypatch.context() as m:
        m.setattr(_rl_accel, "version", "0.9.2")
        assert "rl_accel 0.9.2" in speedups.guard()
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
        " re.compile.__module__, ours, type(re.compile(speedups.URI_PATTERN, re.I)).__name__)\n")
    assert out.split() == ["True", "True", "re", "[]", "Pattern"]


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
