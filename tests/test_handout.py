"""`build --handout 2up|booklet`: sheets, their size and the order of the pages on them."""

from __future__ import annotations

import re

import pytest
from conftest import SEED, run_cli
from pypdf import PdfReader

from briefing.handout import order

FOOTER = re.compile(r"Page (\d+) of (\d+)")


def footers(path) -> list[tuple[int | None, int | None]]:
    """Per sheet side: the page number in the footer of its left and right half (None: no footer).

    Read with pdfium, as a viewer draws the sheet: each half's text is what lies inside that half.
    """
    import pypdfium2

    out = []
    doc = pypdfium2.PdfDocument(str(path))
    try:
        for i in range(len(doc)):
            sheet = doc[i]
            w, h = sheet.get_size()
            text = sheet.get_textpage()
            halves = [FOOTER.findall(text.get_text_bounded(x0, 0, x1, h)) for x0, x1 in ((0, w / 2), (w / 2, w))]
            assert all(len(f) <= 1 for f in halves), halves
            out.append(tuple(int(f[0][0]) if f else None for f in halves))
            text.close()
            sheet.close()
    finally:
        doc.close()
    return out


def build_handout(tmp_path, mode: str, *extra: str):
    pdf = tmp_path / "seed.pdf"
    r = run_cli("build", str(SEED), "-o", str(pdf), "--handout", mode, *extra)
    assert r.returncode == 0, r.stderr.decode()
    handout = tmp_path / f"seed-{mode}.pdf"
    sides = len(PdfReader(str(handout)).pages)
    assert f"{handout} ({sides} sheet sides, " in r.stdout.decode()
    # the handout is laid out anew on half sheets: its own page count, read from its footers
    seen = [p for side in footers(handout) for p in side if p is not None]
    return max(seen), handout


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


def test_links_move_with_their_page_and_lead_to_its_sheet(tmp_path):
    """A link on page p lies on p's half of its sheet; a link to page q leads to q's sheet."""
    import io

    from briefing.handout import impose
    from briefing.pipeline import check, render
    from briefing.theme import load_theme

    b, _ = check(str(SEED))
    theme = load_theme(b.style)
    half = render(b, theme.for_handout())  # the pages the handout imposes
    path = tmp_path / "h.pdf"
    path.write_bytes(impose(half, "2up", theme.sheet))
    original = PdfReader(io.BytesIO(half))
    number = {p.indirect_reference.idnum: i for i, p in enumerate(original.pages)}
    expected = []
    for i, page in enumerate(original.pages):
        for a in page.get("/Annots") or []:
            dest = a.get_object().get("/Dest")
            expected.append((i // 2, i % 2, number[dest[0].idnum] // 2 if dest is not None else None))
    assert any(target is not None for *_, target in expected)  # the seed cites its sources
    handout = PdfReader(str(path))
    sheet_of = {p.indirect_reference.idnum: i for i, p in enumerate(handout.pages)}
    found = []
    for i, sheet in enumerate(handout.pages):
        half = float(sheet.mediabox.width) / 2
        for a in sheet.get("/Annots") or []:
            a = a.get_object()
            x1, y1, x2, y2 = (float(v) for v in a["/Rect"])
            slot = 0 if x2 <= half else 1
            assert slot * half <= x1 < x2 <= (slot + 1) * half and 0 <= y1 < y2 <= float(sheet.mediabox.height)
            dest = a.get("/Dest")
            found.append((i, slot, sheet_of[dest[0].idnum] if dest is not None else None))
    assert found == expected


def _type_sizes(path) -> dict[float, int]:
    """Characters drawn at each font size (Tf times the scale the page is drawn at) in a handout."""
    import pikepdf

    chars: dict[float, int] = {}
    with pikepdf.open(path) as pdf:
        for sheet in pdf.pages:
            scale = 1.0
            for operands, op in pikepdf.parse_content_stream(sheet):
                if str(op) == "cm":
                    scale = float(operands[0])
                elif str(op) == "Do":
                    size = 0.0
                    for o, fop in pikepdf.parse_content_stream(sheet.Resources.XObject[str(operands[0])]):
                        if str(fop) == "Tf":
                            size = round(float(o[1]) * scale, 2)
                        elif str(fop) in ("Tj", "TJ"):
                            n = sum(len(bytes(x)) for x in (o[0] if str(fop) == "TJ" else o)
                                    if isinstance(x, pikepdf.String))
                            chars[size] = chars.get(size, 0) + n
    return chars


@pytest.mark.parametrize("mode", ["2up", "booklet"])
def test_handout_is_laid_out_for_half_sheets_with_full_size_type(tmp_path, mode):
    n, path = build_handout(tmp_path, mode)
    main = len(PdfReader(str(tmp_path / "seed.pdf")).pages)
    assert n > main  # more, smaller pages: laid out again, not shrunk
    chars = _type_sizes(path)
    total = sum(chars.values())
    assert sum(n for size, n in chars.items() if size >= 9) > 0.3 * total, chars  # body text, at full size
    assert sum(n for size, n in chars.items() if size < 7) < 0.005 * total, chars  # reference numbers only
    assert min(size for size, n in chars.items() if n > 20) >= 7, chars  # labels and small text
    with __import__("pikepdf").open(path) as pdf:
        form = next(iter(pdf.pages[0].Resources.XObject.values()))
        w, h = (float(v) for v in list(form.BBox)[2:])
    assert (round(w), round(h)) == (421, 595)  # A5


def test_an_archival_handout_has_the_same_file_identifier_at_every_rebuild(tmp_path):
    """PDF/A asks for a file identifier; the handout's comes from the briefing's pages, so building
    the same briefing again writes the same bytes (pypdf alone would draw a random one)."""
    made = []
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        _, handout = build_handout(tmp_path / run, "2up", "--pdfa")
        made.append(handout.read_bytes())
        ident = PdfReader(str(handout)).trailer["/ID"]
        assert len(ident) == 2 and ident[0] == ident[1] and len(ident[0].original_bytes) == 16
    assert made[0] == made[1]


@pytest.mark.parametrize(("mode", "first"), [("booklet", "title"), ("2up", "contents")])
def test_a_booklet_with_contents_opens_with_its_cover(tmp_path, mode, first):
    """Its outside page shows the title, not the table of contents; a 2-up handout, which is not bound,
    keeps the PDF's front matter as it is."""
    import shutil

    import pypdfium2

    src = tmp_path / "seed"
    shutil.copytree(SEED, src)
    (src / "briefing.yaml").write_text((src / "briefing.yaml").read_text(encoding="utf-8") + "contents: true\n",
                                       encoding="utf-8")
    r = run_cli("build", str(src), "-o", str(tmp_path / "seed.pdf"), "--handout", mode)
    assert r.returncode == 0, r.stderr.decode()
    doc = pypdfium2.PdfDocument(str(tmp_path / f"seed-{mode}.pdf"))
    try:
        w, h = doc[0].get_size()
        x0 = w / 2 if mode == "booklet" else 0  # the first page of a booklet is the right half of the outside
        text = doc[0].get_textpage().get_text_bounded(x0, 0, x0 + w / 2, h)
    finally:
        doc.close()
    assert ("The Last Holdouts" in text and "Contents" not in text) == (first == "title"), text[:200]
