"""The numbers the loader checks content against, shared with the editor schema.

Kept apart from the loader so that :mod:`kiosk.model.schema` can quote them in its
descriptions without importing the loader (which imports the schema).
"""

from __future__ import annotations

DEFAULT_IMAGE_SECONDS = 8.0
"""How long the attract loop shows an image that has no ``duration``."""

# How many characters each text slot shows at 1080p before it is cut or crowds its neighbours.
TEXT_LIMITS: dict[str, int] = {
    "kiosk.title": 60, "goal.label": 32, "industry.label": 32,
    # The story screen at 1080p holds its title on one heading line up to about 50 characters,
    # and six lines per slot in its compact type: 180 characters of compound-heavy business
    # German (which needs a seventh line from about 190), and per cost entry 50 (two lines
    # with its label, a third from about 58). The company line ("name · place · industry ·
    # 1250 Beschäftigte") keeps to one line with a 40-character name, a 25-character place and
    # the longest industry label; a second line pushes the slots down. tests/ui/test_story_fit.py
    # renders texts at these limits; longer ones would overlap the company line above the slots.
    "story.title": 50, "story.teaser": 140, "story.challenge": 180, "story.solution": 180,
    "story.benefit": 180, "story.cost": 50, "story.company.name": 40, "story.company.place": 25,
    # A key figure's unit sits beside its number in large type, its label below in a quarter of the row.
    "story.figure.unit": 18, "story.figure.label": 28,
    "media.caption": 100,
    "provider.name": 40, "provider.tagline": 80, "provider.description": 400,
    "provider.services": 60, "provider.place": 40,
    "page.title": 60, "page.body": 900, "page.qr_caption": 120,
}
