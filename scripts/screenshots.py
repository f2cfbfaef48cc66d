"""The README's screenshots: every kind of screen, drawn by the kiosk's own snapshot machinery.

Every screen kind (:data:`KINDS`: the attract loop on a story's slide, home, a story with a
film and key figures, its fullscreen viewer, the provider wall, a provider, an info page, and
the story at the larger text) is rendered at every size (:data:`SIZES`) in every language of
the content, into ``--out`` (default ``build/screens``, not committed) as
``<kind>-<W>x<H>-<lang>.png``. A chosen few (:data:`README_SET`) are then written again,
optimised, into ``--readme`` (default ``docs/screens``), the set the README shows and the
repository keeps.

Each size renders in a child process of its own (Kivy has one window per process, and a
window that changes size between two pictures may be read back at its old size), offscreen,
through :func:`kiosk.ui.launch.snapshot_kiosk` and :func:`kiosk.ui.launch.save_screenshot`.
Usage: ``python scripts/screenshots.py [--content content] [--sizes 1920x1080,...]
[--langs de,en] [--kinds home,story,...] [--out build/screens] [--readme docs/screens]``
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

KINDS = ("attract", "home", "story", "viewer", "providers", "provider", "page", "story-larger")
"""The screen kinds, in the order they are drawn."""

SIZES = ((1920, 1080), (1080, 1920), (1366, 768))
"""Landscape full HD (the main case), the same screen upright, and a common small panel
whose width is not a multiple of 4."""

README_SET = tuple((kind, (1920, 1080), "de") for kind in KINDS) + (
    ("story", (1080, 1920), "de"),
    ("home", (1366, 768), "de"),
    ("attract", (1920, 1080), "en"),
)
"""What the repository keeps: every kind at 1920x1080 in German, plus a story upright, home on
the small panel and the attract loop in English."""

README_BUDGET = 4_000_000
"""Most bytes the kept set may take together; the script says so when it is over."""


def name(kind: str, size: tuple[int, int], lang: str) -> str:
    """Return the file name of one screenshot, e.g. ``story-1920x1080-de.png``."""
    return f"{kind}-{size[0]}x{size[1]}-{lang}.png"


def parse_size(text: str) -> tuple[int, int]:
    """Return ``"1920x1080"`` as (1920, 1080); ValueError for anything else."""
    width, _x, height = text.lower().partition("x")
    try:
        size = (int(width), int(height))
    except ValueError:
        size = (0, 0)
    if min(size) < 1:
        raise ValueError(f"a size needs two positive numbers, e.g. 1920x1080, not {text!r}")
    return size


def showcase(exhibition):
    """Return the story, provider and page the screenshots show: a story with a film and key
    figures (else one with a film, else the first), one of its providers (else the first),
    and a page with a picture (else the first)."""
    def has_film(story) -> bool:
        return any(medium.kind == "video" for medium in story.media)

    stories = exhibition.stories
    story = next((s for s in stories if has_film(s) and s.figures), None) \
        or next((s for s in stories if has_film(s)), stories[0])
    provider = story.providers[0] if story.providers else exhibition.providers[0]
    page = next((p for p in exhibition.pages if p.media), exhibition.pages[0])
    return story, provider, page


# -- the child: one window size, every kind and language ------------------------------------

def render(folder: Path, size: tuple[int, int], langs: list[str], kinds: list[str], out: Path) -> list[Path]:
    """Draw ``kinds`` at ``size`` in each of ``langs`` into ``out``; return the files.

    Runs in this process and opens its window: call it once per process.
    """
    from kiosk.model.loader import load_exhibition
    from kiosk.ui.launch import save_screenshot, settle, show_first_story_slide, snapshot_kiosk

    exhibition = load_exhibition(folder)
    story, provider, page = showcase(exhibition)
    out.mkdir(parents=True, exist_ok=True)
    files = []
    with snapshot_kiosk(exhibition, size=size, lang=langs[0]) as kiosk:
        controller, shell = kiosk.controller, kiosk.shell
        for lang in langs:
            for kind in kinds:
                if kind == "attract":
                    controller.enter_attract()
                    controller.set_lang(lang)  # the idle wipe went back to the first language
                    settle(shell)
                    show_first_story_slide(shell, exhibition)
                else:
                    if controller.attract:
                        controller.leave_attract()
                    controller.set_lang(lang)
                    controller.large_text = kind == "story-larger"
                    screen, item = {"home": ("home", ""), "providers": ("providers", ""),
                                    "provider": ("provider", provider.id), "page": ("page", page.id)
                                    }.get(kind, ("story", story.id))
                    controller.show(screen, item)
                    settle(shell)
                    if screen == "story":
                        show_film(shell.manager.current_screen)
                        settle(shell)
                    if kind == "viewer":
                        shell.manager.current_screen.open_viewer()
                        settle(shell)
                files.append(save_screenshot(out / name(kind, size, lang)))
                if kind == "viewer":
                    shell.manager.current_screen.close_viewer()
                    settle(shell)
    return files


def show_film(screen) -> None:
    """Turn the story screen's media to its film, which the screenshots are to show (a story
    opens on its first medium, often a picture)."""
    media = screen.media()
    film = next((index for index, medium in enumerate(media) if medium.kind == "video"), None)
    if film is not None and film != int(screen.gallery.index):
        screen.gallery.show_media(media, screen.story.id, film)


# -- the parent: one child per size, then the kept set -------------------------------------

def render_in_child(folder: Path, size: tuple[int, int], langs: list[str], kinds: list[str], out: Path,
                    data_home: Path) -> None:
    """Run :func:`render` for ``size`` in a child process; raise RuntimeError if it fails."""
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(PYTHONPATH=str(REPO), KIVY_NO_ARGS="1", KIVY_NO_CONSOLELOG="1", XDG_DATA_HOME=str(data_home))
    command = [sys.executable, __file__, "--child", f"{size[0]}x{size[1]}", "--content", str(folder),
               "--langs", ",".join(langs), "--kinds", ",".join(kinds), "--out", str(out)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise RuntimeError(f"drawing the screens at {size[0]}x{size[1]} failed: "
                           + (lines[-1] if lines else f"exit code {done.returncode}"))


def keep(rendered: Path, readme: Path, chosen=README_SET) -> list[Path]:
    """Write the ``chosen`` screenshots from ``rendered`` into ``readme`` as optimised PNGs
    (what was there of the same names is replaced); return the files written. A chosen
    screenshot that was not rendered is skipped."""
    from PIL import Image

    from kiosk.files import write_atomic

    readme.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, size, lang in chosen:
        source = rendered / name(kind, size, lang)
        if not source.is_file():
            continue
        buffer = io.BytesIO()
        with Image.open(source) as image:
            image.convert("RGB").save(buffer, "PNG", optimize=True)
        target = readme / source.name
        write_atomic(target, buffer.getvalue())
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and draw the screenshots; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=REPO / "content", help="the content folder")
    parser.add_argument("--sizes", default=",".join(f"{w}x{h}" for w, h in SIZES), help="window sizes WxH")
    parser.add_argument("--langs", default="", help="languages (default: every language of the content)")
    parser.add_argument("--kinds", default=",".join(KINDS), help="screen kinds: " + ", ".join(KINDS))
    parser.add_argument("--out", type=Path, default=REPO / "build" / "screens", help="folder for every screenshot")
    parser.add_argument("--readme", default=str(REPO / "docs" / "screens"),
                        help="folder for the kept, optimised set ('' to skip)")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    kinds = [kind for kind in args.kinds.split(",") if kind]
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        parser.error(f"unknown screen kind {', '.join(unknown)}; choose from {', '.join(KINDS)}")
    try:
        sizes = [parse_size(text) for text in args.sizes.split(",") if text]
    except ValueError as exc:
        parser.error(str(exc))
    if args.child:
        from kiosk.ui.launch import configure_kivy

        size = parse_size(args.child)
        configure_kivy(windowed=True, size=size, offscreen=True)
        for path in render(args.content, size, args.langs.split(","), kinds, args.out):
            print(path)
        return 0

    from kiosk.model.loader import load_exhibition

    langs = [lang for lang in args.langs.split(",") if lang] or list(
        load_exhibition(args.content, probe_media=False).settings.languages)
    with tempfile.TemporaryDirectory(prefix="werkbank-screens-") as data_home:
        for size in sizes:
            print(f"drawing {size[0]}x{size[1]} ({', '.join(langs)}) ...", flush=True)
            try:
                render_in_child(args.content, size, langs, kinds, args.out, Path(data_home))
            except RuntimeError as exc:
                print(exc, file=sys.stderr)
                return 1
    print(f"every screenshot: {args.out}")
    if args.readme:
        readme = Path(args.readme)
        kept = keep(args.out, readme)
        total = sum(path.stat().st_size for path in kept)
        for path in kept:
            print(f"  {path.relative_to(REPO) if path.is_relative_to(REPO) else path}  {path.stat().st_size / 1e6:.2f} MB")
        print(f"kept {len(kept)} in {readme}: {total / 1e6:.2f} MB")
        if total > README_BUDGET:
            print(f"the kept set is over {README_BUDGET / 1e6:.0f} MB; choose fewer in README_SET", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
