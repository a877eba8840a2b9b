"""Editions: what changed since the previous one, as `check --since` prints it (text and JSON), from a path
or from git, and every way a previous edition can be wrong."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SEED, run_cli

SLUG = SEED.name

# The second edition of the seed: two new events, a figure with a new value and as_of, a group added, a
# source removed (the previous edition cites it from the event that is reworded here).
NEW_EVENTS = """
  - date: 2024-11-02
    title: NRF attack on a checkpoint in Baghlan
    groups: [nrf]
    sources: [holdouts]

  - date: 2024-12
    title: Talks between the AFF and the NRF
    groups: [aff, nrf]
    sources: [holdouts]
"""
NEW_GROUP = """
  - id: ifr
    name: Islamic Front of Resistance
    short: IFR
    kind: armed opposition group
    status: announced
    sources: [holdouts]
"""
OLD_TITLE = "Taliban take Kabul; Northern Alliance opposes them"
NEW_TITLE = "The Taliban take Kabul and the Northern Alliance forms against them"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def first_edition(folder: Path) -> Path:
    """The seed as edition 11 of 1 October 2024, with a source the reworded event cites."""
    shutil.copytree(SEED, folder)
    edit(folder / "briefing.yaml", "publisher: The Asia Cable\n", "publisher: The Asia Cable\ndate: 2024-10-01\n"
                                                                    "edition: 11\n")
    edit(folder / "sources.yaml", "    publisher: United Nations\n", "    publisher: United Nations\n"
         "  - id: old-wire\n    title: An earlier wire report\n    publisher: Wire\n")
    edit(folder / "timeline.yaml", f"    title: {OLD_TITLE}\n    sources: [holdouts]",
         f"    title: {OLD_TITLE}\n    sources: [holdouts, old-wire]")
    return folder


def second_edition(folder: Path) -> Path:
    """Edition 12 of 15 November 2024: the changes above."""
    shutil.copytree(SEED, folder)
    edit(folder / "briefing.yaml", "publisher: The Asia Cable\n", "publisher: The Asia Cable\ndate: 2024-11-15\n"
                                                                    "edition: 12\n")
    edit(folder / "timeline.yaml", f"    title: {OLD_TITLE}\n", f"    title: {NEW_TITLE}\n")
    with open(folder / "timeline.yaml", "a", encoding="utf-8") as fh:
        fh.write(NEW_EVENTS)
    edit(folder / "figures.yaml", '  - value: "207+"\n', '  - value: "250+"\n    as_of: 2024-11\n')
    with open(folder / "groups.yaml", "a", encoding="utf-8") as fh:
        fh.write(NEW_GROUP)
    return folder


@pytest.fixture
def two(tmp_path) -> tuple[Path, Path]:
    return first_edition(tmp_path / "old" / SLUG), second_edition(tmp_path / "new" / SLUG)


def line_of(path: Path, text: str) -> int:
    """The 1-based line on which `text` first occurs in a file."""
    return next(i for i, s in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in s)


def expected_lines(old: Path, new: Path, old_place: str | None = None) -> list[str]:
    tl, fig, grp = new / "timeline.yaml", new / "figures.yaml", new / "groups.yaml"
    removed_at = old_place or f"{old / 'sources.yaml'}"
    return [
        f"{tl}:{line_of(tl, 'NRF attack on a checkpoint') - 1}:5: added event 2024-11-02 "
        "'NRF attack on a checkpoint in Baghlan'",
        f"{tl}:{line_of(tl, 'Talks between') - 1}:5: added event 2024-12 'Talks between the AFF and the NRF'",
        f"{tl}:{line_of(tl, NEW_TITLE) - 1}:5: changed event 1996 {NEW_TITLE!r}: title: {OLD_TITLE!r} -> "
        f"{NEW_TITLE!r}; sources: 'holdouts, old-wire' -> 'holdouts'",
        f"{grp}:{line_of(grp, 'id: ifr')}:5: added group 'Islamic Front of Resistance'",
        f"{fig}:{line_of(fig, '250+')}:5: changed figure 'NRF successful operations since January 2024': "
        "value: '207+' -> '250+' (up); as_of: (none) -> '2024-11'",
        f"{removed_at}:{line_of(old / 'sources.yaml', 'id: old-wire')}:5: removed source 'An earlier wire report'",
        "since {label}: 3 added, 2 changed, 1 removed, 43 unchanged",
    ]


def test_check_since_prints_every_change_at_its_place(two):
    old, new = two
    r = run_cli("check", str(new), "--since", str(old))
    assert r.returncode == 0, r.stderr.decode()
    assert r.stderr.decode() == ""
    want = [s.replace("{label}", str(old)) for s in expected_lines(old, new)]
    assert r.stdout.decode().splitlines() == [*want, f"ok: {new}"]


def test_check_since_json_says_the_same_in_its_documented_shape(two):
    jsonschema = pytest.importorskip("jsonschema")
    old, new = two
    r = run_cli("check", str(new), "--since", str(old), "--format", "json")
    assert r.returncode == 0, r.stderr.decode()
    doc = json.loads(r.stdout)
    schema = json.loads(run_cli("schema", "--part", "changes").stdout)
    jsonschema.validate(doc, schema)
    (one,) = doc["briefings"]
    assert (one["source"], one["previous"], one["previous_date"], one["previous_edition"]) == (
        str(new), str(old), "2024-10-01", "11")
    assert one["counts"] == {"added": 3, "changed": 2, "removed": 1, "unchanged": 43}
    got = [(c["component"], c["change"], c["name"], c.get("date")) for c in one["changes"]]
    assert got == [("timeline", "added", "NRF attack on a checkpoint in Baghlan", "2024-11-02"),
                   ("timeline", "added", "Talks between the AFF and the NRF", "2024-12"),
                   ("timeline", "changed", NEW_TITLE, "1996"),
                   ("groups", "added", "Islamic Front of Resistance", None),
                   ("figures", "changed", "NRF successful operations since January 2024", None),
                   ("sources", "removed", "An earlier wire report", None)]
    fig = one["changes"][4]
    assert fig["fields"] == [{"field": "value", "old": "207+", "new": "250+"},
                             {"field": "as_of", "old": None, "new": "2024-11"}]
    assert fig["direction"] == "up"
    assert (fig["file"], fig["line"], fig["column"]) == (str(new / "figures.yaml"),
                                                         line_of(new / "figures.yaml", "250+"), 5)
    assert one["changes"][5]["file"] == str(old / "sources.yaml")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args], cwd=repo, check=True,
                   capture_output=True)


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository whose commits hold the first edition, then the second."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    first_edition(root / "sources" / SLUG)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "edition 11")
    shutil.rmtree(root / "sources" / SLUG)
    second_edition(root / "sources" / SLUG)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "edition 12")
    return root


def test_git_revision_gives_what_the_path_gives(repo, tmp_path):
    new = repo / "sources" / SLUG
    r = run_cli("check", str(new), "--since", "git:HEAD~1")
    assert r.returncode == 0, r.stderr.decode()
    copy = first_edition(tmp_path / "copy" / SLUG)
    want = expected_lines(copy, new, old_place=f"HEAD~1:sources/{SLUG}/sources.yaml")
    assert r.stdout.decode().splitlines() == [*(s.replace("{label}", "git:HEAD~1") for s in want), f"ok: {new}"]
    # the same from the briefing's own `previous`
    edit(new / "briefing.yaml", "edition: 12\n", "edition: 12\nprevious: git:HEAD~1\n")
    assert run_cli("check", str(new)).stdout.decode().splitlines() == r.stdout.decode().splitlines()
    assert run_cli("check", str(new), "--since", "none").stdout.decode().splitlines() == [f"ok: {new}"]


def test_previous_key_is_a_path_relative_to_its_file(two):
    old, new = two
    edit(new / "briefing.yaml", "edition: 12\n", f"edition: 12\nprevious: ../../old/{SLUG}\n")
    r = run_cli("check", str(new), cwd=new.parent.parent)
    assert r.returncode == 0, r.stderr.decode()
    assert "3 added, 2 changed, 1 removed, 43 unchanged" in r.stdout.decode()


def test_previous_that_does_not_exist_is_a_usage_error(two, tmp_path):
    _, new = two
    r = run_cli("check", str(new), "--since", str(tmp_path / "nowhere"))
    assert r.returncode == 2
    assert "--since" in r.stderr.decode() and "does not exist" in r.stderr.decode()
    edit(new / "briefing.yaml", "edition: 12\n", "edition: 12\nprevious: ../nowhere\n")
    r = run_cli("check", str(new))
    assert r.returncode == 1
    at = line_of(new / "briefing.yaml", "previous:")
    assert r.stderr.decode().splitlines() == [f"{new / 'briefing.yaml'}:{at}:11: the previous edition ../nowhere "
                                              "does not exist"]


def test_invalid_previous_edition_is_an_error_that_names_it(two):
    old, new = two
    edit(old / "figures.yaml", '  - value: "207+"\n', '  - value: "207+"\n    as_of: 2024-13\n')
    r = run_cli("check", str(new), "--since", str(old))
    assert r.returncode == 1
    err = r.stderr.decode()
    assert f"{old / 'figures.yaml'}:{line_of(old / 'figures.yaml', 'as_of')}:" in err  # at its own file
    assert f"the previous edition {old} is not a valid briefing" in err
    assert r.stdout.decode() == ""


def test_previous_edition_of_another_briefing_is_a_warning(two, tmp_path):
    old, new = two
    other = tmp_path / "other"
    old.rename(other)
    r = run_cli("check", str(new), "--since", str(other))
    assert r.returncode == 0
    assert f"warning: the previous edition {other} is of another briefing ('other', not '{SLUG}')" in \
        r.stderr.decode()
    assert run_cli("check", str(new), "--since", str(other), "--strict").returncode == 1


def test_git_revision_that_does_not_exist(repo):
    new = repo / "sources" / SLUG
    r = run_cli("check", str(new), "--since", "git:no-such-branch")
    assert r.returncode == 1
    assert "cannot find revision 'no-such-branch' in the git repository at" in r.stderr.decode()
    assert r.stdout.decode() == ""


def test_path_missing_at_the_revision(repo):
    shutil.copytree(repo / "sources" / SLUG, repo / "sources" / "later")
    r = run_cli("check", str(repo / "sources" / "later"), "--since", "git:HEAD")
    assert r.returncode == 1
    assert "cannot read sources/later at revision 'HEAD'" in r.stderr.decode()


def test_git_absent(repo, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    r = run_cli("check", str(repo / "sources" / SLUG), "--since", "git:HEAD", env={"PATH": str(empty)})
    assert r.returncode == 1
    assert "git is not installed (or not on PATH)" in r.stderr.decode()


def test_not_in_a_git_repository(two):
    _, new = two
    r = run_cli("check", str(new), "--since", "git:HEAD", env={"GIT_CEILING_DIRECTORIES": str(new.parent.parent)})
    assert r.returncode == 1
    assert "cannot find the git repository that holds" in r.stderr.decode()


# -- the PDF ------------------------------------------------------------------------------------------------------

BOX = ("What changed since 1 October 2024 3 added · 2 changed · 1 removed "
       "• New event, 2 Nov 2024: NRF attack on a checkpoint in Baghlan "
       "• New event, Dec 2024: Talks between the AFF and the NRF "
       "• NRF successful operations since January 2024: from 207+ to 250+ (as of Nov 2024), rising "
       "• Group added: Islamic Front of Resistance and 2 more")
FULL = ("Changes since the last edition Timeline "
        "• Added: 2 Nov 2024 – NRF attack on a checkpoint in Baghlan "
        "• Added: Dec 2024 – Talks between the AFF and the NRF "
        f"• Changed: 1996 – {NEW_TITLE} – title: from “{OLD_TITLE}” to “{NEW_TITLE}” "
        "– sources: from “holdouts, old-wire” to “holdouts” "
        "Group profiles • Added: Islamic Front of Resistance "
        "Key figures • Changed: NRF successful operations since January 2024 – value: from “207+” to “250+” "
        "– as_of: from none to Nov 2024 "
        "Sources • Removed: An earlier wire report")


def without_page_furniture(text: str) -> str:
    """Text with the running header, footer and marking of every page taken out."""
    import re

    return re.sub(r" ?FOR INFORMATION — OPEN SOURCE FOR INFORMATION — OPEN SOURCE The Last Holdouts "
                  r"15 November 2024 Page \d+ of \d+", "", text)


@pytest.fixture
def built_pair(two, tmp_path) -> tuple[Path, Path, Path]:
    old, new = two
    pdf = tmp_path / "new.pdf"
    r = run_cli("build", str(new), "--since", str(old), "-o", str(pdf))
    assert r.returncode == 0, r.stderr.decode()
    return old, new, pdf


def test_box_on_page_one_holds_exactly_those_changes(built_pair):
    from conftest import doc_text, norm, pdf_text

    _, _, pdf = built_pair
    page1 = norm(pdf_text(pdf)[0])
    assert "Edition 12 · 15 November 2024" in page1  # the masthead
    text = doc_text(pdf)
    start = text.index("What changed since")
    assert text[start:start + len(BOX)] == BOX
    assert text.index("KEY POINTS") < start < text.index("250+ NRF successful")  # after the key points
    assert "What changed since" in page1 and "and 2 more" in page1


def test_and_more_links_to_the_full_list_at_the_end(built_pair):
    from conftest import doc_text, internal_links, lines_at, outline_entries
    from pypdf import PdfReader

    _, _, pdf = built_pair
    reader = PdfReader(pdf)
    (entry,) = [e for e in outline_entries(reader) if e[0] == "Changes since the last edition"]
    to_list = [link for link in internal_links(reader) if link[0] == 0 and link[1] == entry[2]
               and lines_at(pdf, link[1], link[2]).startswith("Changes since the last edition")]
    assert len(to_list) == 1
    rect = to_list[0][3]
    from conftest import text_box

    assert text_box(pdf, 0, rect) == "and 2 more"  # the words that link there
    said = [str(a.get_object().get("/Contents")) for a in reader.pages[0]["/Annots"]
            if [float(v) for v in a.get_object()["/Rect"]] == list(rect)]
    assert said == ["Changes since the last edition"]  # what a screen reader says of the link
    text = without_page_furniture(doc_text(pdf))
    assert text[text.index("Changes since the last edition"):].startswith(FULL)
    # last but the sources, which end the briefing with its disclaimer
    assert text.index("Changes since the last edition") < text.index("Sources 1.")
    assert text.index("Changes since the last edition") > text.index("Regional and international positions")


def test_new_marks_on_exactly_the_new_items(built_pair):
    import re

    from conftest import doc_text

    _, _, pdf = built_pair
    text = doc_text(pdf)
    body = text[:text.index("Changes since the last edition")]
    assert re.findall(r"NEW \w+", body) == ["NEW NRF", "NEW Talks", "NEW Islamic"]
    assert "NEW NRF attack on a checkpoint in Baghlan" in body and "NEW Islamic Front of Resistance" in body
    assert [m[:38] for m in re.findall(r"UPDATED .{30}", body)] == [f"UPDATED {NEW_TITLE[:30]}",
                                                                    "UPDATED NRF successful operations sinc"]
    assert "250+ Previously 207+ UPDATED NRF successful operations" in body  # the old value under the new
    assert "An earlier wire report" not in body  # a removed item: only in the list


def test_git_revision_builds_the_same_pdf_as_the_path(repo, tmp_path):
    new = repo / "sources" / SLUG
    copy = first_edition(tmp_path / "copy" / SLUG)
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert run_cli("build", str(new), "--since", "git:HEAD~1", "-o", str(a)).returncode == 0
    assert run_cli("build", str(new), "--since", str(copy), "-o", str(b)).returncode == 0
    assert a.read_bytes() == b.read_bytes()


def test_unchanged_edition_says_so_and_marks_nothing(two, tmp_path):
    from conftest import doc_text

    old, _ = two
    same = tmp_path / "same" / SLUG
    shutil.copytree(old, same)
    pdf = tmp_path / "same.pdf"
    r = run_cli("build", str(same), "--since", str(old), "-o", str(pdf))
    assert r.returncode == 0, r.stderr.decode()
    text = doc_text(pdf)
    assert "What changed since 1 October 2024 No changes since 1 October 2024." in text
    assert "NEW" not in text and "UPDATED" not in text and "Changes since the last edition" not in text
    plain = tmp_path / "plain.pdf"
    assert run_cli("build", str(same), "-o", str(plain)).returncode == 0
    assert "What changed" not in doc_text(plain)


def test_bad_previous_edition_writes_nothing(two, tmp_path):
    old, new = two
    pdf = tmp_path / "x.pdf"
    edit(old / "groups.yaml", "  - id: aff\n", "  - id: AFF\n")
    r = run_cli("build", str(new), "--since", str(old), "-o", str(pdf))
    assert r.returncode == 1
    assert f"the previous edition {old} is not a valid briefing" in r.stderr.decode()
    assert not pdf.exists()
    r = run_cli("build", str(new), "--since", str(tmp_path / "nowhere"), "-o", str(pdf))
    assert r.returncode == 2 and not pdf.exists()


def test_mail_says_what_changed(two, tmp_path):
    old, new = two
    eml = tmp_path / "m.eml"
    r = run_cli("mail", str(new), "--since", str(old), "--to", "a@example.org", "--eml", str(eml),
                cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    from email import policy
    from email.parser import BytesParser

    msg = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    assert msg["Subject"].endswith("Afghanistan (updated)")
    body = msg.get_body(("plain",)).get_content()
    part = body[body.index("Key points:"):body.index("The full briefing is attached")]
    assert part.split("\n\n")[-3:] == [
        "What changed since 1 October 2024:",
        "3 added · 2 changed · 1 removed\n"
        "- New event, 2 Nov 2024: NRF attack on a checkpoint in Baghlan\n"
        "- New event, Dec 2024: Talks between the AFF and the NRF\n"
        "- NRF successful operations since January 2024: from 207+ to 250+ (as of Nov 2024), rising\n"
        "- Group added: Islamic Front of Resistance\n"
        "and 2 more", ""]


def test_tagged_with_the_box_a_section_and_marks_as_text(built_pair):
    import tagcheck
    from test_tagged import pdfua_findings

    _, _, pdf = built_pair
    assert tagcheck.problems(pdf) == []
    assert pdfua_findings(pdf) == []
    tree = tagcheck.tree(pdf)
    box = next(s for s in tree.find("Sect") if s.kids and s.kids[0].text.startswith("What changed since"))
    assert [k.role for k in box.kids][:2] == ["P", "P"]
    events = [li for li in tree.find("LI") if "NRF attack on a checkpoint" in li.all_text()]
    assert any("NEW NRF attack on a checkpoint" in " ".join(li.all_text().split()) for li in events)


# -- every change of every component, from the PDF's text ----------------------------------------------------------

KINDS = Path(__file__).parent / "editions"
EVERY_KIND = {  # the full list: for each component, one item added, one changed, one removed
    "Key points": "• Added: Point D. • Changed: Point B, reworded. – text: from “Point B.” to “Point B, reworded.” "
                  "• Removed: Point C.",
    "Sections": "• Added: Delta section • Changed: Alpha section – body: from “Alpha text.” to “Alpha text, longer.” "
                "• Removed: Beta section",
    "Timeline": "• Added: 2023 – Event four • Changed: 2020 – Event one reworded – title: from “Event one” to "
                "“Event one reworded” • Removed: 2021 – Event two",
    "Group profiles": "• Added: Group four • Changed: Group one – status: from “active” to “dormant” "
                      "• Removed: Group two",
    "Key figures": "• Added: Figure four • Changed: Figure one – value: from “10” to “12” – as_of: from 2023 to 2024 "
                   "• Removed: Figure two",
    "Regional and international positions": "• Added: Actor four • Changed: Actor one – position: from “neutral” to "
                                            "“hostile” • Removed: Actor two",
    "Outlook": "• Added: Very long term • Changed: Short term – text: from “Short.” to “Short and sharp.” "
               "• Removed: Medium term",
    "Sources": "• Added: Source four • Changed: Source two, revised – title: from “Source two” to "
               "“Source two, revised” • Removed: Source three",
}


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory) -> str:
    from conftest import doc_text

    pdf = tmp_path_factory.mktemp("kinds") / "kinds.pdf"
    r = run_cli("build", str(KINDS / "kinds.yaml"), "--since", str(KINDS / "kinds-old.yaml"), "-o", str(pdf))
    assert r.returncode == 0, r.stderr.decode()
    import re

    return re.sub(r" Kinds 20 February 2024 Page \d of \d", "", doc_text(pdf))


def test_every_change_of_every_component_is_listed(every_kind):
    listed = every_kind[every_kind.index("Changes since the last edition") + len("Changes since the last edition"):]
    listed = listed[:listed.rindex(" Sources 1.")]  # (the sources end the briefing)
    assert listed.strip() == " ".join(f"{head} {items}" for head, items in EVERY_KIND.items())


def test_marks_in_the_body_of_every_component(every_kind):
    head, listed = every_kind.split("Changes since the last edition")
    body = head + listed[listed.rindex(" Sources 1."):]  # all but the list of changes
    for marked in ("UPDATED Event one reworded", "NEW Event four",  # timeline
                   "STATUS UPDATED dormant", "NEW Group four",  # a changed field of a card; a new card
                   "12 Previously 10 (as of 2023) UPDATED Figure one", "NEW Figure four",
                   "UPDATED Actor one", "NEW Actor four", "UPDATED Source two, revised", "NEW Source four"):
        assert marked in body, marked
    assert body.count("NEW") == 5 and body.count("UPDATED") == 5
    assert "8 added · 8 changed · 8 removed" in body and "and 19 more" in body
    body = body[body.index("and 19 more"):]  # (the box names a group removed)
    for gone in ("Point C", "Beta section", "Event two", "Group two", "Figure two", "Actor two", "Medium term",
                 "Source three"):
        assert gone not in body, gone


# -- more of the box, the options and the languages ----------------------------------------------------------------

def test_box_keeps_to_its_budget_and_counts_the_rest(two, tmp_path):
    from conftest import doc_text

    old, new = two
    with open(new / "timeline.yaml", "a", encoding="utf-8") as fh:
        for day in range(10, 16):
            fh.write(f"\n  - date: 2024-12-{day}\n    title: Later event {day}\n    sources: [holdouts]\n")
    pdf = tmp_path / "many.pdf"
    assert run_cli("build", str(new), "--since", str(old), "-o", str(pdf)).returncode == 0
    text = doc_text(pdf)
    box = text[text.index("What changed since"):text.index("more", text.index("What changed since")) + 4]
    assert box.count("•") == 6  # TOP_MAX of the 12 changes
    assert box.endswith("Later event 13 and 6 more")  # new events first, in date order
    assert "Group added" not in box


def test_french_edition_speaks_french(two, tmp_path):
    from conftest import doc_text

    old, new = two
    for folder in (old, new):
        edit(folder / "briefing.yaml", "language: en\n", "language: fr\n")
    pdf = tmp_path / "fr.pdf"
    assert run_cli("build", str(new), "--since", str(old), "-o", str(pdf)).returncode == 0
    text = doc_text(pdf)
    assert "Édition 12" in text
    assert "Ce qui a changé depuis le 1er octobre 2024 3 ajouté(s) · 2 modifié(s) · 1 supprimé(s)" in text
    assert "NOUVEAU NRF attack on a checkpoint" in text and "NOUVEAU Islamic Front" in text
    assert "Changements depuis la dernière édition" in text and "NEW " not in text


def test_output_may_not_replace_a_file_of_the_previous_edition(two):
    old, new = two
    target = old / "timeline.yaml"
    before = target.read_bytes()
    r = run_cli("build", str(new), "--since", str(old), "-o", str(target))
    assert r.returncode == 2
    assert "would overwrite" in r.stderr.decode()
    assert target.read_bytes() == before


def test_previous_key_must_name_something(tmp_path):
    p = tmp_path / "b.yaml"
    p.write_text("title: T\nprevious: 'git:'\nedition: 3\n", encoding="utf-8")
    r = run_cli("check", str(p))
    assert r.returncode == 1
    assert r.stderr.decode().startswith(f"{p}:2:11: 'previous': 'git:' is neither a path nor git:REV")


def test_a_path_is_the_previous_edition_of_one_source(two):
    old, new = two
    r = run_cli("build", str(new), str(old), "--since", str(old))
    assert r.returncode == 2
    assert "give one SOURCE, or git:REV" in r.stderr.decode()


def test_watch_compares_each_rebuild_with_the_previous_edition(two, tmp_path):
    import sys

    from conftest import ROOT, doc_text
    from test_watch import DEADLINE, Lines, save_until

    old, new = two
    out = tmp_path / "w.pdf"
    p = subprocess.Popen([sys.executable, str(ROOT / "make_briefing.py"), "watch", str(new), "--since", str(old),
                          "-o", str(out)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = Lines(p.stderr)
    try:
        assert err.wait_for(rb"^watching ", timeout=DEADLINE), err.lines
        assert "3 added · 2 changed · 1 removed" in doc_text(out)
        with open(new / "timeline.yaml", encoding="utf-8") as fh:
            timeline = fh.read()
        more = timeline + "\n  - date: 2025-01\n    title: Yet another event\n    sources: [holdouts]\n"
        save_until(lambda: (new / "timeline.yaml").write_text(more, encoding="utf-8"),
                   lambda: err.wait_for(rb"^rebuilt in"))
        text = doc_text(out)
        assert "4 added · 2 changed · 1 removed" in text and "NEW Yet another event" in text
    finally:
        p.terminate()
        p.wait(timeout=DEADLINE)
        p.stderr.close()


def test_edition_prints_as_typed_in_the_masthead(tmp_path):
    from conftest import pdf_text

    p = tmp_path / "b.yaml"
    p.write_text("title: T\ndate: 2024-05\nedition: 1000\n", encoding="utf-8")
    pdf = tmp_path / "b.pdf"
    assert run_cli("build", str(p), "-o", str(pdf)).returncode == 0
    assert "Edition 1000 · May 2024" in pdf_text(pdf)[0]


def test_git_revision_for_each_briefing_of_a_batch(tmp_path):
    from conftest import doc_text

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    (root / "sources").mkdir(parents=True)
    git(root, "init", "-q")
    for name in ("a", "b"):
        (root / "sources" / f"{name}.yaml").write_text(f"title: {name}\ndate: 2024-01\n"
                                                        "timeline: [{date: 2020, title: Old}]\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "one")
    for name in ("a", "b"):
        with open(root / "sources" / f"{name}.yaml", "a", encoding="utf-8") as fh:
            fh.write(f"groups: [{{id: g, name: Group of {name}}}]\n")
    r = run_cli("build", "--since", "git:HEAD", "-j", "2", cwd=root)
    assert r.returncode == 0, r.stderr.decode()
    for name in ("a", "b"):
        text = doc_text(root / "out" / f"{name}.pdf")
        assert "What changed since January 2024 1 added · 0 changed · 0 removed • Group added: Group of " + name in text


def test_handout_shows_the_changes_too(two, tmp_path):
    from conftest import doc_text

    old, new = two
    pdf = tmp_path / "h.pdf"
    r = run_cli("build", str(new), "--since", str(old), "-o", str(pdf), "--handout", "2up")
    assert r.returncode == 0, r.stderr.decode()
    text = doc_text(tmp_path / "h-2up.pdf")
    assert "What changed since 1 October 2024" in text and "NEW Islamic Front of Resistance" in text


def test_a_marked_name_is_measured_with_its_mark(tmp_path):
    """The actors' name column is as wide as a name and its NEW or UPDATED mark: a short name is not broken."""
    import pypdfium2

    pdf = tmp_path / "kinds.pdf"
    r = run_cli("build", str(KINDS / "kinds.yaml"), "--since", str(KINDS / "kinds-old.yaml"), "-o", str(pdf))
    assert r.returncode == 0, r.stderr.decode()
    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        lines = [x.strip() for page in doc for x in page.get_textpage().get_text_range().splitlines()]
    finally:
        doc.close()
    assert "NEW Actor four" in lines and any(x.startswith("UPDATED Actor one") for x in lines), lines


def test_asking_for_page_breaks_is_not_a_change(two, tmp_path):
    """`keep` and `break_before` say how pages break, not what the briefing says: no change to list."""
    old, _ = two
    same = tmp_path / "asked" / SLUG
    shutil.copytree(old, same)
    edit(same / "groups.yaml", "  - id: nrf\n", "  - id: nrf\n    keep: together\n")
    edit(same / "figures.yaml", '  - value: "22+"\n', '  - value: "22+"\n    keep: together\n')
    edit(same / "briefing.yaml", "    title: Overview\n", "    title: Overview\n    break_before: true\n"
                                                          "    keep: together\n")
    r = run_cli("check", str(same), "--since", str(old))
    assert r.returncode == 0, r.stderr.decode()
    assert " 0 added, 0 changed, 0 removed" in r.stdout.decode().splitlines()[-2]
