"""The real preview: the item being edited, drawn by the kiosk itself, in every language, at the kiosk's size.

A preview is ``kiosk snapshot --only <screen>:<id>`` (:func:`kiosk.services.content_ops.snapshot`,
a child process with Kivy), one per language of the exhibition. That takes seconds, so it never
runs in a request: one background thread per studio renders, and the page asks every few
seconds (``/vorschau/stand/...``) how far it is. Each such question compares the content
folder's fingerprint (:func:`kiosk.services.watcher.signature`: every file's size and time)
with the one the last picture was drawn from; when a save changed the folder, a new render is
queued, so the preview follows every save without the forms knowing about it. While it renders
the last pictures stay; a render that fails shows its sentence, and a folder with errors says
that the kiosk would not show it. The pictures live in a temporary folder, never in the content.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import Blueprint, abort, current_app, jsonify, render_template, send_file, url_for

from kiosk.services import content_ops
from kiosk.services.settings import MachineSettings
from kiosk.services.watcher import signature
from kiosk.studio.app import t, ui_lang, workspace
from kiosk.studio.security import machine_settings
from kiosk.studio.texts import TEXTS

SCREENS = {"story": "stories", "provider": "providers", "page": "pages"}
"""The kiosk screens that show one item, and the folder of their items."""
DEFAULT_SIZE = (1920, 1080)
"""The kiosk's screen when neither the app's ``STUDIO_PREVIEW_SIZE`` nor the machine settings'
``[screen] size`` say otherwise (a fullscreen kiosk on a 1080p display)."""
POLL_MS = 2000
"""How often the page asks for the preview's state."""

TEXTS["de"].update({
    "preview.title": "Vorschau",
    "preview.intro": "So zeigt der Kiosk diesen Eintrag, in jeder Sprache. Nach jedem Speichern wird die "
                     "Vorschau neu gezeichnet.",
    "preview.rendering": "Die Vorschau wird gezeichnet …",
    "preview.ready": "Die Vorschau zeigt den gespeicherten Stand.",
    "preview.errors": "Der Kiosk würde diesen Ordner so nicht zeigen, deshalb gibt es keine neue Vorschau: {summary}",
    "preview.failed": "Die Vorschau ließ sich nicht zeichnen: {reason}",
})
TEXTS["en"].update({
    "preview.title": "Preview",
    "preview.intro": "This is how the kiosk shows this item, in every language. The preview is drawn again "
                     "after every save.",
    "preview.rendering": "Drawing the preview …",
    "preview.ready": "The preview shows the saved state.",
    "preview.errors": "The kiosk would not show this folder as it is, so there is no new preview: {summary}",
    "preview.failed": "The preview could not be drawn: {reason}",
})

bp = Blueprint("preview", __name__, url_prefix="/vorschau")


@dataclass
class Preview:
    """The state of one item's preview: its pictures by language, and how the last render went."""

    files: dict[str, Path] = field(default_factory=dict)
    drawn_from: tuple | None = None
    """The folder's fingerprint the last render started from (None: never rendered)."""
    rendering: bool = False
    problem: tuple[str, str] | None = None
    """Why the last render gave no pictures: (``errors`` or ``failed``, the sentence)."""
    previous: dict[str, Path] = field(default_factory=dict)
    """The pictures before these: kept one render longer, as a page may still be loading them."""


class Previews:
    """The previews of one content folder, rendered one after another by one background thread.

    ``render`` is :func:`content_ops.snapshot` (tests may count its calls); ``size`` the screen;
    ``settings`` the machine settings (the video profile the kiosk plays films by). Each
    language's picture is shown as soon as it is drawn, the next one follows.
    """

    def __init__(self, folder: Path, out_root: Path, *, size: tuple[int, int] = DEFAULT_SIZE,
                 settings: MachineSettings | None = None, render=content_ops.snapshot) -> None:
        self.folder = Path(folder)
        self.out_root = Path(out_root)
        self.size = size
        self.settings = settings
        self.render = render
        self._items: dict[str, Preview] = {}
        self._queue: list[tuple[str, str]] = []
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None

    def state(self, target: str, lang: str) -> Preview:
        """Return the preview of ``target`` (``story:<id>``); queue a render when the folder has
        changed since its last one. ``lang`` is the language its sentences are worded in."""
        now = signature(self.folder)
        with self._wake:
            preview = self._items.setdefault(target, Preview())
            if preview.drawn_from != now and not preview.rendering:
                preview.rendering = True
                self._queue.append((target, lang))
                self._start()
                self._wake.notify()
            return Preview(dict(preview.files), preview.drawn_from, preview.rendering, preview.problem)

    def picture(self, target: str, lang: str) -> Path | None:
        """The last picture of ``target`` in ``lang``, or None."""
        with self._wake:
            preview = self._items.get(target)
            return preview.files.get(lang) if preview else None

    def _start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="studio-preview", daemon=True)
            self._thread.start()

    def _work(self) -> None:
        while True:
            with self._wake:
                while not self._queue:
                    self._wake.wait()
                target, lang = self._queue.pop(0)
            drawn_from = signature(self.folder)
            languages, problem = self._draw(target, lang)
            with self._wake:
                preview = self._items[target]
                preview.drawn_from, preview.rendering, preview.problem = drawn_from, False, problem
                for gone in [language for language in preview.files if problem is None and language not in languages]:
                    preview.files.pop(gone).unlink(missing_ok=True)  # a language the exhibition no longer has

    def _publish(self, target: str, language: str, png: Path) -> None:
        """Show the new picture ``png`` of ``target`` in ``language``; remove the one before the last."""
        # A new name per render: the page may still be loading the last one.
        final = self.out_root / f"{target.replace(':', '-')}-{language}-{os.urandom(4).hex()}.png"
        os.replace(png, final)
        with self._wake:
            preview = self._items[target]
            stale = preview.previous.pop(language, None)
            if language in preview.files:
                preview.previous[language] = preview.files[language]
            preview.files[language] = final
        if stale is not None:
            stale.unlink(missing_ok=True)

    def _draw(self, target: str, lang: str) -> tuple[list[str], tuple[str, str] | None]:
        """Render ``target`` in every language of the exhibition, publishing each picture when it is
        drawn; return the languages, and why there are no (more) pictures, if so."""
        try:
            checked = content_ops.validate(self.folder, probe_media=False, lang=lang)
            if checked.exhibition is None:
                return [], ("errors", checked.summary)
            languages = list(checked.exhibition.settings.languages)
            scratch = Path(tempfile.mkdtemp(prefix="render-", dir=self.out_root))
            try:
                for language in languages:
                    [png] = self.render(self.folder, scratch / language, self.settings, size=self.size,
                                        lang=language, only=target)
                    self._publish(target, language, png)
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
            return languages, None
        except content_ops.OperationError as exc:
            return [], ("failed", str(exc))
        except Exception as exc:  # the thread must live on: the next save gets its own try
            return [], ("failed", f"{type(exc).__name__}: {exc}")


_made = threading.Lock()


def previews() -> Previews:
    """The previews of the current app's folder, made on first use (a temporary folder for the pictures)."""
    app = current_app
    with _made:
        if "studio_previews" not in app.extensions:
            out_root = Path(tempfile.mkdtemp(prefix="kiosk-studio-preview-"))
            atexit.register(shutil.rmtree, out_root, True)  # the pictures are only for this run
            size = tuple(app.config.get("STUDIO_PREVIEW_SIZE") or content_ops.screen_size(machine_settings())
                         or DEFAULT_SIZE)
            render = app.config.get("STUDIO_PREVIEW_RENDER") or content_ops.snapshot
            app.extensions["studio_previews"] = Previews(workspace().folder, out_root, size=size,
                                                         settings=machine_settings(), render=render)
        return app.extensions["studio_previews"]


def _target(screen: str, ident: str) -> str:
    """``screen:ident`` for an item that exists; 404 for anything else (no name reaches a path unchecked)."""
    if screen not in SCREENS or ident not in workspace().item_ids(SCREENS[screen]):
        abort(404)
    return f"{screen}:{ident}"


def answer(screen: str, ident: str) -> dict:
    """The preview's state for the page: ``state`` (rendering, ready, errors, failed), a sentence,
    and the pictures' addresses by language, each with the language's name in the interface
    language (``Deutsch``), which the page writes beneath it."""
    target = _target(screen, ident)
    preview = previews().state(target, ui_lang())
    if preview.rendering:
        state, message = "rendering", t("preview.rendering")
    elif preview.problem is not None:
        kind, sentence = preview.problem
        state = kind
        message = t("preview.errors", summary=sentence) if kind == "errors" else t("preview.failed", reason=sentence)
    else:
        state, message = "ready", t("preview.ready")
    images = [{"lang": lang, "label": language_name(lang),
               "url": url_for("preview.picture", screen=screen, ident=ident, lang=lang, v=path.stem)}
              for lang, path in preview.files.items()]
    return {"state": state, "message": message, "images": images}


def language_name(lang: str) -> str:
    """The name of the exhibition language ``lang`` in the interface language (``Deutsch``,
    ``English``); a language the studio has no name for is shown by its code, in capitals."""
    name = t(f"field.{lang}")
    return lang.upper() if name == f"field.{lang}" else name


@bp.route("/<screen>/<ident>")
def page(screen: str, ident: str):
    """The preview of one item on a page of its own."""
    _target(screen, ident)
    return render_template("preview.html", screen=screen, ident=ident, poll_ms=POLL_MS)


@bp.route("/stand/<screen>/<ident>")
def status(screen: str, ident: str):
    """The preview's state as JSON; asking is what queues a render after a save."""
    return jsonify(answer(screen, ident))


@bp.route("/bild/<screen>/<ident>/<lang>.png")
def picture(screen: str, ident: str, lang: str):
    """The last picture of an item's preview in ``lang``."""
    path = previews().picture(_target(screen, ident), lang)
    if path is None:
        abort(404)
    return send_file(path, mimetype="image/png", max_age=0)
