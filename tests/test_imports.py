"""The import budget's rules: what each command may import (python -X importtime)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import ROOT, SEED


def imported(*args: str, cwd=ROOT) -> set[str]:
    """Every module a fresh `python -X importtime make_briefing.py ARGS` imports."""
    r = subprocess.run([sys.executable, "-X", "importtime", str(ROOT / "make_briefing.py"), *args],
                       cwd=cwd, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    return set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s+(\S+)$", r.stderr, re.M))


@pytest.mark.parametrize("args", [["--help"], ["check", str(SEED)], ["schema"], ["build", "--help"]])
def test_commands_that_write_no_pdf_import_no_reportlab(args):
    mods = imported(*args)
    assert not {m for m in mods if m.split(".")[0] == "reportlab"}
    assert "briefing.layout" not in mods


def test_help_imports_neither_yaml_nor_markdown():
    mods = {m.split(".")[0] for m in imported("--help")}
    assert not mods & {"yaml", "markdown_it", "reportlab", "watchfiles", "pypdf"}


def test_markdown_parser_only_when_needed(tmp_path):
    """check parses Markdown only to find links (and citations it cannot read otherwise); build for layout."""
    plain = tmp_path / "plain.yaml"
    plain.write_text("title: Plain\nsummary: ['No markup here [@s].']\nsources: [{id: s, title: S}]\n",
                     encoding="utf-8")
    assert "markdown_it" not in imported("check", str(plain))
    assert "markdown_it" not in imported("build", str(plain), "-o", str(tmp_path / "p.pdf"))
    bold = tmp_path / "bold.yaml"
    bold.write_text("title: Bold\nsummary: ['Some **bold** text.']\n", encoding="utf-8")
    assert "markdown_it" not in imported("check", str(bold))
    assert "markdown_it" in imported("build", str(bold), "-o", str(tmp_path / "b.pdf"))
    link = tmp_path / "link.yaml"
    link.write_text("title: Link\nsummary: ['A [link](https://example.org/).']\n", encoding="utf-8")
    assert "markdown_it" in imported("check", str(link))


def test_build_imports_no_reportlab_module_beyond_platypus(tmp_path):
    """ReportLab's graphics, renderers and the like stay out of a build."""
    r = subprocess.run([sys.executable, "-X", "importtime", "-c", "import reportlab.platypus"],
                       capture_output=True, text=True, timeout=120)
    platypus = set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s+(\S+)$", r.stderr, re.M))
    mods = imported("build", str(SEED), "-o", str(tmp_path / "s.pdf"))
    extra = {m for m in mods if m.split(".")[0] == "reportlab"} - platypus
    assert not extra, extra
    assert not {m for m in mods if m.startswith(("multiprocessing", "concurrent"))}  # one briefing: no pool


def test_harfbuzz_and_bidi_only_for_arabic_script(tmp_path):
    """A Latin-script build is set by the text engine without loading HarfBuzz (ReportLab would import it
    with its TrueType module: the levers keep it out) or python-bidi; a briefing with Arabic script loads
    both."""
    mods = imported("build", str(SEED), "-o", str(tmp_path / "s.pdf"))
    assert {"briefing.pdf.textengine", "briefing.pdf.textpara"} <= mods
    assert not mods & {"uharfbuzz._harfbuzz", "bidi"}
    dari = tmp_path / "dari.yaml"
    dari.write_text("title: Names\nsummary: ['The NRF (جبهه مقاومت) since 2021.']\n", encoding="utf-8")
    mods = imported("build", str(dari), "-o", str(tmp_path / "d.pdf"))
    assert {"uharfbuzz._harfbuzz", "briefing.pdf.textengine", "briefing.pdf.textpara"} <= mods
