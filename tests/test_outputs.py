"""Where output goes and how the command ends: never over its own sources, never replacing
a device, FIFO or link, with the umask's permissions, and never a silent success when
standard output cannot take what is written."""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import stat
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import ROOT, SEED, assert_sound_pdf, run_cli

SMALL = "title: Small briefing\nsummary: [One point.]\n"


def one_line(err: bytes) -> str:
    """Standard error as the single line it must be, with no trace of a bug."""
    text = err.decode("utf-8", "replace")
    assert "Traceback" not in text and "internal error" not in text, text
    lines = text.splitlines()
    assert len(lines) == 1, text
    return lines[0]


@pytest.fixture
def small(tmp_path) -> Path:
    src = tmp_path / "small.yaml"
    src.write_text(SMALL, encoding="utf-8")
    return src


@contextmanager
def umask(mask: int):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


# -- an output that is an input, or another output of the same command --------------

def test_output_that_is_the_source_itself_is_refused(small):
    r = run_cli("build", str(small), "-o", str(small))
    assert r.returncode == 2
    assert "would overwrite" in one_line(r.stderr)
    assert small.read_text(encoding="utf-8") == SMALL


@pytest.mark.parametrize("name", ["briefing.yaml", "timeline.yaml", "groups.yaml"])
def test_output_that_is_a_file_of_a_folder_briefing_is_refused(tmp_path, name):
    folder = tmp_path / "seed"
    shutil.copytree(SEED, folder)
    before = (folder / name).read_bytes()
    r = run_cli("build", str(folder), "-o", str(folder / name))
    assert r.returncode == 2
    assert f"{folder / name}, a file the briefing reads" in one_line(r.stderr)
    assert (folder / name).read_bytes() == before


def test_output_reaching_the_source_through_a_link_or_another_spelling_is_refused(tmp_path, small):
    (tmp_path / "link.out").symlink_to(small)
    (tmp_path / "sub").mkdir()
    for output in (tmp_path / "link.out", tmp_path / "sub" / ".." / "small.yaml"):
        r = run_cli("build", str(small), "-o", str(output), cwd=tmp_path)
        assert r.returncode == 2, r.stderr.decode()
        one_line(r.stderr)
    assert small.read_text(encoding="utf-8") == SMALL
    assert (tmp_path / "link.out").is_symlink()


def test_handout_that_would_overwrite_the_pdf_is_refused(tmp_path, small):
    (tmp_path / "x-2up.pdf").symlink_to("x.pdf")  # the handout's name leads to the PDF
    r = run_cli("build", str(small), "-o", str(tmp_path / "x.pdf"), "--handout", "2up")
    assert r.returncode == 2
    assert "the PDF this command writes" in one_line(r.stderr)
    assert not (tmp_path / "x.pdf").exists()


def test_handout_needs_a_regular_file(tmp_path, small):
    os.mkfifo(tmp_path / "p.pdf")
    r = run_cli("build", str(small), "-o", str(tmp_path / "p.pdf"), "--handout", "booklet", timeout=60)
    assert r.returncode == 2
    assert "not a regular file" in one_line(r.stderr)


def test_watch_refuses_to_write_over_its_source(small):
    r = run_cli("watch", str(small), "-o", str(small), timeout=60)
    assert r.returncode == 2
    one_line(r.stderr)
    assert small.read_text(encoding="utf-8") == SMALL


@pytest.mark.parametrize("eml", ["out/small.pdf", "small.yaml"])
def test_mail_refuses_an_eml_over_its_pdf_or_source(tmp_path, small, eml):
    r = run_cli("mail", "small.yaml", "--to", "a@example.org", "--eml", eml, cwd=tmp_path)
    assert r.returncode == 2
    assert "would overwrite" in one_line(r.stderr)
    assert small.read_text(encoding="utf-8") == SMALL
    assert not (tmp_path / "out").exists()  # refused before building


def test_default_output_that_links_to_the_source_fails(tmp_path, small):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "small.pdf").symlink_to(small)
    r = run_cli("build", "small.yaml", cwd=tmp_path)
    assert r.returncode == 1
    assert "small.yaml:1:1: writing out/small.pdf would overwrite" in r.stderr.decode()
    assert small.read_text(encoding="utf-8") == SMALL
    (tmp_path / "out" / "small.pdf").unlink()  # not a PDF: the check of every PDF written would fail


def cli(*args: str, cwd: Path | None = None) -> tuple[int, str]:
    """The command line: (exit status, standard error)."""
    r = run_cli(*args, cwd=cwd or Path.cwd())
    return r.returncode, r.stderr.decode()


@pytest.fixture
def pictured(tmp_path) -> Path:
    """A folder briefing that shows an image, images/map.png."""
    from PIL import Image

    folder = tmp_path / "pictured"
    (folder / "images").mkdir(parents=True)
    Image.new("RGB", (60, 40), (40, 80, 120)).save(folder / "images" / "map.png")
    (folder / "briefing.yaml").write_text(
        "title: Pictured\nsections:\n  - title: Map\n    body: A map.\n"
        "    images:\n      - {file: images/map.png, alt: A map}\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("how", ["-o", "--handout", "--eml", "-o through a link"])
def test_no_output_replaces_an_image_the_briefing_reads(tmp_path, pictured, how):
    image = pictured / "images" / "map.png"
    before = image.read_bytes()
    args = {"-o": ["build", str(pictured), "-o", str(image)],
            "--handout": ["build", str(pictured), "-o", str(pictured / "images" / "map.pdf"), "--handout", "2up"],
            "--eml": ["mail", str(pictured), "--to", "a@example.org", "--eml", str(image)],
            "-o through a link": ["build", str(pictured), "-o", str(tmp_path / "link.pdf")]}[how]
    (pictured / "images" / "map-2up.pdf").symlink_to("map.png")  # the handout's name leads to the image
    (tmp_path / "link.pdf").symlink_to(image)
    code, err = cli(*args, cwd=tmp_path)
    assert code == 2, err
    assert f"would overwrite {image}, a file the briefing reads; choose another path" in err
    assert image.read_bytes() == before
    assert not (pictured / "images" / "map.pdf").exists()  # refused before anything is built
    assert not (tmp_path / "out").exists()
    for link in (pictured / "images" / "map-2up.pdf", tmp_path / "link.pdf"):
        link.unlink()  # not PDFs: the check of every PDF written would fail


def test_no_output_replaces_the_style_or_a_font_the_briefing_reads(tmp_path, small, monkeypatch):
    import briefing.theme as theme

    styles = tmp_path / "styles"
    shutil.copytree(ROOT / "styles", styles)
    monkeypatch.setattr(theme, "styles_dir", lambda: str(styles))
    theme.load_theme.cache_clear()
    try:
        fonts = tmp_path / "fonts"
        fonts.mkdir()
        shutil.copy(Path(theme.FONT_DIR) / "NotoSans-Bold.ttf", fonts / "Bold.ttf")
        with open(styles / "print.yaml", "a", encoding="utf-8") as fh:  # a house font, named by its path
            fh.write(f"fonts:\n  families:\n    - {{name: House, regular: NotoSans-Regular.ttf, "
                     f"bold: {fonts / 'Bold.ttf'}}}\n")
        for target in (styles / "print.yaml", styles / "default.yaml", fonts / "Bold.ttf"):  # and its parent
            before = target.read_bytes()
            code, err = cli("build", str(small), "--style", "print", "-o", str(target))
            assert code == 2, err
            assert f"would overwrite {target}, a file the briefing reads" in err
            assert target.read_bytes() == before
        code, err = cli("build", str(small), "--style", "print", "-o", str(tmp_path / "fine.pdf"))
        assert code == 0, err
    finally:
        theme.load_theme.cache_clear()


def test_a_failed_handout_leaves_the_pdf_and_the_handout_as_they_were(tmp_path, small, monkeypatch):
    import briefing.handout as handout

    code, err = cli("build", str(small), "-o", str(tmp_path / "x.pdf"), "--handout", "booklet")
    assert code == 0, err
    before = {p.name: p.read_bytes() for p in tmp_path.glob("x*.pdf")}
    assert sorted(before) == ["x-booklet.pdf", "x.pdf"]
    small.write_text(SMALL.replace("Small", "Changed"), encoding="utf-8")

    def fails(*args, **kwargs):
        from briefing.errors import BriefingError, Pos, Problem

        raise BriefingError(Problem(Pos("x"), "the handout cannot be laid out"))

    monkeypatch.setattr(handout, "impose", fails)
    code, err = cli("build", str(small), "-o", str(tmp_path / "x.pdf"), "--handout", "booklet")
    assert code == 1 and "the handout cannot be laid out" in err
    assert {p.name: p.read_bytes() for p in tmp_path.glob("x*.pdf")} == before  # neither is new
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".briefing-")] == []


# -- devices, FIFOs, links -----------------------------------------------------------

def test_output_to_a_fifo_is_streamed_and_the_fifo_stays(tmp_path, small):
    fifo = tmp_path / "stream.pdf"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    r = run_cli("build", str(small), "-o", str(fifo), timeout=60)
    assert r.returncode == 0, r.stderr.decode()
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    reader.join(timeout=60)  # a generous deadline: the PDF is written when the build exits
    assert got and got[0].startswith(b"%PDF-")
    assert_sound_pdf(got[0])


def test_output_to_a_device_writes_to_it_and_keeps_it(tmp_path, small):
    """A copy of /dev/null made in the test's folder (creating one needs root)."""
    dev = tmp_path / "null"
    try:
        os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    r = run_cli("build", str(small), "-o", str(dev))
    assert r.returncode == 0, r.stderr.decode()
    assert stat.S_ISCHR(os.stat(dev).st_mode)
    assert os.stat(dev).st_rdev == os.makedev(1, 3)


def test_output_through_a_link_replaces_its_target_and_keeps_the_link(tmp_path, small):
    (tmp_path / "elsewhere").mkdir()
    target = tmp_path / "elsewhere" / "real.pdf"
    target.write_bytes(b"earlier")
    link = tmp_path / "link.pdf"
    link.symlink_to(target)
    r = run_cli("build", str(small), "-o", str(link))
    assert r.returncode == 0, r.stderr.decode()
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes().startswith(b"%PDF-")
    dangling = tmp_path / "new.pdf"
    dangling.symlink_to(tmp_path / "elsewhere" / "new-target.pdf")
    r = run_cli("build", str(small), "-o", str(dangling))
    assert r.returncode == 0, r.stderr.decode()
    assert dangling.is_symlink() and (tmp_path / "elsewhere" / "new-target.pdf").read_bytes().startswith(b"%PDF-")
    assert not [n for n in os.listdir(tmp_path / "elsewhere") if n.startswith(".briefing-")]


# -- permissions ---------------------------------------------------------------------
# (run in this process: the umask is the process's, read when a file is made)

@pytest.mark.parametrize("mask", [0o077, 0o002])
def test_new_pdf_and_handout_follow_the_umask(tmp_path, small, mask):
    with umask(mask):
        r = run_cli("build", str(small), "-o", str(tmp_path / "n.pdf"), "--handout", "2up")
    assert r.returncode == 0, r.stderr.decode()
    for name in ("n.pdf", "n-2up.pdf"):
        assert stat.S_IMODE(os.stat(tmp_path / name).st_mode) == 0o666 & ~mask, name


def test_eml_follows_the_umask(tmp_path, small):
    with umask(0o077):
        r = run_cli("mail", "small.yaml", "--to", "a@example.org", "--eml", "m.eml", cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    assert stat.S_IMODE(os.stat(tmp_path / "m.eml").st_mode) == 0o600


def test_replaced_pdf_and_handout_keep_their_mode(tmp_path, small):
    out = tmp_path / "k.pdf"
    assert run_cli("build", str(small), "-o", str(out), "--handout", "booklet").returncode == 0
    os.chmod(out, 0o600)
    os.chmod(tmp_path / "k-booklet.pdf", 0o640)
    with umask(0o022):
        r = run_cli("build", str(small), "-o", str(out), "--handout", "booklet")
    assert r.returncode == 0, r.stderr.decode()
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "k-booklet.pdf").st_mode) == 0o640


# -- standard output -----------------------------------------------------------------

def test_pdf_to_a_pipe_closed_early_fails(small):
    """`build -o - | head -c1`: the reader takes one byte and goes; the build must not succeed."""
    p = subprocess.Popen([sys.executable, str(ROOT / "make_briefing.py"), "build", str(small), "-o", "-"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
    fcntl.fcntl(p.stdout.fileno(), fcntl.F_SETPIPE_SZ, 4096)  # the smallest pipe: the PDF cannot fit in it
    assert os.read(p.stdout.fileno(), 1) == b"%"
    p.stdout.close()
    with p.stderr:
        err = p.stderr.read()
    assert p.wait(timeout=120) == 1
    text = err.decode()
    assert "Traceback" not in text and "internal error" not in text, text
    assert "-:1:1: cannot write the PDF to standard output: Broken pipe" in text.splitlines()


def test_pdf_to_a_full_standard_output_fails(small):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    with open("/dev/full", "wb") as full:
        r = subprocess.run([sys.executable, str(ROOT / "make_briefing.py"), "build", str(small), "-o", "-"],
                           stdout=full, stderr=subprocess.PIPE, timeout=120)
    assert r.returncode == 1
    text = r.stderr.decode()
    assert "Traceback" not in text and "internal error" not in text, text
    assert f"-:1:1: cannot write the PDF to standard output: {os.strerror(errno.ENOSPC)}" in text.splitlines()


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["schema"], ["check", str(SEED)]])
def test_any_command_with_standard_output_closed_says_so(args):
    r = subprocess.run([sys.executable, str(ROOT / "make_briefing.py"), *args], stderr=subprocess.PIPE,
                       timeout=120, preexec_fn=lambda: os.close(1))
    assert r.returncode == 1
    assert one_line(r.stderr) == f"error: cannot write to standard output: {os.strerror(errno.EBADF)}"


def test_help_to_a_full_disk_fails():
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    with open("/dev/full", "wb") as full:
        r = subprocess.run([sys.executable, str(ROOT / "make_briefing.py"), "--help"], stdout=full,
                           stderr=subprocess.PIPE, timeout=120)
    assert r.returncode == 1
    assert one_line(r.stderr) == f"error: cannot write to standard output: {os.strerror(errno.ENOSPC)}"


def test_build_with_standard_output_closed_writes_nothing_into_the_pdf(tmp_path, small):
    """The PDF must not take the number of the closed standard output and receive the printed path."""
    out = tmp_path / "c.pdf"
    r = subprocess.run([sys.executable, str(ROOT / "make_briefing.py"), "build", str(small), "-o", str(out)],
                       stderr=subprocess.PIPE, timeout=120, preexec_fn=lambda: os.close(1))
    assert r.returncode == 1  # the PDF is written, but saying so failed
    assert one_line(r.stderr) == f"error: cannot write to standard output: {os.strerror(errno.EBADF)}"
    assert_sound_pdf(out)
    assert str(out).encode() not in out.read_bytes()


# -- file names and the environment ---------------------------------------------------

@pytest.mark.parametrize("name", [b"new\nline.yaml", b"carriage\rreturn.yaml", b"latin\xe9.yaml", b"bad\xff\n.yaml"])
def test_source_names_with_line_breaks_or_bytes_not_utf8(tmp_path, name):
    src = os.path.join(os.fsencode(tmp_path), name)
    with open(src, "wb") as fh:
        fh.write(SMALL.encode())
    shown = name.decode("utf-8", "backslashreplace").replace("\n", "\\n").replace("\r", "\\r")
    for args in (["build", os.fsdecode(src)], ["check", os.fsdecode(src)]):
        r = run_cli(*args, cwd=tmp_path)  # (its standard output encodes strictly, as under a UTF-8 locale)
        err = r.stderr.decode()
        assert r.returncode == 0, err
        assert "Traceback" not in err and "internal error" not in err, err
        lines = r.stdout.decode().splitlines()
        assert len(lines) == 1 and shown[:-5] in lines[0], lines
    broken = os.path.join(os.fsencode(tmp_path), b"x" + name)
    with open(broken, "wb") as fh:
        fh.write(b"titel: misspelt\n")
    r = run_cli("check", os.fsdecode(broken), cwd=tmp_path)
    assert r.returncode == 1
    lines = r.stderr.decode().splitlines()
    assert lines and all(f"x{shown}:1:1: " in line for line in lines), lines


@pytest.mark.parametrize("value", ["99999999999999999999", "253402300800", "-1", "1e9", "soon", "٣"])
def test_source_date_epoch_out_of_range_is_one_line(small, tmp_path, value):
    r = run_cli("build", str(small), "-o", str(tmp_path / "e.pdf"), env={"SOURCE_DATE_EPOCH": value})
    assert r.returncode == 2
    assert "SOURCE_DATE_EPOCH" in one_line(r.stderr)
    assert not (tmp_path / "e.pdf").exists()


@pytest.mark.parametrize("command", [["watch", "small.yaml"], ["mail", "small.yaml", "--to", "a@example.org",
                                                                 "--eml", "m.eml"]])
def test_source_date_epoch_out_of_range_stops_watch_and_mail(small, tmp_path, command):
    r = run_cli(*command, cwd=tmp_path, env={"SOURCE_DATE_EPOCH": "99999999999999999999"}, timeout=60)
    assert r.returncode == 2
    assert "SOURCE_DATE_EPOCH" in one_line(r.stderr)


def test_source_date_epoch_at_the_end_of_year_9999(small, tmp_path):
    from pypdf import PdfReader

    r = run_cli("build", str(small), "-o", str(tmp_path / "e.pdf"), env={"SOURCE_DATE_EPOCH": "253402300799"})
    assert r.returncode == 0, r.stderr.decode()
    assert PdfReader(str(tmp_path / "e.pdf")).metadata["/CreationDate"].startswith("D:99991231235959")


def test_a_handout_never_goes_into_a_fifo(tmp_path):
    src = tmp_path / "x.yaml"
    src.write_text("title: X\n")
    (tmp_path / "out").mkdir()
    os.mkfifo(tmp_path / "out" / "x-2up.pdf")
    r = run_cli("build", str(src), "--handout", "2up", cwd=tmp_path, timeout=60)  # it would wait for a reader
    assert r.returncode == 1
    assert "out/x-2up.pdf: the handout must go to a regular file; this is not one" in r.stderr.decode()


def test_mail_eml_refuses_standard_output(tmp_path):
    src = tmp_path / "x.yaml"
    src.write_text("title: X\n")
    r = run_cli("mail", str(src), "--to", "a@b.c", "--eml", "-", cwd=tmp_path)
    assert r.returncode == 2
    assert "--eml needs a file path, not '-'" in r.stderr.decode()
    assert r.stdout == b""


def test_max_size_must_be_a_number():
    r = run_cli("build", "--max-size", "nan", str(SEED), "-o", "-")
    assert r.returncode == 2 and b"not a number" in r.stderr


def test_file_names_print_without_bidi_overrides_or_tabs(tmp_path):
    src = tmp_path / "a\u202egnp.exe\tx.yaml"
    src.write_text("title: X\n")
    r = run_cli("check", str(src))
    assert r.returncode == 0
    assert r.stdout.decode() == f"ok: {tmp_path}/a\\u202egnp.exe\\tx.yaml\n"


def test_source_date_epoch_may_have_leading_zeros(tmp_path):
    out = tmp_path / "s.pdf"
    r = run_cli("build", str(SEED), "-o", str(out), env={"SOURCE_DATE_EPOCH": "00000000000001"})
    assert r.returncode == 0, r.stderr.decode()
