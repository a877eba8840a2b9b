"""Arabic-script text as the PDF draws it: faces, marks, order, logical text (read from content streams)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml
from bidiref import l2
from conftest import run_cli
from pdfglyphs import glyphs


def arabic(g) -> bool:
    return any(unicodedata.bidirectional(c) in ("AL", "R", "NSM") and "ARABIC" in unicodedata.name(c, "")
               for c in unicodedata.normalize("NFKC", g.text)) or g.font.startswith("NotoSansArabic")


def build(tmp_path: Path, text: str, name: str = "b") -> Path:
    src = tmp_path / f"{name}.yaml"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / f"{name}.pdf"
    r = run_cli("build", str(src), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    return out


EN_WITH_NAME = """\
title: "Talks with طالبان in Doha"
sections:
  - title: "The role of احمد مسعود"
    body: "**Lead: جبهه مقاومت** then plain رهبر text."
"""


def test_arabic_glyphs_in_bold_text_come_from_the_bold_face(tmp_path):
    pdf = build(tmp_path, EN_WITH_NAME)
    gs = [g for g in glyphs(pdf) if arabic(g) and g.text.strip()]
    bold = {g.font for g in gs if g.size > 11}  # title and heading
    assert bold == {"NotoSansArabic-Bold"}
    body = {g.font for g in gs if g.size < 11}
    assert body == {"NotoSansArabic-Bold", "NotoSansArabic-Regular"}  # the bold lead's words, then a plain one


def test_harakat_are_drawn(tmp_path):
    pdf = build(tmp_path, 'title: T\nsections:\n  - title: S\n    body: "Name: مُحَمَّد and سلطهٔ."\n')
    drawn = "".join(unicodedata.normalize("NFKC", g.text) for g in glyphs(pdf))
    for mark in ("\u064f", "\u064e", "\u0651", "\u0654"):  # damma, fatha, shadda, hamza above
        assert mark in drawn, unicodedata.name(mark)


# -- right-to-left briefings (the fixtures in tests/briefings/rtl-*.yaml) ----------------------------------

FIXTURES = Path(__file__).parent / "briefings"


def built_rtl(tmp_path: Path, name: str | Path, *args: str) -> Path:
    """A fixture (or a file) built as a right-to-left document, whatever its language (as the format's
    `direction: rtl` does)."""
    from briefing.layout import document

    src = name if isinstance(name, Path) else FIXTURES / f"{name}.yaml"
    out = tmp_path / f"{src.stem}{'-'.join(args)}.pdf"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(document, "is_rtl", lambda language, direction: True)
        r = run_cli("build", str(src), "-o", str(out), *args)
    assert r.returncode == 0, r.stderr.decode()
    return out


@pytest.fixture(scope="module")
def rtl(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("rtl")
    out = {n: built_rtl(tmp, n) for n in ("rtl-fa-AF", "rtl-ps", "rtl-ar")}
    out["rtl-fa-AF-plain"] = built_rtl(tmp, "rtl-fa-AF", "--no-tags")
    return out


def spans(pdf: Path) -> list[tuple[str, list]]:
    """Each line the text engine drew: its /ActualText and its glyphs in the order drawn."""
    out: list[tuple[str, list]] = []
    key = None
    for g in glyphs(pdf):
        if g.actual is None:
            key = None
            continue
        if key != (g.page, g.base, g.actual):
            out.append((g.actual, []))
            key = (g.page, g.base, g.actual)
        out[-1][1].append(g)
    return out


def body(name: str) -> list[str]:
    """The paragraphs of a fixture's first section, as printed (Markdown marks out, the citation a number in
    the language's digits)."""
    from briefing.labels import labels_for

    data = yaml.safe_load((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"))
    one = labels_for(data.get("language", "en")).digits(1)
    out = []
    for para in data["sections"][0]["body"].split("\n\n"):
        if para.startswith("- "):
            continue
        out.append(" ".join(para.replace("**", "").replace("*", "").replace(" [@crisis]", one).split()))
    return out


def paragraph_lines(pdf: Path, text: str) -> list[tuple[str, list]]:
    """The lines whose replacement texts, in order, make up `text` exactly (running heads and feet left out),
    but for the no-break spaces that keep a typed date together (`۱۵ اگست ۲۰۲۱`)."""
    lines = [ln for ln in spans(pdf) if "Artifact" not in ln[1][0].marks]
    for i in range(len(lines)):
        got = ""
        for j in range(i, len(lines)):
            got += lines[j][0].replace("\u00a0", " ")
            if got == text:
                return lines[i:j + 1]
            if not text.startswith(got):
                break
    raise AssertionError(f"no run of lines reads {text[:80]!r}...")


def test_each_paragraph_reads_as_typed_from_its_lines_replacement_text(rtl):
    for name in ("rtl-fa-AF", "rtl-ps", "rtl-ar"):
        for text in body(name):
            lines = paragraph_lines(rtl[name], text)
            if name == "rtl-fa-AF" and "۱۵ اگست ۲۰۲۱" in text:  # (a typed date, printed whole)
                assert "۱۵\u00a0اگست\u00a0۲۰۲۱" in "".join(t for t, _ in lines)
            if name == "rtl-fa-AF":
                assert len(lines) >= 3  # (the fixture's paragraph wraps)
                assert "\u200c" in text and "\u0654" in text and "\u064b" in text  # ZWNJ, ezafe, tanwin kept


def _folded(gs: list) -> str:
    """The text of glyphs in the order given, NFKC-folded, marks and spaces left out; a ligature of Arabic
    letters (lam-alef) reads right to left, as drawn."""
    out = []
    for g in gs:
        s = unicodedata.normalize("NFKC", g.text)
        if len(s) > 1 and all("\u0600" <= c <= "\u06ff" for c in s):
            s = s[::-1]
        out.append(s)
    return "".join(c for c in "".join(out) if not unicodedata.combining(c) and c not in " \u200c\u200d")


def test_each_line_is_drawn_in_the_reference_visual_order(rtl):
    from bidi.mirror import MIRRORED

    from briefing.pdf import bidiorder

    text = body("rtl-fa-AF")[0]
    levels = bidiorder.levels(text, True)
    at = 0
    for actual, gs in paragraph_lines(rtl["rtl-fa-AF"], text):
        idx = l2(list(range(at, at + len(actual.rstrip(" ")))), levels)
        at += len(actual)
        want = "".join(MIRRORED.get(text[i], text[i]) if levels[i] % 2 else text[i] for i in idx)
        drawn = sorted(gs, key=lambda g: g.x)  # (a stable sort: marks at their base's x keep the drawn order)
        assert _folded(drawn) == _folded([type("G", (), {"text": c}) for c in want]), actual


def test_the_top_line_holds_the_paragraphs_start_and_lines_are_flush_right(rtl):
    text = body("rtl-fa-AF")[0]
    lines = paragraph_lines(rtl["rtl-fa-AF"], text)
    tops = [max(g.base for g in gs) for _, gs in lines]
    assert tops == sorted(tops, reverse=True)  # first logical line on top
    rights = [max(g.end for g in gs) for _, gs in lines]
    lefts = [min(g.x for g in gs) for _, gs in lines]
    assert max(rights) - min(rights) < 0.5  # flush right...
    assert max(lefts[:-1]) - min(lefts) > 1 or lefts[-1] > max(lefts[:-1])  # ...ragged left
    # the bold lead is on the top line, at its right
    top = lines[0][1]
    lead = [g for g in top if g.font == "NotoSansArabic-Bold"]
    assert lead and min(g.x for g in lead) > max(g.x for g in top if g.font == "NotoSansArabic-Regular")


def test_no_glyph_is_notdef(rtl):
    for name, pdf in rtl.items():
        bad = [g for g in glyphs(pdf) if g.gid_name in (".notdef", "glyph00000")]
        assert not bad, (name, bad[:3])


def test_pashto_words_are_drawn_with_harfbuzz_advances(rtl):
    from briefing.pdf import fonts, shaping

    pdf = rtl["rtl-ps"]
    for word in ("سنګرونه",):  # the section's heading: one word on its line
        ((_, gs),) = [ln for ln in spans(pdf) if ln[0] == word]
        size = gs[0].size
        assert {g.font for g in gs} == {"NotoSansArabic-Bold"}
        hb = sum(g.advance for g in shaping.shape(word, 0, len(word), fonts.file_of("NotoSansArabic-Bold"), True,
                                                 "PAS")) * size / 1000
        assert abs((gs[-1].end - gs[0].x) - hb) < 0.1
        f, scale = shaping.font(fonts.file_of("NotoSansArabic-Bold"))
        isolated = sum(f.get_glyph_h_advance(f.get_nominal_glyph(ord(c))) for c in word) * scale * size / 1000
        assert hb < isolated - 1  # (joined: narrower than the letters alone)


def test_the_ezafe_hamza_and_harakat_are_drawn(rtl):
    drawn = unicodedata.normalize("NFD", "".join(g.text for g in glyphs(rtl["rtl-fa-AF"])))
    assert "\u0654" in drawn and "\u064b" in drawn  # سلطهٔ, تقریباً
    marks = unicodedata.normalize("NFKD", "".join(g.text for g in glyphs(rtl["rtl-ar"])))
    assert all(m in marks for m in "\u064e\u064f\u0650\u0651\u0652")  # fatha, damma, kasra, shadda, sukun
    # shadda with damma stacked as one glyph (Noto's ligature, U+FC61, whose letters its ToUnicode gives)
    assert any({"\u0651", "\u064f"} <= set(g.text) for g in glyphs(rtl["rtl-ar"]))


def test_arabic_glyphs_of_titles_headings_and_bold_leads_are_bold(rtl):
    gs = [g for g in glyphs(rtl["rtl-fa-AF"]) if g.font.startswith("NotoSansArabic")]
    heads = [g for g in gs if {"H1", "H2"} & set(g.marks)]
    assert heads and {g.font for g in heads} == {"NotoSansArabic-Bold"}
    lead = "جبههٔ مقاومت ملی"
    ((_, top), *_) = paragraph_lines(rtl["rtl-fa-AF"], body("rtl-fa-AF")[0])
    bold = [g for g in top if g.font == "NotoSansArabic-Bold"]
    assert sorted(_folded(bold)) == sorted(_folded([type("G", (), {"text": c}) for c in lead]))


def test_the_same_text_and_pages_tagged_or_not(rtl):
    import pypdfium2
    from conftest import pdf_text

    tagged, plain = rtl["rtl-fa-AF"], rtl["rtl-fa-AF-plain"]
    assert pdf_text(tagged) == pdf_text(plain)
    a, b = pypdfium2.PdfDocument(str(tagged)), pypdfium2.PdfDocument(str(plain))
    try:
        for i in range(len(a)):
            assert a[i].render(scale=1.5).to_pil().tobytes() == b[i].render(scale=1.5).to_pil().tobytes()
    finally:
        a.close()
        b.close()


def test_the_right_to_left_fixture_passes_the_tagged_pdf_checks(rtl):
    import tagcheck
    from test_tagged import pdfua_findings

    assert tagcheck.problems(rtl["rtl-fa-AF"]) == []
    assert pdfua_findings(rtl["rtl-fa-AF"]) == []
    assert tagcheck.untagged(rtl["rtl-fa-AF-plain"]) == []


def ink_components(img, threshold: int = 128) -> list[int]:
    """Sizes (pixels) of the 8-connected components of dark pixels in a greyscale image."""
    w, h = img.size
    px = img.load()
    seen = bytearray(w * h)
    sizes = []
    for y0 in range(h):
        for x0 in range(w):
            if seen[y0 * w + x0] or px[x0, y0] >= threshold:
                continue
            seen[y0 * w + x0] = 1
            stack, n = [(x0, y0)], 0
            while stack:
                x, y = stack.pop()
                n += 1
                for dx in (-1, 0, 1):
                    for dy in (-1, 0, 1):
                        u, v = x + dx, y + dy
                        if 0 <= u < w and 0 <= v < h and not seen[v * w + u] and px[u, v] < threshold:
                            seen[v * w + u] = 1
                            stack.append((u, v))
            sizes.append(n)
    return sizes


def test_pashto_letters_join_as_one_word_in_three_pieces(tmp_path):
    """Rendered alone at 40 pt, سنګرونه has three large pieces of ink (سنګر, و, نه): its letters join."""
    import io

    import pypdfium2
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas

    from briefing.coverage import cmap
    from briefing.pdf import fonts
    from briefing.pdf.textengine import Family, Piece, Style
    from briefing.pdf.textpara import TextPara
    from briefing.theme import load_theme

    theme = load_theme()
    for f in theme.families:
        fonts.register(f)
    fams = tuple(Family(f.name, cmap(f.regular)) for f in theme.families)
    style = ParagraphStyle("big", fontName="NotoSans", fontSize=40, leading=60)
    p = TextPara.of([Piece("سنګرونه", Style("NotoSans", 40))], style, True, fams, "\ufffd", "ps")
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(300, 100))
    p.wrap(280, 100)
    p.drawOn(c, 10, 20)
    c.save()
    doc = pypdfium2.PdfDocument(buf.getvalue())
    try:
        img = doc[0].render(scale=2).to_pil().convert("L")
    finally:
        doc.close()
    sizes = ink_components(img)
    big = [s for s in sizes if s > 0.1 * max(sizes)]
    assert len(big) == 3, sorted(sizes, reverse=True)[:8]


def test_bullets_are_at_the_right_of_their_items(rtl):
    gs = glyphs(rtl["rtl-fa-AF"])
    bullets = [g for g in gs if g.text == "\u2022"]
    assert len(bullets) == 4  # two key points, two list items
    for b in bullets:
        line = [g for g in gs if g.page == b.page and abs(g.base - b.base) < 0.5 and g is not b and g.actual]
        assert line and b.x > max(g.end for g in line)


def test_link_rectangles_cover_the_drawn_glyphs(rtl):
    import pikepdf

    gs = [g for g in glyphs(rtl["rtl-fa-AF"]) if g.page == 0]
    with pikepdf.open(rtl["rtl-fa-AF"]) as pdf:
        rects = [[float(v) for v in a.Rect] for a in pdf.pages[0].Annots]
    cites = [g for g in gs if g.text == "۱" and g.base < g.y - 1]  # the superscript citations (Dari digits)
    ((_, source),) = [ln for ln in spans(rtl["rtl-fa-AF"]) if "crisisgroup" in ln[0]]
    drawn = "".join(g.text for g in source)
    at = drawn.index("https://www.crisisgroup.org/")  # (a left-to-right isolate: drawn in its own order)
    url = source[at:at + len("https://www.crisisgroup.org/")]
    assert cites and url
    for g in [*cites, *url]:
        assert any(r[0] - 0.01 <= g.x and g.end <= r[2] + 0.01 and r[1] <= g.y <= r[3] for r in rects), g
    for r in rects:  # and no wider than what they link
        inside = [g for g in gs if r[0] - 0.01 <= g.x < r[2] and r[1] <= g.y <= r[3]]
        assert inside and abs(max(g.end for g in inside) - r[2]) < 0.5


def test_a_long_right_to_left_paragraph_splits_across_pages_in_order(tmp_path):
    import tagcheck
    from test_tagged import pdfua_findings

    text = body("rtl-fa-AF")[0]
    para = " ".join([text] * 40)
    src = tmp_path / "long.yaml"
    src.write_text(yaml.safe_dump({"title": "بلند", "language": "fa-AF",
                                   "sections": [{"title": "بخش", "body": para.replace("1.", ".")}]},
                                  allow_unicode=True), encoding="utf-8")
    out = built_rtl(tmp_path, src)
    lines = paragraph_lines(out, para.replace("1.", "."))
    pages = [gs[0].page for _, gs in lines]
    assert pages == sorted(pages) and pages[-1] >= 1  # over two pages at least, in order
    assert tagcheck.problems(out) == [] and pdfua_findings(out) == []


def test_every_component_of_the_seed_builds_right_to_left_and_passes_the_checks(tmp_path):
    """The seed as a right-to-left document (every paragraph set by the engine, in cards, tables, the
    timeline, figure marks): it builds, its text reads as typed, and the tagged-PDF checks pass."""
    import tagcheck
    from conftest import SEED, doc_text
    from test_tagged import pdfua_findings

    out = built_rtl(tmp_path, SEED)
    assert tagcheck.problems(out) == [] and pdfua_findings(out) == []
    assert len(glyphs(out)) > 5000 and not [g for g in glyphs(out) if g.gid_name == ".notdef"]
    lines = [a for a, _ in spans(out)]
    assert "The Last Holdouts: Resistance in " in lines  # (a Latin title: one left-to-right run, flush right)
    assert "Afghanistan" in doc_text(out)


def test_citations_land_on_their_source(rtl):
    """A citation's link goes to its entry in the Sources: the destination's top is just above the line
    whose replacement text is that entry."""
    from conftest import internal_links
    from pypdf import PdfReader

    links = internal_links(PdfReader(rtl["rtl-fa-AF"]))
    assert len(links) == 2  # the key point's citation and the body's
    ((_, entry),) = [ln for ln in spans(rtl["rtl-fa-AF"]) if "crisisgroup" in ln[0]]
    for _, page, top, _ in links:
        assert page == entry[0].page and 0 < top - entry[0].base < 2 * entry[0].size


def test_graphics_labels_in_arabic_script_are_shaped_by_harfbuzz(tmp_path):
    """An era strip label in Pashto is drawn joined, as HarfBuzz sets it, with its text as /ActualText."""
    from briefing.pdf import fonts, shaping

    src = tmp_path / "strip.yaml"
    src.write_text('title: "د پښتو توري"\nlanguage: ps\ntimeline:\n'
                   '  - {date: 2021-08-15, title: "سنګرونه او ټولنه"}\n  - {date: 2022-05, title: "ځواک څرنګه"}\n',
                   encoding="utf-8")
    out = built_rtl(tmp_path, src)
    labels = [gs for a, gs in spans(out) if a == "سنګرونه او ټولنه" and "Artifact" not in gs[0].marks]
    assert len(labels) == 2  # the strip's label and the timeline's title
    strip = min(labels, key=lambda gs: gs[0].size)
    size, face = strip[0].size, strip[0].font
    hb = sum(g.advance for g in shaping.shape("سنګرونه او ټولنه", 0, 16, fonts.file_of(
        "NotoSansArabic-Bold" if face.endswith("Bold") else "NotoSansArabic"), True, "PAS")) * size / 1000
    assert abs((strip[-1].end - strip[0].x) - hb) < 0.1


def test_tools_that_ignore_actualtext_still_find_the_letters(rtl):
    """pypdf reads the ToUnicode maps only: joined forms map to their letters (a presentation form to its
    decomposition, a Private Use code point to the letter it draws), so each Pashto word is found."""
    from pypdf import PdfReader

    text = PdfReader(rtl["rtl-ps"]).pages[0].extract_text()
    assert not [c for c in text if 0xE000 <= ord(c) <= 0xF8FF or 0xFB50 <= ord(c) <= 0xFEFF]
    for word in ("سنګرونه", "ټولنه", "ځواک", "څرنګه", "ښځه", "ماڼۍ", "ڼڼڼ", "ګګګ"):
        assert word in text


def test_the_folded_tounicode_is_reportlabs_for_every_other_code():
    from briefing.pdf import textpara

    textpara._fold_tounicode()
    from reportlab.pdfbase import ttfonts

    patched = ttfonts.makeToUnicodeCMap
    original = patched.original  # (ReportLab's, which it wraps)
    assert getattr(patched, "folds", False) and original.__module__ == "reportlab.pdfbase.ttfonts"
    subset = [0, 32, 65, 0x628, 0x6AB, 0x200C, 0x2022]
    assert patched("AAAAAA+F", subset) == original("AAAAAA+F", subset)
    folded = patched("AAAAAA+F", [32, 0xFE91, 0xFEFB])  # (beh initial; lam-alef)
    assert "<01> <0628>" in folded and "<02> <06440627>" in folded and "<00> <0020>" in folded


def test_a_right_to_left_pdfa_passes_the_validator(tmp_path):
    import pikepdf.pdfa
    import tagcheck

    out = built_rtl(tmp_path, "rtl-ps", "--no-tags", "--pdfa")
    assert tagcheck.problems(out, pdfa=True, tagged=False) == []
    assert [str(f) for f in pikepdf.pdfa.validate_written(str(out), "2b").findings] == []


def test_a_right_to_left_briefing_tells_viewers_its_reading_order(rtl, tmp_path):
    import pikepdf

    for name in ("rtl-fa-AF", "rtl-fa-AF-plain", "rtl-ps"):
        with pikepdf.open(rtl[name]) as pdf:
            assert pdf.Root.ViewerPreferences.Direction == "/R2L", name
    with pikepdf.open(build(tmp_path, EN_WITH_NAME)) as pdf:  # (left to right, with Arabic names)
        assert "/Direction" not in pdf.Root.get("/ViewerPreferences", {})
