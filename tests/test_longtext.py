"""Very long text: laid out in pieces of bounded size, every word printed once and in order.

No test here measures time (benchmarks/longtext.py does); what is asserted is
the cause of the time: ReportLab never breaks more than one piece's worth of
text into lines at once.
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

from briefing.layout import longtext
from briefing.layout.inline import Ctx, Numbers, Para
from briefing.layout.longtext import LIMIT, WORD_LIMIT, LongPara
from briefing.layout.styles import paragraph_styles
from briefing.richtext import parse
from briefing.theme import load_theme


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


def piece_text(p: Para) -> str:
    return "".join(f.text for f in p.frags)


def test_an_ordinary_paragraph_is_one_paragraph(ctx):
    p = ctx.para(" ".join(words(LIMIT - 100)), "body")
    assert type(p) is Para


def test_a_long_paragraph_is_cut_after_sentences_into_bounded_pieces(ctx):
    ws = words(20 * LIMIT)
    p = ctx.para(" ".join(ws), "body")
    assert isinstance(p, LongPara)
    texts = [piece_text(q) for q in p.pieces]
    assert len(texts) >= 20
    assert all(len(t) <= LIMIT for t in texts)
    assert all(t.endswith(".") for t in texts[:-1])  # each seam is a sentence's end
    assert " ".join(texts).split() == ws  # nothing lost, nothing doubled, in order


def test_pieces_read_as_one_paragraph(ctx):
    """Space before, first-line indent and bullet at the start only; space after at the end only."""
    body = ctx.styles["bullet"]
    (item,) = ctx.rich(parse("- " + " ".join(words(3 * LIMIT)))[0], "body", "bullet")
    assert isinstance(item, LongPara) and len(item.pieces) >= 3
    first, *middle, last = item.pieces
    assert first.bulletText == "\u2022" and all(q.bulletText is None for q in [*middle, last])
    assert first.style.spaceAfter == 0 and last.style.spaceAfter == body.spaceAfter
    assert all(q.style.spaceBefore == 0 and q.style.spaceAfter == 0 for q in middle)
    assert all(q.style.leftIndent == body.leftIndent for q in item.pieces)
    assert item.getSpaceBefore() == body.spaceBefore and item.getSpaceAfter() == body.spaceAfter


def test_formatting_links_citations_and_fallback_fonts_survive_the_cuts(ctx):
    """Every character of every piece keeps the font, size, rise and link it had in the whole paragraph."""
    ws = words(6 * LIMIT)
    md = []
    for i, w in enumerate(ws):
        kind = i % 7
        md.append({0: f"**{w}**", 1: f"*{w}*", 2: f"[{w}](https://example.org/{i})", 3: f"{w}[@s1]",
                   4: f"{w} \u2654\u265e"}.get(kind, w))  # (chess pieces: a fallback family's)
    blocks = parse(" ".join(md))[0]
    whole = Para.of(ctx.inline(blocks[0].inlines), ctx.styles["body"])
    (long,) = ctx.rich(blocks)
    assert isinstance(long, LongPara) and len(long.pieces) >= 6

    def styled(frags) -> list[tuple]:
        return [(c, f.fontName, f.fontSize, f.rise, tuple(f.link)) for f in frags for c in f.text if c != " "]

    assert [s for q in long.pieces for s in styled(q.frags)] == styled(whole.frags)
    assert any(f.fontName.startswith("NotoSansSymbols2") for q in long.pieces for f in q.frags)


def test_a_word_longer_than_a_line_is_cut_between_characters(ctx):
    word = "e\u0301" * (3 * WORD_LIMIT)  # each letter with a combining accent: never parted from it
    p = ctx.para(word, "title")
    texts = [piece_text(q) for q in p.pieces]
    assert "".join(texts) == word
    assert all(len(t) <= WORD_LIMIT for t in texts[:-1]) and len(texts[-1]) <= LIMIT
    assert not any(unicodedata.combining(t[0]) for t in texts)


def test_a_hard_line_break_is_where_pieces_meet(ctx):
    lines = [" ".join(words(LIMIT * 3 // 4, seed=i)) for i in range(4)]
    (p,) = ctx.rich(parse("\\\n".join(lines))[0])
    assert [piece_text(q) for q in p.pieces] == lines


def _frag_chars(p) -> int:
    """Characters a paragraph hands to ReportLab's line breaking, whichever form its fragments have."""
    n = 0
    for f in p.frags:
        if hasattr(f, "text"):
            n += len(f.text)
        elif hasattr(f, "words"):  # the remainder of a split one-font paragraph
            n += sum(len(w) for w in f.words)
        else:  # a word of fragments, [width, (fragment, text), ...]
            n += sum(len(t) for _, t in f[1:])
    return n


@pytest.mark.parametrize("field", ["body", "word"])
def test_line_breaking_never_sees_more_than_a_piece(tmp_path, monkeypatch, field):
    """A 100 KB section body, or one 100 KB word, is never broken into lines all at once."""
    from reportlab.platypus import Paragraph

    from briefing import pipeline

    sizes: list[int] = []
    real = Paragraph.breakLines

    def counting(self, width):
        sizes.append(_frag_chars(self))
        return real(self, width)

    monkeypatch.setattr(Paragraph, "breakLines", counting)
    text = " ".join(words(100_000)) if field == "body" else "w" * 100_000
    src = tmp_path / "long.yaml"
    src.write_text(f"title: Long\nsections:\n  - title: One\n    body: {text}\n", encoding="utf-8")
    b, problems = pipeline.check(str(src))
    assert b is not None, problems
    pipeline.render(b, load_theme())
    assert sum(sizes) > 100_000
    assert max(sizes) <= LIMIT


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
    assert isinstance(p, LongPara)
    p.wrap(80, 1e9)
    first, _ = p.split(90, 300)
    assert first.wrap(80, 1e9)[1] <= 300


def test_cut_keeps_every_character_in_order(ctx):
    """Over random mixes of words, overlong words, hard breaks and bold runs, pieces rejoin to the text."""
    r = random.Random(11)
    for _ in range(200):
        children: list = []
        for _ in range(r.randint(1, 80)):
            k = r.random()
            if k < 0.05:
                children.append(("br", {}, []))
            elif k < 0.15:
                children.append("x" * r.randint(1, 300))
            elif k < 0.3:
                children.append(("b", {}, [r.choice(words(60)) + " "]))
            else:
                children.append(" ".join(words(r.randint(1, 60), seed=r.randint(0, 99))) + " ")
        frags = Para.of(children, ctx.styles["body"]).frags
        pieces = longtext.cut(frags, limit=200, word_limit=50)
        rejoined = [(c, f.fontName) for q in pieces for f in q for c in f.text if c != " "]
        assert rejoined == [(c, f.fontName) for f in frags for c in f.text if c != " "]
        assert all(sum(len(f.text) for f in q) <= 200 for q in pieces)
        if len(pieces) > 1:  # (a paragraph left whole is as it was)
            assert all(q and q[0].text[:1] != " " and q[-1].text[-1:] != " " for q in pieces)


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
