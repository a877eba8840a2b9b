"""Very long text: broken into lines once, split where pages end, every word printed once and in order.

No test here measures time (benchmarks/longtext.py does); what is asserted is
the cause of the time: the text engine breaks a paragraph into lines about once,
however many pages it takes (what is left after a page break keeps its lines).
"""

from __future__ import annotations

import functools
import random
import re
import unicodedata
from contextlib import closing
from pathlib import Path

import pytest
from conftest import doc_text, pdf_text, run_cli

from briefing.layout.inline import Ctx, Numbers
from briefing.layout.styles import paragraph_styles
from briefing.pdf.textpara import TextPara
from briefing.richtext import parse
from briefing.theme import load_theme

LIMIT = 8000  # characters: a few pages of body text
WORD_LIMIT = LIMIT // 4


def words(n_chars: int, seed: int = 7) -> list[str]:
    """Made-up lower-case words, every thirteenth ending a sentence: about `n_chars` characters with spaces."""
    return list(_words(n_chars, seed))


@functools.cache
def _words(n_chars: int, seed: int) -> tuple[str, ...]:
    r = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < n_chars:
        w = "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(r.randint(2, 10)))
        if len(out) % 13 == 12:
            w += "."
        out.append(w)
        size += len(w) + 1
    return tuple(out)


@pytest.fixture(scope="module")
def ctx() -> Ctx:
    theme = load_theme()
    return Ctx(theme, paragraph_styles(theme), Numbers(["s1"]), {}, 464.0, 710.0)


def lines_text(p: TextPara) -> list[str]:
    return [p.laid.text[ln.start:ln.stop] for ln in p._lines]


def test_a_long_paragraph_is_one_paragraph_split_where_pages_end(ctx):
    """A long paragraph is broken into lines once; each page takes the lines that fit, and the parts hold
    every character once, in order, with the space before at the start and the space after at the end."""
    ws = words(20 * LIMIT)
    p = ctx.para(" ".join(ws), "body")
    assert isinstance(p, TextPara)
    p.wrap(464, 710)
    parts, rest = [], p
    while True:
        got = rest.split(464, 710)
        if len(got) < 2:
            parts.append(rest)
            break
        head, rest = got
        assert head.wrap(464, 710)[1] <= 710
        parts.append(head)
    assert len(parts) >= 20
    assert "".join("".join(lines_text(q)) for q in parts).split() == ws  # nothing lost, nothing doubled
    body = ctx.styles["body"]
    assert parts[0].getSpaceBefore() == body.spaceBefore and parts[-1].getSpaceAfter() == body.spaceAfter
    assert all(q.getSpaceAfter() == 0 for q in parts[:-1]) and all(q.getSpaceBefore() == 0 for q in parts[1:])


def test_a_long_item_keeps_its_bullet_on_its_first_part_only(ctx):
    (item,) = ctx.rich(parse("- " + " ".join(words(3 * LIMIT)))[0], "body", "bullet")
    item.wrap(464, 710)
    head, tail = item.split(464, 300)
    assert head.bulletText == "\u2022" and tail.bulletText is None


def test_formatting_links_citations_and_fallback_fonts_survive_the_splits(ctx):
    """Every character of every part keeps the face, size, rise and link it had in the whole paragraph."""
    ws = words(6 * LIMIT)
    md = []
    for i, w in enumerate(ws):
        kind = i % 7
        md.append({0: f"**{w}**", 1: f"*{w}*", 2: f"[{w}](https://example.org/{i})", 3: f"{w}[@s1]",
                   4: f"{w} \u2654\u265e"}.get(kind, w))  # (chess pieces: a fallback family's)
    (long,) = ctx.rich(parse(" ".join(md))[0])
    long.wrap(464, 710)

    def styled(q: TextPara) -> list[tuple]:
        return [(q.laid.text[g.cluster], d.run.face, d.run.style.size, d.run.style.rise, d.run.style.href)
                for ln in q._lines for d in ln.drawn for g in d.glyphs]

    whole = styled(long)
    parts, rest = [], long
    while len(got := rest.split(464, 710)) == 2:
        parts.append(got[0])
        rest = got[1]
    parts.append(rest)
    assert len(parts) >= 6
    assert [s for q in parts for s in styled(q)] == whole
    assert any(face.startswith("NotoSansSymbols2") for _, face, *_ in whole)
    assert {href for *_, href in whole} >= {"#src-1", "https://example.org/2"}


def test_a_word_longer_than_a_line_is_cut_between_clusters(ctx):
    word = "e\u0301" * (3 * WORD_LIMIT)  # each letter with a combining accent: never parted from it
    p = ctx.para(word, "title")
    p.wrap(300, 1e9)
    texts = lines_text(p)
    assert "".join(texts) == word and len(texts) > 10
    assert not any(unicodedata.combining(t[0]) for t in texts)


def test_a_hard_line_break_starts_a_line(ctx):
    lines = [" ".join(words(LIMIT // 4, seed=i)) for i in range(4)]
    (p,) = ctx.rich(parse("\\\n".join(lines))[0])
    p.wrap(464, 1e9)
    starts = [p.laid.text[ln.start:ln.start + 20] for ln in p._lines]
    assert all(line[:20] in starts for line in lines)


@pytest.mark.parametrize("field", ["body", "word"])
def test_line_breaking_sees_the_text_about_once(tmp_path, monkeypatch, field):
    """A 100 KB section body, or one 100 KB word, is broken into lines about once, however many pages it
    takes: what is left after a page break is never broken again."""
    from briefing import pipeline
    from briefing.pdf import textengine

    sizes: list[int] = []
    real = textengine._break

    def counting(laid, width, first, start, urls=False):
        sizes.append(len(laid.text) - start)
        return real(laid, width, first, start, urls)

    monkeypatch.setattr(textengine, "_break", counting)
    text = " ".join(words(100_000)) if field == "body" else "w" * 100_000
    src = tmp_path / "long.yaml"
    src.write_text(f"title: Long\nsections:\n  - title: One\n    body: {text}\n", encoding="utf-8")
    b, problems = pipeline.check(str(src))
    assert b is not None, problems
    pipeline.render(b, load_theme())
    assert 100_000 < sum(sizes) < 2 * 100_000 + 10_000  # (the body once, at most twice; the other text)


def _text_below_frame(pdf: Path) -> list[tuple[int, str]]:
    """Text drawn below the frame, other than the page footer: content that ran off the page."""
    from pypdf import PdfReader

    bottom = load_theme().margins[2]
    out = []
    for n, page in enumerate(PdfReader(str(pdf)).pages, 1):
        def visit(text, cm, tm, font, size, n=n):
            y = tm[5] * cm[3] + cm[5]
            if text.strip() and y < bottom - 2 and not re.fullmatch(r"Page \d+ of \d+", text.strip()):
                out.append((n, text.strip()[:20]))
        page.extract_text(visitor_text=visit)
    return out


def test_long_words_in_the_title_subtitle_figures_and_timeline_are_printed_whole(tmp_path):
    n = 10_000
    sizes = {"q": n, "v": n, "k": n, "X": 3_000, "z": n}  # title, subtitle, figure label and value, event text
    five = "\n".join(f"  - {{value: '{i}', label: short {i}}}" for i in range(4))  # page 1's strip shows these
    src = tmp_path / "words.yaml"
    src.write_text(f"""\
title: {"q" * n}
subtitle: {"v" * n}
figures:
{five}
  - {{value: {"X" * sizes["X"]}, label: {"k" * n}}}
timeline:
  - {{date: 2020, title: E1, text: {"z" * n}}}
""", encoding="utf-8")
    out = tmp_path / "words.pdf"
    r = run_cli("build", str(src), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    pages = pdf_text(out)
    drawn = "".join("".join(p.split()) for p in pages)
    numbered = sum(1 for p in pages if "Page " in p)  # (not the table of contents: front matter)
    sizes["q"] += 67 * (numbered - 1)  # the running head: the title's start, on every numbered page but the first
    assert {c: drawn.count(c) for c in sizes} == sizes
    assert _text_below_frame(out) == []


def test_every_word_of_a_long_rich_body_is_printed_once_in_order(tmp_path):
    ws = words(60_000, seed=3)
    md = " ".join(f"**{w}**" if i % 11 == 0 else f"[{w}](https://example.org/{i})" if i % 17 == 0 else w
                  for i, w in enumerate(ws))
    src = tmp_path / "prose.yaml"
    src.write_text(f"title: Prose\nsections:\n  - title: Body\n    body: '{md}'\n", encoding="utf-8")
    out = tmp_path / "prose.pdf"
    r = run_cli("build", str(src), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    import pypdfium2

    with closing(pypdfium2.PdfDocument(str(out))) as doc:
        pages = len(doc)
    drawn = re.findall(r"\b[a-z]+\.?", doc_text(out))  # (pdfium's text: pypdf's, in a tenth of the time)
    it = iter(drawn)
    assert all(w in it for w in ws)  # in order...
    assert len(drawn) <= len(ws) + pages  # ...and once (besides each footer's "of")


def test_a_long_heading_keeps_its_outline_entry(tmp_path):
    """A section title longer than a page splits, and the outline still points at it."""
    title = " ".join(words(3 * LIMIT, seed=5))
    src = tmp_path / "head.yaml"
    src.write_text(f"title: Short\nsections:\n  - title: '{title}'\n    body: Text.\n", encoding="utf-8")
    out = tmp_path / "head.pdf"
    assert run_cli("build", str(src), "-o", str(out)).returncode == 0
    from pypdf import PdfReader

    titles = [o.title for o in PdfReader(str(out)).outline if not isinstance(o, list)]
    assert title in titles


def test_a_split_keeps_the_width_it_was_wrapped_at(ctx):
    """A table splits a cell at the column's width but draws it inside the padding: split as last wrapped."""
    p = ctx.para("w" * 2 * LIMIT, "small")
    p.wrap(80, 1e9)
    first, _ = p.split(90, 300)
    assert first.wrap(80, 1e9)[1] <= 300


def test_lines_keep_every_character_in_order(ctx):
    """Over random mixes of words, overlong words, hard breaks and bold runs, lines rejoin to the text, and
    each is as wide as its runs drawn, no wider than the column unless it is one cluster."""
    r = random.Random(11)
    for _ in range(200):
        children: list = []
        for _ in range(r.randint(1, 80)):
            k = r.random()
            if k < 0.05:
                children.append(("br", {}, []))
            elif k < 0.15:
                children.append("x" * r.randint(1, 300))
            elif k < 0.2:  # a word hyphenated where it may break (a soft hyphen: drawn only at a line's end)
                children.append("\u00ad".join("y" * r.randint(1, 40) for _ in range(r.randint(2, 5))) + " ")
            elif k < 0.3:
                children.append(("b", {}, [r.choice(words(60)) + " "]))
            else:
                children.append(" ".join(words(r.randint(1, 60), seed=r.randint(0, 99))) + " ")
        p = ctx.paragraph(children, "body")
        width = r.choice([40.0, 120.0, 464.0])
        p.wrap(width, 1e9)
        assert "".join(lines_text(p)) == p.laid.text
        for k, ln in enumerate(p._lines):
            assert abs(ln.width - sum(d.width for d in ln.drawn)) < 1e-6
            assert ln.width <= width + 1e-6 or ln.end - ln.start == 1
            drawn = "".join(p.laid.text[g.cluster] for d in ln.drawn for g in d.glyphs)
            shown = p.laid.text[ln.start:ln.stop].rstrip(" \n")
            if shown.endswith("\u00ad") and k < len(p._lines) - 1:  # broken at a soft hyphen: drawn there
                assert drawn == shown.replace("\u00ad", "")[:len(drawn) - 1] + "\u00ad", (drawn, shown)
            else:
                assert "\u00ad" not in drawn and drawn == shown.replace("\u00ad", "")[:len(drawn)]


def test_a_long_marking_or_publisher_is_cut_short_on_every_page(tmp_path):
    """The banner and footer are one line on every page: a long text there is cut, not drawn whole each time."""
    body = " ".join(words(16_000, seed=9))
    src = tmp_path / "banner.yaml"
    src.write_text(f"title: T\nmarking: {'m' * 5000}\npublisher: '{'9' * 5000}'\n"
                   f"sections:\n  - title: S\n    body: {body}\n", encoding="utf-8")
    out = tmp_path / "banner.pdf"
    r = run_cli("build", str(src), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    pages = pdf_text(out)
    assert len(pages) >= 4
    for text in pages[2:]:  # (the masthead on page 1 prints the publisher in full, running onto page 2)
        flat = "".join(text.split())
        assert flat.count("M") == 2 * 999 and flat.count("9") == 999
        assert "M…" in flat and "9…" in flat
