"""The user's documentation: linked from the README, covering every key, its examples sound."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import ROOT, run_cli

from briefing.schema import OBJECTS

FORMAT = ROOT / "docs" / "format.md"


def doc() -> str:
    return FORMAT.read_text(encoding="utf-8")


def part_of(text: str, heading: str) -> str:
    """The text under a Markdown heading, up to the next heading."""
    m = re.search(rf"^#+ {re.escape(heading)}\n(.*?)(?=^#+ |\Z)", text, re.M | re.S)
    assert m, f"docs/format.md has no heading {heading!r}"
    return m[1]


def test_the_readme_links_the_format_reference():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/format.md)" in readme
    assert "shared files" not in readme
    assert "python -m venv .venv && . .venv/bin/activate" in readme


@pytest.mark.parametrize("obj", list(OBJECTS))
def test_every_key_has_a_row_in_its_table(obj):
    """A key added to the format and left out of the reference fails here."""
    table = part_of(doc(), "Top-level keys" if obj == "briefing" else obj)
    assert [k for k in OBJECTS[obj] if f"\n| `{k}` |" not in table] == []


def test_nothing_is_documented_as_planned():
    """Every key the reference lists works: none is marked as a future one."""
    assert "planned" not in doc().lower()


def test_every_yaml_example_is_yaml():
    blocks = re.findall(r"```yaml\n(.*?)```", doc(), re.S)
    assert len(blocks) > 10
    for b in blocks:
        yaml.safe_load(b)


def test_the_first_briefing_builds(tmp_path):
    example = re.search(r"```yaml\n(.*?)```", part_of(doc(), "A first briefing"), re.S)[1]
    src = tmp_path / "first.yaml"
    src.write_text(example, encoding="utf-8")
    r = run_cli("build", str(src), "-o", str(tmp_path / "first.pdf"))
    assert r.returncode == 0 and r.stderr == b"", r.stderr.decode()
