"""Page 1's big numbers: each value on one line, one size across a row, and a gap between them."""

from __future__ import annotations

import pytest
from conftest import run_cli

VALUES = ["about 1,000", "Nearly 20", "1,234,567", "Just over 2 mo"]


@pytest.mark.parametrize("style", ["default", "print"])
def test_strip_values_fit_one_line_at_one_size(tmp_path, style):
    import pypdfium2
    import pypdfium2.raw as raw

    src = tmp_path / "s.yaml"
    src.write_text("title: Strip\nfigures:\n" + "".join(f"  - {{value: '{v}', label: l{i}, highlight: true}}\n"
                                                         for i, v in enumerate(VALUES)))
    out = tmp_path / "s.pdf"
    assert run_cli("build", str(src), "-o", str(out), "--style", style).returncode == 0
    doc = pypdfium2.PdfDocument(str(out))
    try:
        tp = doc[0].get_textpage()
        spans = []
        for v in VALUES:
            found = tp.search(v, match_case=True).get_next()
            assert found, v
            first, n = found
            boxes = [tp.get_charbox(first + k, loose=True) for k in range(n) if v[k] != " "]
            bottoms = {round(b[1]) for b in boxes}
            assert max(bottoms) - min(bottoms) <= 3, (v, bottoms)  # one line
            size = raw.FPDFText_GetFontSize(tp.raw, first)
            spans.append((min(b[0] for b in boxes), max(b[2] for b in boxes), size))
    finally:
        doc.close()
    assert len({round(s, 1) for *_, s in spans}) == 1, spans  # one size for the row
    for (_, right, _), (left, _, _) in zip(spans, spans[1:], strict=False):
        assert left - right >= 8, spans  # neighbours never touch
