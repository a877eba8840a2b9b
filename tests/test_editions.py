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
    """A git repository whose last commit holds the first edition; the work tree, the second."""
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
    return root


def test_git_revision_gives_what_the_path_gives(repo, tmp_path):
    new = repo / "sources" / SLUG
    r = run_cli("check", str(new), "--since", "git:HEAD")
    assert r.returncode == 0, r.stderr.decode()
    copy = first_edition(tmp_path / "copy" / SLUG)
    want = expected_lines(copy, new, old_place=f"HEAD:sources/{SLUG}/sources.yaml")
    assert r.stdout.decode().splitlines() == [*(s.replace("{label}", "git:HEAD") for s in want), f"ok: {new}"]
    # the same from the briefing's own `previous`, relative to its folder's files
    edit(new / "briefing.yaml", "edition: 12\n", "edition: 12\nprevious: git:HEAD\n")
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
