"""docs/styles.md documents every key of a style with an example, and its example style builds."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from conftest import pdf_text, run_cli

from briefing import theme
from briefing.stylespec import KEYS

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import styles_doc  # noqa: E402 - from tools/


def dotted(keys, prefix=""):
    for name, key in keys.items():
        here = f"{prefix}{name}"
        if key.kind == "map":
            yield from dotted(key.keys, here + ".")
        elif key.kind == "list":
            yield from dotted(key.keys, here + "[].")
        else:
            yield here


def test_the_page_is_as_the_keys_make_it():
    assert (ROOT / "docs" / "styles.md").read_text(encoding="utf-8") == styles_doc.page(), \
        "docs/styles.md is out of date: run python tools/styles_doc.py"


def test_every_key_has_a_row_with_an_example():
    text = (ROOT / "docs" / "styles.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip().strip("`"): line for line in text.splitlines() if line.startswith("| `")}
    for name in dotted(KEYS):
        assert name in rows, name
        assert rows[name].rstrip().endswith("` |") and "``" not in rows[name], name  # an example is shown


def test_the_readme_links_the_page():
    assert "(docs/styles.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.fixture
def styles(tmp_path, monkeypatch):
    d = tmp_path / "styles"
    d.mkdir()
    shutil.copy(os.path.join(theme.styles_dir(), "default.yaml"), d / "default.yaml")
    monkeypatch.setattr(theme, "styles_dir", lambda: str(d))
    yield d


def test_the_example_style_builds_a_briefing(styles, tmp_path):
    (styles / "example.yaml").write_text(styles_doc.example_style(), encoding="utf-8")
    (styles / "logos").mkdir()  # the example's logo, inside the styles folder
    (styles / "logos" / "house.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20">'
                                                '<rect width="60" height="20" fill="#1f4e79"/></svg>', encoding="utf-8")
    src = tmp_path / "b.yaml"
    src.write_text("title: Styled\nsummary: [A point.]\nsections:\n  - {title: S, body: Text.}\n", encoding="utf-8")
    r = run_cli("build", str(src), "--style", "example", "-o", str(tmp_path / "b.pdf"))
    assert r.returncode == 0, r.stderr.decode()
    assert r.stderr.decode() == ""
    assert "Styled" in pdf_text(tmp_path / "b.pdf")[0]


def test_the_style_schema_accepts_the_shipped_and_example_styles_and_finds_mistakes():
    jsonschema = pytest.importorskip("jsonschema")
    r = run_cli("schema", "--part", "style")
    assert r.returncode == 0
    v = jsonschema.Draft202012Validator(json.loads(r.stdout))
    for name in theme.style_names():
        doc = yaml.safe_load((Path(theme.styles_dir()) / f"{name}.yaml").read_text(encoding="utf-8"))
        assert list(v.iter_errors(doc)) == [], name
    assert list(v.iter_errors(yaml.safe_load(styles_doc.example_style()))) == []
    bad = {"colours": {}, "sizes": {"body": "ten"}, "max_pdf_mbb": 1}
    assert sorted(e.message for e in v.iter_errors(bad)) == [
        "'ten' is not of type 'number'", "Additional properties are not allowed ('colours', 'max_pdf_mbb' were "
                                         "unexpected)"]


def test_each_pictured_part_has_its_picture_with_a_page_for_every_key():
    from PIL import Image

    for part in styles_doc.PICTURED:
        path = ROOT / "docs" / "styles" / f"{part}.png"
        assert f"](styles/{part}.png)" in styles_doc.page()
        with Image.open(path) as img:
            cols = 6  # (as tools/style_pictures.py lays them out)
            rows = -(-len(KEYS[part].keys) // cols)
            cell_h = (img.height - 8) / rows
            assert img.format == "PNG" and 200 < cell_h < 500, (part, img.size)
