"""The language of the validator's and the content operations' messages, German or English.

English is the source language: every message is written in the code as its English sentence
(the msgid) with named placeholders, ``_("'{key}' is empty", key=name)``, and German comes from
the compiled catalogue ``kiosk/locale/de/LC_MESSAGES/kiosk.mo``. Placeholders are named, never
positional, so that a German sentence may put them in its own order.

The language is chosen per call, not per process: a web editor serves German and English
requests at the same time from its threads. :func:`use_language` sets it for the code that runs
inside the ``with`` block (a :mod:`contextvars` variable, so each thread, and each asyncio task,
has its own), and :func:`_` reads it when the message is made. A message is made once, in the
language of the moment: a :class:`~kiosk.model.problems.Problem` keeps the language it was
written in, so that its severity word matches its sentence wherever it is printed later.

Update the catalogue after changing a message with ``scripts/update_messages.py`` (see
docs/architecture.md).
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

DOMAIN = "kiosk"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "de")
"""The languages messages exist in; the first is the source language and the default."""
DEFAULT = LANGUAGES[0]

_current: ContextVar[str] = ContextVar("kiosk_message_language", default=DEFAULT)


def language(lang: str | None) -> str:
    """Return ``lang`` as one of :data:`LANGUAGES`; None is the current language.

    Raises ValueError, naming the languages there are, for any other code.
    """
    if lang is None:
        return _current.get()
    code = lang.strip().lower()
    if code not in LANGUAGES:
        raise ValueError(f"messages exist in {', '.join(LANGUAGES)}, not in '{lang}'; choose one of these")
    return code


def system_language(environ: Mapping[str, str] | None = None) -> str:
    """Return the language the system locale asks for: German when the first of ``LC_ALL``,
    ``LC_MESSAGES`` and ``LANG`` that is set starts with ``de``, English otherwise."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:  # the first one set decides, as in gettext: LC_ALL=C on a German machine means English
            return "de" if value.lower().startswith("de") else DEFAULT
    return DEFAULT


def current_language() -> str:
    """Return the language messages are made in here and now."""
    return _current.get()


@contextmanager
def use_language(lang: str | None) -> Iterator[str]:
    """Make messages in ``lang`` inside the ``with`` block, in this thread (or task) only.

    None keeps the current language, which is English unless an enclosing block chose another,
    so that a function taking ``lang=None`` speaks the language its caller chose.

    Raises ValueError for a language there are no messages in.
    """
    token = _current.set(language(lang))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


@cache
def _catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang``; English, the source language, needs none."""
    if lang == DEFAULT:
        return gettext.NullTranslations()
    # No fallback: a missing catalogue is a broken installation, and a test catches it.
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])


def _(msgid: str, /, **values: object) -> str:
    """Return the message ``msgid`` in the current language, its ``{name}`` placeholders filled
    with ``values``.

    A message without ``values`` is returned as it is, so it may hold braces of its own.
    """
    text = _catalogue(_current.get()).gettext(msgid)
    return text.format(**values) if values else text



def N_(msgid: str, /) -> str:
    """Mark ``msgid`` as a message without translating it yet: for sentences kept in constants,
    which :func:`_` translates when they are used (the catalogue tools collect both)."""
    return msgid
