"""The ``kiosk`` command line: validate content, write JSON Schema, run the app, render snapshots.

Subcommands that need Kivy import it only when they run, so ``kiosk validate`` and
``kiosk schema`` work (and stay fast) on a machine without a display.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from kiosk.i18n import LANGUAGES, system_language
from kiosk.model.problems import printable, shown
from kiosk.model.videoprofile import DEFAULT_PROFILE, PROFILES
from kiosk.services import content_ops as ops
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
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        # Commands that change something say themselves what Ctrl-C left behind; for the
        # others nothing happened, and a traceback would only alarm whoever pressed it.
        print("\nkiosk: stopped (Ctrl-C)", file=sys.stderr)
        return EXIT_STOPPED
    except BrokenPipeError:
        # ``kiosk stats | head``: the reader has all it wanted. Point stdout at /dev/null so
        # Python's own flush at exit does not fail a second time with a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Werkbank Kiosk: the touchscreen exhibition app")
    parser.add_argument("--config", type=Path, help="the machine settings file "
                                                    "(default: $XDG_CONFIG_HOME/werkbank-kiosk/kiosk.toml)")
    sub = parser.add_subparsers(title="commands")

    p = sub.add_parser("validate", help="check a content folder (or a ZIP of one) and list every problem")
    p.add_argument("dir", nargs="?", type=Path, help="the content folder or a ZIP of it, as the studio exports it "
                                                     "(default: the configured folder)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--no-probe", action="store_true", help="do not decode images and videos (faster)")
    p.add_argument("--lang", choices=LANGUAGES, help="the language of the problems and the summary (default: the "
                                                     "system locale's, German when LANG starts with de)")
    _add_profile(p)
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
    p.add_argument("--only", metavar="SCREEN", help="render one screen only: home, providers, story:<id>, "
                                                    "provider:<id> or page:<id>")
    _add_profile(p)
    p.set_defaults(handler=cmd_snapshot)

    p = sub.add_parser("content", help="install, list and roll back content releases")
    content = p.add_subparsers(title="content commands")
    q = content.add_parser("install", help="validate a content folder or a ZIP of one, copy it in as a release "
                                           "and make it live")
    q.add_argument("dir", type=Path, help="the content folder, or a ZIP with kiosk.yaml at its top or in one "
                                          "folder at its top (what the studio exports)")
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

    p = sub.add_parser("studio-password", help="set the staff password that kiosk studio --listen asks for "
                                               "(stored only as a salted hash)")
    p.set_defaults(handler=cmd_studio_password)

    p = sub.add_parser("studio", help="edit a content folder in the browser (creates it from a template if missing)")
    p.add_argument("folder", nargs="?", type=Path, help="the content folder (default: the configured one)")
    p.add_argument("--port", type=_port, default=8470, help="the port to serve on (default 8470)")
    p.add_argument("--no-browser", action="store_true", help="do not open the browser (servers, tests)")
    p.add_argument("--listen", default="127.0.0.1",
                   help="the address to serve on (default 127.0.0.1, this computer only; any other address "
                        "needs the staff password set with kiosk studio-password)")
    p.add_argument("--lang", choices=("de", "en"), default="de", help="interface language (default de)")
    p.set_defaults(handler=cmd_studio)
    return parser


def _add_profile(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", choices=sorted(PROFILES),
                        help="the hardware whose video limits apply (default: video_profile in the settings, "
                             f"else {DEFAULT_PROFILE})")


def _settings(args: argparse.Namespace):
    """Load the machine settings, or print why they cannot be read and return None."""
    from kiosk.services import settings

    try:
        return settings.load(args.config)
    except settings.SettingsError as exc:
        print(f"kiosk: settings file: {exc}", file=sys.stderr)
        return None


def _refused(prefix: str, refusal: ops.OperationError) -> int:
    """Print a refusal, the validator's lines and then its sentence, on stderr; return the exit
    code: 2 for a folder or data dir that cannot be used at all, else 1."""
    for problem in refusal.problems:
        print(problem, file=sys.stderr)
    print(f"{prefix}: {refusal}", file=sys.stderr)
    return EXIT_USAGE if isinstance(refusal, ops.Unusable) else EXIT_ERRORS


def cmd_content(args: argparse.Namespace) -> int:
    """``kiosk content install DIR | list | rollback``: the release store in the data dir.

    Exit codes: 0 done, 1 refused (one sentence says why, and that nothing changed), 2 a broken
    settings file or data dir, 130 stopped by Ctrl-C. A second install or rollback waits for a
    running one (see :data:`kiosk.services.releases.LOCK_WAIT_S`); ``list`` first removes what
    killed installs left.
    """
    from kiosk.services.releases import LOCK_WAIT_S

    def waiting() -> None:
        print(f"kiosk content {args.action}: another install or rollback is running; waiting until it has "
              f"finished (at most {LOCK_WAIT_S / 60:g} minutes, Ctrl-C stops waiting)…", file=sys.stderr, flush=True)

    try:
        settings = _settings(args)
        if settings is None:
            return EXIT_USAGE
        if args.action == "install":
            _print_installed(ops.install(args.dir, settings, prewarm=not args.no_prewarm,
                                         progress=_progress_printer("preparing images"), on_wait=waiting))
        elif args.action == "rollback":
            print(f"{ops.rollback(settings, on_wait=waiting).name} is live again")
        else:
            _print_releases(ops.releases(settings))
    except ops.OperationError as exc:
        return _refused(f"kiosk content {args.action}", exc)
    except KeyboardInterrupt:
        unchanged = {"install": "; nothing was installed, the live content is unchanged",
                     "rollback": "; the live content is unchanged"}.get(args.action, "")
        print(f"\nkiosk content {args.action}: stopped{unchanged}", file=sys.stderr)
        return EXIT_STOPPED
    return EXIT_OK


def _print_installed(installed: ops.Installed) -> None:
    """Print the validator's warnings and what preparing the images did, then that the release is live."""
    for problem in installed.warnings:
        print(problem, file=sys.stderr)
    if installed.images is not None and installed.images.error:
        print(f"kiosk content install: {installed.images.message}", file=sys.stderr)
    elif installed.images is not None:
        print(installed.images.message)
    print(f"installed {installed.release}; it is live now (the running kiosk switches within seconds)")


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


def _print_releases(listing: ops.Listing) -> None:
    """Print one line per release, ``*`` marking the live one, then the listing's notes."""
    for release in listing.releases:
        note = " (rolled back)" if release.rolled_back else ""
        print(f"{'*' if release.live else ' '} {release.name}{note}")
    for note in listing.notes:
        print(note)


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
        exhibition = ops.validate(folder, probe_media=False).exhibition
    except ops.OperationError:
        return None
    if exhibition is None:
        return None
    lang = exhibition.settings.default_language
    titles = {s.id: s.title.get(lang) for s in exhibition.stories}
    titles.update({p.id: p.name.get(lang) for p in exhibition.providers})
    titles.update({p.id: p.title.get(lang) for p in exhibition.pages})
    return titles


def _store_secret(args: argparse.Namespace, command: str, key: str, prompts: tuple[str, str],
                  acceptable: Callable[[str], bool], rule: str, what: str, label: str) -> int:
    """Ask twice for a secret with ``prompts``; store its salted hash under ``key`` in the
    machine settings (``--config``). ``acceptable`` checks it, ``rule`` says what it must be;
    ``what`` names it ("PIN", "password") in the messages, which begin with ``command``, and
    ``label`` in the line that confirms it is saved."""
    import getpass

    from kiosk.services import settings as machine

    current = _settings(args)
    if current is None:
        return EXIT_USAGE
    try:
        secret = getpass.getpass(prompts[0])
        if not acceptable(secret):
            print(f"{command}: {rule}; nothing was changed", file=sys.stderr)
            return EXIT_ERRORS
        if getpass.getpass(prompts[1]) != secret:
            print(f"{command}: the two {what}s differ; nothing was changed", file=sys.stderr)
            return EXIT_ERRORS
    except EOFError:
        print(f"\n{command}: no {what} entered; nothing was changed", file=sys.stderr)
        return EXIT_ERRORS
    except KeyboardInterrupt:
        print(f"\n{command}: stopped; nothing was changed", file=sys.stderr)
        return EXIT_STOPPED
    target = args.config or machine.default_path()
    try:
        machine.save(current.model_copy(update={key: machine.hash_pin(secret)}), target)
    except OSError as exc:
        print(f"{command}: cannot write {target}: {exc.strerror or exc}; nothing was changed", file=sys.stderr)
        return EXIT_ERRORS
    print(f"{label} saved (as a salted hash) in {target}")
    return EXIT_OK


def cmd_set_pin(args: argparse.Namespace) -> int:
    """``kiosk set-pin``: ask twice for a PIN of 4-8 digits and store its salted hash."""
    # Only 0-9: str.isdigit() also takes Arabic-Indic or full-width digits, which the pad
    # cannot type, and staff would lock themselves out.
    return _store_secret(args, "kiosk set-pin", "pin_hash", ("New staff PIN (4-8 digits): ", "Repeat the PIN: "),
                         lambda pin: re.fullmatch(r"[0-9]{4,8}", pin) is not None,
                         "the PIN must have at least 4 digits and at most 8, only the digits 0-9 that the PIN pad "
                         "has", "PIN", "PIN")


STUDIO_PASSWORD_MIN = 10
"""The shortest studio password: it guards an editor open to the office network."""


def cmd_studio_password(args: argparse.Namespace) -> int:
    """``kiosk studio-password``: ask twice for a password of at least :data:`STUDIO_PASSWORD_MIN`
    characters and store its salted hash, as ``set-pin`` stores the PIN."""
    return _store_secret(args, "kiosk studio-password", "studio_password_hash",
                         (f"New studio password (at least {STUDIO_PASSWORD_MIN} characters): ",
                          "Repeat the password: "),
                         lambda password: len(password) >= STUDIO_PASSWORD_MIN and bool(password.strip()),
                         f"the password must have at least {STUDIO_PASSWORD_MIN} characters", "password",
                         "Studio password")


def cmd_studio(args: argparse.Namespace) -> int:
    """``kiosk studio [FOLDER]``: serve the browser editor for a content folder until Ctrl-C.

    A missing or empty folder is first filled from the template. Exit codes: 0 stopped, 2 a
    folder that is no content folder, a port in use or an address that needs a password.
    """
    from kiosk.studio import server
    from kiosk.studio.workspace import create_folder

    folder = args.folder or default_content_dir()
    if not folder.exists() or (folder.is_dir() and not any(folder.iterdir())):
        try:
            create_folder(folder)
        except OSError as exc:
            print(f"kiosk studio: cannot create {folder}: {exc.strerror or exc}; choose a folder you may write",
                  file=sys.stderr)
            return EXIT_USAGE
        print(f"kiosk studio: created the new content folder {folder} from the template")
    elif not (folder / "kiosk.yaml").is_file():
        print(f"kiosk studio: {folder} is no content folder (it has no kiosk.yaml); give a content folder, "
              "or a new folder name to start one from the template", file=sys.stderr)
        return EXIT_USAGE
    settings = None
    if args.config is not None or not server.is_loopback(args.listen):
        settings = _settings(args)
        if settings is None:
            return EXIT_USAGE
    # Ctrl-C stops the studio, as it announces, however it was started: a SIGINT that the
    # starting process ignored is inherited ignored, and Python then never raises the
    # KeyboardInterrupt below (a C library's system() in another thread of the starter ignores
    # it while its command runs). The terminal sends Ctrl-C to the foreground job only, so a
    # studio started in the background stays out of reach of it all the same.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        server.run(folder, port=args.port, open_browser=not args.no_browser, listen=args.listen,
                   ui_lang=args.lang, settings=settings)
    except server.StudioError as exc:
        print(f"kiosk studio: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("\nkiosk studio: stopped; every saved change is in the folder", file=sys.stderr)
    return EXIT_OK


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{shown(text)}' is not a port number such as 8470") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number; use 1024 to 65535")
    return port


def _size(text: str) -> tuple[int, int]:
    try:
        return ops.parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _profile(args: argparse.Namespace):
    """The video profile: ``--profile``, else the settings' ``video_profile``, else the default."""
    name = getattr(args, "profile", None)
    return ops.video_profile(None if name else _settings(args), name)


def cmd_validate(args: argparse.Namespace) -> int:
    """``kiosk validate``: print every problem and a summary, in ``--lang`` or the system locale's
    language; exit 0 (ok), 1 (errors), 2 (no folder)."""
    folder = args.dir or _content_dir(args)
    try:
        checked = ops.validate(folder, profile=_profile(args), probe_media=not args.no_probe,
                               lang=args.lang or system_language())
    except ops.OperationError as exc:
        return _refused("kiosk validate", exc)
    except KeyboardInterrupt:
        print("\nkiosk validate: stopped", file=sys.stderr)
        return EXIT_STOPPED
    if args.format == "json":
        json.dump(checked.as_dict(), sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        for problem in checked.problems:
            print(problem)
        print(checked.summary)
    return EXIT_ERRORS if checked.errors else EXIT_OK


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


def _start_content(settings, folder: Path, cache, store=None):
    """The exhibition to start with and EXIT_OK; after printing why the folder was refused, the
    last good exhibition and EXIT_ERRORS, or None and the exit code when there is nothing to
    show (see :func:`kiosk.services.content_ops.start_exhibition`)."""
    try:
        start = ops.start_exhibition(folder, settings, cache, store)
    except ops.OperationError as exc:
        return None, _refused("kiosk", exc)
    if start.refusal is None:
        return start.exhibition, EXIT_OK
    _refused("kiosk", start.refusal)
    if start.note:
        print(f"kiosk: {start.note}", file=sys.stderr)
    return start.exhibition, EXIT_ERRORS


def cmd_run(args: argparse.Namespace) -> int:
    """``kiosk run``: the kiosk with the machine settings, logging, statistics, live content
    swaps and the systemd watchdog.

    Exit codes: 0 stopped by SIGTERM, 1 content with errors (and no release that validates),
    2 a broken settings file, data dir or folder, 10 ended by staff, 70 crashed (see
    :mod:`kiosk.ui.launch`).
    """
    import os

    from kiosk.services.imagejobs import cache_dir as image_cache_dir
    from kiosk.services.logsetup import configure_logging
    from kiosk.services.memory import tune_allocator
    from kiosk.services.watcher import signature

    tune_allocator()  # before the content loads: what it frees must not stay in malloc's heaps
    settings = _settings(args)
    if settings is None:
        return EXIT_USAGE
    size = args.size
    try:
        if size is None and settings.screen.size:
            size = ops.parse_size(settings.screen.size)
    except ValueError as exc:
        print(f"kiosk: settings file, [screen] size: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        data_dir = ops.data_dir(settings)
    except ops.Unusable as exc:
        return _refused("kiosk", exc)
    # Kivy keeps a config.ini in KIVY_HOME: keep it in our data dir, away from ~/.kivy.
    os.environ.setdefault("KIVY_HOME", str(data_dir / "kivy"))
    configure_logging(data_dir, settings.log_level)
    store = ops.release_store(settings)
    store.cleanup()  # what killed installs left (not while an install runs)
    folder, from_store = ops.live_folder(settings, store, args.content)
    # Watch from before the first validation, so that a copy starting meanwhile is noticed.
    watch_from = signature(folder)
    exhibition, code = _start_content(settings, folder, ops.startup_cache(data_dir), store if from_store else None)
    if exhibition is None:
        return code
    from kiosk.ui.launch import run_app

    return run_app(exhibition, settings=settings, folder=folder, watch_from=watch_from, refused=code != EXIT_OK,
                   windowed=args.windowed or not settings.screen.fullscreen, size=size, lang=args.lang,
                   image_cache=image_cache_dir(data_dir))


def cmd_snapshot(args: argparse.Namespace) -> int:
    """``kiosk snapshot``: render every screen to PNG and print the file list (what
    :func:`kiosk.services.content_ops.snapshot` reads from its child process)."""
    try:
        exhibition = ops.exhibition_of(args.content or _content_dir(args), profile=_profile(args))
    except ops.OperationError as exc:
        return _refused("kiosk", exc)
    try:
        only = ops.snapshot_target(args.only, exhibition) if args.only is not None else None
    except ValueError as exc:
        print(f"kiosk snapshot: --only: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from kiosk.ui.launch import snapshot

    for path in snapshot(exhibition, args.out, size=args.size, lang=args.lang, only=only):
        print(path)
    return EXIT_OK
