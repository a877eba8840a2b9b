"""Property tests: the loader never raises on any input, and any valid briefing,
however hostile its Unicode, builds into a PDF that pypdf, qpdf and pdfium accept
or fails with a message; a valid briefing in letters the fonts cover always builds,
with no problem, and prints its titles.

Run longer with HYPOTHESIS_PROFILE=long.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import yaml
from conftest import assert_sound_pdf
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from briefing.errors import Problem
from briefing.pipeline import build, check

settings.register_profile("long", max_examples=10000)
# tools/mutants.py: whether a test fails is all that counts, so a failure is not shrunk
settings.register_profile("mutants", phases=[Phase.explicit, Phase.reuse, Phase.generate])
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])

_LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
_HC = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


def fuzz_settings(n: int):
    return settings(derandomize=True, max_examples=10000 if _LONG else n, deadline=None,
                    suppress_health_check=_HC, database=None)


def _check_bytes(data: bytes, name: str = "f.yaml") -> list[Problem]:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / name
        p.write_bytes(data)
        b, problems = check(str(p))
    assert all(isinstance(x, Problem) for x in problems)
    for x in problems:
        assert x.pos.line >= 1 and x.pos.col >= 1
        assert "\n" not in str(x)
    if b is None:
        assert any(not x.warning for x in problems)
    return problems


# -- the loader never raises ------------------------------------------------------

KEYS = ["title", "subtitle", "date", "as_of", "summary", "sections", "timeline", "eras", "groups", "figures",
        "actors", "outlook", "sources", "style", "language", "id", "name", "body", "include", "value", "label",
        "basis", "trend", "url", "start", "end", "horizon", "text", "goals", "allies", "approximate", "<<"]
TOKENS = [": ", "- ", "\n", "  ", "[", "]", "{", "}", ", ", "&a ", "*a", "!!str ", "!!python/object:os.system ",
          "!foo ", "? ", "|", ">", "'", '"', "#", "---\n", "...\n", "%YAML 1.1\n", "2021-13-01", "2021-02-29",
          "2020-02-29", "12:30", "0x1F", "1e400", ".nan", "~", "null", "yes", "[@a]", "[x](javascript:1)",
          "[x](https://e.org)", "**", "\t", "\ufeff", "é", "ش", "👍"]
yaml_text = st.lists(st.one_of(st.sampled_from(KEYS), st.sampled_from(TOKENS), st.text(max_size=8)),
                     max_size=60).map("".join)

scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
                   st.sampled_from(["2021", "2021-04", "2021-04-16", "2021-02-30", "https://e.org", "x-y",
                                    "[@a]", "claimed", "up", "default", "timeline"]))
tree = st.recursive(scalar, lambda ch: st.one_of(st.lists(ch, max_size=4),
                                                st.dictionaries(st.sampled_from(KEYS[:-1]), ch, max_size=5)),
                    max_leaves=25)


@fuzz_settings(60)
@given(yaml_text)
def test_check_never_raises_on_yaml_text(text):
    _check_bytes(text.encode("utf-8", "surrogatepass"))


@fuzz_settings(60)
@given(st.binary(max_size=400))
def test_check_never_raises_on_bytes(data):
    _check_bytes(data)


@fuzz_settings(60)
@given(st.dictionaries(st.sampled_from(KEYS[:-1]), tree, max_size=8))
def test_check_never_raises_on_random_structures(doc):
    _check_bytes(yaml.safe_dump(doc, allow_unicode=True).encode("utf-8", "surrogatepass"))


@fuzz_settings(30)
@given(st.dictionaries(st.sampled_from(["briefing.yaml", "timeline.yaml", "groups.yaml", "sources.yaml"]),
                       yaml_text, min_size=1))
def test_check_never_raises_on_folders(files):
    with tempfile.TemporaryDirectory() as d:
        for name, text in files.items():
            (Path(d) / name).write_bytes(text.encode("utf-8", "surrogatepass"))
        b, problems = check(d)
    if b is None:
        assert any(not x.warning for x in problems)


def test_control_characters_give_a_clean_error(tmp_path):
    for ch in ["\x01", "\x07", "\x1b", "\x7f", "\x9b", "\x00"]:
        problems = _check_bytes(f"title: a{ch}b\n".encode())
        assert problems and not problems[0].warning
        assert problems[0].pos.line == 1


# -- valid briefings build into sound PDFs ------------------------------------------

HOSTILE = [
    "مقاومت ملی افغانستان", "جبهه مقاومت", "שלום עולם", "ﷺ", "e\u0301\u0301\u0301", "Z\u0338\u0336\u0335",
    "👍🏽", "👨‍👩‍👧", "🇦🇫", "<b>", "</para>", "&amp;", "&#0;", "<font size=80>", '<img src="/etc/hostname"/>',
    "\u200b", "\u202e RTL override", "\u2066x\u2069", "ﬁ", "İ", "ß", "\ufeff", "x" * 400, " ", "·", "**", "_",
    "\\", "[", "]", "(", ")", "%", "Ω≈ç√", "中文", "ᚠᛇᚻ", "\U0001d54f",
]
# Printable characters only: the YAML reader rejects control characters (tested above).
safe_char = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"))
hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(safe_char, min_size=1, max_size=12)),
             min_size=1, max_size=6).map(" ".join),
).filter(lambda s: s.strip() != "")

ids = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
dates = st.one_of(st.integers(1900, 2030).map(str),
                  st.tuples(st.integers(1900, 2030), st.integers(1, 12)).map(lambda t: f"{t[0]}-{t[1]:02d}"),
                  st.dates().filter(lambda d: d.year >= 1000).map(lambda d: d.isoformat()))


@st.composite
def briefings(draw):
    src_ids = draw(st.lists(ids, unique=True, max_size=3))
    grp_ids = draw(st.lists(ids, unique=True, max_size=3))
    cite = (lambda: f" [@{draw(st.sampled_from(src_ids))}]") if src_ids else (lambda: "")
    b: dict = {"title": draw(hostile_text)}
    if draw(st.booleans()):
        b["subtitle"] = draw(hostile_text)
    b["summary"] = [draw(hostile_text) + cite() for _ in range(draw(st.integers(0, 3)))]
    if draw(st.booleans()):
        b["sections"] = [{"title": draw(hostile_text), "body": draw(hostile_text) + "\n\n- " + draw(hostile_text)}]
    b["groups"] = [{"id": g, "name": draw(hostile_text), "goals": [draw(hostile_text)],
                    "leader": draw(hostile_text), "summary": draw(hostile_text) + cite()} for g in grp_ids]
    b["timeline"] = [{"date": draw(dates), "title": draw(hostile_text), "text": draw(hostile_text),
                      "groups": draw(st.lists(st.sampled_from(grp_ids), unique=True)) if grp_ids else []}
                     for _ in range(draw(st.integers(0, 4)))]
    b["figures"] = [{"value": draw(st.one_of(st.integers(-10**12, 10**12), hostile_text)),
                     "label": draw(hostile_text),
                     "basis": draw(st.sampled_from(["reported", "claimed", "estimated", "official"])),
                     "trend": draw(st.sampled_from(["up", "down", "flat"]))}
                    for _ in range(draw(st.integers(0, 3)))]
    b["actors"] = [{"name": draw(hostile_text), "position": draw(hostile_text)}
                   for _ in range(draw(st.integers(0, 2)))]
    b["outlook"] = [{"horizon": draw(hostile_text), "text": draw(hostile_text)}
                    for _ in range(draw(st.integers(0, 2)))]
    b["sources"] = [{"id": s, "title": draw(hostile_text), "url": "https://example.org/" + s} for s in src_ids]
    b["summary"].append("all" + "".join(f" [@{s}]" for s in src_ids))  # every source cited
    if draw(st.booleans()):
        b["disclaimer"] = draw(hostile_text)
    return {k: v for k, v in b.items() if v != []}


def _sound_pdf(path: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    assert len(reader.pages) >= 1
    for p in reader.pages:
        p.extract_text()
    assert_sound_pdf(path)


@fuzz_settings(15)
@given(briefings())
def test_valid_briefings_build_sound_pdfs(doc):
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "fuzz.yaml"
        src.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        out = Path(d) / "out" / "fuzz.pdf"
        res = build(str(src), output=str(out))
        errors = [p for p in res.problems if not p.warning]
        assert res.ok or errors, res
        assert all(isinstance(p, Problem) for p in res.problems)
        if res.ok:
            assert not errors, errors
            assert out.is_file()
            _sound_pdf(out)
        else:
            assert not out.exists()
        assert not [n for n in os.listdir(out.parent) if n.startswith(".briefing-")] if out.parent.exists() else True


# Valid briefings in the letters the fonts cover (Latin, Cyrillic, Greek), digits and punctuation that
# is not Markdown (but may look like markup): such a briefing must build, with no problem at all, and
# print its titles.
_LETTERS = ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzéèçñöüßÅæøłżğşı"
            "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯабвгдежзийклмнопрстуфхцчшщыьэюяё"
            "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρστυφχψωάέή0123456789")
_word = st.builds(lambda w, p: w + p, st.text(_LETTERS, min_size=1, max_size=10),
                  st.sampled_from(["", "", "", ".", ",", ";", ":", "!", "?", "%", "'s", "-1", "/2", ")",
                                   "&", "&amp;", "<", "<b>", ">"]))  # markup-like, yet text
_words = st.lists(_word, min_size=1, max_size=5).map(" ".join)


@st.composite
def plain_briefings(draw):
    """(a valid briefing, the titles it must print)."""
    src_ids = draw(st.lists(ids, unique=True, min_size=1, max_size=3))
    grp_ids = draw(st.lists(ids, unique=True, max_size=2))
    b: dict = {"title": draw(_words), "subtitle": draw(_words), "date": draw(dates),
               "summary": [draw(_words) + "".join(f" [@{s}]" for s in src_ids)]}
    b["sections"] = [{"title": draw(_words), "body": draw(_words) + "\n\n" + draw(_words)}
                     for _ in range(draw(st.integers(1, 2)))]
    b["timeline"] = [{"date": draw(dates), "title": draw(_words), "text": draw(_words),
                      "groups": draw(st.lists(st.sampled_from(grp_ids), unique=True)) if grp_ids else []}
                     for _ in range(draw(st.integers(0, 3)))]
    b["groups"] = [{"id": g, "name": draw(_words), "leader": draw(_words), "goals": [draw(_words)]} for g in grp_ids]
    b["figures"] = [{"value": draw(st.one_of(st.integers(0, 10**9), _word)), "label": draw(_words)}
                    for _ in range(draw(st.integers(0, 2)))]
    b["actors"] = [{"name": draw(_words), "position": draw(_words)} for _ in range(draw(st.integers(0, 2)))]
    b["sources"] = [{"id": s, "title": draw(_words)} for s in src_ids]
    b = {k: v for k, v in b.items() if v != []}
    titles = [b["title"], *(s["title"] for s in b["sections"]), *(e["title"] for e in b.get("timeline", ())),
              *(g["name"] for g in b.get("groups", ())), *(a["name"] for a in b.get("actors", ())),
              *(s["title"] for s in b["sources"])]
    return b, titles


@fuzz_settings(12)
@given(plain_briefings())
def test_valid_briefings_build_and_print_their_titles(case):
    from pypdf import PdfReader

    from briefing.richtext import smart

    doc, titles = case
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "plain.yaml"
        src.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        out = Path(d) / "plain.pdf"
        res = build(str(src), output=str(out))
        assert res.ok and res.problems == [], res.problems
        assert_sound_pdf(out)
        # without white space: a title may wrap onto a second line
        text = "".join("".join((p.extract_text() or "").split()) for p in PdfReader(str(out)).pages)
    missing = [t for t in titles if "".join(smart(t).split()) not in text]  # as printed: typographic quotes
    assert missing == []


_MARKDOWNISH = st.lists(st.sampled_from(list("ab @;[]()*_\\\n\t-+1.)#&<>`!~ \u00a0\u2003") +
                                        ["[@a]", "[@b; @c]", "1. ", "- ", "](", "é", "س"]),
                        max_size=30).map("".join)


@fuzz_settings(300)
@given(st.one_of(_MARKDOWNISH, st.text(max_size=30)))
def test_plain_text_shortcut_parses_as_markdown_it_does(text):
    """Text without Markdown syntax skips markdown-it; the result must be the one markdown-it gives."""
    from briefing import richtext

    fast = richtext.parse(text)
    richtext._SPECIAL, saved = re.compile(r"(?s:.)"), richtext._SPECIAL  # force markdown-it
    try:
        slow = richtext.parse(text)
    finally:
        richtext._SPECIAL = saved
    assert fast == slow


_MULTILINE = st.lists(st.sampled_from(["[@a]", "[@b; @c]", "[ @d ]", "@e", "[", "]", "**", "*", " ", "\n", "\n\n",
                                       "- ", "1. ", "  ", "\t", "x", "é", ";", "(", ")", "[x]", "<b>", "&amp;"]),
                      max_size=40).map("".join)


@fuzz_settings(300)
@given(st.one_of(_MULTILINE, _MARKDOWNISH))
def test_citations_read_without_the_parser_are_the_parsers(text):
    """`check` reads citations without markdown-it when it can; it must find exactly what the parser finds."""
    from briefing import richtext

    quick = richtext.cites_only(text)
    if quick is not None:
        _, cites, problems = richtext.parse(text)
        assert quick == cites
        assert problems == []


# -- the whole tool: file names, control characters, deep nesting ---------------------

_NAME_CHARS = st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",))


@fuzz_settings(25)
@given(name=st.text(_NAME_CHARS, min_size=1, max_size=20).filter(lambda n: n not in (".", "..")),
       control=st.sampled_from([chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), *range(0x7F, 0xA0))]),
       depth=st.integers(min_value=1, max_value=14))
def test_any_file_name_control_character_or_nesting_gives_a_clean_line(name, control, depth):
    """Whatever the file is called, a control character in text is one error at its value, and a list
    nested past what can be laid out is one error (never silently dropped); no traceback, no internal error."""
    from conftest import run_cli

    text = "- " * depth + "deep item\n\nAfter the list."
    doc = {"title": f"T{control}x", "sections": [{"title": "S", "body": text}]}
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / (name + ".yaml")
        try:
            src.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        except (OSError, UnicodeEncodeError):  # a name this file system refuses
            return
        r = run_cli("check", str(src))
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 1, err
    assert "Traceback" not in err and "internal error" not in err, err
    lines = err.splitlines()
    control_lines = [x for x in lines if "holds the control character" in x and "'title'" in x]
    assert len(control_lines) == 1, lines
    assert re.search(r":1:\d+: 'title' holds the control character U\+[0-9A-F]{4}", control_lines[0]), control_lines
    deep = [x for x in lines if "nested" in x]
    assert len(deep) == (1 if depth >= 10 else 0), lines
    assert len(lines) == 1 + len(deep), lines
