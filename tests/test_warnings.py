"""Warnings are told, never fatal, unless --strict: build, check and mail alike."""

from __future__ import annotations

from conftest import ROOT, run_cli

# One warning (a source nobody cites), nothing wrong.
WARNED = ROOT / "tests" / "briefings" / "three-pages.yaml"


def test_build_with_only_warnings_writes_the_pdf(tmp_path):
    out = tmp_path / "w.pdf"
    r = run_cli("build", str(WARNED), "-o", str(out))
    err = r.stderr.decode()
    assert r.returncode == 0, err
    assert "warning: source 'fourth' is never cited" in err
    assert "failed" not in err
    assert out.read_bytes().startswith(b"%PDF-")


def test_strict_build_fails_and_writes_nothing(tmp_path):
    out = tmp_path / "w.pdf"
    r = run_cli("build", "--strict", str(WARNED), "-o", str(out))
    assert r.returncode == 1
    assert "source 'fourth' is never cited" in r.stderr.decode()
    assert not out.exists()


def test_check_with_only_warnings_is_ok():
    r = run_cli("check", str(WARNED))
    assert r.returncode == 0, r.stderr.decode()
    assert "ok:" in r.stdout.decode()
    assert run_cli("check", "--strict", str(WARNED)).returncode == 1


def test_mail_with_only_warnings_sends(tmp_path):
    eml = tmp_path / "w.eml"
    r = run_cli("mail", str(WARNED), "--to", "a@example.org", "--eml", str(eml), cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    assert b"application/pdf" in eml.read_bytes()
