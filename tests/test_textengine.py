"""The text engine without a PDF: lines in logical order, each in the visual order of the bidi algorithm.

The reference is the Unicode bidi algorithm done character by character here (levels of the whole
paragraph, then L1 and L2 on each line's slice), against which the engine's runs, reordered whole
and shaped by HarfBuzz, are compared.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

import pytest
import yaml
from bidi.mirror import MIRRORED
from bidiref import l2
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefing.coverage import cmap
from briefing.pdf import bidiorder, fonts, shaping
from briefing.pdf.textengine import Family, Laid, Line, Piece, Style, lay
from briefing.theme import load_theme

FIXTURES = Path(__file__).parent / "briefings"
WIDTHS = (60.0, 110.0, 180.0, 300.0, 480.0)
BODY, BOLD = Style("NotoSans", 9.8), Style("NotoSans-Bold", 9.8)
CITE = Style("NotoSans", 7.84, rise=4.9, href="#src-1")


@functools.cache
def families() -> tuple[Family, ...]:
    theme = load_theme()
    for f in theme.families:
        fonts.register(f)
    return tuple(Family(f.name, cmap(f.regular)) for f in theme.families)


def laid(pieces: list[Piece], rtl: bool = True, language: str = "fa-AF") -> Laid:
    return lay(pieces, rtl, families(), "\ufffd", language)


def paragraphs() -> list[tuple[str, str]]:
    """(language, text) of every paragraph of the right-to-left fixtures, Markdown marks taken out."""
    out = []
    for name in ("rtl-fa-AF.yaml", "rtl-ps.yaml", "rtl-ar.yaml"):
        data = yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))
        for s in data["sections"]:
            for para in s["body"].split("\n\n"):
                text = para.replace("**", "").replace("*", "").replace(" [@crisis]", "").strip()
                for line in text.split("\n"):
                    out.append((data["language"], line.lstrip("- ").strip()))
    return [p for p in out if p[1]]


def reference(text: str, levels: list[int], start: int, end: int) -> list[int]:
    """Logical indices of text[start:end] in visual order, left to right (UBA L1, L2), trailing spaces left out."""
    while end > start and text[end - 1] == " ":
        end -= 1
    return l2(list(range(start, end)), levels)


def drawn_order(line: Line) -> list[int]:
    """Logical indices of the characters the line's glyphs stand for, in the order drawn (left to right)."""
    out: list[int] = []
    for d in line.drawn:
        bounds = sorted({g.cluster for g in d.glyphs})
        ends = dict(zip(bounds, [*bounds[1:], None], strict=True))
        odd = d.run.level % 2 == 1
        last = None
        for g in d.glyphs:
            if g.cluster == last:
                continue
            last = g.cluster
            stop = ends[g.cluster]
            if stop is None:
                stop = max(g.cluster + 1, min(d.run.end, line.end))
            chars = list(range(g.cluster, stop))
            out += chars[::-1] if odd else chars
    return out


@pytest.mark.parametrize("language,text", paragraphs())
def test_lines_are_logical_and_each_is_in_the_reference_visual_order(language, text):
    p = laid([Piece(text, BODY)], language=language)
    levels = bidiorder.levels(text, True)
    for width in WIDTHS:
        lines = p.lines(width)
        assert lines[0].start == 0  # the top line holds the paragraph's start
        assert "".join(text[ln.start:ln.stop] for ln in lines) == text
        for ln in lines:
            want = reference(text, levels, ln.start, ln.end)
            assert drawn_order(ln) == want, (width, text[ln.start:ln.end])
            if width >= 110:
                assert ln.width <= width + 0.01


def glyph_of(face: str, ch: str) -> int:
    """The glyph id a face's cmap gives a character (as HarfBuzz would draw it unshaped)."""
    f, _ = shaping.font(fonts.file_of(face))
    gid = f.get_nominal_glyph(ord(ch))
    assert gid, (face, ch)
    return gid


def test_bold_lead_is_rightmost_the_citation_and_period_leftmost():
    p = laid([Piece("نکتهٔ نخست:", BOLD), Piece(" جبههٔ مقاومت در سال ۲۰۲۱ تشکیل شد", BODY), Piece("1", CITE),
              Piece(".", BODY)])
    (line,) = p.lines(1000)
    right = max(line.drawn, key=lambda d: d.x)
    assert right.run.face == "NotoSansArabic-Bold"
    left = [d for d in line.drawn if d.glyphs][:2]
    assert p.text[left[0].glyphs[0].cluster] == "."
    assert left[1].run.style.rise > 0 and p.text[left[1].glyphs[0].cluster] == "1"
    # on a narrow line, the lead starts the top line, at its right
    top = p.lines(60)[0]
    assert max(top.drawn, key=lambda d: d.x).run.face == "NotoSansArabic-Bold"


@pytest.mark.parametrize("digits", ["۲۰۲۱", "١٩٧٩", "2021"])
def test_a_digit_run_in_a_right_to_left_line_reads_left_to_right(digits):
    p = laid([Piece(f"در سال {digits} تشکیل شد", BODY)], language="ar" if digits[0] == "١" else "fa-AF")
    (line,) = p.lines(1000)
    start = p.text.index(digits)
    clusters = [g.cluster for d in line.drawn for g in d.glyphs if start <= g.cluster < start + 4]
    assert clusters == sorted(clusters) == list(range(start, start + 4))
    # and the run sits between the words around it: "سال" to its right, "تشکیل" to its left
    x = {g.cluster: d.x for d in line.drawn for g in d.glyphs}
    assert x[p.text.index("ت")] < x[start] < x[p.text.index("س")]


@pytest.mark.parametrize("width", [1000.0, 140.0, 90.0])
def test_brackets_are_mirrored_at_odd_levels_as_the_reference_says(width):
    text = "جبههٔ مقاومت ملی (NRF) که پیش‌تر (Northern Alliance) نام داشت (۱۳۷۵) ادامه دارد."
    p = laid([Piece(text, BODY)])
    levels = bidiorder.levels(text, True)
    seen = 0
    for ln in p.lines(width):
        for d in ln.drawn:
            for g in d.glyphs:
                ch = p.text[g.cluster]
                if ch in "()":
                    want = MIRRORED.get(ch, ch) if levels[g.cluster] % 2 else ch
                    assert g.gid == glyph_of(d.run.face, want), (ch, levels[g.cluster])
                    seen += 1
    assert seen == 6


def test_a_bracket_pair_split_across_lines_keeps_its_halves_in_place():
    text = "جبههٔ مقاومت ملی (Northern Alliance) نام داشت."
    p = laid([Piece(text, BODY)])
    lines = p.lines(p.lines(1000)[0].width * 0.6)
    assert len(lines) >= 2
    first = next(ln for ln in lines if ln.start <= text.index("(") < ln.end)
    assert not first.start <= text.index(")") < first.end  # the pair is split
    # the opening bracket (drawn as ")" at level 1) is the leftmost glyph before "Northern" on its line
    order = drawn_order(first)
    assert order.index(text.index("(")) == order.index(text.index("N")) + len("Northern")


def test_levels_read_from_python_bidi_are_pinned():
    assert bidiorder.levels("ab (جبهه) ۲۰۲۱", True) == [2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2]
    assert bidiorder.levels("ab جبهه 12", False) == [0, 0, 0, 1, 1, 1, 1, 1, 2, 2]  # (W2: digits after AL)
    assert bidiorder.levels("\U0001f600 ب", True) == [1, 1, 1]  # (four bytes, one character)
    assert bidiorder.visual_order([1, 2, 2, 1]) == [3, 1, 2, 0]
    assert bidiorder.visual_order([0, 1, 1, 2, 0]) == [0, 3, 2, 1, 4]


def test_a_changed_debug_report_fails_loudly(monkeypatch):
    import bidi

    monkeypatch.setattr(bidi, "get_display", lambda s, base_dir="L", debug=False: "levels: [] paragraphs: []")
    with pytest.raises(RuntimeError, match="format changed"):
        bidiorder.levels("ب", True)


def test_zwnj_and_harakat_stay_with_their_letters_and_never_break():
    text = "می‌شود مُحَمَّد"
    p = laid([Piece(text, BODY)])
    faces = {p.text[i]: r.face for w in p.words for r in w.runs for i in range(r.start, r.end)}
    assert faces["\u200c"] == faces["م"] == "NotoSansArabic"
    assert all(faces[m] == "NotoSansArabic" for m in "\u064f\u064e\u0651")
    for w in (5.0, 10.0, 20.0):  # narrower than any word: cut between clusters, never before the ZWNJ
        for ln in p.lines(w):
            assert p.text[ln.start] not in "\u200c\u064f\u064e\u0651"
            # (after it only when nothing else fits: "ی\u200cش" is 15 points wide, wider than the line)
            assert p.text[ln.end - 1] != "\u200c" or w < 15


def test_a_no_break_space_never_breaks():
    """...where what it joins fits a line; where it does not (30 points), the line gives way at a no-break
    space, never inside a word."""
    text = "در ۱۵\u00a0اگست\u00a0۲۰۲۱ کابل سقوط کرد"
    p = laid([Piece(text, BODY)])
    date, end = text.index("۱۵"), text.index(" کابل")
    (whole,) = laid([Piece(text[date:end], BODY)]).lines(1000)
    assert 30 < whole.width < 60
    for w in (30.0, 60.0, 90.0):
        inside = [ln.stop for ln in p.lines(w) if date < ln.stop <= end]
        if w > whole.width:
            assert inside == [end + 1] or not inside, (w, inside)  # (after the date's last word, if anywhere)
        else:
            assert inside and all(text[k - 1] == "\u00a0" for k in inside if k < end), (w, inside)


def test_pashto_letters_are_joined_by_harfbuzz():
    word = "سنګرونه"
    p = laid([Piece(word, BODY)], language="ps")
    (line,) = p.lines(1000)
    f, scale = shaping.font(fonts.file_of("NotoSansArabic"))
    isolated = sum(f.get_glyph_h_advance(f.get_nominal_glyph(ord(c))) * scale for c in word) * 9.8 / 1000
    assert line.width < isolated - 1  # joined forms are narrower than the letters alone
    gids = [g.gid for d in line.drawn for g in d.glyphs]
    assert gids[-1] != f.get_nominal_glyph(ord("س"))  # initial seen, not isolated


def test_vowelled_text_gets_room_for_its_marks():
    from reportlab.lib.styles import ParagraphStyle

    from briefing.pdf.textpara import TextPara

    st = ParagraphStyle("b", fontName="NotoSans", fontSize=10, leading=13)
    plain = TextPara(laid([Piece("سلطهٔ طالبان بر دره‌ها " * 6, BODY)]), st)  # (the ezafe hamza: no haraka)
    vowelled = TextPara(laid([Piece("إِنَّ الْمُقَاوَمَةَ تُعَدُّ قُوَّةً " * 6, BODY)]), st)
    for p, leading in ((plain, 13), (vowelled, 16)):
        _, h = p.wrap(120, 1000)
        assert p.line_count() > 1 and h == pytest.approx(p.line_count() * leading)


def test_an_empty_paragraph_takes_no_room():
    from reportlab.lib.styles import ParagraphStyle

    from briefing.pdf.textpara import TextPara

    p = TextPara(laid([]), ParagraphStyle("b", fontName="NotoSans", fontSize=10, leading=13))
    assert p.wrap(100, 100) == (100, 0) and p.split(100, 5) == [p]


def test_italic_arabic_script_prints_upright_in_its_weight():
    p = laid([Piece("شمال ", Style("NotoSans-Italic", 9.8)), Piece("شمال NRF", Style("NotoSans-Bold-Italic", 9.8))])
    faces = {r.face for w in p.words for r in w.runs}
    assert faces == {"NotoSansArabic", "NotoSansArabic-Bold", "NotoSans-Bold-Italic"}  # (Latin keeps its italic)


_ALPHABET = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیټځڅډړږښګڼېۍ" "abcdefNRF" "۰۱۲٠١٢012" "()[]«».,،:؛!؟-/%٪" \
    "\u064b\u064e\u064f\u0650\u0651\u0652\u0654\u200c\u200d\u0640\u00a0"


@settings(max_examples=150, deadline=None)
@given(words=st.lists(st.text(alphabet=_ALPHABET, min_size=1, max_size=9), min_size=1, max_size=25),
       rtl=st.booleans(), width=st.sampled_from([15.0, 40.0, 90.0, 200.0]))
def test_any_mixed_text_breaks_into_logical_lines_in_the_reference_order(words, rtl, width):
    text = " ".join(words)
    p = laid([Piece(text, BODY)], rtl=rtl)
    levels = bidiorder.levels(text, rtl)
    lines = p.lines(width)
    assert lines[0].start == 0 and "".join(text[ln.start:ln.stop] for ln in lines) == text
    for ln in lines:
        assert drawn_order(ln) == reference(text, levels, ln.start, ln.end)


@settings(max_examples=100, deadline=None)
@given(parts=st.lists(st.tuples(st.text(alphabet=_ALPHABET + " ", min_size=1, max_size=12),
                                st.sampled_from([BODY, BOLD, CITE])), min_size=1, max_size=12),
       rtl=st.booleans(), width=st.sampled_from([20.0, 60.0, 150.0]))
def test_runs_of_several_styles_keep_their_order_and_styles(parts, rtl, width):
    p = laid([Piece(t, s) for t, s in parts], rtl=rtl)
    text = "".join(t for t, _ in parts)
    assert p.text == text
    owner = [s for t, s in parts for _ in t]
    levels = bidiorder.levels(text, rtl)
    lines = p.lines(width)
    assert "".join(text[ln.start:ln.stop] for ln in lines) == text
    for ln in lines:
        assert drawn_order(ln) == reference(text, levels, ln.start, ln.end)
        for d in ln.drawn:
            assert all(owner[g.cluster] == d.run.style for g in d.glyphs)


def test_a_hard_line_break_ends_the_line_and_the_next_starts_at_the_base_level():
    p = laid([Piece("جبهه (NRF", BODY), Piece("", BODY, hard_break=True), Piece(") مقاومت", BODY)])
    lines = p.lines(1000)
    assert [p.text[ln.start:ln.end] for ln in lines] == ["جبهه (NRF", ") مقاومت"]
    assert "".join(p.text[ln.start:ln.stop] for ln in lines) == p.text  # (the break is the first line's)
    levels = bidiorder.levels(p.text, True)
    for ln in lines:
        assert drawn_order(ln) == reference(p.text, levels, ln.start, ln.end)


# Characters of every class the levels' shortcut for text without right-to-left letters resolves itself
# (letters, European digits, separators, terminators, spaces, neutrals, brackets), and some it leaves to
# python-bidi (a line feed, a tab, a zero-width space, a combining mark, an Arabic letter and digit, "<").
_LATIN_BIDI = "ab Z19()[]{}.,:;/+-$%#&?\"'*\u00a0\u202f\u2007\u2013\u201c\u201d\u00ab\u00bb€°é\u2026"
_OTHER_BIDI = "\n\t\u200b\u0301د\u0661<"


@settings(max_examples=400, deadline=None)
@example(text="(abc) d", rtl=True)  # (a bracket pair before a Latin word: N0)
@example(text="1 2 abc 3 4", rtl=True)  # (numbers before and after a word: W7)
@given(text=st.text(alphabet=_LATIN_BIDI, min_size=1, max_size=40)
       | st.text(alphabet=_LATIN_BIDI + _OTHER_BIDI, min_size=1, max_size=40)
       | st.text(alphabet="a1 ([{}]).,$", min_size=1, max_size=60),
       rtl=st.booleans())
def test_levels_of_text_without_right_to_left_letters_are_python_bidis(text, rtl):
    assert bidiorder.levels(text, rtl) == bidiorder._uba(text, rtl)


def test_latin_text_takes_the_levels_shortcut_and_right_to_left_text_does_not():
    # a bracket pair with only L inside and no L before it is R (N0), as is a space between it and L
    assert bidiorder._left_to_right_only("(abc) d", True) == [1, 2, 2, 2, 1, 1, 2]
    assert bidiorder._left_to_right_only("see (NRF)", True) == [2] * 9
    # digits before any letter stay numbers (R for the neutrals next to them), after one they are L (W7)
    assert bidiorder._left_to_right_only("1 2 abc 3 4", True) == [2, 1, 2, 1, 2, 2, 2, 2, 2, 2, 2]
    assert bidiorder._left_to_right_only("(NRF) 1,000 $5", False) == [0] * 14
    assert bidiorder._left_to_right_only("NRF دری", True) is None
    assert bidiorder._left_to_right_only("a\nb", True) is None


RTL_WORDS = """\
title: "Alpha Bravo"
direction: rtl
sections:
  - title: "{first}"
    body: "{second}"
  - title: "{second}"
    body: "{first}"
"""


def test_a_documents_pdf_does_not_depend_on_what_the_process_built_before(tmp_path):
    """The engine keeps a word's glyphs and its drawing between builds; a document's glyph codes are its
    own (its subsets'), so a build after another, of the same words met in another order, is as if alone."""
    from briefing import pipeline
    from briefing.load import load
    from briefing.pdf import textengine

    words = "Charlie Delta Echo Foxtrot Golf Hotel India Juliett Kilo Lima"
    docs = []
    for name, (first, second) in {"x": (words, words[::-1]), "y": (words[::-1], words)}.items():
        (tmp_path / f"{name}.yaml").write_text(RTL_WORDS.format(first=first, second=second), encoding="utf-8")
        b = load(str(tmp_path / f"{name}.yaml"))[0]
        assert b is not None
        docs.append((b, load_theme(b.style)))

    def alone(k: int) -> bytes:
        shaping.shape.cache_clear()
        textengine._shape.cache_clear()
        return pipeline.render(*docs[k])

    x, y = alone(0), alone(1)
    assert x != y
    assert pipeline.render(*docs[0]) == x  # (after y: the words as y drew them are kept)
    assert pipeline.render(*docs[1]) == y


def test_a_citation_number_is_raised_above_the_line_in_left_to_right_text(tmp_path):
    """The number of a citation is drawn raised (superscript), in the text engine's left-to-right path."""
    import pypdfium2
    import yaml as _yaml

    from briefing import pipeline
    from briefing.theme import load_theme as _theme

    src = tmp_path / "c.yaml"
    src.write_text(_yaml.safe_dump({"title": "C", "summary": ["Word xxx [@s] zzz."],
                                    "sources": [{"id": "s", "title": "S"}]}), encoding="utf-8")
    b, problems = pipeline.check(str(src))
    assert b is not None, problems
    out = tmp_path / "c.pdf"
    out.write_bytes(pipeline.render(b, _theme(), tags=False))
    doc = pypdfium2.PdfDocument(str(out))
    try:
        page = doc[0].get_textpage()
        text = page.get_text_range()
        at = text.index("xxx")
        one = text.index("1", at)
        base = page.get_charbox(at)[1]  # (left, bottom, right, top)
        number = page.get_charbox(one)[1]
        after = page.get_charbox(text.index("zzz", at))[1]
    finally:
        doc.close()
    assert number > base + 2 and abs(after - base) < 0.5


# -- no line wider than its width -------------------------------------------------------------------------

URL = "https://www.unhcr.org/fr/urgences/crise-du-sahel"
_WIDE = "aémw.,:/-" "\u00a0\u202f\u00ad\u200d\u2060" "1" "یم\u200c\u064f"


def _too_wide(p: Laid, width: float, urls: bool) -> list[tuple[float, str]]:
    """The lines wider than `width`, but for a line of one character (with its marks): nothing narrower can
    be drawn."""
    return [(ln.width, p.text[ln.start:ln.end]) for ln in p.lines(width, urls=urls)
            if ln.width > width + 1e-6 and _visible(p.text[ln.start:ln.end]) > 1]


def _visible(text: str) -> int:
    """How many characters of `text` are drawn on their own (not a mark, not a joiner that draws nothing)."""
    return sum(1 for c in text if c not in "\u200c\u200d\u2060" and not unicodedata.combining(c))


def test_a_url_after_a_line_filled_to_its_last_space_is_not_drawn_past_the_line():
    """A URL that does not fit after a line's last word: even when the space before it leaves no room at
    all, nothing of it is put on the line (its head, up to a slash, goes there only if it fits)."""
    p = laid([Piece("HCR (UNHCR), juin 2025. ", BODY), Piece(URL, Style("NotoSans", 8.4, href=URL))], rtl=False,
             language="fr")
    for tenth in range(300, 3000):
        width = tenth / 10
        assert not _too_wide(p, width, True), width
        assert not _too_wide(p, width, False), width


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.text(alphabet=_WIDE, min_size=1, max_size=14) | st.just(URL), min_size=1, max_size=12),
       sizes=st.lists(st.sampled_from([7.0, 9.8, 14.0]), min_size=1, max_size=12),
       width=st.floats(min_value=2.0, max_value=200.0), urls=st.booleans(), rtl=st.booleans())
def test_no_line_is_wider_than_its_width(words, sizes, width, urls, rtl):
    """Whatever the words (URLs, words joined by no-break spaces, soft hyphens, words wider than the
    line, either direction), a line is never wider than the width it is broken to, unless it holds a
    single character."""
    pieces = [Piece(w + " ", Style("NotoSans", sizes[k % len(sizes)], href=URL if w == URL else None))
              for k, w in enumerate(words)]
    p = laid(pieces, rtl=rtl, language="fa-AF" if rtl else "fr")
    assert not _too_wide(p, width, urls)


@pytest.mark.parametrize("rtl", [False, True])
def test_words_joined_by_no_break_spaces_and_wider_than_the_line_give_way_between_them(rtl):
    """A date or a number joined by no-break spaces (as typed, or as the layout joins them) that is wider than
    the whole line breaks next to one of its no-break spaces, never inside one of its words."""
    text = "در ۱۵\u00a0اگست\u00a0۲۰۲۱ کابل" if rtl else "le 29\u00a0janvier\u00a02025 et 12\u202f000\u202f000 écoles"
    p = laid([Piece(text, BODY)], rtl=rtl)
    words = [w for w in text.replace("\u202f", " ").replace("\u00a0", " ").split() if len(w) > 1]
    widest = max(ln.width for w in words for ln in laid([Piece(w, BODY)], rtl=rtl).lines(1000))
    for tenth in range(int(widest * 10) + 1, 900):
        lines = p.lines(tenth / 10)
        assert not _too_wide(p, tenth / 10, False)
        for ln in lines:  # (each line ends after a space, before a no-break one or at the text's end: no word is cut)
            ends = ln.stop == len(text) or text[ln.stop - 1] in " \u00a0\u202f" or text[ln.stop] in "\u00a0\u202f"
            assert ends, (tenth, text[ln.start:ln.stop])
