"""The UI map: a JSON file that names every tappable element on screen and where it is.

Whole-app tests and staff tools read it to drive the kiosk (xdotool) without guessing
coordinates. The file is replaced atomically, so a reader never sees half a map.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk.files import write_atomic


@dataclass(frozen=True)
class Element:
    """One tappable element, in window pixels measured from the top-left corner."""

    id: str
    label: str
    x: int
    y: int
    w: int
    h: int


def write_ui_map(path: Path, screen: str, lang: str, elements: list[Element]) -> None:
    """Write the map to ``path`` atomically (:func:`~kiosk.files.write_atomic`).

    Raises OSError when the folder is not writable.
    """
    payload = {"screen": screen, "lang": lang, "elements": [asdict(e) for e in elements]}
    write_atomic(path, json.dumps(payload, ensure_ascii=False, indent=1))
