"""Right-to-left briefings: the direction a language implies, the `direction` key that overrides it."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

from briefing.direction import is_rtl


@pytest.mark.parametrize("tag", ["fa", "fa-AF", "prs", "ps", "ar", "ar-EG", "ar-SA", "ur", "ckb", "sd", "ug",
                                 "ug-Arab", "he", "yi", "dv", "FA-af", "ku-Arab"])
def test_languages_written_right_to_left(tag):
    assert is_rtl(tag)


@pytest.mark.parametrize("tag", ["en", "fr", "de-CH", "es-419", "tg", "ug-Latn", "uz-Latn", "x-private", "far"])
def test_languages_written_left_to_right(tag):
    assert not is_rtl(tag)


def test_the_direction_key_overrides_the_language():
    assert is_rtl("en", "rtl") and not is_rtl("fa-AF", "ltr") and is_rtl("fa-AF", "rtl")


def test_a_misspelt_direction_is_an_error_at_its_place(tmp_path):
    src = tmp_path / "d.yaml"
    src.write_text("title: T\nlanguage: fa\ndirection: rlt\n", encoding="utf-8")
    r = run_cli("check", str(src))
    assert r.returncode == 1
    assert f"{src}:3:12: 'direction' must be one of rtl, ltr, not 'rlt'; did you mean 'rtl'?" in \
        r.stderr.decode()


def test_the_json_schema_documents_the_direction_key():
    s = json.loads(run_cli("schema").stdout)
    d = s["properties"]["direction"]
    assert d["enum"] == ["rtl", "ltr"] and "overrides" in d["description"]
