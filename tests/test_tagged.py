"""Tagged (PDF/UA-1) and archival (PDF/A-2) output: our checker, pdfua and pikepdf's PDF/A validator.

Every kind of element is looked for in the structure tree, in reading order;
text and pages are the same tagged or not; `--no-tags` writes no tagging at all.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest
import tagcheck
import yaml
from conftest import ROOT, SEED, norm, pdf_text, run_cli

FIGURES_600 = ROOT / "tests" / "hostile" / "build" / "figures_600.yaml"
LOREM = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et "
         "dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip. ")


def splits_briefing() -> dict:
    """A briefing whose paragraphs, list items, tables, timeline events and profile boxes split across pages."""
    long = LOREM * 14
    return {
        "title": "Probe: everything splits",
        "date": "2024-05-02",
        "summary": [f"Point {i}: {LOREM * 3} [@a]" for i in range(6)],
        "sections": [
            {"title": "Long paragraphs", "body": f"First long paragraph. {long}END OF FIRST.\n\n"
                                                 f"Second long paragraph. {long}END OF SECOND."},
            {"title": "Long lists", "body": "\n".join(f"- Item {i}. {LOREM * 4}" for i in range(12))},
            {"title": "Profiles and events", "body": "Cards and events follow.", "include": ["groups", "timeline"]},
        ],
        "groups": [{"id": "g", "name": "Giant group", "short": "GG", "kind": "armed group", "leader": "Someone",
                    "summary": LOREM * 10, "goals": [LOREM * 5 for _ in range(8)], "sources": ["a"]}],
        "timeline": [{"date": "2001", "title": "A long event", "text": LOREM * 25},
                     {"date": "2002", "title": "A short event", "text": "Short."}],
        "figures": [{"value": str(i), "label": f"Measure {i}", "source": "a", "basis": "reported",
                     "trend": "up"} for i in range(90)],
        "actors": [{"name": f"Actor {i}", "position": "watches", "summary": LOREM * 2} for i in range(30)],
        "sources": [{"id": "a", "title": "A source", "url": "https://example.org/report"}],
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The seed, the splitting briefing and 600 figures, tagged and untagged; the seed as PDF/A (and handout)."""
    tmp = tmp_path_factory.mktemp("tagged")
    splits = tmp / "splits.yaml"
    splits.write_text(yaml.safe_dump(splits_briefing(), allow_unicode=True), encoding="utf-8")
    out: dict[str, Path] = {}
    for name, src in (("seed", SEED), ("splits", splits), ("figures", FIGURES_600)):
        for mode, extra in (("tagged", ()), ("plain", ("--no-tags",))):
            out[f"{name}-{mode}"] = tmp / f"{name}-{mode}.pdf"
            r = run_cli("build", str(src), "-o", str(out[f"{name}-{mode}"]), *extra)
            assert r.returncode == 0, r.stderr.decode()
    for mode, extra in (("pdfa", ("--handout", "2up")), ("pdfa-plain", ("--no-tags",))):
        out[f"seed-{mode}"] = tmp / f"seed-{mode}.pdf"
        r = run_cli("build", str(SEED), "-o", str(out[f"seed-{mode}"]), "--pdfa", *extra)
        assert r.returncode == 0, r.stderr.decode()
    out["handout"] = tmp / "seed-pdfa-2up.pdf"
    return out


def pdfua_findings(path: Path) -> list[str]:
    import pdfua

    report = pdfua.validate(str(path))
    return [f"{f.rule_id}: {f.message}" for f in report.findings] + \
        [f"{o.rule_id} not checked: {o.skipped_reason}" for o in report.skipped]


@pytest.mark.parametrize("name", ["seed", "splits", "figures"])
def test_tagged_pdf_passes_our_checks_and_pdfua(built, name):
    assert tagcheck.problems(built[f"{name}-tagged"]) == []
    assert pdfua_findings(built[f"{name}-tagged"]) == []


def test_pdfa_is_2a_when_tagged_and_passes_the_same_checks(built):
    pdf = built["seed-pdfa"]
    assert tagcheck.problems(pdf, pdfa=True) == []
    assert pdfua_findings(pdf) == []
    import pikepdf.pdfa

    # pikepdf's validator knows PDF/A-2b only, and no XMP extension schema (PDF/A's way to
    # admit the PDF/UA identifier): everything else must pass.
    report = pikepdf.pdfa.validate_written(str(pdf), "2b")
    left = [str(f) for f in report.findings
            if not re.search(r"pdfaExtension|pdfaSchema|pdfaProperty|pdfuaid:part|conformance is 'A'", str(f))]
    assert left == []


def test_pdfa_without_tags_is_2b_and_passes_pikepdf_validator(built):
    import pikepdf.pdfa

    pdf = built["seed-pdfa-plain"]
    assert tagcheck.problems(pdf, pdfa=True, tagged=False) == []
    assert tagcheck.untagged(pdf) == []
    report = pikepdf.pdfa.validate_written(str(pdf), "2b")
    assert [str(f) for f in report.findings] == []


def test_handout_of_a_pdfa_briefing_is_pdfa(built):
    import pikepdf.pdfa

    assert tagcheck.problems(built["handout"], pdfa=True, tagged=False) == []
    assert [str(f) for f in pikepdf.pdfa.validate_written(str(built["handout"]), "2b").findings] == []


@pytest.mark.parametrize("name", ["seed", "splits", "figures"])
def test_no_tags_writes_no_marked_content_tree_or_artifact(built, name):
    assert tagcheck.untagged(built[f"{name}-plain"]) == []
    assert b"pdfuaid" not in built[f"{name}-plain"].read_bytes()
    assert tagcheck.untagged(built[f"{name}-tagged"]) != []  # (the check sees tagging where there is some)


@pytest.mark.parametrize("name", ["seed", "splits"])
def test_text_and_pages_are_the_same_tagged_or_not(built, name):
    import pypdfium2

    tagged, plain = built[f"{name}-tagged"], built[f"{name}-plain"]
    assert pdf_text(tagged) == pdf_text(plain)
    a, b = pypdfium2.PdfDocument(str(tagged)), pypdfium2.PdfDocument(str(plain))
    try:
        assert len(a) == len(b)
        for i in range(len(a)):
            x, y = a[i].render(scale=1.5).to_pil(), b[i].render(scale=1.5).to_pil()
            assert x.size == y.size and x.tobytes() == y.tobytes(), f"page {i + 1} looks different"
    finally:
        a.close()
        b.close()


# -- the tree: every kind of element, in reading order -------------------------------------------------

@pytest.fixture(scope="module")
def seed_tree(built) -> tagcheck.Node:
    return tagcheck.tree(built["seed-tagged"])


@pytest.fixture(scope="module")
def splits_tree(built) -> tagcheck.Node:
    return tagcheck.tree(built["splits-tagged"])


def seed_yaml(part: str) -> list:
    return yaml.safe_load((SEED / f"{part}.yaml").read_text(encoding="utf-8"))[part]


def sect(tree: tagcheck.Node, title: str) -> tagcheck.Node:
    return next(s for s in tree.find("Sect") if s.kids and s.kids[0].role.startswith("H")
                and s.kids[0].text == title)


def test_document_title_and_one_section_per_section_with_its_heading(seed_tree):
    brief = yaml.safe_load((SEED / "briefing.yaml").read_text(encoding="utf-8"))
    assert seed_tree.role == "Document"
    assert seed_tree.find("H1")[0].text == brief["title"]
    tops = [k.kids[0].text for k in seed_tree.kids if k.role == "Sect"]
    titles = [s["title"] for s in brief["sections"]]
    assert [t for t in tops if t in titles] == titles  # in the order written
    assert tops[-1] == "Sources"
    assert [k.role for k in seed_tree.kids if k.role == "Sect"] and all(
        k.kids[0].role == "H2" for k in seed_tree.kids if k.role == "Sect")


def test_heading_levels_follow_the_outline(seed_tree):
    history = sect(seed_tree, "Historical context")
    timeline = next(s for s in history.kids if s.role == "Sect")
    assert timeline.kids[0].role == "H3" and timeline.kids[0].text == "Timeline"
    card = sect(seed_tree, "National Resistance Front")
    assert card.kids[0].role == "H4"  # a card inside "Group profiles" (H3) inside a section (H2)
    levels = [int(r[1]) for r in seed_tree.roles() if re.fullmatch(r"H[1-6]", r)]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))


def test_paragraphs_are_p_in_their_section(seed_tree):
    history = sect(seed_tree, "Historical context")
    ps = [k.text for k in history.kids if k.role == "P"]
    assert [p[:30] for p in ps] == ["A long record of fighting off ", "One of their leaders, Ahmad Sh",
                                    "The line runs on to today’s re"]


def test_key_points_are_a_list_with_bullets_as_labels(seed_tree):
    points = yaml.safe_load((SEED / "briefing.yaml").read_text(encoding="utf-8"))["summary"]
    lst = next(k for k in seed_tree.kids if k.role == "L")
    assert len(lst.kids) == len(points)
    for item, point in zip(lst.kids, points, strict=True):
        assert [k.role for k in item.kids] == ["Lbl", "LBody"]
        assert item.kids[0].text == "•"
        first_words = " ".join(re.sub(r"[*\[\]@]", "", point).split()[:3])
        assert norm(item.kids[1].all_text()).startswith(first_words)


def test_timeline_is_a_list_of_events_with_their_dates_as_labels(seed_tree):
    history = sect(seed_tree, "Historical context")
    timeline = next(s for s in history.kids if s.role == "Sect")
    items = next(k for k in timeline.kids if k.role == "L").kids
    labels = [i.kids[0].text for i in items if i.kids[0].role == "Lbl"]
    assert labels[:2] == ["1979 – Feb 1989", "1979"] and len(labels) == len(items)  # (the era's head, its first)
    events = [e["title"] for e in seed_yaml("timeline")]
    bodies = [i.kids[1].all_text() for i in items]
    found = [next(n for n, b in enumerate(bodies) if b.startswith(t)) for t in events]
    assert found == sorted(found)  # in the order of the dates


def test_profile_box_is_a_section_with_its_heading_and_field_table(seed_tree):
    card = sect(seed_tree, "National Resistance Front")
    assert card.kids[1].role == "P" and card.kids[1].text == "NRF"
    table = next(k for k in card.kids if k.role == "Table")
    cells = [c for r in table.kids for c in r.kids]
    th = [c for c in cells if c.role == "TH"]
    assert th[0].text == "TYPE" and th[0].scope == "Row"
    assert cells[cells.index(th[0]) + 1].role == "TD"
    assert cells[cells.index(th[0]) + 1].all_text() == "armed opposition group"
    goals = card.kids[card.kids.index(next(k for k in card.kids if k.text == "GOALS")) + 1]
    assert goals.role == "L"
    allies = card.kids[card.kids.index(next(k for k in card.kids if k.text == "ALLIES")) + 1]
    assert allies.role == "L" and [i.all_text() for i in allies.kids][0] == "AFF"


def test_figures_and_actors_are_tables_with_column_headers(seed_tree):
    figures = seed_yaml("figures")
    table = next(k for k in sect(seed_tree, "Key figures").kids if k.role == "Table")
    head, *rows = table.kids
    assert [c.text for c in head.kids][:2] == ["VALUE", "WHAT IT MEASURES"]
    assert {c.role for c in head.kids} == {"TH"} and {c.scope for c in head.kids} == {"Column"}
    assert len(rows) == len(figures)
    # the value cell reads as its value alone (its mark and trend arrow are decoration)
    assert [r.kids[0].all_text() for r in rows] == [str(f["value"]) for f in figures]
    assert {c.role for r in rows for c in r.kids} == {"TD"}
    actors = next(t for t in seed_tree.find("Table") if t.kids[0].kids[0].text == "ACTOR")
    assert [r.kids[0].text for r in actors.kids[1:]] == [a["name"] for a in seed_yaml("actors")]


def test_links_carry_their_annotation_and_citations_are_references(seed_tree, splits_tree):
    refs = seed_tree.find("Reference")
    assert refs and all(r.kids[0].role == "Link" for r in refs)
    assert refs[0].kids[0].contents[0].startswith("Source ")
    links = splits_tree.find("Link")
    url = [link for link in links if link.contents == ["https://example.org/report"]]
    assert url  # the source's URL, in the Sources list
    sources = sect(splits_tree, "Sources")
    assert sources.find("Link") == url and not sources.find("Reference")


def test_decoration_is_no_element(seed_tree, built):
    text = seed_tree.all_text()
    assert "Page 1 of" not in text and "FOR INFORMATION" not in text
    assert norm(" ".join(pdf_text(built["seed-tagged"]))).count("Page 1 of") == 1


def test_reading_order_is_the_order_of_the_pages(built, splits_tree):
    """Each element's own text is met, in tree order, in the text of the pages read in order."""
    page = re.sub(r"\s+", "", " ".join(pdf_text(built["splits-plain"])))
    at = 0

    def walk(n: tagcheck.Node):
        nonlocal at
        t = re.sub(r"\s+", "", n.text)
        if len(t) > 3:
            i = page.find(t[:40], at)
            assert i >= 0, f"{n.role} {n.text[:60]!r} is not where the tree says"
            at = i
        for k in n.kids:
            walk(k)

    walk(splits_tree)


def test_split_paragraph_list_item_table_and_card_each_stay_one_element(built, splits_tree):
    first = next(p for p in splits_tree.find("P") if p.text.startswith("First long paragraph"))
    assert first.text.endswith("END OF FIRST.")
    item = next(i for i in splits_tree.find("LBody") if i.all_text().startswith("Item 0."))
    assert len(item.all_text()) > 3 * len(LOREM)
    figures = next(t for t in splits_tree.find("Table") if t.kids[0].kids[0].text == "VALUE")
    assert len(figures.kids) == 91  # the header once, though each page repeats it
    pages = pdf_text(built["splits-tagged"])
    assert sum("VALUE" in p for p in pages) > 1
    cards = [s for s in splits_tree.find("Sect") if s.kids and s.kids[0].text.startswith("Giant group")]
    assert len(cards) == 1 and cards[0].kids[0].text == "Giant group"
    assert any("(continued)" in p for p in pages) and "(continued)" not in splits_tree.all_text()
    with pikepdf.open(built["splits-tagged"]) as doc:  # its pieces are on two pages, one element
        pages = {str(e.S): _pages_of(e) for e in _elems(doc) if e.get("/S") in ("/P", "/LBody")
                 and len(_pages_of(e)) > 1}
    assert set(pages) == {"/P", "/LBody"}


def _elems(doc):
    return tagcheck._walk(doc.Root.StructTreeRoot)


def _pages_of(e) -> set:
    """The pages an element's own marked content is on."""
    k = e.get("/K")
    mcrs = [x for x in (list(k) if isinstance(k, pikepdf.Array) else [k]) if isinstance(x, pikepdf.Dictionary)
            and x.get("/Type") == pikepdf.Name.MCR]
    return {x.Pg.objgen for x in mcrs} | ({e.Pg.objgen} if "/Pg" in e else set())


# -- graphics: any flowable with alternative text is a Figure ---------------------------------------------

def test_any_flowable_with_alt_text_is_a_figure_wherever_it_is_drawn(tmp_path, monkeypatch):
    from PIL import Image as PILImage
    from reportlab.platypus import Flowable, Image

    from briefing import pipeline
    from briefing.layout import figures, title
    from briefing.pdf.tagging import tag
    from briefing.theme import load_theme

    class Dot(Flowable):
        def __init__(self, alt: str):
            super().__init__()
            tag(self, alt=alt)

        def wrap(self, aw, ah):
            return 24, 24

        def draw(self):
            self.canv.setFillColorRGB(0.1, 0.3, 0.6)
            self.canv.circle(12, 12, 10, stroke=0, fill=1)

    png = io.BytesIO()
    PILImage.new("RGB", (8, 8), (200, 30, 30)).save(png, "PNG")
    png.seek(0)
    photo = Image(png, width=30, height=30)
    tag(photo, alt="A red square")
    plain_title = title.build
    monkeypatch.setattr(title, "build", lambda b, ctx: [*plain_title(b, ctx), Dot("A blue dot"), photo])
    monkeypatch.setattr(figures, "_basis", lambda f, ctx, w: [Dot(f"Basis of {f.value}")])  # inside table cells
    b, _ = pipeline.check(str(SEED))
    out = tmp_path / "figures.pdf"
    out.write_bytes(pipeline.render(b, load_theme(b.style), pdfa=True))
    assert tagcheck.problems(out, pdfa=True) == []
    assert pdfua_findings(out) == []
    tree = tagcheck.tree(out)
    alts = [f.alt for f in tree.find("Figure")]
    assert alts[:2] == ["A blue dot", "A red square"]
    assert "Basis of 22+" in alts
    cell = next(c for t in tree.find("Table") for r in t.kids for c in r.kids if c.find("Figure"))
    assert cell.role == "TD"
    with pikepdf.open(out) as doc:  # the drawing is the figure's content: the filled circle and the image
        inside, tags = [], []
        for operands, op in pikepdf.parse_content_stream(doc.pages[0]):
            if str(op) in ("BDC", "BMC"):
                tags.append(str(operands[0]))
            elif str(op) == "EMC":
                tags.pop()
            elif "/Figure" in tags:
                inside.append(str(op))
    assert "Do" in inside and "f*" in inside, inside


# -- the checker finds faults ----------------------------------------------------------------------------

def damaged(pdf: Path, change) -> bytes:
    with pikepdf.open(pdf) as doc:
        change(doc)
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()


def test_checker_finds_each_fault(built):
    seed = built["seed-tagged"]

    def loose_text(doc):
        page = doc.pages[0]
        page.contents_add(doc.make_stream(b"BT /F1+0 10 Tf 10 10 Td (x) Tj ET"), prepend=False)

    def forget_mcid(doc):
        doc.Root.StructTreeRoot.ParentTree.Nums[1][0] = None

    def skip_level(doc):
        h2 = next(e for e in _elems(doc) if e.get("/S") == "/H2")
        h2.S = pikepdf.Name("/H4")

    def untagged_link(doc):
        annot = next(a for p in doc.pages for a in p.obj.get("/Annots", ()))
        del annot["/StructParent"]

    def no_tounicode(doc):
        font = next(iter(doc.pages[0].Resources.Font.values()))
        del font["/ToUnicode"]

    def figure_without_alt(doc):
        p = next(e for e in _elems(doc) if e.get("/S") == "/P")
        p.S = pikepdf.Name("/Figure")

    def no_lang(doc):
        del doc.Root["/Lang"]

    def link_off_its_page(doc):
        del next(p.obj.Annots for p in doc.pages if len(p.obj.get("/Annots", ())))[0]

    def mcid_off_its_page(doc):
        p = next(e for e in _elems(doc) if e.get("/S") == "/P" and isinstance(e.get("/K"), int))
        p.K = 9999

    cases = {
        "outside marked content": loose_text, "has no element in the ParentTree": forget_mcid,
        "heading levels skip": skip_level, "annotation (/Link) is not in the structure tree": untagged_link,
        "has no ToUnicode": no_tounicode, "Figure without alternative text": figure_without_alt,
        "no /Lang": no_lang, "its annotation is not on its page": link_off_its_page,
        "MCID 9999 listed by /P is not on the page": mcid_off_its_page,
    }
    for expect, change in cases.items():
        found = tagcheck.problems(damaged(seed, change))
        assert any(expect in p for p in found), (expect, found)
    for expect, change in {"no PDF/A output intent": lambda d: d.Root.__delitem__("/OutputIntents"),
                           "no PDF/A-2 identification": lambda d: d.Root.__delitem__("/Metadata")}.items():
        found = tagcheck.problems(damaged(built["seed-pdfa"], change), pdfa=True)
        assert any(expect in p for p in found), (expect, found)


# -- the style setting --------------------------------------------------------------------------------

def test_a_style_can_make_pdfa_the_default(tmp_path, monkeypatch):
    from briefing import pipeline, theme

    styles = tmp_path / "styles"
    styles.mkdir()
    (styles / "default.yaml").write_text((ROOT / "styles" / "default.yaml").read_text(encoding="utf-8"))
    (styles / "archive.yaml").write_text("parent: default\npdfa: true\n")
    (styles / "broken.yaml").write_text("parent: default\npdfa: sometimes\n")
    monkeypatch.setattr(theme, "styles_dir", lambda: str(styles))
    theme.load_theme.cache_clear()
    src = tmp_path / "small.yaml"  # (what a style sets, not what a briefing holds: one section will do)
    src.write_text("title: Archived\nsections:\n- title: One\n  body: Text [@s].\n"
                   "sources:\n- id: s\n  title: A source\n  url: https://example.org/s\n", encoding="utf-8")
    try:
        b, _ = pipeline.check(str(src))
        archival = pipeline.render(b, theme.load_theme("archive"))
        assert tagcheck.problems(archival, pdfa=True) == []
        assert b"<pdfaid:part>2</pdfaid:part>" not in pipeline.render(b, theme.load_theme("archive"), pdfa=False)
        assert b"<pdfaid:part>" not in pipeline.render(b, theme.load_theme("default"))
        with pytest.raises(theme.BriefingError, match="'pdfa' must be true or false"):
            theme.load_theme("broken")
    finally:
        theme.load_theme.cache_clear()


@pytest.mark.parametrize("command", ["build", "mail", "watch"])
def test_commands_that_build_take_the_tagging_and_archive_options(command):
    r = run_cli(command, "--help")
    assert r.returncode == 0 and b"--no-tags" in r.stdout and b"--pdfa / --no-pdfa" in r.stdout


def test_xmp_is_well_formed_whatever_the_title_holds(tmp_path):
    import xml.dom.minidom

    import pikepdf

    src = tmp_path / "x.yaml"
    src.write_text('title: "A \\uFFFE B \\uFFFF C & <D>"\n')
    out = tmp_path / "x.pdf"
    assert run_cli("build", str(src), "-o", str(out), "--pdfa").returncode == 0
    with pikepdf.open(out) as pdf:
        xmp = pdf.Root.Metadata.read_bytes()
    doc = xml.dom.minidom.parseString(xmp)  # raises on a character XML cannot hold
    assert "A  B  C &amp; &lt;D&gt;" in xmp.decode() and doc is not None


def test_a_heading_split_by_a_page_is_one_heading_that_pdfua_checks(tmp_path):
    """A heading taller than a page: its element says all of it, and pdfua's heading rule runs (and
    passes) on it rather than being skipped."""
    long_title = "Long heading " + " ".join(f"word{i}" for i in range(900))
    src = tmp_path / "h.yaml"
    src.write_text(yaml.safe_dump({"title": "Heading split", "sections": [
        {"title": "One", "body": LOREM * 10}, {"title": long_title, "body": "After the heading."}]}))
    out = tmp_path / "h.pdf"
    assert run_cli("build", str(src), "-o", str(out)).returncode == 0
    pages = pdf_text(out)
    assert "word0" in " ".join(pages) and not any("word0" in p and "word899" in p for p in pages)  # it splits
    assert tagcheck.problems(out) == []
    assert pdfua_findings(out) == []
    with pikepdf.open(out) as doc:
        h2 = [e for e in _elems(doc) if e.get("/S") == "/H2"]
        split = next(e for e in h2 if "/ActualText" in e)
        assert str(split.ActualText) == long_title
        assert [str(e.get("/ActualText")) for e in h2 if e is not split and "/ActualText" in e] == []
    heading = next(h for h in tagcheck.tree(out).find("H2") if h.text.startswith("Long heading"))
    assert heading.kids == [] and long_title.startswith(heading.text)


def test_brackets_and_backslashes_read_back_as_typed_everywhere_the_pdf_holds_them(tmp_path):
    """An ordinary tagged build: the title, subtitle and author in /Info, the XMP packet and the outline,
    and an image's alternative text in the structure tree, each read back exactly as typed."""
    from PIL import Image as PILImage
    from pypdf import PdfReader

    from briefing import pipeline

    PILImage.new("RGB", (8, 8), (20, 90, 160)).save(tmp_path / "map.png")
    title, subtitle, author = "A (B) \\ C)(", "Sub \\(title\\)", "Ann (Author) \\"
    alt, section = "Map (north) \\ south)", "Section (one) \\"
    src = tmp_path / "b.yaml"
    src.write_text(yaml.safe_dump({"title": title, "subtitle": subtitle, "authors": [author], "sections": [
        {"title": section, "body": "Text.", "images": [{"file": "map.png", "alt": alt}]}]}), encoding="utf-8")
    out = tmp_path / "b.pdf"
    res = pipeline.build(str(src), str(out))
    assert res.ok, [str(p) for p in res.problems]
    reader = PdfReader(out)
    assert {k: reader.metadata[k] for k in ("/Title", "/Subject", "/Author")} == \
        {"/Title": title, "/Subject": subtitle, "/Author": author}
    assert [o.title for o in reader.outline][:2] == [title, section]
    with pikepdf.open(out) as doc:
        xmp = doc.open_metadata()
        assert (xmp["dc:title"], xmp["dc:description"], xmp["dc:creator"]) == (title, subtitle, [author])
        assert [str(e.Alt) for e in _elems(doc) if e.get("/S") == "/Figure"] == [alt]
    assert [f.alt for f in tagcheck.tree(out).find("Figure")] == [alt]


def test_each_font_subset_has_its_own_tag(built):
    """ReportLab tags the first subset of every font AAAAAA+: each gets its own, named alike in its
    descriptor."""
    with pikepdf.open(built["seed-tagged"]) as doc:
        fonts = {f.objgen: f for p in doc.pages for f in p.Resources.Font.values()}
        names = [str(f.BaseFont) for f in fonts.values()]
        assert len(names) >= 3 and all(re.match(r"/[A-Z]{6}\+", n) for n in names)
        assert len({n[1:7] for n in names}) == len(names)
        assert all(str(f.FontDescriptor.FontName) == str(f.BaseFont) for f in fonts.values())
