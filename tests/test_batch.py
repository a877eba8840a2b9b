"""`build` of many briefings: parallel jobs, isolation of failures, progress bar, summary line."""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEED, pdf_text, run_cli

SUMMARY = re.compile(r"^built (\d+) of (\d+) briefings? \((\d+) pages?\), (\d+) failed, in [\d.]+ s$", re.M)


def _sources(tmp_path: Path, n: int, bad: set[int] = frozenset()) -> list[str]:
    out = []
    for i in range(n):
        p = tmp_path / "src" / f"b{i:02d}.yaml"
        p.parent.mkdir(exist_ok=True)
        body = f"title: Briefing number {i}\nsummary: [Point {i}.]\n"
        p.write_text(body.replace("title", "titel") if i in bad else body, encoding="utf-8")
        out.append(str(p))
    return out


def test_jobs_give_the_same_pdfs_and_output_as_one_process(tmp_path):
    paths = _sources(tmp_path, 5)
    runs = {}
    for jobs in ("1", "2"):
        d = tmp_path / f"j{jobs}"
        d.mkdir()
        r = run_cli("build", "--jobs", jobs, *paths, cwd=d)
        assert r.returncode == 0, r.stderr.decode()
        runs[jobs] = (r.stdout.decode(), {p.name: p.read_bytes() for p in sorted((d / "out").iterdir())})
    assert runs["1"] == runs["2"]
    stdout = runs["2"][0].splitlines()
    assert [line.split()[0] for line in stdout] == [f"out/b{i:02d}.pdf" for i in range(5)]  # in input order
    assert "Briefing number 3" in pdf_text(tmp_path / "j2" / "out" / "b03.pdf")[0]


def test_summary_line_counts_built_failed_and_pages(tmp_path):
    paths = _sources(tmp_path, 4, bad={1})
    r = run_cli("build", "-j", "2", *paths, cwd=tmp_path)
    err = r.stderr.decode()
    assert r.returncode == 1
    assert f"{paths[1]}:1:1: unknown key 'titel'" in err
    assert f"failed: {paths[1]}" in err
    m = SUMMARY.search(err)
    assert m, err
    built, total, pages, failed = map(int, m.groups())
    assert (built, total, failed) == (3, 4, 1)
    assert pages == 3  # one page each
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["b00.pdf", "b02.pdf", "b03.pdf"]
    assert "Traceback" not in err


def test_one_briefing_prints_no_summary(tmp_path):
    r = run_cli("build", *_sources(tmp_path, 1), cwd=tmp_path)
    assert r.returncode == 0
    assert not SUMMARY.search(r.stderr.decode())


def _stderr_on_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run the CLI with standard error on a pseudo-terminal; return the exit code and what it showed."""
    master, slave = pty.openpty()
    p = subprocess.Popen([sys.executable, str(ROOT / "make_briefing.py"), *args], cwd=cwd,
                         stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks = []
    end = time.monotonic() + 120
    while time.monotonic() < end:
        if not select.select([master], [], [], 1.0)[0]:
            if p.poll() is not None:
                break
            continue
        try:
            data = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return p.wait(timeout=120), b"".join(chunks).decode(errors="replace")


def test_progress_bar_on_a_terminal_only(tmp_path):
    paths = _sources(tmp_path, 6)
    code, shown = _stderr_on_terminal(["build", "-j", "2", *paths], tmp_path)
    assert code == 0, shown
    assert "building" in shown and "6/6" in shown
    assert SUMMARY.search(shown.replace("\r", "\n"))
    r = run_cli("build", "-j", "2", *paths, cwd=tmp_path)  # standard error is a pipe: no bar
    assert "building" not in r.stderr.decode()
    code, shown = _stderr_on_terminal(["build", *paths[:3]], tmp_path)  # a few: no bar
    assert code == 0 and "building" not in shown


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # fork() in a process pytest may have threaded
def test_a_crashing_briefing_fails_alone(tmp_path, monkeypatch):
    """A worker process that dies takes only its own briefing down."""
    from briefing import batch

    paths = _sources(tmp_path, 5)
    real = batch.build_one

    def crash_on_b02(path, opt):
        if path.endswith("b02.yaml"):
            os._exit(3)
        return real(path, batch.Options(output=str(tmp_path / "out" / (Path(path).stem + ".pdf"))))

    monkeypatch.setattr(batch, "build_one", crash_on_b02)
    seen = []
    results = batch.run(paths, batch.Options(), 2, seen.append)
    assert [r.source for r in seen] == paths
    assert [r.ok for r in results] == [True, True, False, True, True], [r.problems for r in results]
    assert [str(p) for p in results[2].problems] == [f"{paths[2]}:1:1: the build process died"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["b00.pdf", "b01.pdf", "b03.pdf", "b04.pdf"]


def test_build_all_of_sources_by_default(tmp_path):
    shutil.copytree(SEED, tmp_path / "sources" / "first")
    (tmp_path / "sources" / "second.yaml").write_text("title: Second\n", encoding="utf-8")
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    r = run_cli("build", cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["first.pdf", "second.pdf"]
    assert SUMMARY.search(r.stderr.decode()).group(1, 2) == ("2", "2")


def test_sources_that_would_write_the_same_pdf(tmp_path):
    """sources/a.yaml and a folder sources/a/ both make out/a.pdf: the second fails, the first is built."""
    (tmp_path / "sources" / "a").mkdir(parents=True)
    (tmp_path / "sources" / "a.yaml").write_text("title: A file\n", encoding="utf-8")
    (tmp_path / "sources" / "a" / "briefing.yaml").write_text("title: A folder\n", encoding="utf-8")
    (tmp_path / "sources" / "b.yaml").write_text("title: B\n", encoding="utf-8")
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    r = run_cli("build", cwd=tmp_path)
    err = r.stderr.decode()
    assert r.returncode == 1
    assert err.splitlines()[:2] == [
        "sources/a.yaml:1:1: it would write out/a.pdf, as sources/a does; rename one of them",
        "failed: sources/a.yaml"]
    assert SUMMARY.search(err).groups() == ("2", "3", "2", "1")
    assert "A folder" in pdf_text(tmp_path / "out" / "a.pdf")[0]
    r = run_cli("build", "sources/b.yaml", "sources/b.yaml", cwd=tmp_path)
    assert r.returncode == 1 and "sources/b.yaml:1:1: given twice" in r.stderr.decode()


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # fork() in a process pytest may have threaded
@pytest.mark.parametrize("cores, memory_mb, expected", [(2, 10_000, 2), (64, 250, 2), (64, 10_000, 5)])
def test_jobs_never_start_more_workers_than_briefings_cores_or_memory_allow(tmp_path, monkeypatch, cores,
                                                                             memory_mb, expected):
    """`--jobs 1000` on five briefings: as many workers as the briefings, cores and memory (100 MB each) allow."""
    import multiprocessing

    from briefing import batch

    paths = _sources(tmp_path, 5)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)), raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    monkeypatch.setattr(batch, "available_memory", lambda: memory_mb * 1024 * 1024, raising=False)
    workers: set[int] = set()

    def done(res) -> None:
        workers.update(p.pid for p in multiprocessing.active_children())

    results = batch.run(paths, batch.Options(), 1000, done)
    assert all(r.ok for r in results), [r.problems for r in results]
    assert len(workers) == expected
