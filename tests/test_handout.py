"""`build --handout 2up|booklet`: sheets, their size and the order of the pages on them."""

from __future__ import annotations

import re

import pytest
from conftest import SEED, run_cli
from pypdf import PdfReader

from briefing.handout import order

FOOTER = re.compile(r"Page (\d+) of (\d+)")


def footers(path) -> list[tuple[int | None, int | None]]:
    """Per sheet side: the page number in the footer of its left and right half (None: no footer)."""
    out = []
    for sheet in PdfReader(str(path)).pages:
        half = float(sheet.mediabox.width) / 2
        found: list[list[int]] = [[], []]

        def visit(text, cm, tm, font, size, found=found, half=half):
            m = FOOTER.search(text)
            if m:
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                found[0 if x < half else 1].append(int(m.group(1)))

        sheet.extract_text(visitor_text=visit)
        assert all(len(f) <= 1 for f in found), found
        out.append(tuple(f[0] if f else None for f in found))
    return out


def build_handout(tmp_path, mode: str, *extra: str):
    pdf = tmp_path / "seed.pdf"
    r = run_cli("build", str(SEED), "-o", str(pdf), "--handout", mode, *extra)
    assert r.returncode == 0, r.stderr.decode()
    handout = tmp_path / f"seed-{mode}.pdf"
    assert str(handout) in r.stdout.decode()
    return len(PdfReader(str(pdf)).pages), handout


@pytest.fixture(scope="module")
def booklet(tmp_path_factory):
    return build_handout(tmp_path_factory.mktemp("booklet"), "booklet")


def test_order_of_a_booklet_of_twelve():
    assert order(11, "booklet") == [(None, 0), (1, 10), (9, 2), (3, 8), (7, 4), (5, 6)]
    assert order(3, "2up") == [(0, 1), (2, None)]


def test_booklet_pads_to_four_and_is_landscape_a4(booklet):
    n, path = booklet
    sheets = PdfReader(str(path)).pages
    padded = -(-n // 4) * 4
    assert len(sheets) == padded // 2
    for s in sheets:
        assert (round(float(s.mediabox.width)), round(float(s.mediabox.height))) == (842, 595)


def test_booklet_pages_are_in_saddle_stitch_order(booklet):
    n, path = booklet
    m = -(-n // 4) * 4
    expected = []
    for k in range(m // 4):
        expected.append((m - 2 * k, 2 * k + 1))  # front: last, first (1-based)
        expected.append((2 * k + 2, m - 1 - 2 * k))  # back: second, second-to-last
    expected = [tuple(p if p <= n else None for p in side) for side in expected]
    assert footers(path) == expected
    # every real page once, the padding blank
    seen = [p for side in footers(path) for p in side if p is not None]
    assert sorted(seen) == list(range(1, n + 1))


def test_2up_on_letter(tmp_path):
    n, path = build_handout(tmp_path, "2up", "--paper", "letter")
    sheets = PdfReader(str(path)).pages
    assert len(sheets) == -(-n // 2)
    for s in sheets:
        assert (round(float(s.mediabox.width)), round(float(s.mediabox.height))) == (792, 612)
    expected = [(i, i + 1 if i + 1 <= n else None) for i in range(1, n + 1, 2)]
    assert footers(path) == expected


def test_2up_beside_the_default_output(tmp_path):
    r = run_cli("build", str(SEED), "--handout", "2up", cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["afghanistan-resistance-2up.pdf", "afghanistan-resistance.pdf"]


def test_handout_needs_a_file(tmp_path):
    r = run_cli("build", str(SEED), "-o", "-", "--handout", "2up", cwd=tmp_path)
    assert r.returncode == 2
    assert b"--handout" in r.stderr


def test_unknown_handout_is_a_usage_error(tmp_path):
    r = run_cli("build", str(SEED), "--handout", "4up", cwd=tmp_path)
    assert r.returncode == 2
