"""Messages a user reads: nothing goes unsaid, every suggestion is the likely one, every YAML trap taught."""

from __future__ import annotations

import textwrap
from pathlib import Path

from conftest import run_cli


def write(folder: Path, text: str, name: str = "b.yaml") -> Path:
    p = folder / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def check(*args: str) -> tuple[int, list[str]]:
    r = run_cli("check", *args)
    err = r.stderr.decode()
    assert "Traceback" not in err
    return r.returncode, err.splitlines()


# -- a file that cannot be read: the checks that need it are named, the others run ---------------------------

def test_broken_sources_file_says_citations_were_not_checked(tmp_path):
    d = tmp_path / "brief"
    d.mkdir()
    write(d, """\
        title: T
        summary:
          - "A point. [@nowhere]"
        """, "briefing.yaml")
    write(d, "- id: a\n  title: A\n - id: b\n", "sources.yaml")
    write(d, "- {date: 2021-13, title: E, groups: [nrf]}\n", "timeline.yaml")
    write(d, "- {id: nrf, name: N}\n", "groups.yaml")
    code, lines = check(str(d))
    assert code == 1
    assert lines[0].startswith(f"{d}/sources.yaml:3:2: ")  # the parse error itself
    assert f"{d}/sources.yaml: note: citations not checked: sources.yaml could not be read" in lines
    # every check that does not need sources.yaml still runs
    assert f"{d}/timeline.yaml:1:10: 'date': month 13 is out of range (01-12)" in lines
    assert len(lines) == 3, lines


def test_broken_briefing_file_still_checks_the_component_files(tmp_path):
    d = tmp_path / "brief"
    d.mkdir()
    write(d, "title: T\nsummary: [a\n", "briefing.yaml")
    write(d, "- {date: 2021-13, title: E}\n- {date: 2021, title: F, sources: [nope]}\n", "timeline.yaml")
    write(d, "- {id: a, title: A}\n", "sources.yaml")
    code, lines = check(str(d))
    assert code == 1
    assert lines[0].startswith(f"{d}/briefing.yaml:")
    assert f"{d}/timeline.yaml:1:10: 'date': month 13 is out of range (01-12)" in lines
    assert f"{d}/timeline.yaml:2:36: source 'nope' names no source" in lines
    assert f"{d}/briefing.yaml: note: uncited sources not checked: briefing.yaml could not be read" in lines
    assert not any("missing required key" in x or "never cited" in x for x in lines), lines


def test_broken_groups_file_says_event_groups_were_not_checked(tmp_path):
    d = tmp_path / "brief"
    d.mkdir()
    write(d, "title: T\n", "briefing.yaml")
    write(d, "- {date: 2021, title: E, groups: [nrf]}\n", "timeline.yaml")
    write(d, "- {id: nrf, name: N\n", "groups.yaml")
    code, lines = check(str(d))
    assert code == 1
    assert f"{d}/groups.yaml: note: event groups not checked: groups.yaml could not be read" in lines
    assert len(lines) == 2, lines


def test_notes_are_not_turned_into_errors_by_strict(tmp_path):
    d = tmp_path / "brief"
    d.mkdir()
    write(d, "title: T\n", "briefing.yaml")
    write(d, "- {id: a, title: A\n", "sources.yaml")
    code, lines = check("--strict", str(d))
    assert code == 1
    assert f"{d}/sources.yaml: note: citations not checked: sources.yaml could not be read" in lines


# -- YAML traps: a plain value that starts with a character YAML reads as syntax -------------------------------

TRAPS = {
    "title: **Bold** text\n": ("1:8", "a value that starts with '**' must be in quotes: YAML reads a '*' at the "
                               "start of a value as an alias (a reference to an '&' anchor); put the whole value "
                               "in quotes, e.g. title: \"**Bold** text\""),
    "title: T\nsummary:\n  - [@a] says so\n": ("3:5", "a value that starts with '[@' must be in quotes: '[' begins a "
                                               "YAML list, so a citation cannot come first; put the whole value in "
                                               "quotes, e.g. - \"[@a] says so\""),
    "title: *Note* this\n": ("1:8", "a value that starts with '*' must be in quotes: YAML reads a '*' at the start of "
                             "a value as an alias (a reference to an '&' anchor); put the whole value in quotes, e.g. "
                             "title: \"*Note* this\""),
    "title: !Important\n": ("1:8", "a value that starts with '!' must be in quotes: YAML reads a '!' at the start of a "
                            "value as a tag; put the whole value in quotes, e.g. title: \"!Important\""),
    "title: 100% sure\nsubtitle: '%s'\npublisher: %d\n": (
        "3:12", "a value that starts with '%' must be in quotes: YAML reserves a '%' at the start of a value for "
                "directives; put the whole value in quotes, e.g. publisher: \"%d\""),
    "title: '@home'\nsubtitle: @home\n": ("2:11", "a value that starts with '@' must be in quotes: YAML reserves '@' "
                                          "at the start of a value; put the whole value in quotes, e.g. subtitle: "
                                          "\"@home\""),
    "title: `code` here\n": ("1:8", "a value that starts with '`' must be in quotes: YAML reserves a backquote at the "
                             "start of a value; put the whole value in quotes, e.g. title: \"`code` here\""),
    "title: | a | b |\n": ("1:8", "a value that starts with '|' must be in quotes: YAML reads a '|' at the start of a "
                           "value as a block of text whose lines begin on the next line; put the whole value in "
                           "quotes, e.g. title: \"| a | b |\""),
    "title: > 5 km\n": ("1:8", "a value that starts with '>' must be in quotes: YAML reads a '>' at the start of a "
                        "value as a folded block of text whose lines begin on the next line; put the whole value in "
                        "quotes, e.g. title: \"> 5 km\""),
    'title: *"Quoted" words*\n': ("1:8", "a value that starts with '*' must be in quotes: YAML reads a '*' at the "
                                  "start of a value as an alias (a reference to an '&' anchor); put the whole value "
                                  "in quotes, e.g. title: '*\"Quoted\" words*'"),
}


def test_each_yaml_trap_is_taught_with_the_quoted_fix(tmp_path):
    for text, (at, want) in TRAPS.items():
        p = write(tmp_path, text)
        code, lines = check(str(p))
        assert (code, lines) == (1, [f"{p}:{at}: {want}"]), text


def test_an_anchor_that_swallows_the_start_of_a_value_is_a_warning(tmp_path):
    p = write(tmp_path, "title: &Co partners\n")
    code, lines = check(str(p))
    assert code == 0
    assert lines == [f"{p}:1:8: warning: a value that starts with '&' must be in quotes: YAML reads a '&' at the "
                     "start of a value as an anchor name and leaves it out of the text; put the whole value in "
                     "quotes, e.g. title: \"&Co partners\""]


def test_real_block_scalars_anchors_and_tags_keep_their_meaning(tmp_path):
    p = write(tmp_path, "title: &t T\nsubtitle: *t\nsummary:\n  - |\n    **Bold** point\n  - >-\n    folded\n")
    assert check(str(p)) == (0, [])
    p = write(tmp_path, "title: !!python/object:os.system x\n")
    assert check(str(p))[1] == [f"{p}:1:8: YAML tag '!!python/object:os.system' is not allowed"]


# -- "did you mean": the likely candidate, and a suggestion wherever a name can be mistyped -------------------

def test_a_citation_with_words_added_suggests_the_source_it_holds(tmp_path):
    p = write(tmp_path, """\
        title: T
        summary:
          - "One. [@acled-2024]"
          - "Two. [@cedeao-2025] [@acled-2023]"
        sources:
          - {id: acled, title: A}
          - {id: cedeao-2025, title: C}
          - {id: acled-2023, title: B}
        """)
    code, lines = check(str(p))
    assert code == 1
    # closer in spelling, but 'acled-2023' is a different report: the name holds 'acled' whole
    assert f"{p}:3:11: citation 'acled-2024' names no source; did you mean 'acled'?" in lines


def test_of_two_equally_close_sources_the_uncited_one_is_suggested(tmp_path):
    p = write(tmp_path, """\
        title: T
        summary:
          - "One. [@acled-2023]"
          - "Two. [@acled-2024]"
        sources:
          - {id: acled-2023, title: A}
          - {id: acled-2025, title: C}
        """)
    code, lines = check(str(p))
    assert f"{p}:4:11: citation 'acled-2024' names no source; did you mean 'acled-2025'?" in lines


def test_a_mistyped_source_path_suggests_the_one_beside_it(tmp_path):
    (tmp_path / "sources" / "sahel-central").mkdir(parents=True)
    r = run_cli("check", "sources/sahel-centrl", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.decode().splitlines()[-1] == ("Error: Invalid value for 'SOURCES...': Path 'sources/sahel-centrl' "
                                                  "does not exist; did you mean 'sources/sahel-central'?")


def test_a_mistyped_image_name_suggests_the_file_beside_it(tmp_path):
    from PIL import Image

    (tmp_path / "maps").mkdir()
    Image.new("RGB", (4, 4)).save(tmp_path / "maps" / "carte-sahel.png")
    p = write(tmp_path, """\
        title: T
        sections:
          - title: S
            images:
              - {file: maps/carte_sahel.png, alt: Map}
        """)
    code, lines = check(str(p))
    assert lines == [f"{p}:5:16: no image 'maps/carte_sahel.png' in the briefing's folder; did you mean "
                     "'maps/carte-sahel.png'?"]


def test_a_language_name_is_told_its_tag(tmp_path):
    for name, tag in (("français", "fr"), ("French", "fr"), ("Deutsch", "de"), ("Dari", "fa-AF")):
        p = write(tmp_path, f"title: T\nlanguage: {name}\n")
        assert check(str(p)) == (1, [f"{p}:2:11: 'language': {name!r} is the name of a language; write its "
                                     f"tag, {tag!r}"])


def test_a_date_in_another_order_is_told_the_iso_form(tmp_path):
    cases = {
        "26/07/2023": "; write 2023-07-26", "07/26/2023": "; write 2023-07-26", "2023/07/26": "; write 2023-07-26",
        "26.07.2023": "; write 2023-07-26", "07/2023": "; write 2023-07",
        "07/08/2023": "; write 2023-08-07 (7 August) or 2023-07-08 (8 July)",
        "31/02/2023": "",  # no such day in either order: nothing to suggest
    }
    for typed, hint in cases.items():
        p = write(tmp_path, f"title: T\ndate: {typed}\n")
        assert check(str(p)) == (1, [f"{p}:2:7: 'date': not a date (expected YYYY, YYYY-MM or YYYY-MM-DD){hint}"])
