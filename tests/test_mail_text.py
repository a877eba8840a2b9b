"""The mail body says what the PDF says, in the same words: one text pipeline for both."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

from conftest import doc_text, run_cli

FRENCH = """\
title: "Le Sahel 2012-2025 : l'Alliance des États"
subtitle: "Ce que l'Alliance veut"
publisher: "L'Observatoire"
authors: ["J. d'Arc"]
language: fr
date: 2025-11-20
as_of: 2025-11
summary:
  - "l'Alliance 2020-2023 : un point."
"""


def mail_and_pdf(tmp_path: Path, text: str) -> tuple[list[str], str]:
    src = tmp_path / "b.yaml"
    src.write_text(text, encoding="utf-8")
    r = run_cli("mail", str(src), "--to", "ann@example.org", "--eml", "m.eml", cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    with open(tmp_path / "m.eml", "rb") as fh:
        msg = email.message_from_binary_file(fh, policy=policy.default)
    body = msg.get_body(preferencelist=("plain",)).get_content()
    return body.splitlines(), doc_text(tmp_path / "out" / "b.pdf")


def test_the_mail_body_typesets_title_and_facts_as_the_pdf_does(tmp_path):
    lines, pdf = mail_and_pdf(tmp_path, FRENCH)
    title = "Le Sahel 2012\u20132025\u202f: l\u2019Alliance des États"  # (French: a narrow space before ':')
    assert lines[0] == title
    assert " ".join(lines[0].split()) in pdf  # (the PDF's text, spaces made one)
    assert lines[1] == "Ce que l\u2019Alliance veut"
    assert "Éditeur\u202f: L\u2019Observatoire" in lines  # (the PDF's French spacing)
    assert "Auteur\u202f: J. d\u2019Arc" in lines
    assert any(x.startswith("- l\u2019Alliance 2020\u20132023") for x in lines)


def test_a_month_only_as_of_uses_the_pdfs_words(tmp_path):
    lines, pdf = mail_and_pdf(tmp_path, FRENCH)
    assert "Informations à jour en novembre 2025" in lines
    assert "Informations à jour en novembre 2025" in pdf
    assert not any("à jour au" in x for x in lines)
    lines, pdf = mail_and_pdf(tmp_path, FRENCH.replace("as_of: 2025-11", "as_of: 2025-11-03"))
    assert "Informations à jour au 3 novembre 2025" in lines
    assert "Informations à jour au 3 novembre 2025" in pdf
