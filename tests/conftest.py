"""Shared helpers: run the CLI in a subprocess, read PDFs, and check every PDF the suite writes.

Every PDF a test writes under pytest's temporary directory (or prints to
standard output through `run_cli`) is checked after the test by qpdf (through
pikepdf) and rendered page by page with pdfium: a test that builds a broken
PDF fails even if it only looked at the text.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "sources" / "afghanistan-resistance"


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, input: bytes | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess:
    e = dict(os.environ)
    e.update(env or {})
    r = subprocess.run([sys.executable, str(ROOT / "make_briefing.py"), *args], cwd=cwd or ROOT,
                       capture_output=True, env=e, input=input, timeout=timeout)
    if r.returncode == 0 and r.stdout.startswith(b"%PDF-"):
        assert_sound_pdf(r.stdout)
    return r


def assert_sound_pdf(pdf: Path | bytes) -> None:
    """qpdf finds no structural error and pdfium renders every page."""
    import pikepdf
    import pypdfium2

    data = pdf if isinstance(pdf, bytes) else pdf.read_bytes()
    name = "<stdout>" if isinstance(pdf, bytes) else str(pdf)
    assert data.startswith(b"%PDF-"), f"{name}: not a PDF"
    with pikepdf.open(io.BytesIO(data)) as doc:
        check = getattr(doc, "check", None) or doc.check_pdf_syntax  # renamed in pikepdf 10
        assert check() == [], f"{name}: qpdf found problems"
        n = len(doc.pages)
    assert n >= 1, f"{name}: no pages"
    doc = pypdfium2.PdfDocument(data)
    try:
        assert len(doc) == n, f"{name}: pdfium sees {len(doc)} pages, qpdf {n}"
        for i in range(n):
            page = doc[i]
            bitmap = page.render(scale=0.25)
            assert bitmap.width > 0 and bitmap.height > 0, f"{name}: page {i + 1} does not render"
            bitmap.close()
            page.close()
    finally:
        doc.close()


_checked: dict[Path, int] = {}


def _new_pdfs(root: Path) -> list[Path]:
    """PDFs under `root` written since they were last checked."""
    out = []
    for p in root.rglob("*.pdf"):
        try:
            stamp = p.stat().st_mtime_ns
        except OSError:
            continue
        if p.is_file() and _checked.get(p) != stamp:
            _checked[p] = stamp
            out.append(p)
    return out


@pytest.fixture(autouse=True)
def _every_pdf_is_sound(tmp_path_factory):
    """After each test, check each PDF it wrote under the session's temporary directory."""
    yield
    for p in _new_pdfs(tmp_path_factory.getbasetemp()):
        assert_sound_pdf(p)


def built(tmp_path_factory, source: Path, name: str) -> Path:
    """Build `source` once into a fresh temporary folder; the PDF's path (the build must succeed)."""
    out = tmp_path_factory.mktemp(name) / f"{name}.pdf"
    r = run_cli("build", str(source), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    return out


@pytest.fixture(scope="session")
def seed_pdf(tmp_path_factory) -> Path:
    return built(tmp_path_factory, SEED, "seed")


def pdf_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() or "" for p in PdfReader(str(path)).pages]


def norm(s: str) -> str:
    return " ".join(s.split())


def text_box(pdf: Path, page: int, rect: tuple[float, float, float, float]) -> str:
    """The text pdfium finds inside (left, bottom, right, top) on a 0-based page."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        tp = doc[page].get_textpage()
        return norm(tp.get_text_bounded(*rect))
    finally:
        doc.close()


def lines_at(pdf: Path, page: int, top: float, depth: float = 30.0) -> str:
    """What a reader sees at a destination: the text from `top` down `depth` points, across the page."""
    return text_box(pdf, page, (0, top - depth, 10_000, top + 1))


def outline_entries(reader) -> list[tuple[str, int, int, float]]:
    """(title, level, 0-based page, top) of every outline entry, in order."""
    out: list[tuple[str, int, int, float]] = []

    def walk(items, level):
        for it in items:
            if isinstance(it, list):
                walk(it, level + 1)
            else:
                out.append((it.title, level, reader.get_destination_page_number(it), float(it["/Top"])))

    walk(reader.outline, 0)
    return out


def internal_links(reader) -> list[tuple[int, int, float, tuple[float, ...]]]:
    """(0-based page of the link, 0-based page of its destination, destination top, link rect)."""
    pages = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    out = []
    for i, page in enumerate(reader.pages):
        for a in page.get("/Annots") or []:
            a = a.get_object()
            d = a.get("/Dest")
            if d is None and "/A" in a and a["/A"].get("/S") == "/GoTo":
                d = a["/A"]["/D"]
            if d is None:
                continue
            if isinstance(d, str) or not isinstance(d, list):  # a named destination
                d = reader.named_destinations[str(d)]
                out.append((i, reader.get_destination_page_number(d), float(d["/Top"]),
                            tuple(float(v) for v in a["/Rect"])))
                continue
            out.append((i, pages[d[0].idnum], float(d[3]), tuple(float(v) for v in a["/Rect"])))
    return out



def printed(s: str) -> str:
    """Text as the PDF prints it: typographic quotes and year ranges (see richtext.smart), spaces normalised."""
    from briefing.richtext import smart

    return norm(smart(s))
