"""The house identity: a style's logo in the masthead, big numbers' as-of dates, the cover page."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import tagcheck
from conftest import norm, pdf_text, run_cli, text_box
from PIL import Image

from briefing import theme

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
       '<rect x="0" y="0" width="120" height="40" fill="#1f4e79"/></svg>')


@pytest.fixture
def styles(tmp_path, monkeypatch):
    folder = tmp_path / "styles"
    folder.mkdir()
    for name in ("default", "print"):
        shutil.copy(os.path.join(theme.styles_dir(), f"{name}.yaml"), folder / f"{name}.yaml")
    monkeypatch.setattr(theme, "styles_dir", lambda: str(folder))
    theme.load_theme.cache_clear()
    yield folder
    theme.load_theme.cache_clear()


def brief(folder: Path, extra: str = "", body: str = "Text.") -> Path:
    src = folder / "b.yaml"
    src.write_text("title: House\npublisher: The Cable\ndate: 2024-05-02\nas_of: 2024-05-01\n" + extra
                   + f"sections:\n  - title: One\n    body: {body}\n", encoding="utf-8")
    return src


def style(folder: Path, text: str, name: str = "house", parent: str = "default") -> str:
    (folder / f"{name}.yaml").write_text(f"parent: {parent}\n{text}", encoding="utf-8")
    return name


def objects(pdf: Path, page: int, kind: int) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of the page objects of one type (pdfium's FPDF_PAGEOBJ_*) on a page."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return [tuple(round(v, 1) for v in o.get_bounds()) for o in doc[page].get_objects() if o.type == kind]
    finally:
        doc.close()


def build(src: Path, *args: str) -> Path:
    out = src.parent / "out.pdf"
    r = run_cli("build", str(src), "-o", str(out), *args)
    assert r.returncode == 0 and r.stderr == b"", r.stderr.decode()
    return out


# -- the logo --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("parent", ["default", "print"])
def test_a_png_logo_is_drawn_at_the_left_of_the_masthead_at_its_set_height(styles, tmp_path, parent):
    import pypdfium2.raw as raw

    Image.new("RGB", (300, 100), (20, 60, 120)).save(styles / "logo.png")
    name = style(styles, "logo: logo.png\nlogo_height: 30\n", parent=parent)
    out = build(brief(tmp_path), "--style", name)
    t = theme.load_theme(name)
    (x0, y0, x1, y1), = objects(out, 0, raw.FPDF_PAGEOBJ_IMAGE)
    assert (round(y1 - y0, 1), round(x1 - x0, 1)) == (30.0, 90.0)  # the set height, the image's proportions
    top, _, _, left = t.margins
    assert abs(x0 - (left + 6)) < 0.5  # at the frame's left, where the masthead starts
    assert 0 <= t.page[1] - top - 6 - y1 < 4  # at the frame's top (below the cell's padding)
    # the publisher's name comes after it, on the same line
    assert "THE CABLE" in norm(pdf_text(out)[0])


def test_an_svg_logo_is_drawn_at_its_set_height(styles, tmp_path):
    import pypdfium2.raw as raw

    (styles / "logo.svg").write_text(SVG, encoding="utf-8")
    name = style(styles, "logo: logo.svg\nlogo_height: 24\n")
    out = build(brief(tmp_path), "--style", name)
    assert objects(out, 0, raw.FPDF_PAGEOBJ_IMAGE) == []
    t = theme.load_theme(name)
    top, _, _, left = t.margins
    paths = [b for b in objects(out, 0, raw.FPDF_PAGEOBJ_PATH) if abs(b[0] - (left + 6)) < 0.5]
    assert any(abs((b[3] - b[1]) - 24) < 0.2 and abs((b[2] - b[0]) - 72) < 0.2 for b in paths), paths


def test_a_right_to_left_masthead_has_its_logo_at_the_right(styles, tmp_path):
    import pypdfium2.raw as raw

    Image.new("RGB", (200, 100), (20, 60, 120)).save(styles / "logo.png")
    name = style(styles, "logo: logo.png\nlogo_height: 20\n")
    out = build(brief(tmp_path, "direction: rtl\n"), "--style", name)
    t = theme.load_theme(name)
    (x0, _, x1, _), = objects(out, 0, raw.FPDF_PAGEOBJ_IMAGE)
    _, right, _, _ = t.margins
    assert abs(x1 - (t.page[0] - right - 6)) < 0.5 and abs(x1 - x0 - 40) < 0.1


def test_a_logo_is_decoration_unless_the_style_says_what_it_shows(styles, tmp_path):
    Image.new("RGB", (300, 100), (20, 60, 120)).save(styles / "logo.png")
    plain = build(brief(tmp_path), "--style", style(styles, "logo: logo.png\n", "plain"))
    assert tagcheck.problems(plain) == []

    def figures(n):
        return ([n] if n.role == "Figure" else []) + [f for k in n.kids for f in figures(k)]

    assert figures(tagcheck.tree(plain)) == []
    said = build(brief(tmp_path), "--style", style(styles, "logo: logo.png\nlogo_alt: The Cable's emblem\n", "said"))
    assert tagcheck.problems(said) == []
    assert [f.alt for f in figures(tagcheck.tree(said))] == ["The Cable's emblem"]
    covered = build(brief(tmp_path, "cover: true\n"), "--style", "said")
    assert tagcheck.problems(covered) == []
    assert [f.alt for f in figures(tagcheck.tree(covered))] == ["The Cable's emblem"]  # read once, not twice


def _outside(styles: Path) -> str:
    Image.new("RGB", (30, 10)).save(styles.parent / "elsewhere.png")
    return "../elsewhere.png"


def _link_out(styles: Path) -> str:
    Image.new("RGB", (30, 10)).save(styles.parent / "elsewhere.png")
    os.symlink(styles.parent / "elsewhere.png", styles / "link.png")
    return "link.png"


def _not_an_image(styles: Path) -> str:
    (styles / "notes.png").write_text("just words\n")
    return "notes.png"


def _absolute(styles: Path) -> str:
    Image.new("RGB", (30, 10)).save(styles / "logo.png")
    return str(styles / "logo.png")


def _missing(styles: Path) -> str:
    return "nothing.png"


REFUSED = {
    "outside": (_outside, "leads out of the styles folder"),
    "symlink": (_link_out, "is a symbolic link to a place outside the styles folder; refused"),
    "not an image": (_not_an_image, "is not a PNG, JPEG or SVG image by its content"),
    "absolute": (_absolute, "is an absolute path"),
    "missing": (_missing, "no image 'nothing.png' in the styles folder"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_logo_that_is_not_an_image_inside_the_styles_folder_is_refused_at_its_key(styles, tmp_path, case):
    make, words = REFUSED[case]
    rel = make(styles)
    name = style(styles, f"colors:\n  accent: '#123456'\nlogo: '{rel}'\n")
    for cmd in ("check", "build"):
        r = run_cli(cmd, str(brief(tmp_path)), "--style", name, *(["-o", str(tmp_path / "x.pdf")] * (cmd == "build")))
        err = r.stderr.decode()
        assert r.returncode != 0 and "Traceback" not in err, err
        assert f"{styles / 'house.yaml'}:4:7: logo: " in err and words in err, err
    assert not (tmp_path / "x.pdf").exists()


def test_logo_keys_are_checked_like_every_style_key(styles, tmp_path):
    name = style(styles, "logo_heigth: 20\nlogo_height: 900\ncover: maybe\ncontents: sometimes\n")
    r = run_cli("check", str(brief(tmp_path)), "--style", name)
    err = r.stderr.decode()
    file = styles / "house.yaml"
    assert f"{file}:2:1: unknown key 'logo_heigth'; did you mean 'logo_height'?" in err, err
    assert f"{file}:3:14: 'logo_height' must be from 6 to 144 points, got 900" in err, err
    assert f"{file}:4:8: 'cover' must be true or false" in err, err
    assert f"{file}:5:11: 'contents' must be one of auto, true, false" in err, err


# -- big numbers' as-of dates ----------------------------------------------------------------------------

FIGURES = """figures:
  - {value: 120, label: Fighters, as_of: 2024-03-12}
  - {value: 34, label: Provinces, as_of: 2024-05-01}
  - {value: 7, label: Bases}
"""


def test_a_big_number_shows_its_as_of_date_when_it_is_not_the_briefings(tmp_path):
    out = build(brief(tmp_path, FIGURES))
    first = norm(pdf_text(out)[0])
    assert "120 Fighters as of 12 Mar 2024 34 Provinces 7 Bases" in first  # the others: the briefing's date, none


# -- the cover -------------------------------------------------------------------------------------------

def test_a_cover_is_the_first_page_with_the_title_and_no_running_header(tmp_path):
    src = brief(tmp_path, "subtitle: The dek\nmarking: FOR PARTNERS\ncover: true\nedition: 7\n",
                body="\"" + "A long paragraph of the body. " * 300 + "\"")
    out = build(src)
    pages = [norm(t) for t in pdf_text(out)]
    cover = pages[0]
    assert "House" in cover and "The dek" in cover and "2 May 2024" in cover and "THE CABLE" in cover
    assert cover.count("Edition 7") == 1  # the masthead's date line: edition, date, as-of date
    assert cover.count("FOR PARTNERS") == 2  # the marking, top and bottom, as on every page
    assert "Page" not in cover and "Text" not in cover  # no footer, no body
    # the page after the cover is page 1; the body's pages are counted without the cover
    n = len(pages) - 1
    assert n >= 2
    assert f"Page 1 of {n}" in pages[1] and f"Page {n} of {n}" in pages[-1]
    # the running header is on the pages after page 1 only
    assert [header(out, i) for i in range(3)] == ["", "", "House"]


def header(pdf: Path, page: int) -> str:
    """The running header's text (default style: A4, top margin 20 mm)."""
    top = 841.89 - 20 * 72 / 25.4
    return text_box(pdf, page, (0, top + 4, 600, top + 24))


def test_a_briefing_says_no_cover_over_its_styles_yes(styles, tmp_path):
    name = style(styles, "cover: true\n")
    with_cover = build(brief(tmp_path), "--style", name)
    assert len(pdf_text(with_cover)) == 2
    without = build(brief(tmp_path, "cover: false\n"), "--style", name)
    assert len(pdf_text(without)) == 1


def test_a_cover_shows_the_logo_twice_its_masthead_height(styles, tmp_path):
    import pypdfium2.raw as raw

    Image.new("RGB", (300, 100), (20, 60, 120)).save(styles / "logo.png")
    name = style(styles, "logo: logo.png\nlogo_height: 20\ncover: true\n")
    out = build(brief(tmp_path), "--style", name)
    (x0, y0, x1, y1), = objects(out, 0, raw.FPDF_PAGEOBJ_IMAGE)
    assert round(y1 - y0, 1) == 40.0
    (_, b0, _, b1), = objects(out, 1, raw.FPDF_PAGEOBJ_IMAGE)
    assert round(b1 - b0, 1) == 20.0  # page 1's masthead
    rtl = build(brief(tmp_path, "direction: rtl\n"), "--style", name)
    (r0, _, r1, _), = objects(rtl, 0, raw.FPDF_PAGEOBJ_IMAGE)
    assert round(r1 - r0, 1) == round(x1 - x0, 1)
    t = theme.load_theme(name)
    assert abs(r1 - (t.page[0] - t.margins[1] - 6)) < 0.5 and abs(x0 - (t.margins[3] + 6)) < 0.5  # at the start side


# -- the table of contents -------------------------------------------------------------------------------

def pages_brief(folder: Path, parts: int, extra: str = "") -> Path:
    """A briefing of `parts` + 1 pages: page 1, then a section on a page of its own for each part."""
    src = folder / "b.yaml"
    sections = "".join(f"  - {{title: Part {i}, body: 'Text {i}. [@s]', break_before: true}}\n"
                       for i in range(1, parts + 1))
    src.write_text(f"title: Long\n{extra}sections:\n{sections}sources:\n  - {{id: s, title: A source}}\n",
                   encoding="utf-8")
    return src


@pytest.mark.parametrize("look", ["default", "print"])
def test_contents_list_the_parts_with_the_pages_of_their_headings_each_linked_there(tmp_path, look):
    import pypdf
    from conftest import internal_links

    out = build(pages_brief(tmp_path, 3, "contents: true\ncover: true\n"), "--style", look)
    pages = [norm(t) for t in pdf_text(out)]
    assert pages[0].startswith("Long")  # the cover, then the contents, then page 1
    assert pages[1] == "Contents Part 1 2 Part 2 3 Part 3 4 Sources 4"
    # each heading is on the page its entry says: page n is the (n + 2)th, after the cover and the contents
    for title, number in (("Part 1", 2), ("Part 2", 3), ("Part 3", 4), ("Sources", 4)):
        assert f"Page {number} of 4" in pages[number + 1] and title in pages[number + 1]
    assert "Part 3" not in pages[4]
    reader = pypdf.PdfReader(out)
    links = [(dest, top) for src, dest, top, _ in internal_links(reader) if src == 1]
    assert [dest for dest, _ in links] == [3, 4, 5, 5]  # each entry lands on its heading's page (0-based)
    from conftest import lines_at

    for (dest, top), title in zip(links, ["Part 1", "Part 2", "Part 3", "Sources"], strict=True):
        assert lines_at(out, dest, top).startswith(title)  # at its heading


@pytest.mark.parametrize(("parts", "present"), [(7, False), (8, True)])
def test_auto_contents_come_with_a_briefing_past_eight_pages(tmp_path, parts, present):
    out = build(pages_brief(tmp_path, parts))
    pages = [norm(t) for t in pdf_text(out)]
    assert len(pages) == parts + 1 + present
    assert pages[0].startswith("Contents") == present
    assert f"Page 1 of {parts + 1}" in pages[1 if present else 0]


def test_contents_false_and_a_style_that_says_true(styles, tmp_path):
    name = style(styles, "contents: true\n")
    assert norm(pdf_text(build(pages_brief(tmp_path, 1), "--style", name))[0]).startswith("Contents")
    out = build(pages_brief(tmp_path, 9, "contents: false\n"))
    assert not norm(pdf_text(out)[0]).startswith("Contents")


@pytest.mark.parametrize("cover", ["true", "false"])
def test_contents_are_tagged_as_a_toc_of_linked_entries(tmp_path, cover):
    out = build(pages_brief(tmp_path, 2, f"contents: true\ncover: {cover}\n"))
    assert tagcheck.problems(out) == []
    from test_tagged import pdfua_findings

    assert pdfua_findings(out) == []
    root = tagcheck.tree(out)
    roles = [k.role for k in root.kids]
    assert roles.index("TOC") < roles.index("H1")
    toc = root.kids[roles.index("TOC")]
    assert [k.role for k in toc.kids] == ["Caption", "TOCI", "TOCI", "TOCI"]
    assert [(k.text, [c.role for c in k.kids], [c.contents for c in k.kids]) for k in toc.kids[1:]] == [
        ("Part 1 2", ["Link"], [["Part 1, page 2"]]), ("Part 2 3", ["Link"], [["Part 2, page 3"]]),
        ("Sources 3", ["Link"], [["Sources, page 3"]])]


def test_right_to_left_contents_have_their_numbers_at_the_left(tmp_path):
    import pypdfium2

    out = build(pages_brief(tmp_path, 2, "contents: true\ndirection: rtl\n"))
    doc = pypdfium2.PdfDocument(str(out))
    try:
        tp = doc[0].get_textpage()
        chars = [(tp.get_text_range(i, 1), tp.get_charbox(i)) for i in range(tp.count_chars())]
        w = doc[0].get_width()
        lines: dict[int, list] = {}
        for c, box in chars:
            if c.strip():
                lines.setdefault(round(box[1]), []).append((c, box))
        _, right, _, left = theme.load_theme("default").margins
        entries = [sorted(line, key=lambda cb: cb[1][0]) for _, line in sorted(lines.items(), reverse=True)][1:]
        assert len(entries) == 3
        for line in entries:  # the title flush right, its page number at the left
            assert abs(line[-1][1][2] - (w - right - 6)) < 10 and line[0][0] in "23"
            assert abs(line[0][1][0] - (left + 6)) < 8
    finally:
        doc.close()


def test_a_handout_has_contents_when_its_pdf_has(tmp_path):
    src = pages_brief(tmp_path, 3, "contents: true\n")
    r = run_cli("build", str(src), "-o", str(tmp_path / "b.pdf"), "--handout", "2up")
    assert r.returncode == 0, r.stderr.decode()
    assert norm(pdf_text(tmp_path / "b-2up.pdf")[0]).startswith("Contents")
    src = pages_brief(tmp_path, 7)  # 8 pages: none; on half sheets more, and still none
    r = run_cli("build", str(src), "-o", str(tmp_path / "b.pdf"), "--handout", "2up")
    assert r.returncode == 0, r.stderr.decode()
    assert "Contents" not in norm(" ".join(pdf_text(tmp_path / "b-2up.pdf")))


def test_an_svg_logo_brings_in_no_other_file(styles, tmp_path):
    import pypdfium2.raw as raw

    Image.new("RGB", (30, 10), (200, 0, 0)).save(styles / "inside.png")
    Image.new("RGB", (30, 10), (200, 0, 0)).save(tmp_path / "outside.png")
    (styles / "logo.svg").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/hostname">]>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="60" height="20">'
        '<text x="0" y="10">&x;</text>'
        '<image x="0" y="0" width="30" height="10" xlink:href="inside.png"/>'
        f'<image x="30" y="0" width="30" height="10" xlink:href="{tmp_path / "outside.png"}"/>'
        '<image x="0" y="10" width="30" height="10" xlink:href="../outside.png"/>'
        '<rect width="60" height="4" fill="#000"/></svg>', encoding="utf-8")
    out = build(brief(tmp_path), "--style", style(styles, "logo: logo.svg\n"))
    assert objects(out, 0, raw.FPDF_PAGEOBJ_IMAGE) == []  # no file it names is read
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    assert not hostname or hostname not in norm(" ".join(pdf_text(out)))  # no entity expanded


def test_a_logo_that_would_unpack_to_too_many_pixels_is_refused(styles, tmp_path):
    Image.new("1", (6000, 4000)).save(styles / "huge.png")  # 24 million pixels in a small file
    name = style(styles, "logo: huge.png\n")
    r = run_cli("check", str(brief(tmp_path)), "--style", name)
    err = r.stderr.decode()
    assert r.returncode == 1 and f"{styles / 'house.yaml'}:2:7: logo: " in err and "million pixels" in err, err


def test_viewers_name_the_pages_as_printed_and_the_archival_pdf_passes(tmp_path):
    import re

    import pikepdf.pdfa
    import pypdf

    out = build(pages_brief(tmp_path, 2, "contents: true\ncover: true\n"), "--pdfa")
    assert pypdf.PdfReader(out).page_labels == ["i", "ii", "1", "2", "3"]  # the cover and the contents, then 1...
    assert tagcheck.problems(out, pdfa=True) == []
    report = pikepdf.pdfa.validate_written(str(out), "2b")
    assert [str(f) for f in report.findings
            if not re.search(r"pdfaExtension|pdfaSchema|pdfaProperty|pdfuaid:part|conformance is 'A'", str(f))] == []
    plain = build(pages_brief(tmp_path, 2))
    assert pypdf.PdfReader(plain).page_labels == ["1", "2", "3"]  # no front matter: no labels
    assert "/PageLabels" not in pypdf.PdfReader(plain).trailer["/Root"]


def test_contents_over_several_pages_link_every_entry_to_its_heading(tmp_path):
    import pypdf
    from conftest import internal_links, lines_at

    src = tmp_path / "b.yaml"
    body = "Words of the section. " * 30
    src.write_text("title: Many\ncontents: true\ncover: true\nsections:\n"
                   + "".join(f"  - {{title: Section {i}, body: {body}}}\n" for i in range(1, 91)), encoding="utf-8")
    out = build(src)
    pages = [norm(t) for t in pdf_text(out)]
    front = [i for i, p in enumerate(pages) if "Page " not in p]
    assert front == [0, 1, 2, 3]  # the cover and three pages of contents
    assert pages[1].startswith("Contents Section 1 ") and pages[3].startswith("Section ")
    reader = pypdf.PdfReader(out)
    links = [(src, dest, top) for src, dest, top, _ in internal_links(reader) if src in (1, 2, 3)]
    assert len(links) == 90
    listed = " ".join(pages[1:4]) + " "
    for n, (_, dest, top) in enumerate(links, 1):
        assert lines_at(out, dest, top).startswith(f"Section {n} ")  # lands on its heading
        assert f"Section {n} {dest - 3} " in listed  # its number: that page's
    assert tagcheck.problems(out) == []


def test_contents_of_a_briefing_with_no_parts_are_not_printed(tmp_path):
    src = tmp_path / "b.yaml"
    src.write_text("title: Bare\ncontents: true\nsummary: [One point.]\n", encoding="utf-8")
    pages = pdf_text(build(src))
    assert len(pages) == 1 and "Contents" not in pages[0]


def test_a_briefings_cover_and_contents_are_checked_at_their_values(tmp_path):
    src = brief(tmp_path, "cover: maybe\ncontents: sometimes\n")
    r = run_cli("check", str(src))
    err = r.stderr.decode()
    assert r.returncode == 1 and "Traceback" not in err
    assert f"{src}:5:8: 'cover' must be true or false" in err, err
    assert f"{src}:6:11: 'contents' must be true, false or auto, got text ('sometimes')" in err, err
    for ok in ("cover: true\ncontents: auto\n", "cover: false\ncontents: false\n"):
        assert run_cli("check", str(brief(tmp_path, ok))).returncode == 0


def test_an_empty_logo_path_is_said_at_its_key(styles, tmp_path):
    name = style(styles, "logo: ' '\n")
    r = run_cli("check", str(brief(tmp_path)), "--style", name)
    err = r.stderr.decode()
    assert f"{styles / 'house.yaml'}:2:7: logo: the path is empty: give the image's path relative to the styles " \
           "folder" in err, err


def test_an_untagged_build_has_the_same_contents_and_no_trace_of_tags(tmp_path):
    import pypdf
    from conftest import internal_links

    out = build(pages_brief(tmp_path, 2, "contents: true\ncover: true\n"), "--no-tags")
    assert tagcheck.untagged(out) == []
    assert norm(pdf_text(out)[1]) == "Contents Part 1 2 Part 2 3 Sources 3"
    assert [dest for src, dest, _, _ in internal_links(pypdf.PdfReader(out)) if src == 1] == [3, 4, 4]
