"""The kiosk's screens, each a ``<name>.py`` beside its ``<name>.kv``.

The visitor screens are built lazily (see :mod:`kiosk.ui.shell`): a screen's module, and with
it its kv rules and the widgets only it uses, is imported when the screen is first built, so
that a start does not pay for screens its first frame does not show.
"""

from __future__ import annotations

VISITOR_SCREENS = ("home", "story", "providers", "provider", "page")
"""The visitor screens, in the order a visitor needs them: the shell builds them in this order
after the first frame."""


def screen_class(name: str) -> type:
    """Return the class of the visitor screen ``name``, importing its module (and so loading its
    kv rules) the first time. Raises ValueError for a name not in :data:`VISITOR_SCREENS`."""
    if name == "home":
        from kiosk.ui.screens.home import HomeScreen

        return HomeScreen
    if name == "story":
        from kiosk.ui.screens.story import StoryScreen

        return StoryScreen
    if name == "providers":
        from kiosk.ui.screens.providers import ProvidersScreen

        return ProvidersScreen
    if name == "provider":
        from kiosk.ui.screens.provider import ProviderScreen

        return ProviderScreen
    if name == "page":
        from kiosk.ui.screens.page import PageScreen

        return PageScreen
    raise ValueError(f"unknown visitor screen {name!r}; expected one of {VISITOR_SCREENS}")
