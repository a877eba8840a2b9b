"""Problems a user can fix, with the place in their file that caused them.

In: file names as the user typed them and 1-based line/column numbers.
Out: `Problem` records and `BriefingError`, the one exception that carries them
to the command line. Bugs are ordinary exceptions and never subclass these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn


@dataclass(frozen=True, slots=True)
class Pos:
    """A place in a source file: 1-based line and column."""

    file: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or worth a warning) at one place."""

    pos: Pos
    message: str
    warning: bool = False
    at: bool = True  # False: about a whole file, printed without a line and column
    note: bool = False  # a check that could not run, and why: neither an error nor a warning to fix

    def __str__(self) -> str:
        kind = "note: " if self.note else "warning: " if self.warning else ""
        where = self.pos if self.at else self.pos.file
        return f"{where}: {kind}{self.message}"

    def sort_key(self) -> tuple[str, int, int]:
        if self.note:  # after the problems of its file, which say why
            return (self.pos.file, 1 << 62, 0)
        return (self.pos.file, self.pos.line, self.pos.col)


class BriefingError(Exception):
    """A user error: one or more problems, each printed on its own line."""

    def __init__(self, problems: list[Problem] | Problem):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(Exception):
    """Wrong use of the command line that is only found after parsing (exit 2)."""


class Stopped(BaseException):
    """Ctrl-C (SIGINT) or SIGTERM: the command ends at once, with status 128 + the signal's number.

    Not an Exception, so that nothing on the way takes it for a failure to
    report (Click would turn a KeyboardInterrupt into "Aborted!" and status 1).
    """

    last: int = 0  # the signal last received, for code that is handed a KeyboardInterrupt in its place

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @classmethod
    def on_signal(cls, signum: int, frame: object = None) -> NoReturn:
        """A signal handler: raise Stopped where the program is."""
        cls.last = signum
        raise cls(signum)
