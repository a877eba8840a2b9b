"""The house identity: a style's logo in the masthead, big numbers' as-of dates, the cover page."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import tagcheck
from conftest import norm, pdf_text, run_cli
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
