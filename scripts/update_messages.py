"""Update the German message catalogue from the code: ``python scripts/update_messages.py``.

Extracts every ``_("...")`` message from the modules that import ``_`` from :mod:`kiosk.i18n`
(with Babel's Python extractor), merges them into ``kiosk/locale/de/LC_MESSAGES/kiosk.po``
(translations of unchanged messages are kept, messages no longer in the code are dropped, a new
one gets an empty ``msgstr`` to translate) and compiles ``kiosk.mo`` beside it. Run it again
after translating, so that the .mo matches the .po. ``--check`` changes nothing and exits 1 when
the catalogue is out of date or a message has no translation.
"""

from __future__ import annotations

import argparse
import ast
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kiosk"
PO = PACKAGE / "locale" / "de" / "LC_MESSAGES" / "kiosk.po"
MO = PO.with_suffix(".mo")


def message_modules() -> list[Path]:
    """The package's modules that import ``_`` from ``kiosk.i18n``: only their ``_()`` calls are messages."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(node, ast.ImportFrom) and node.module == "kiosk.i18n"
               and any(alias.name in ("_", "N_") for alias in node.names) for node in ast.walk(tree)):
            found.append(path)
    return found


def template() -> Catalog:
    """A catalogue of every message in the code, with where it is used, and no translations."""
    catalog = Catalog(project="werkbank-kiosk", locale="de", domain="kiosk")
    for path in message_modules():
        with open(path, "rb") as stream:
            for line, msgid, _comments, _context in extract("python", stream, keywords={"_": None, "N_": None}):
                catalog.add(msgid, locations=[(path.relative_to(ROOT).as_posix(), line)])
    return catalog


def updated() -> Catalog:
    """The German catalogue on disk, brought up to date with the code."""
    with open(PO, "rb") as stream:
        catalog = read_po(stream, locale="de", domain="kiosk")
    # No fuzzy matching: a guessed translation of a changed sentence would be shown as if checked.
    catalog.update(template(), no_fuzzy_matching=True, update_header_comment=False,
                   update_creation_date=False)
    # A header that does not change with each run, so the .po's diff shows only messages.
    catalog.project, catalog.version = "werkbank-kiosk", "1"
    catalog.revision_date = catalog.creation_date
    catalog.last_translator = catalog.language_team = "Werkbank Kiosk"
    catalog.msgid_bugs_address = ""
    return catalog


def rendered(catalog: Catalog) -> tuple[bytes, bytes]:
    """The .po and .mo files of ``catalog``, as bytes."""
    po, mo = io.BytesIO(), io.BytesIO()
    write_po(po, catalog, width=100, ignore_obsolete=True, include_lineno=False)
    write_mo(mo, catalog)
    return po.getvalue(), mo.getvalue()


def untranslated(catalog: Catalog) -> list[str]:
    """The messages of ``catalog`` with no German text yet."""
    return [message.id for message in catalog if message.id and not message.string]


def main(argv: list[str] | None = None) -> int:
    """Update (or with ``--check`` only check) the catalogue; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if out of date")
    args = parser.parse_args(argv)
    if not PO.exists():
        PO.parent.mkdir(parents=True, exist_ok=True)
        with open(PO, "wb") as stream:
            write_po(stream, Catalog(project="werkbank-kiosk", locale="de", domain="kiosk", fuzzy=False))
    catalog = updated()
    po, mo = rendered(catalog)
    missing = untranslated(catalog)
    for msgid in missing:
        print(f"not translated yet: {msgid}", file=sys.stderr)
    if args.check:
        stale = PO.read_bytes() != po or not MO.exists() or MO.read_bytes() != mo
        if stale:
            print(f"{PO.relative_to(ROOT)} or its .mo is out of date; run scripts/update_messages.py",
                  file=sys.stderr)
        return 1 if stale or missing else 0
    PO.write_bytes(po)
    MO.write_bytes(mo)
    print(f"{len(catalog)} messages, {len(missing)} to translate in {PO.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
