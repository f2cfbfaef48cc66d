"""The home screen: the question "Was möchten Sie erreichen?", goals as picture cards and
industries as chips to filter by, the story tiles a page at a time, and the way to the
provider wall and the info pages.

Few things carry the accent: the chosen filter, the tiles' bars, the pager and the one main
action (the provider wall); chips and page links are plain, so the eye finds the stories.
"""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty

from kiosk.ui.screens.ahead import Ahead
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.strings import tr
from kiosk.ui.theme import theme
from kiosk.ui.widgets.common import AccentButton, Tile
from kiosk.ui.widgets.tiles import StoryTile
from kiosk.ui.widgets.tiles import PageDots, PagedGrid, Pager  # noqa: F401 - used in home.kv


class GoalCard(Tile):
    """A business goal as a large picture card; tapping filters the stories (again: clears).

    The picture is the cover of one of the goal's stories (another card's picture only if
    the goal has no other), so the card shows what the goal looks like in the exhibition; a
    goal without stories shows the calm empty box.
    """

    goal = ObjectProperty(None)
    """The :class:`kiosk.model.types.Goal`."""

    picture = StringProperty("")
    """Path of the picture shown on the card."""

    chosen = BooleanProperty(False)
    """True while the stories are filtered by this goal: the card is filled with the accent."""

    controller = ObjectProperty(None, rebind=True)
    """The kiosk controller."""


class IndustryChip(AccentButton):
    """An industry filter chip; ``industry`` None is the "Alle" chip that clears the filter."""

    industry = ObjectProperty(None, allownone=True)
    """The :class:`kiosk.model.types.Industry`, or None for "Alle"."""

    controller = ObjectProperty(None, rebind=True)
    """The kiosk controller."""


class PageEntry(AccentButton):
    """An entry to an info page."""

    page = ObjectProperty(None)
    """The :class:`kiosk.model.types.Page`."""

    controller = ObjectProperty(None, rebind=True)
    """The kiosk controller."""


class HomeScreen(KioskScreen):
    """See the module docstring. Story tiles are built once and re-filtered per visit."""

    grid = ObjectProperty(None)
    """The :class:`~kiosk.ui.widgets.tiles.PagedGrid` of story tiles (set by kv)."""

    goals_box = ObjectProperty(None)
    """Container of the goal cards (set by kv)."""

    industries_box = ObjectProperty(None)
    """Container of the industry chips (set by kv)."""

    entries_box = ObjectProperty(None)
    """Container of the provider wall and page entries (set by kv)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._tiles: dict[str, StoryTile] = {}
        self._built = False
        self.ahead: Ahead | None = None
        """Prepares the stories and pages listed here on idle frames (made on the first visit)."""

    def populate(self) -> None:
        """Build the buttons and tiles on the first visit; apply the filters on every visit."""
        if not self._built:
            self._build()
        self.apply_filters()

    def _build(self) -> None:
        exhibition, controller = self.controller.exhibition, self.controller
        used: set[str] = set()
        for goal in exhibition.settings.goals:
            covers = [str(story.cover) for story in exhibition.filter_stories(goal=goal.id)]
            # Each card a picture of its own where the stories allow it.
            picture = next((cover for cover in covers if cover not in used), covers[0] if covers else "")
            used.add(picture)
            self.goals_box.add_widget(GoalCard(goal=goal, picture=picture, controller=controller))
        self.industries_box.add_widget(IndustryChip(industry=None, controller=controller))
        for industry in exhibition.settings.industries:
            self.industries_box.add_widget(IndustryChip(industry=industry, controller=controller))
        for page in exhibition.pages:
            self.entries_box.add_widget(PageEntry(page=page, controller=controller))
        for story in exhibition.stories:
            self._tiles[story.id] = StoryTile(story=story, controller=controller,
                                              on_release=self._open_tile)
        self._built = True

    def _open_tile(self, tile: StoryTile) -> None:
        self.controller.open_story(tile.story.id)

    def apply_filters(self, *_args) -> None:
        """Show the tiles of the stories matching the current goal and industry filters."""
        self.grid.tiles = [self._tiles[s.id] for s in self.controller.filtered_stories()]

    def on_enter(self, *_args) -> None:
        """Follow filter changes while the screen is shown; prepare the stories and pages it
        lists on the next idle frames, again after a switch of language, text size or window."""
        self.controller.fbind("goal", self.apply_filters)
        self.controller.fbind("industry", self.apply_filters)
        if self.ahead is None or self.ahead.manager is not self.manager:
            self.ahead = Ahead(self.manager, self.controller)
        self.controller.fbind("lang", self.ahead.start)
        for name in ("text_scale", "width", "height"):
            theme.fbind(name, self.ahead.start)
        self.manager.fbind("size", self.ahead.start)
        self.ahead.start()

    def on_leave(self, *_args) -> None:
        """Stop following the filters, the language, the text size and the window (what is
        being prepared goes on)."""
        self.controller.funbind("goal", self.apply_filters)
        self.controller.funbind("industry", self.apply_filters)
        if self.ahead is not None:
            self.controller.funbind("lang", self.ahead.start)
            for name in ("text_scale", "width", "height"):
                theme.funbind(name, self.ahead.start)
            self.ahead.manager.funbind("size", self.ahead.start)

    def stories_heading(self, lang: str, count: int, goal: str, industry: str) -> str:
        """Return the heading above the tiles: how many stories, for which filters."""
        exhibition = self.controller.exhibition
        names = []
        if goal:
            names.append(exhibition.goal(goal).label.get(lang))
        if industry:
            names.append(exhibition.industry(industry).label.get(lang))
        counted = tr("home.count_one", lang) if count == 1 else tr("home.count", lang, n=count)
        return counted + (": " + " · ".join(names) if names else "")


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
