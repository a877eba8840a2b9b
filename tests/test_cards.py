"""Profile cards: two short cards sit side by side; a long one, or a short one left alone, spans the width."""

from __future__ import annotations

import pytest
import yaml
from conftest import run_cli


@pytest.fixture(scope="module")
def cards_pdf(tmp_path_factory):
    groups = [{"id": f"g{i}", "name": f"Group {i}", "short": f"G{i}", "kind": "militia", "status": "active",
               "leader": "Someone", "summary": f"Short group number {i}."} for i in range(5)]
    groups.insert(2, {"id": "long", "name": "Long group", "kind": "coalition",
                      "summary": "Lorem ipsum dolor sit amet. " * 60, "goals": ["One", "Two", "Three"]})
    d = tmp_path_factory.mktemp("cards")
    (d / "c.yaml").write_text(yaml.safe_dump({"title": "Cards", "groups": groups}, sort_keys=False))
    r = run_cli("build", str(d / "c.yaml"), "-o", str(d / "c.pdf"))
    assert r.returncode == 0, r.stderr.decode()
    return d / "c.pdf"


def _boxes(pdf, words: list[str]) -> dict[str, tuple[float, float]]:
    """(left, top) of the first place each word is drawn, in points."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        tp = doc[0].get_textpage()
        out = {}
        for w in words:
            search = tp.search(w, match_case=True, match_whole_word=True)
            found = search.get_next()
            assert found, w
            left, _, _, top = tp.get_charbox(found[0])
            out[w] = (left, top)
        return out
    finally:
        doc.close()


def test_short_cards_pair_up_and_long_or_lone_ones_span(cards_pdf):
    at = _boxes(cards_pdf, ["Group 0", "Group 1", "Long group", "Group 2", "Group 3", "Group 4"])
    assert abs(at["Group 0"][1] - at["Group 1"][1]) < 1 and at["Group 1"][0] - at["Group 0"][0] > 200  # a row
    assert abs(at["Group 2"][1] - at["Group 3"][1]) < 1
    assert at["Group 0"][1] > at["Long group"][1] > at["Group 2"][1] > at["Group 4"][1]  # in file order, down
    assert abs(at["Long group"][0] - at["Group 0"][0]) < 1 and abs(at["Group 4"][0] - at["Group 0"][0]) < 1


def test_paired_cards_read_one_after_the_other(cards_pdf):
    import tagcheck
    from pypdf import PdfReader

    assert tagcheck.problems(cards_pdf) == []
    text = " ".join((PdfReader(str(cards_pdf)).pages[0].extract_text() or "").split())
    assert text.index("Short group number 0.") < text.index("Group 1") < text.index("Short group number 1.")


def test_a_card_surely_too_long_to_pair_is_made_once(tmp_path, monkeypatch):
    """A card with more listed items than fit in a pair's height is made at full width only; a short one
    is measured at half width; the cards come out as when each was measured."""
    from briefing import pipeline
    from briefing.layout import profiles

    made: list[tuple[str, float]] = []
    real = profiles.card_body

    def counting(g, ctx, width):
        made.append((g.id, round(width)))
        return real(g, ctx, width)

    monkeypatch.setattr(profiles, "card_body", counting)
    groups = [{"id": "many", "name": "Many goals", "goals": [f"Goal {i}" for i in range(40)]},
              {"id": "few", "name": "Few goals", "goals": ["One"]}]
    (tmp_path / "c.yaml").write_text(yaml.safe_dump({"title": "Cards", "groups": groups}, sort_keys=False))
    assert pipeline.build(str(tmp_path / "c.yaml"), str(tmp_path / "c.pdf")).ok
    widths = {gid: [w for g, w in made if g == gid] for gid in ("many", "few")}
    assert len(widths["many"]) == 1 and len(widths["few"]) == 2  # (few: half, then full as it is left alone)
    assert widths["many"][0] == widths["few"][1] > widths["few"][0]
