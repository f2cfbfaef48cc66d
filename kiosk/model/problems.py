"""Problems found in a content folder, in the form staff act on: ``file:line: severity: message``."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: the file relative to the content folder, the 1-based line (or None), and what to do."""

    file: str
    line: int | None
    severity: Severity
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity}: {self.message}"

    def as_dict(self) -> dict:
        """Return the problem as a JSON-ready dict."""
        return asdict(self)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Return problems ordered by file and line, the order staff read them in."""
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.severity, p.message))


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Return only the errors."""
    return [p for p in problems if p.severity == "error"]


class ContentError(Exception):
    """A content folder that cannot be shown; ``problems`` lists everything found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sort_problems(problems)
        count = len(errors(self.problems))
        super().__init__(f"{count} error(s) in the content folder:\n" + "\n".join(map(str, self.problems)))


class NotAContentFolder(Exception):
    """The path does not exist or has no ``kiosk.yaml``."""
