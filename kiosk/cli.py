"""The ``kiosk`` command line: validate content, write JSON Schema, run the app, render snapshots.

Subcommands that need Kivy import it only when they run, so ``kiosk validate`` and
``kiosk schema`` work (and stay fast) on a machine without a display.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path

from kiosk.model.problems import NotAContentFolder, printable, shown
from kiosk.model.videoprofile import DEFAULT_PROFILE, PROFILES
from kiosk.services.paths import default_content_dir

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
EXIT_STOPPED = 130  # Ctrl-C, as a shell reports it


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    return args.handler(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Werkbank Kiosk: the touchscreen exhibition app")
    parser.add_argument("--config", type=Path, help="the machine settings file "
                                                    "(default: $XDG_CONFIG_HOME/werkbank-kiosk/kiosk.toml)")
    sub = parser.add_subparsers(title="commands")

    p = sub.add_parser("validate", help="check a content folder and list every problem")
    p.add_argument("dir", nargs="?", type=Path, help="the content folder (default: the configured one)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--no-probe", action="store_true", help="do not decode images and videos (faster)")
    p.add_argument("--profile", choices=sorted(PROFILES),
                   help="the hardware whose video limits apply (default: video_profile in the settings, "
                        f"else {DEFAULT_PROFILE})")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("schema", help="write JSON Schema files for editors")
    p.add_argument("out_dir", nargs="?", type=Path, help="where to write them (default: <content>/schema)")
    p.set_defaults(handler=cmd_schema)

    p = sub.add_parser("run", help="start the kiosk")
    p.add_argument("--content", type=Path, help="the content folder (default: the configured one)")
    p.add_argument("--windowed", action="store_true", help="run in a window instead of fullscreen")
    p.add_argument("--size", type=_size, help="window size WxH, e.g. 1920x1080")
    p.add_argument("--lang", help="start language (default: the exhibition's first)")
    p.set_defaults(handler=cmd_run)

    p = sub.add_parser("snapshot", help="render every screen to PNG, without a display")
    p.add_argument("--content", type=Path, help="the content folder (default: the configured one)")
    p.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    p.add_argument("--size", type=_size, default=(1920, 1080), help="screen size WxH (default 1920x1080)")
    p.add_argument("--lang", help="language (default: the exhibition's first)")
    p.set_defaults(handler=cmd_snapshot)

    p = sub.add_parser("content", help="install, list and roll back content releases")
    content = p.add_subparsers(title="content commands")
    q = content.add_parser("install", help="validate a folder, copy it in as a release and make it live")
    q.add_argument("dir", type=Path)
    q.add_argument("--no-prewarm", action="store_true",
                   help="do not prepare the images for the screen first (the kiosk then does it while showing them)")
    q.set_defaults(handler=cmd_content, action="install")
    q = content.add_parser("list", help="list the releases; * marks the live one")
    q.set_defaults(handler=cmd_content, action="list")
    q = content.add_parser("rollback", help="make the previous release live again")
    q.set_defaults(handler=cmd_content, action="rollback")

    p = sub.add_parser("stats", help="the visitor statistics report")
    p.add_argument("--since", help="first day, YYYY-MM-DD")
    p.add_argument("--until", help="last day, YYYY-MM-DD")
    p.add_argument("--format", choices=("text", "csv", "html"), default="text")
    p.add_argument("--out", type=Path, help="write to this file instead of the terminal")
    p.set_defaults(handler=cmd_stats)

    p = sub.add_parser("set-pin", help="set the staff panel PIN (stored only as a salted hash)")
    p.set_defaults(handler=cmd_set_pin)
    return parser


def _settings(args: argparse.Namespace):
    """Load the machine settings, or print why they cannot be read and return None."""
    from kiosk.services import settings

    try:
        return settings.load(args.config)
    except settings.SettingsError as exc:
        print(f"kiosk: settings file: {exc}", file=sys.stderr)
        return None


def _data_dir(settings) -> Path | None:
    """The data dir of ``settings``, or None after saying in one sentence why it cannot be used."""
    from kiosk.services.paths import DataDirError, check_data_dir

    data_dir = settings.resolved_data_dir()
    try:
        check_data_dir(data_dir)
    except DataDirError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return None
    return data_dir


def cmd_content(args: argparse.Namespace) -> int:
    """``kiosk content install DIR | list | rollback``: the release store in the data dir.

    Exit codes: 0 done, 1 refused (one sentence says why, and that nothing changed), 2 a broken
    settings file or data dir, 130 stopped by Ctrl-C. A second install or rollback waits for a
    running one (see :data:`kiosk.services.releases.LOCK_WAIT_S`); ``list`` first removes what
    killed installs left.
    """
    from kiosk.services.releases import LOCK_WAIT_S, ReleaseError, ReleaseStore

    def waiting() -> None:
        print(f"kiosk content {args.action}: another install or rollback is running; waiting until it has "
              f"finished (at most {LOCK_WAIT_S / 60:g} minutes, Ctrl-C stops waiting)…", file=sys.stderr, flush=True)

    try:
        settings = _settings(args)
        if settings is None:
            return EXIT_USAGE
        data_dir = _data_dir(settings)
        if data_dir is None:
            return EXIT_USAGE
        store = ReleaseStore(data_dir, keep=settings.keep_releases, profile=PROFILES[settings.video_profile],
                             on_wait=waiting)
        if args.action == "install":
            prewarm = None if args.no_prewarm else (lambda folder: _prewarm_release(settings, folder))
            release = store.install(args.dir, before_live=prewarm)
            for problem in release.warnings:
                print(problem, file=sys.stderr)
            print(f"installed {release.name}; it is live now (the running kiosk switches within seconds)")
        elif args.action == "rollback":
            print(f"{store.rollback().name} is live again")
        else:
            store.cleanup()
            _print_releases(store.releases(), broken_link=store.live_link.is_symlink() and store.live() is None)
    except ReleaseError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"kiosk content {args.action}: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    except KeyboardInterrupt:
        unchanged = {"install": "; nothing was installed, the live content is unchanged",
                     "rollback": "; the live content is unchanged"}.get(args.action, "")
        print(f"\nkiosk content {args.action}: stopped{unchanged}", file=sys.stderr)
        return EXIT_STOPPED
    return EXIT_OK


def _prewarm_release(settings, folder: Path) -> None:
    """Build the slot-sized images of the release in ``folder`` for the kiosk's screen, in the
    kiosk's image cache, with progress on stderr and a summary. Never raises: the cache only
    saves time, so no problem in it may stop an install."""
    from kiosk.model.loader import load_exhibition
    from kiosk.services.imagecache import ImageCache
    from kiosk.services.imagejobs import cache_dir, exhibition_jobs, install_window_sizes

    images = cache_dir(settings.resolved_data_dir())
    sizes = install_window_sizes(images, _screen_size(settings))
    try:
        # From the copy, not the source: what is cached is exactly what goes live.
        exhibition = load_exhibition(folder, probe_media=False)
        jobs = [job for size in sizes for job in exhibition_jobs(exhibition, size)]
        result = ImageCache(images).warm(jobs, progress=_progress_printer("preparing images"))
    except Exception as exc:
        print(f"kiosk content install: images not prepared ({type(exc).__name__}: {exc}); "
              "the kiosk prepares them while showing them", file=sys.stderr)
        return
    failed = (f", {result.failed} could not be prepared and show a placeholder (see the messages above)"
              if result.failed else "")
    print(f"images for {', '.join(f'{w}x{h}' for w, h in sizes)}: {result.built} prepared, "
          f"{result.cached} already cached{failed}")


def _screen_size(settings) -> tuple[int, int] | None:
    """The window size the settings imply (``[screen] size``, turned by ``rotation``), or None."""
    try:
        width, height = _size(settings.screen.size) if settings.screen.size else (0, 0)
    except argparse.ArgumentTypeError:
        return None  # kiosk run refuses it and says why; install only needs a guess
    if not width:
        return None
    return (height, width) if settings.screen.rotation in (90, 270) else (width, height)


def _progress_printer(label: str):
    """Return a ``progress(done, total)`` that prints ``label: done/total`` to stderr: in place
    on a terminal, else a line every few seconds (logs), and always the last."""
    import time

    terminal = sys.stderr.isatty()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if done != total and now - last[0] < (0.2 if terminal else 5.0):
            return
        last[0] = now
        end = "\n" if done == total or not terminal else ""
        print(f"\r{label}: {done}/{total}" if terminal else f"{label}: {done}/{total}", end=end,
              file=sys.stderr, flush=True)
    return progress


def _print_releases(releases: list, *, broken_link: bool = False) -> None:
    """Print one line per release, ``*`` marking the live one, and say so when none is."""
    if not releases:
        print("no releases installed; the kiosk shows the bundled sample or the configured folder")
    for release in releases:
        note = " (rolled back)" if release.rolled_back else ""
        print(f"{'*' if release.live else ' '} {release.name}{note}")
    if broken_link:
        print("the live link points at a release that is gone; the kiosk shows the newest release that "
              "validates until you install content again")


def cmd_stats(args: argparse.Namespace) -> int:
    """``kiosk stats``: the report per day, week and month, as text, CSV or one HTML file."""
    from kiosk.services.stats import database_path

    settings = _settings(args)
    if settings is None:
        return EXIT_USAGE
    return stats_command(database_path(settings.resolved_data_dir()), args.since, args.until,
                         args.format, args.out, _titles(settings.resolved_content()))


REPORT_DAYS = (date(1970, 1, 1), date(2099, 12, 31))
"""The days a report can cover: the kiosk's clock counts from 1970, and the upper bound keeps
the day-by-day tables of any period a size that builds in seconds."""


def stats_command(db_path: Path, since: str | None, until: str | None, fmt: str, out: Path | None,
                  titles: dict[str, str] | None, *, stdout=None, stderr=None) -> int:
    """Build the statistics report and write it to ``out`` (or stdout); return 0, or 2 on a user error.

    User errors (bad date, since after until, unknown format, missing or unreadable database,
    unwritable output file) print one clear line to stderr. CSV written to a file gets a
    UTF-8 byte-order mark so Excel shows umlauts correctly; stdout gets plain UTF-8.
    """
    import sqlite3

    from kiosk.services.report import RENDERERS, build_report

    def fail(msg: str) -> int:
        # printable: paths and database errors may hold a line break or a terminal escape.
        print(f"kiosk stats: {printable(msg)}", file=stderr or sys.stderr)
        return EXIT_USAGE

    renderer = RENDERERS.get(fmt)
    if renderer is None:
        return fail(f"unbekanntes Format {fmt!r} (text, csv oder html)")
    try:
        since_day, until_day = _report_day(since, "--since"), _report_day(until, "--until")
    except ValueError as exc:
        return fail(str(exc))
    if since_day and until_day and since_day > until_day:
        return fail(f"--since ({since_day}) liegt nach --until ({until_day})")
    db_path = Path(db_path)
    if not db_path.is_file():
        return fail(f"keine Statistik-Datenbank unter {db_path} (wurde der Kiosk schon gestartet?)")
    problem = _out_problem(Path(out), db_path, fmt) if out is not None else ""
    if problem:
        return fail(f"kann {out} nicht schreiben: {problem}")
    try:
        text = renderer(build_report(db_path, since_day, until_day, titles))
    except sqlite3.DatabaseError as exc:
        return fail(f"Statistik-Datenbank {db_path} nicht lesbar: {exc}")
    if out is None:
        (stdout or sys.stdout).write(text)
        (stdout or sys.stdout).flush()
        return EXIT_OK
    try:
        Path(out).write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="")
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        return fail(f"kann {out} nicht schreiben: {getattr(exc, 'strerror', None) or exc}")
    return EXIT_OK


def _report_day(text: str | None, name: str) -> date | None:
    """Return the day ``text`` names, ISO ``2025-06-01`` or German ``01.06.2025`` (None if empty).

    Raises ValueError with one sentence for staff when it is no date or lies outside
    :data:`REPORT_DAYS`.
    """
    if text is None or text == "":
        return None
    text = text.strip()
    quoted = f"'{shown(text)}'"
    m = re.fullmatch(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})", text)
    try:
        day = date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"ungültiges Datum für {name}: {quoted} (erwartet JJJJ-MM-TT, z. B. 2025-06-01)") from None
    first, last = REPORT_DAYS
    if not first <= day <= last:
        open_end = "beginnt der Bericht am ersten" if name == "--since" else "endet der Bericht am letzten"
        raise ValueError(f"ungültiges Datum für {name}: {quoted} liegt nicht zwischen {first.year} und "
                         f"{last.year} (ohne {name} {open_end} erfassten Tag)")
    return day


def _out_problem(out: Path, db_path: Path, fmt: str) -> str:
    """Why the report cannot go to ``out``, in words for staff, or "" when it can (as far as
    one can tell before writing)."""
    try:
        if out.is_dir():
            return f"das ist ein Ordner; geben Sie einen Dateinamen an, z. B. {out / ('bericht.' + fmt)}"
        if not out.parent.is_dir():
            return f"den Ordner {out.parent} gibt es nicht"
        if out.exists() and out.resolve() == db_path.resolve():
            return "das ist die Statistik-Datenbank selbst"
    except (OSError, ValueError) as exc:  # a name too long, a NUL byte in it, a loop of links
        return str(getattr(exc, "strerror", None) or exc)
    return ""


def _titles(folder: Path) -> dict[str, str] | None:
    """Map story, provider and page ids to their titles, for the report; None if the content is broken."""
    try:
        exhibition = validate(folder, probe_media=False).exhibition
    except NotAContentFolder:
        return None
    if exhibition is None:
        return None
    lang = exhibition.settings.default_language
    titles = {s.id: s.title.get(lang) for s in exhibition.stories}
    titles.update({p.id: p.name.get(lang) for p in exhibition.providers})
    titles.update({p.id: p.title.get(lang) for p in exhibition.pages})
    return titles


def cmd_set_pin(args: argparse.Namespace) -> int:
    """``kiosk set-pin``: ask twice for a PIN of 4-8 digits and store its salted hash."""
    import getpass

    from kiosk.services import settings as machine

    current = _settings(args)
    if current is None:
        return EXIT_USAGE
    try:
        pin = getpass.getpass("New staff PIN (4-8 digits): ")
        # Only 0-9: str.isdigit() also takes Arabic-Indic or full-width digits, which the
        # pad cannot type, and staff would lock themselves out.
        if not re.fullmatch(r"[0-9]{4,8}", pin):
            print("kiosk set-pin: the PIN must have at least 4 digits and at most 8, only the digits 0-9 "
                  "that the PIN pad has; nothing was changed", file=sys.stderr)
            return EXIT_ERRORS
        if getpass.getpass("Repeat the PIN: ") != pin:
            print("kiosk set-pin: the two PINs differ; nothing was changed", file=sys.stderr)
            return EXIT_ERRORS
    except EOFError:
        print("\nkiosk set-pin: no PIN entered; nothing was changed", file=sys.stderr)
        return EXIT_ERRORS
    except KeyboardInterrupt:
        print("\nkiosk set-pin: stopped; nothing was changed", file=sys.stderr)
        return EXIT_STOPPED
    target = args.config or machine.default_path()
    try:
        machine.save(current.model_copy(update={"pin_hash": machine.hash_pin(pin)}), target)
    except OSError as exc:
        print(f"kiosk set-pin: cannot write {target}: {exc.strerror or exc}; nothing was changed", file=sys.stderr)
        return EXIT_ERRORS
    print(f"PIN saved (as a salted hash) in {target}")
    return EXIT_OK


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size such as 1920x1080") from None
    if width < 320 or height < 320:
        raise argparse.ArgumentTypeError(f"'{text}' is too small; use at least 320x320")
    return width, height


def validate(folder: Path, *, probe_media: bool = True, profile: str = DEFAULT_PROFILE):
    """The loader's ``validate``, imported on first use: its schema models are slow to import,
    and ``kiosk run`` on unchanged content never needs them before its first frame."""
    from kiosk.model.loader import validate as validate_folder

    return validate_folder(folder, probe_media=probe_media, profile=PROFILES[profile])


def _profile(args: argparse.Namespace) -> str:
    """The video profile: ``--profile``, else the settings' ``video_profile``, else the default."""
    if getattr(args, "profile", None):
        return args.profile
    settings = _settings(args)
    return settings.video_profile if settings else DEFAULT_PROFILE


def cmd_validate(args: argparse.Namespace) -> int:
    """``kiosk validate``: print every problem and a summary; exit 0 (ok), 1 (errors), 2 (no folder)."""
    folder = args.dir or _content_dir(args)
    try:
        result, code = _checked(folder, "kiosk validate", probe_media=not args.no_probe, profile=_profile(args))
    except KeyboardInterrupt:
        print("\nkiosk validate: stopped", file=sys.stderr)
        return EXIT_STOPPED
    if result is None:
        return code
    if args.format == "json":
        json.dump({"folder": printable(str(folder)), "ok": not result.errors,
                   "errors": len(result.errors), "warnings": len(result.warnings),
                   "problems": [p.as_dict() for p in result.problems]}, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        for problem in result.problems:
            print(problem)
        print(_summary(folder, result))
    return EXIT_ERRORS if result.errors else EXIT_OK


def _checked(folder: Path, prefix: str, **options):
    """Validate ``folder``; return (result, EXIT_OK), or (None, exit code) after printing one line.

    Never raises (but for Ctrl-C): the validator turns every fault of a folder into a problem
    line, and this is the last resort should it fail all the same, because staff must see
    one sentence, not a Python traceback.
    """
    try:
        return validate(folder, **options), EXIT_OK
    except NotAContentFolder as exc:
        print(f"{prefix}: {printable(str(exc))}", file=sys.stderr)
        return None, EXIT_USAGE
    except Exception as exc:
        print(f"{prefix}: the check of {printable(str(folder))} stopped unexpectedly ({type(exc).__name__}: "
              f"{shown(exc, 200)}); nothing was changed; please report this together with the folder",
              file=sys.stderr)
        return None, EXIT_ERRORS


def _summary(folder: Path, result) -> str:
    folder = printable(str(folder))
    counts = f"{len(result.errors)} error(s), {len(result.warnings)} warning(s)"
    if result.errors:
        return f"{folder}: {counts}. Fix the errors above; the kiosk will not show this folder until then."
    ex = result.exhibition
    return (f"{folder}: {counts}. OK: {len(ex.stories)} stories, {len(ex.providers)} providers, "
            f"{len(ex.pages)} pages.")


def cmd_schema(args: argparse.Namespace) -> int:
    """``kiosk schema``: write one JSON Schema per file kind and list the files."""
    from kiosk.model.schema import write_schemas

    out_dir = args.out_dir or default_content_dir() / "schema"
    for path in write_schemas(out_dir):
        print(path)
    return EXIT_OK


def _content_dir(args: argparse.Namespace) -> Path:
    """The configured content folder: the settings file's, else the live release, else the sample."""
    settings = _settings(args)
    return settings.resolved_content() if settings else default_content_dir()


def _load_for_app(args: argparse.Namespace, folder: Path | None):
    """Load the exhibition for ``run``/``snapshot``; print the validator's lines on failure."""
    folder = folder or _content_dir(args)
    result, code = _checked(folder, "kiosk", profile=_profile(args))
    if result is None:
        return None, code
    if result.exhibition is None:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        print(_summary(folder, result), file=sys.stderr)
        return None, EXIT_ERRORS
    return result.exhibition, EXIT_OK


def _start_content(args: argparse.Namespace, folder: Path, cache, store=None):
    """The exhibition to start with, and EXIT_OK, or EXIT_ERRORS when falling back.

    Unchanged content comes from the start-up cache without validating again. Broken content
    is refused with the validator's lines; the kiosk then shows the last good content rather
    than leave the room dark (under systemd a refusal would only restart it into the same
    refusal). When ``folder`` is the live link of the release ``store``, that is the newest
    release that validates; otherwise, or when none does, the last good exhibition from the
    cache, if its media still exist. Returns (None, code) when there is nothing to show.
    """
    exhibition = cache.load(folder)
    if exhibition is not None:
        return exhibition, EXIT_OK
    exhibition, code = _load_for_app(args, folder)
    if exhibition is not None:
        cache.store(folder, exhibition)
        return exhibition, EXIT_OK
    if store is not None:
        exhibition = _last_good_release(args, store, cache, code)
        if exhibition is not None:
            return exhibition, EXIT_ERRORS
    fallback = cache.load(folder, stale_ok=True) if code == EXIT_ERRORS else None
    if fallback is None:
        return None, code
    print(f"kiosk: {folder} has errors (above); showing the last good content instead", file=sys.stderr)
    return fallback, EXIT_ERRORS


def _last_good_release(args: argparse.Namespace, store, cache, code: int):
    """The exhibition of the newest release that validates, other than the live link's, or None.

    ``code`` is why the live link's release was refused. Logs which release was refused and
    which one is shown instead, so staff find both in the journal and the kiosk log.
    """
    import logging
    import os

    log = logging.getLogger(__name__)
    target = os.readlink(store.live_link) if store.live_link.is_symlink() else None
    bad = Path(target).name if target else f"{store.live_link} (there is no live link)"
    why = ("its folder is missing" if store.live() is None else
           "it has errors, listed above" if code == EXIT_ERRORS else "it is not a complete content folder")
    profile = _profile(args)
    for release in store.fallbacks():
        exhibition = cache.load(release.path)
        if exhibition is None:
            try:
                exhibition = validate(release.path, profile=profile).exhibition
            except (NotAContentFolder, OSError) as exc:
                log.warning("release %s cannot be shown either: %s", release.name, exc)
                continue
            if exhibition is None:
                log.warning("release %s cannot be shown either: it has errors", release.name)
                continue
            cache.store(release.path, exhibition)
        log.warning("the live release %s cannot be shown (%s); showing %s instead, the newest release that "
                    "validates. Install good content with kiosk content install to replace it",
                    bad, why, release.name)
        return exhibition
    return None


def cmd_run(args: argparse.Namespace) -> int:
    """``kiosk run``: the kiosk with the machine settings, logging, statistics, live content
    swaps and the systemd watchdog.

    Exit codes: 0 stopped by SIGTERM, 1 content with errors (and no release that validates),
    2 a broken settings file, data dir or folder, 10 ended by staff, 70 crashed (see
    :mod:`kiosk.ui.launch`).
    """
    import os

    from kiosk.model.cache import ExhibitionCache
    from kiosk.services.imagejobs import cache_dir as image_cache_dir
    from kiosk.services.logsetup import configure_logging
    from kiosk.services.releases import ReleaseStore
    from kiosk.services.stats import StatsRecorder, database_path
    from kiosk.services.watchdog import Notifier
    from kiosk.services.watcher import ContentWatcher

    settings = _settings(args)
    if settings is None:
        return EXIT_USAGE
    size = args.size
    if size is None and settings.screen.size:
        try:
            size = _size(settings.screen.size)
        except argparse.ArgumentTypeError as exc:
            print(f"kiosk: settings file, [screen] size: {exc}", file=sys.stderr)
            return EXIT_USAGE
    data_dir = _data_dir(settings)
    if data_dir is None:
        return EXIT_USAGE
    # Kivy keeps a config.ini in KIVY_HOME: keep it in our data dir, away from ~/.kivy.
    os.environ.setdefault("KIVY_HOME", str(data_dir / "kivy"))
    configure_logging(data_dir, settings.log_level)
    store = ReleaseStore(data_dir, keep=settings.keep_releases, profile=PROFILES[settings.video_profile])
    store.cleanup()  # what killed installs left (not while an install runs)
    folder = args.content or settings.resolved_content()
    from_store = args.content is None and settings.content is None and store.in_use()
    if from_store:
        # The live link even when its release is gone: the store then finds the last good one.
        folder = store.live_link
    # Watch from before the first validation, so that a copy starting meanwhile is noticed;
    # the running app's Operations take over its results.
    watcher = ContentWatcher(folder, on_result=lambda _change: None, profile=PROFILES[settings.video_profile])
    exhibition, code = _start_content(args, folder, ExhibitionCache(data_dir / "cache" / "exhibition.pickle"),
                                      store if from_store else None)
    if exhibition is None:
        return code
    if code != EXIT_OK:
        watcher.reload()  # the refused folder's problems reach the log and the staff panel
    from kiosk.ui.launch import run_app

    recorder = StatsRecorder(database_path(data_dir), retention_days=settings.stats_retention_days)
    recorder.start()
    try:
        return run_app(exhibition, windowed=args.windowed or not settings.screen.fullscreen, size=size,
                       lang=args.lang, recorder=recorder, settings=settings, watcher=watcher,
                       notifier=Notifier(), image_cache=image_cache_dir(data_dir))
    finally:
        recorder.close()


def cmd_snapshot(args: argparse.Namespace) -> int:
    """``kiosk snapshot``: render every screen to PNG and print the file list."""
    exhibition, code = _load_for_app(args, args.content)
    if exhibition is None:
        return code
    from kiosk.ui.launch import snapshot

    for path in snapshot(exhibition, args.out, size=args.size, lang=args.lang):
        print(path)
    return EXIT_OK
