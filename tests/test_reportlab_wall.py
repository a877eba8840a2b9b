"""The wall around ReportLab: outside `briefing/pdf/`, only ReportLab's public flowable API.

Read from the source (no import): a module outside the PDF package imports from ReportLab only
its public modules and names below, never touches a canvas's operators (`._code`), and reads or
sets no attribute that ReportLab keeps private (a `_name` that ReportLab's own source uses as an
attribute), except our own classes' attributes of the same name, listed in `OWN`.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import reportlab

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "briefing"

# What a module outside briefing/pdf/ may import from ReportLab (None: every name without a leading _).
PUBLIC: dict[str, frozenset[str] | None] = {
    "reportlab.platypus": None,  # the flowables, as the package exports them
    "reportlab.lib.styles": frozenset({"ParagraphStyle"}),
    "reportlab.lib.colors": None,
    "reportlab.lib.enums": None,
    "reportlab.pdfbase.pdfmetrics": frozenset({"stringWidth"}),
    "reportlab.pdfgen.canvas": frozenset({"Canvas"}),  # the page decoration draws with its public methods
}

# Our own classes' private attributes that share a name with one of ReportLab's: (module, name): whose.
OWN: dict[tuple[str, str], str] = {
    ("briefing/layout/graphics/picture_draw.py", "_caption"): "ImageRow's method",
    ("briefing/layout/graphics/era_strip_draw.py", "_key"): "EraStrip's key set apart",
    ("briefing/layout/graphics/figure_marks_draw.py", "_value"): "FigureCard's method",
}

# Modules outside briefing/pdf/ allowed behind ReportLab's public API: none (the document template and
# page canvas are briefing/pdf/document.py).
TEMPLATE: set[str] = set()


@cache
def reportlab_private() -> frozenset[str]:
    """Every `_name` ReportLab's own source uses as an attribute (`._name`, of itself or of another object)."""
    names: set[str] = set()
    for p in Path(reportlab.__file__).parent.rglob("*.py"):
        names.update(re.findall(r"\.\s*(_\w+)", p.read_text(encoding="utf-8", errors="replace")))
    return frozenset(n for n in names if _private(n))


def _private(name: str) -> bool:
    return name.startswith("_") and not name.endswith("__")


def _outside() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "pdf" not in p.relative_to(PACKAGE).parts[:1])


def _rel(p: Path) -> str:
    return p.relative_to(ROOT).as_posix()


def findings(path: Path, source: str | None = None) -> list[str]:
    """What the module at `path` does behind ReportLab's public API (empty: nothing)."""
    rel = _rel(path)
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"))
    out: list[str] = []
    uses_reportlab = False
    for n in ast.walk(tree):
        if isinstance(n, ast.Import):
            for a in n.names:
                if a.name.split(".")[0] == "reportlab":
                    uses_reportlab = True
                    if a.name not in PUBLIC:
                        out.append(f"{rel}:{n.lineno}: import {a.name}")
        elif isinstance(n, ast.ImportFrom) and n.level == 0 and (n.module or "").split(".")[0] == "reportlab":
            uses_reportlab = True
            allowed = PUBLIC.get(n.module or "", frozenset())
            for a in n.names:
                if _private(a.name) or (allowed is not None and a.name not in allowed) or n.module not in PUBLIC:
                    out.append(f"{rel}:{n.lineno}: from {n.module} import {a.name}")
    if not (uses_reportlab or rel.startswith("briefing/layout/")):
        return out
    private = reportlab_private()
    for n in ast.walk(tree):
        name = None
        if isinstance(n, ast.Attribute):
            name = n.attr
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in ("getattr", "setattr",
                                                                                          "hasattr", "delattr"):
            if len(n.args) >= 2 and isinstance(n.args[1], ast.Constant) and isinstance(n.args[1].value, str):
                name = n.args[1].value
        if name is None or not _private(name):
            continue
        if name == "_code" or (name in private and (rel, name) not in OWN):
            out.append(f"{rel}:{n.lineno}: .{name}")
    return out


def test_nothing_outside_the_pdf_package_goes_behind_reportlabs_public_api():
    found = [f for p in _outside() if _rel(p) not in TEMPLATE for f in findings(p)]
    assert found == [], "\n".join(found)


def test_the_exceptions_name_what_is_there():
    """An exception for a module or a name that is gone is dropped with it."""
    assert [m for m in TEMPLATE if not (ROOT / m).is_file()] == []
    for (module, name), _ in OWN.items():
        assert f".{name}" in (ROOT / module).read_text(encoding="utf-8"), (module, name)


def test_the_scan_finds_each_kind_of_reach_behind_the_api():
    """What the scan is for, on a module made up for it."""
    made_up = PACKAGE / "layout" / "made_up.py"
    source = """
from reportlab.platypus import Paragraph, Table
from reportlab.platypus.paraparser import ParaParser
from reportlab.platypus.paragraph import textTransformFrags
from reportlab.lib.utils import ImageReader
import reportlab.pdfbase.pdfdoc

def f(t: Table, p: Paragraph, canv, frame):
    canv._code.append("EMC")
    heights = t._rowHeights
    cells = getattr(t, "_cellvalues")
    return frame._atTop, p.wrap(1, 2), t.splitInRow
"""
    found = [f.split(": ", 1)[1] for f in findings(made_up, source)]
    assert sorted(found) == sorted(["from reportlab.platypus.paraparser import ParaParser",
                                    "from reportlab.platypus.paragraph import textTransformFrags",
                                    "from reportlab.lib.utils import ImageReader", "import reportlab.pdfbase.pdfdoc",
                                    "._code", "._rowHeights", "._cellvalues", "._atTop"])
