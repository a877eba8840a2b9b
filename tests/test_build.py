"""`build` of the seed: what a reader checks, read back with pypdf."""

from __future__ import annotations

import pytest
import yaml
from conftest import SEED, assert_sound_pdf, norm, pdf_text, printed, run_cli, run_process
from pypdf import PdfReader


def seed_yaml(name: str) -> list[dict]:
    return yaml.safe_load((SEED / f"{name}.yaml").read_text(encoding="utf-8"))[name]


def test_every_group_event_figure_and_source_is_printed(seed_pdf):
    text = norm(" ".join(pdf_text(seed_pdf)))
    for g in seed_yaml("groups"):
        assert printed(g["name"]) in text
    for e in seed_yaml("timeline"):
        assert printed(e["title"]) in text
    for f in seed_yaml("figures"):
        assert printed(str(f["value"])) in text
        assert printed(f["label"]) in text
    for s in seed_yaml("sources"):
        assert printed(s["title"]) in text


def test_events_print_in_date_order(seed_pdf):
    text = norm(" ".join(pdf_text(seed_pdf)))
    titles = [norm(e["title"]) for e in seed_yaml("timeline")]
    first = {t: text.rindex(t) for t in titles}  # the timeline's entry: after the era strip's label, if any
    for a, b in [("Soviet invasion of Afghanistan", "Soviet withdrawal"),
                 ("Soviet withdrawal", "Taliban take Kabul; Northern Alliance opposes them"),
                 ("NRF begins ambushes in the northeast", "AFF claims attack on Kabul Airport")]:
        assert first[a] < first[b]


def test_page_x_of_y_on_every_page(seed_pdf):
    pages = pdf_text(seed_pdf)
    n = len(pages)
    assert n >= 3
    for i, t in enumerate(pages, 1):
        assert f"Page {i} of {n}" in t


def test_metadata_outline_and_links(seed_pdf):
    r = PdfReader(str(seed_pdf))
    meta = r.metadata
    assert meta.title.startswith("The Last Holdouts")
    assert meta.subject
    assert meta.creator.startswith("briefing ")
    assert r.trailer["/Root"]["/Lang"] == "en"
    outline = [o.title for o in r.outline if not isinstance(o, list)]
    flat = str(r.outline)
    for s in yaml.safe_load((SEED / "briefing.yaml").read_text())["sections"]:
        assert s["title"] in flat
    for comp in ("Timeline", "Group profiles", "Key figures", "Sources"):
        assert comp in flat
    assert outline
    internal = 0
    for page in r.pages:
        for a in page.get("/Annots") or []:
            a = a.get_object()
            if a.get("/Subtype") == "/Link" and "/Dest" in a:
                internal += 1
    assert internal > 5  # citations link to the Sources list


def test_paper_sizes(tmp_path):
    for paper, (w, h) in (("a4", (595, 842)), ("letter", (612, 792))):
        out = tmp_path / f"{paper}.pdf"
        r = run_cli("build", str(SEED), "-o", str(out), "--paper", paper)
        assert r.returncode == 0, r.stderr.decode()
        box = PdfReader(str(out)).pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (w, h)


def test_rebuild_is_byte_identical(tmp_path):
    """A build in this process (after many others) and one in a new process write the same bytes."""
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert run_cli("build", str(SEED), "-o", str(a)).returncode == 0
    assert run_process("build", str(SEED), "-o", str(b)).returncode == 0
    assert a.read_bytes() == b.read_bytes()


def test_pdf_checker_rejects_damaged_pdfs(seed_pdf):
    """The check run on every PDF of the suite (conftest) fails on a damaged file."""
    data = seed_pdf.read_bytes()
    assert_sound_pdf(data)
    cut = data[: len(data) // 2]
    with pytest.raises(Exception):  # noqa: B017 -- qpdf and pdfium raise their own types
        assert_sound_pdf(cut)
    xref = data.rindex(b"startxref")
    broken = data[:xref] + b"startxref\n999999\n%%EOF\n"
    with pytest.raises(Exception):  # noqa: B017
        assert_sound_pdf(broken)


def _card_doc(tmp_path, paragraphs: int):
    lorem = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt. " * 4
    doc = {"title": "Cards", "sections": [{"title": "Intro", "body": "\n\n".join([lorem] * paragraphs)}],
           "groups": [{"id": "g", "name": "Long Group", "goals": [f"Goal number {i}" for i in range(30)]}]}
    src = tmp_path / f"cards{paragraphs}.yaml"
    src.write_text(yaml.safe_dump(doc), encoding="utf-8")
    out = tmp_path / f"cards{paragraphs}.pdf"
    r = run_cli("build", str(src), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    return [norm(t) for t in pdf_text(out)]


def test_profile_card_splits_rather_than_leave_half_a_page_empty(tmp_path):
    pages = _card_doc(tmp_path, 4)  # about half of page 1 is free after the text
    assert "Group profiles" in pages[0] and "Long Group" in pages[0] and "Goal number 0" in pages[0]
    assert "Long Group (continued)" in pages[1] and "Goal number 29" in pages[1]


def test_profile_heading_never_stays_behind_alone(tmp_path):
    for n in range(3, 12):  # from more than half a page free to almost none
        pages = _card_doc(tmp_path, n)
        where = [i for i, t in enumerate(pages) if "Group profiles" in t]
        assert len(where) == 1 and "Long Group" in pages[where[0]].split("Group profiles", 1)[1], n
        assert "Goal number 0" in pages[where[0]], n
