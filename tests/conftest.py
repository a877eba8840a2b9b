"""Shared helpers: run the CLI (in this process, or in a new one), read PDFs, and check every PDF the suite writes.

Every PDF a test writes under pytest's temporary directory (or prints to
standard output through `run_cli`) is checked after the test by qpdf (through
pikepdf) and rendered page by page with pdfium: a test that builds a broken
PDF fails even if it only looked at the text.
"""

from __future__ import annotations

import functools
import io
import os
import signal
import stat
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "sources" / "afghanistan-resistance"


@dataclass(frozen=True)
class Ran:
    """How a command ended, as `subprocess.run` reports it."""

    args: tuple[str, ...]
    returncode: int
    stdout: bytes
    stderr: bytes


class _Exited(BaseException):
    def __init__(self, code: int) -> None:
        self.code = code


class _Timeout(BaseException):
    pass


_real_exit = os._exit


def _exit_run(code: int) -> None:
    """`os._exit` during an in-process run: in this process it ends the run, not pytest (a forked
    worker of a batch exits as ever)."""
    if os.getpid() == _PYTEST_PID:
        raise _Exited(code)
    _real_exit(code)


_PYTEST_PID = os.getpid()


# A process is needed for these: they act when the interpreter starts
_PROCESS_ONLY_ENV = ("PYTHONHASHSEED", "PYTHONIOENCODING", "PYTHONPATH", "PYTHONDONTWRITEBYTECODE")


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, input: bytes | None = None,
            timeout: float = 120) -> Ran:
    """`make_briefing.py ARGS` run in this process: `briefing.cli.run` itself, its exit status and output.

    What `run` does to the process (standard streams on file descriptors, signal handlers, the
    unraisable hook, its `os._exit`) is held off or undone, as are the working directory, the environment
    and the cached styles, so that one run leaves nothing for the next. A run that takes longer than
    `timeout` (a read from a FIFO that never ends) fails the test. Tests about the process itself
    (signals, pipes, closed or full standard streams, killed workers, start-up) use `run_process`.
    """
    from click.testing import CliRunner

    from briefing import cli, theme
    from briefing.errors import Stopped

    assert not set(env or {}) & set(_PROCESS_ONLY_ENV), "this environment needs a new process: use run_process"
    saved_cwd, saved_argv, saved_hook = os.getcwd(), sys.argv, sys.unraisablehook
    saved_signals = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM)}
    saved_guard = cli._guard_stdio

    def too_long(signum, frame):
        raise _Timeout()

    theme.load_theme.cache_clear()  # a process reads the styles afresh
    Stopped.last = 0
    code = 0
    with CliRunner().isolation(input=input, env=env) as (out, err, _):
        try:
            os.chdir(cwd or ROOT)
            sys.argv = [str(ROOT / "make_briefing.py"), *args]
            os._exit, cli._guard_stdio = _exit_run, lambda: None
            signal.signal(signal.SIGALRM, too_long)
            signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                cli.run()
            except _Exited as e:
                code = e.code
            except _Timeout:
                pytest.fail(f"make_briefing.py {' '.join(args)} took more than {timeout} s")
            except Exception:  # what the interpreter would print on its way out (with --debug)
                sys.stderr.write(traceback.format_exc())
                sys.stderr.flush()
                code = 1
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            os._exit, cli._guard_stdio = _real_exit, saved_guard
            for s, handler in saved_signals.items():
                signal.signal(s, handler)
            sys.unraisablehook, sys.argv = saved_hook, saved_argv
            os.chdir(saved_cwd)
            Stopped.last = 0
            theme.load_theme.cache_clear()
        stdout, stderr = out.getvalue(), err.getvalue()
    if code == 0 and stdout.startswith(b"%PDF-"):
        assert_sound_pdf(stdout)
    return Ran(args, code, stdout, stderr)


def run_process(*args: str, cwd: Path | None = None, env: dict | None = None, input: bytes | None = None,
                timeout: float = 120) -> subprocess.CompletedProcess:
    """`make_briefing.py ARGS` run in a new Python process."""
    e = dict(os.environ)
    e.update(env or {})
    r = subprocess.run([sys.executable, str(ROOT / "make_briefing.py"), *args], cwd=cwd or ROOT,
                       capture_output=True, env=e, input=input, timeout=timeout)
    if r.returncode == 0 and r.stdout.startswith(b"%PDF-"):
        assert_sound_pdf(r.stdout)
    return r


def assert_sound_pdf(pdf: Path | bytes) -> None:
    """qpdf finds no structural error and pdfium renders every page."""
    import pikepdf
    import pypdfium2

    data = pdf if isinstance(pdf, bytes) else pdf.read_bytes()
    name = "<stdout>" if isinstance(pdf, bytes) else str(pdf)
    assert data.startswith(b"%PDF-"), f"{name}: not a PDF"
    with pikepdf.open(io.BytesIO(data)) as doc:
        check = getattr(doc, "check", None) or doc.check_pdf_syntax  # renamed in pikepdf 10
        assert check() == [], f"{name}: qpdf found problems"
        n = len(doc.pages)
    assert n >= 1, f"{name}: no pages"
    doc = pypdfium2.PdfDocument(data)
    try:
        assert len(doc) == n, f"{name}: pdfium sees {len(doc)} pages, qpdf {n}"
        for i in range(n):
            page = doc[i]
            bitmap = page.render(scale=0.25)
            assert bitmap.width > 0 and bitmap.height > 0, f"{name}: page {i + 1} does not render"
            bitmap.close()
            page.close()
    finally:
        doc.close()


_checked: dict[str, int] = {}  # each PDF checked, and its time of change then
_listed: dict[str, tuple[int | None, list[str], list[str]]] = {}  # folder: (its time of change, folders, PDFs)


def _new_pdfs(root: Path) -> list[Path]:
    """PDFs under `root` written since they were last checked.

    A folder is listed again only when its time of change is new (an entry was added, removed or
    renamed), so that the check after each test costs a look at each folder, not a listing of the
    whole tree the session has written. A folder changed a moment before it is listed may change again
    within the same clock tick: it is listed again next time.
    """
    out = []
    todo = [str(root)]
    while todo:
        folder = todo.pop()
        try:
            changed = os.stat(folder).st_mtime_ns
        except OSError:
            _listed.pop(folder, None)
            continue
        known = _listed.get(folder)
        if known is None or known[0] != changed:
            folders, pdfs = [], []
            try:
                with os.scandir(folder) as entries:
                    for e in entries:
                        if e.is_dir(follow_symlinks=False):
                            folders.append(e.path)
                        elif e.name.endswith(".pdf"):
                            pdfs.append(e.path)
            except OSError:
                continue
            recent = time.time_ns() - changed < 100_000_000
            known = _listed[folder] = (None if recent else changed, folders, pdfs)
        todo += known[1]
        for p in known[2]:
            try:
                st = os.stat(p)
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode) and _checked.get(p) != st.st_mtime_ns:
                _checked[p] = st.st_mtime_ns
                out.append(Path(p))
    return out


@pytest.fixture(autouse=True)
def _every_pdf_is_sound(tmp_path_factory):
    """After each test, check each PDF it wrote under the session's temporary directory."""
    yield
    for p in _new_pdfs(tmp_path_factory.getbasetemp()):
        assert_sound_pdf(p)


def built(tmp_path_factory, source: Path, name: str) -> Path:
    """Build `source` once into a fresh temporary folder; the PDF's path (the build must succeed)."""
    out = tmp_path_factory.mktemp(name) / f"{name}.pdf"
    r = run_cli("build", str(source), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    return out


@pytest.fixture(scope="session")
def seed_pdf(tmp_path_factory) -> Path:
    return built(tmp_path_factory, SEED, "seed")


def pdf_text(path: Path) -> list[str]:
    """The text of each page, as pypdf extracts it."""
    st = os.stat(path)
    return list(_pdf_text(str(path), st.st_mtime_ns, st.st_size))


@functools.lru_cache(maxsize=64)
def _pdf_text(path: str, changed: int, size: int) -> tuple[str, ...]:
    """(Read once for each version of a file: several tests read the same shared build.)"""
    from pypdf import PdfReader

    return tuple(p.extract_text() or "" for p in PdfReader(path).pages)


def norm(s: str) -> str:
    return " ".join(s.split())


def doc_text(pdf: Path) -> str:
    """The text of every page, spaces normalised, as pdfium reads it: what `norm(" ".join(pdf_text(pdf)))`
    gives, some thirty times faster on a long document (but for a space before raised text, such as the
    number of a citation, which pypdf leaves out)."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return norm(" ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc))))
    finally:
        doc.close()


def text_box(pdf: Path, page: int, rect: tuple[float, float, float, float]) -> str:
    """The text pdfium finds inside (left, bottom, right, top) on a 0-based page."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        tp = doc[page].get_textpage()
        return norm(tp.get_text_bounded(*rect))
    finally:
        doc.close()


def lines_at(pdf: Path, page: int, top: float, depth: float = 30.0) -> str:
    """What a reader sees at a destination: the text from `top` down `depth` points, across the page."""
    return text_box(pdf, page, (0, top - depth, 10_000, top + 1))


def outline_entries(reader) -> list[tuple[str, int, int, float]]:
    """(title, level, 0-based page, top) of every outline entry, in order."""
    out: list[tuple[str, int, int, float]] = []

    def walk(items, level):
        for it in items:
            if isinstance(it, list):
                walk(it, level + 1)
            else:
                out.append((it.title, level, reader.get_destination_page_number(it), float(it["/Top"])))

    walk(reader.outline, 0)
    return out


def internal_links(reader) -> list[tuple[int, int, float, tuple[float, ...]]]:
    """(0-based page of the link, 0-based page of its destination, destination top, link rect)."""
    pages = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    out = []
    for i, page in enumerate(reader.pages):
        for a in page.get("/Annots") or []:
            a = a.get_object()
            d = a.get("/Dest")
            if d is None and "/A" in a and a["/A"].get("/S") == "/GoTo":
                d = a["/A"]["/D"]
            if d is None:
                continue
            if isinstance(d, str) or not isinstance(d, list):  # a named destination
                d = reader.named_destinations[str(d)]
                out.append((i, reader.get_destination_page_number(d), float(d["/Top"]),
                            tuple(float(v) for v in a["/Rect"])))
                continue
            out.append((i, pages[d[0].idnum], float(d[3]), tuple(float(v) for v in a["/Rect"])))
    return out



def printed(s: str) -> str:
    """Text as the PDF prints it: typographic quotes and year ranges (see richtext.smart), spaces normalised."""
    from briefing.richtext import smart

    return norm(smart(s))
