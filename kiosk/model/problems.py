"""Problems found in a content folder, in the form staff act on: ``file:line: severity: message``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Literal

from kiosk.i18n import _, current_language, use_language

Severity = Literal["error", "warning"]

# Control characters (a line break would split one problem into two lines; a terminal escape in
# a YAML value or a file name could clear or recolour the staff's terminal), the invisible
# marks that reverse the order of text on screen, and lone surrogates (how Python holds file
# names that are not UTF-8; printing them raises).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """Return ``text`` with control characters and lone surrogates written as escapes (``\\x1b``).

    Everything the content folder holds reaches the staff's terminal through this, so that no
    name or value can crash the printing or drive the terminal.
    """
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def shown(value: object, limit: int = 40) -> str:
    """Return ``value`` as staff see it quoted in a message: printable, and cut after ``limit`` characters."""
    text = printable(str(value))
    return text if len(text) <= limit else text[:limit] + "…"


def cannot_read(path: object, exc: OSError, *, folder: bool = False) -> str:
    """Return the message for a file or folder the kiosk may not read, with the command that fixes it."""
    if isinstance(exc, PermissionError):
        if folder:
            return _("the kiosk cannot read this folder (permission denied); give the kiosk user read access: "
                     "chmod -R a+rX '{path}'", path=path)
        return _("the kiosk cannot read this file (permission denied); give the kiosk user read access: "
                 "chmod a+r '{path}'", path=path)
    reason = (exc.strerror or type(exc).__name__).lower()
    if folder:
        return _("the kiosk cannot read this folder ({reason}); check the disk, or copy the folder again",
                 reason=reason)
    return _("the kiosk cannot read this file ({reason}); check the disk, or copy the file again", reason=reason)


def severity_word(severity: Severity) -> str:
    """Return the severity as staff read it in the current language ("error", "Fehler")."""
    return _("error") if severity == "error" else _("warning")


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: the file relative to the content folder, the 1-based line (or None), and what to do.

    ``lang`` is the language the message was written in (by default the current one, see
    :func:`kiosk.i18n.use_language`); the problem line names its severity in it too.
    """

    file: str
    line: int | None
    severity: Severity
    message: str
    lang: str = field(default_factory=current_language, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Problems come from hostile bytes too: make them safe to print once, here.
        object.__setattr__(self, "file", printable(self.file))
        object.__setattr__(self, "message", printable(self.message))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        with use_language(self.lang):
            return f"{where}: {severity_word(self.severity)}: {self.message}"

    def as_dict(self) -> dict:
        """Return the problem as a JSON-ready dict; ``severity`` keeps its English key for programs."""
        return {"file": self.file, "line": self.line, "severity": self.severity, "message": self.message}


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Return problems ordered by file and line, the order staff read them in."""
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.severity, p.message))


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Return only the errors."""
    return [p for p in problems if p.severity == "error"]


class Checked:
    """The outcome of a check, as a base of dataclasses with a ``problems`` field: the errors
    and the warnings among them."""

    problems: Iterable[Problem]

    @property
    def errors(self) -> list[Problem]:
        """Return only the errors."""
        return errors(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        """Return only the warnings."""
        return [p for p in self.problems if p.severity == "warning"]


class ContentError(Exception):
    """A content folder that cannot be shown; ``problems`` lists everything found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sort_problems(problems)
        count = len(errors(self.problems))
        super().__init__(_("{count} error(s) in the content folder:", count=count) + "\n"
                         + "\n".join(map(str, self.problems)))


class NotAContentFolder(Exception):
    """The path does not exist or has no ``kiosk.yaml``."""
