"""Rich text's numbered lists, block quotes, pipe tables and footnotes, as a reader meets them in the PDF:
text in order, tags, links; and Markdown the format does not lay out, printed as typed and named."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import tagcheck
from conftest import doc_text, internal_links, pdf_text, run_cli
from pypdf import PdfReader

BODY = """\
title: Rich text
sources:
  - {id: a, title: Source A}
  - {id: b, title: Source B}
sections:
  - title: Lists and quotes
    body: |
      Steps, in order:[^why]

      1. First step [@a]
      2. Second step

      > The quote's first line,
      > and its second.
      >
      > A second paragraph of the quote.

      | Province | Share | Note |
      |:---|---:|:---:|
      | Panjshir | 27% | held [@b] |
      | Baghlan | 3% | <b>contested</b> |

      After the table.

      [^why]: Because order matters.
  - title: Next
    body: Another section.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("rich")
    src = d / "rich.yaml"
    src.write_text(BODY, encoding="utf-8")
    r = run_cli("build", str(src), "-o", str(d / "rich.pdf"))
    assert r.returncode == 0, r.stderr.decode()
    assert r.stderr.decode() == ""
    return d / "rich.pdf"


def test_the_blocks_read_in_order_with_the_notes_at_the_end_of_their_section(built):
    text = doc_text(built)
    order = ["Steps, in order:a", "1. First step1", "2. Second step", "The quote’s first line, and its second.",
             "A second paragraph of the quote.", "Province Share Note", "Panjshir 27% held2",
             "Baghlan 3% <b>contested</b>", "After the table.", "a Because order matters.", "Next"]
    at = [text.find(x) for x in order]
    assert -1 not in at, [x for x, i in zip(order, at, strict=True) if i < 0]
    assert at == sorted(at)


def test_the_blocks_are_tagged_as_a_reader_needs_them(built):
    assert tagcheck.problems(built) == []
    sect = tagcheck.tree(built).find("Sect")[0]
    roles = [k.role for k in sect.kids]
    assert roles == ["H2", "P", "L", "BlockQuote", "Table", "P", "Note"]
    lst, quote, table, note = sect.kids[2], sect.kids[3], sect.kids[4], sect.kids[6]
    assert [li.find("Lbl")[0].text for li in lst.kids] == ["1.", "2."]
    assert [p.text for p in quote.kids] == ["The quote’s first line, and its second.",
                                            "A second paragraph of the quote."]
    head, *rows = table.kids
    assert [(c.role, c.text, c.scope) for c in head.kids] == [("TH", "Province", "Column"), ("TH", "Share", "Column"),
                                                              ("TH", "Note", "Column")]
    assert [[c.role for c in r.kids] for r in rows] == [["TD"] * 3] * 2
    assert note.text == "a Because order matters."


def test_a_footnote_reference_links_to_its_note(built):
    reader = PdfReader(str(built))
    links = internal_links(reader)
    page = reader.pages[0]
    notes = [a.get_object() for a in page["/Annots"] if str(a.get_object().get("/Contents", "")).startswith("note")]
    assert len(notes) == 1
    src, dest, top, rect = next(x for x in links if x[3] == tuple(float(v) for v in notes[0]["/Rect"]))
    # it lands on the note's line: below the table, above the next section's heading
    text = pdf_text(built)[0]
    assert "a Because order matters." in " ".join(text.split())
    assert dest == 0 and top < rect[1]


def test_a_long_table_repeats_its_header_row_on_each_page(tmp_path):
    rows = "\n".join(f"      | Row {i} | {i * 7} |" for i in range(120))
    src = tmp_path / "long.yaml"
    src.write_text(f"title: Long\nsections:\n  - title: S\n    body: |\n      | Name | Value |\n      |---|---:|\n"
                   f"{rows}\n", encoding="utf-8")
    r = run_cli("build", str(src), "-o", str(tmp_path / "long.pdf"))
    assert r.returncode == 0, r.stderr.decode()
    pages = pdf_text(tmp_path / "long.pdf")
    assert len(pages) >= 3
    for text in pages:
        if "Row" in text:  # the header's words come before the page's first row
            first = text.index("Row")
            assert -1 < text.find("Name") < first and -1 < text.find("Value") < first, text[:200]
    tree = tagcheck.tree(tmp_path / "long.pdf")
    assert len(tree.find("TH")) == 2  # the repeats are decoration: one header row in the structure
    assert len(tree.find("TR")) == 121
    assert tagcheck.problems(tmp_path / "long.pdf") == []


def check(tmp_path: Path, body: str) -> tuple[Path, list[str]]:
    src = tmp_path / "b.yaml"
    src.write_text("title: T\nsections:\n  - title: S\n    body: |\n" + textwrap.indent(body, "      "),
                   encoding="utf-8")
    r = run_cli("check", str(src))
    assert "Traceback" not in r.stderr.decode()
    return src, r.stderr.decode().splitlines()


def test_markdown_the_format_does_not_lay_out_is_printed_as_typed_and_named(tmp_path):
    src, lines = check(tmp_path, "# Not a heading\n\nSee ![map](map.png) here.\n\n```\ncode\n```\n")
    assert lines == [
        f"{src}:5:7: warning: a '#' heading is printed as typed, '#' and all: rich text has no headings (start a "
        "section instead)",
        f"{src}:7:11: warning: an image written in the text ('![map](map.png)') is printed as typed: list it in the "
        "section's 'images'",
        f"{src}:9:7: warning: a code block ('```') is printed as typed: rich text has no code blocks",
    ]
    r = run_cli("build", str(src), "-o", str(tmp_path / "b.pdf"))
    assert r.returncode == 0
    assert "# Not a heading See ![map](map.png) here. ``` code ```" in doc_text(tmp_path / "b.pdf")


def test_footnote_mistakes_are_named_at_the_footnote(tmp_path):
    src, lines = check(tmp_path, "A claim[^src] and[^x].\n\n[^src]: Where it comes from.\n[^spare]: Unused.\n")
    assert lines == [
        f"{src}:5:24: the footnote [^x] has no definition: add a line '[^x]: the note' after the paragraph",
        f"{src}:8:7: warning: the footnote [^spare] is defined but nothing refers to it, so it is not printed: "
        "refer to it in the text with [^spare]",
    ]
