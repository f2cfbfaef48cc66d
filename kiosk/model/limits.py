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
    # The story screen at 1080p keeps its media at 960x540 beside a text column of 800 px, and
    # the text column holds, in its smallest type (title 40 px, slots 24 px): the title on one
    # line up to 36 characters of compound-heavy German, the company line on two, a row of four
    # key figures, and per slot five lines: 100 characters of business German, and per cost
    # entry 30 (two lines with its label). tests/ui/test_story_fit.py renders a story with every
    # text at these limits and four figures; one step longer pushed the slots over the company
    # line or made the media shrink (measured: slots 110 and cost 35 with a 40-character title
    # need about 120 px more than the column has).
    "story.title": 36, "story.teaser": 140, "story.challenge": 100, "story.solution": 100,
    "story.benefit": 100, "story.cost": 30, "story.company.name": 30, "story.company.place": 25,
    # A key figure's unit sits beside its number in large type, its label below in one or two
    # lines; four figures with a counted noun as long as "Prozentpunkte" keep to one row at 1080p,
    # and a row that cannot hold its figures side by side wraps (see kiosk/ui/widgets/figures.py).
    "story.figure.unit": 18, "story.figure.label": 28,
    "media.caption": 100,
    "provider.name": 40, "provider.tagline": 80, "provider.description": 400,
    "provider.services": 60, "provider.place": 40,
    "page.title": 60, "page.body": 900, "page.qr_caption": 120,
}
