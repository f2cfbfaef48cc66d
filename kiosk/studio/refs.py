"""What refers to what in a content folder, so that a delete can name what it would break.

Stories name providers (``providers:``), goals (``goals:``) and an industry
(``company: industry:``); the attract list in ``kiosk.yaml`` names stories. The studio asks
here before it deletes a provider, a goal, an industry or a story, and names the referring
items to staff instead of leaving the validator to find dangling ids after the fact.

Read only, and tolerant: a file that cannot be read or parsed refers to nothing here (the
validator reports it in its own words); nothing in this module writes or validates.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Referrer:
    """One item that refers to another: its kind (``story`` or ``attract``), its id, and its title."""

    kind: str
    id: str
    title: str


def _load(path: Path) -> Any:
    """The parsed YAML of ``path``, or None when it is missing or cannot be read as YAML."""
    try:
        with path.open("rb") as handle:
            return yaml.safe_load(handle)
    except (OSError, yaml.YAMLError, ValueError):
        return None


def _title(value: Any, lang: str) -> str:
    """A text field as one string: the ``lang`` version, else the first, else the text itself."""
    if isinstance(value, dict):
        text = value.get(lang) or next((v for v in value.values() if isinstance(v, str) and v), "")
        return text if isinstance(text, str) else ""
    return value if isinstance(value, str) else ""


def _stories(folder: Path) -> list[tuple[str, dict]]:
    """Every story in ``folder`` that parses as a mapping, as (id, data), ordered by id."""
    root = Path(folder) / "stories"
    if not root.is_dir():
        return []
    found = []
    for story in sorted(root.iterdir()):
        data = _load(story / "story.yaml") if story.is_dir() else None
        if isinstance(data, dict):
            found.append((story.name, data))
    return found


def _ids(value: Any) -> list[str]:
    """A list of ids as written (``[a, b]``), ignoring anything that is not a string."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def stories_naming(folder: Path, field: str, item_id: str, *, lang: str = "de") -> list[Referrer]:
    """The stories whose ``field`` names ``item_id``: ``providers``, ``goals`` or ``industry``."""
    found = []
    for story_id, data in _stories(folder):
        if field == "industry":
            company = data.get("company")
            named = isinstance(company, dict) and company.get("industry") == item_id
        else:
            named = item_id in _ids(data.get(field))
        if named:
            found.append(Referrer("story", story_id, _title(data.get("title"), lang) or story_id))
    return found


def provider_referrers(folder: Path, provider_id: str, *, lang: str = "de") -> list[Referrer]:
    """The stories that link to the provider ``provider_id``."""
    return stories_naming(folder, "providers", provider_id, lang=lang)


def goal_referrers(folder: Path, goal_id: str, *, lang: str = "de") -> list[Referrer]:
    """The stories filed under the goal ``goal_id``."""
    return stories_naming(folder, "goals", goal_id, lang=lang)


def industry_referrers(folder: Path, industry_id: str, *, lang: str = "de") -> list[Referrer]:
    """The stories whose firm is in the industry ``industry_id``."""
    return stories_naming(folder, "industry", industry_id, lang=lang)


def story_referrers(folder: Path, story_id: str) -> list[Referrer]:
    """The attract-list entries in ``kiosk.yaml`` that show the story ``story_id``, by position (1 = first)."""
    settings = _load(Path(folder) / "kiosk.yaml")
    entries = settings.get("attract") if isinstance(settings, dict) else None
    if not isinstance(entries, list):
        return []
    return [Referrer("attract", str(number), story_id) for number, entry in enumerate(entries, 1)
            if isinstance(entry, dict) and entry.get("story") == story_id]
