"""Fuzzing `kiosk validate`: mutated copies of the sample content, thrown at the command line.

Each case copies the bundled sample (its YAML, with tiny stand-ins for the pictures and films)
and applies one to four random mutations: deleted, retyped and unknown keys, wrong ids, unicode
(emoji, right-to-left marks, control characters), deep nesting, aliases and alias bombs,
random bytes, truncated and empty files, byte-order marks, bytes that are not UTF-8, files over
the size limit, unreadable files and folders, over-long and non-UTF-8 names, symlinks out of
the folder, in a circle or to nowhere, pipes in place of media. Then it runs `kiosk validate`
in this process and checks what staff would see: exit code 0, 1 or 2, every problem line in
``path:LINE: error|warning: message`` form (only folders may lack a line), the JSON form
parsable, valid UTF-8 without control characters, no traceback, and a bounded time.

``tests/test_fuzz_validate.py`` runs a few hundred cases with a fixed seed in CI. This script
runs a longer campaign and prints a summary table:

    python scripts/fuzz_validate.py --examples 3000 --seed 1
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import io
import json
import os
import pathlib
import re
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "content"
CASE_SECONDS = 10.0
"""The most one case may take; the sample validates in well under a second."""

PROBLEM_LINE = re.compile(r"^(?P<file>.+?)(?::(?P<line>\d+))?: (?P<severity>error|warning): (?P<message>.+)$")
SUMMARY_LINE = re.compile(r"^.+: \d+ error\(s\), \d+ warning\(s\)\. ")
# What a terminal would act on or could not print; messages escape all of it.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Set when the last resort of the command line had to step in: a crash the fuzzer must report.
LAST_RESORT = "stopped unexpectedly"

ID_PATHS = (("goals", "*", "id"), ("industries", "*", "id"), ("goals", "*"), ("providers", "*"),
            ("company", "industry"), ("attract", "*", "story"), ("languages", "*"))
MEDIA_KEYS = frozenset({"cover", "logo", "image", "video", "poster"})


# -- the base folder --------------------------------------------------------------------------------


def build_base(dest: Path) -> Path:
    """Copy the sample's YAML to ``dest``, with tiny pictures and films of the same names; return it.

    Tiny media keep the cases that decode them fast, and the copy keeps cases independent of
    later changes to the sample's media.
    """
    from PIL import Image

    sys.path.insert(0, str(REPO / "tests"))
    from contentkit import write_film

    film = None
    for source in sorted(SAMPLE.rglob("*")):
        target = dest / source.relative_to(SAMPLE)
        if source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif source.suffix == ".yaml":
            shutil.copyfile(source, target)
        elif source.suffix in (".jpg", ".png"):
            Image.new("RGB", (48, 27), (90, 120, 150)).save(target)
        elif source.suffix == ".mp4":
            if film is None:
                film = write_film(target, (32, 24), frames=3)
            else:
                shutil.copyfile(film, target)
    return dest


def scratch_dir() -> Path:
    """A new folder for the cases: in memory where the machine has /dev/shm (thousands of copies)."""
    return Path(tempfile.mkdtemp(prefix="kiosk-fuzz-", dir="/dev/shm" if os.access("/dev/shm", os.W_OK) else None))


def copy_base(base: Path, dest: Path) -> Path:
    """A fresh case folder: media hard-linked (mutations replace files, never write into them)."""
    return Path(shutil.copytree(base, dest, copy_function=os.link, symlinks=True))


# -- mutations --------------------------------------------------------------------------------------


@dataclass
class Case:
    """What was done to one folder: readable steps, paths made unreadable, and how it is run."""

    steps: list[str] = field(default_factory=list)
    unreadable: set[Path] = field(default_factory=set)
    probe: bool = False
    json: bool = False

    def __str__(self) -> str:
        return "; ".join(self.steps) + (" [probe]" if self.probe else "") + (" [json]" if self.json else "")


def _files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in suffixes and p.is_file() and not p.is_symlink())


def _replace(path: Path, data: bytes) -> None:
    """Write ``data`` as a new file at ``path``: its old inode may be shared with the base."""
    path.unlink(missing_ok=True)
    path.write_bytes(data)


def _paths(node: Any, prefix: tuple = ()) -> Iterator[tuple]:
    """Every path into a parsed YAML tree, parents before children."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, prefix + (index,))


def _get(node: Any, path: tuple) -> Any:
    for part in path:
        node = node[part]
    return node


def _matches(path: tuple, pattern: tuple) -> bool:
    return len(path) == len(pattern) and all(p == "*" and isinstance(k, int) or p == k
                                             for k, p in zip(path, pattern))


names = st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1,
                max_size=40).filter(lambda name: name not in (".", "..") and len(name.encode()) <= 255)
ids = st.one_of(st.sampled_from(["Neue Kunden", "Kassenwerk Systeme", "english", "", "-", "DE", "über",
                                 "a" * 300, "neue_kunden", "1", "🙂", "x\u202ey"]), names)
texts = st.one_of(st.text(max_size=60), st.sampled_from(["🙂" * 30, "\u202eabc", "מה קורה", "x" * 2000,
                                                         "{story:>99999999}", "\x1b[2J", "a\nb", "---"]))
scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
                    st.floats(allow_nan=True), texts)
keys = st.one_of(names, names, st.integers(), st.booleans(), st.none(), st.floats(), st.dates())
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(keys, inner, max_size=4)),
                      max_leaves=12)
media_names = st.sampled_from([
    "ü" * 130 + ".jpg", "a" * 256 + ".png", "cover\x00.jpg", "\x1b[2Jcover.jpg", "../../../etc/passwd",
    "/etc/passwd", "~/x.jpg", "..", ".", "film.mp4", "cover.jpg", "a/" * 2100 + "x.jpg", "x.gif", "COVER.JPG",
    "stories", "nicht-da.mp4"])


def _bomb(levels: int) -> str:
    """A "billion laughs" in one flow sequence: each anchor repeats the one before nine times."""
    parts = ["&a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    parts += [f"&a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "[" + ", ".join(parts) + "]"


raw_snippets = st.one_of(
    st.integers(min_value=20, max_value=1500).map(lambda depth: "[" * depth + "]" * depth),
    st.integers(min_value=20, max_value=400).map(lambda depth: "{a: " * depth + "x" + "}" * depth),
    st.integers(min_value=2, max_value=12).map(_bomb),
    st.sampled_from(["!!int " + "9" * 5000, "2024-13-45", "!foo x", "!!binary zz", "!!python/object:os.system x",
                     "*undefined", "!!set {a, b}", "!!timestamp 2024-02-30", "1e999", "0x" + "f" * 5000,
                     "&self [*self]", "? [a, b]\n", "!!str", "'unclosed", "[a, b", "{a: b, a: c}", "|\n  x",
                     "!!float nan", ".inf", "~", "null", "yes", "0o777", "2001-12-14t21:59:43.10-05:00"]))


def _yaml_files(folder: Path) -> list[Path]:
    return _files(folder, (".yaml",))


def mutate_data(draw: Any, folder: Path, case: Case) -> None:
    """One mutation of the parsed data of a YAML file, written back through PyYAML's dumper."""
    files = _yaml_files(folder)
    if not files:
        return
    path = draw(st.sampled_from(files))
    text = path.read_bytes()
    if b"&" in text or len(text) > 100_000:
        return  # perhaps an alias bomb from an earlier mutation: PyYAML's own loader would explode
    try:
        data = yaml.safe_load(text.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, ValueError, RecursionError):
        return  # broken by an earlier mutation already
    if not isinstance(data, dict) or not data:
        return
    paths = [p for p in _paths(data) if p]
    kind = draw(st.sampled_from(["delete", "retype", "id", "text", "add", "alias", "raw", "media", "contact"]))
    rel = path.relative_to(folder)
    raw: dict[str, str] = {}
    target = draw(st.sampled_from(paths))
    if kind == "id":
        targets = [p for p in paths if any(_matches(p, pattern) for pattern in ID_PATHS)]
        target = draw(st.sampled_from(targets)) if targets else target
    elif kind == "media":
        targets = [p for p in paths if p[-1] in MEDIA_KEYS]
        target = draw(st.sampled_from(targets)) if targets else target
    elif kind == "contact":
        target = ("contact_url",)
    parent, key = _get(data, target[:-1]), target[-1]
    if kind == "delete":
        del parent[key]
    elif kind == "retype":
        parent[key] = draw(values)
    elif kind == "id":
        parent[key] = draw(ids)
    elif kind == "text":
        parent[key] = draw(texts)
    elif kind == "add":
        container = draw(st.sampled_from([p for p in [()] + paths if isinstance(_get(data, p), dict)]))
        _get(data, container)[draw(keys)] = draw(values)
    elif kind == "alias":
        # The same object in two places is dumped as an anchor and an alias, a container inside
        # itself as an alias to itself.
        source = draw(st.sampled_from([()] + paths))
        parent[key] = _get(data, source)
    elif kind == "raw":
        raw["RAWSNIPPET"] = draw(raw_snippets)
        parent[key] = "RAWSNIPPET"
    elif kind == "media":
        parent[key] = draw(media_names)
    elif kind == "contact" and isinstance(parent, dict):
        fields = draw(st.lists(st.sampled_from(["{story}", "{lang}", "{story:x}", "{story:>99999999}",
                                                "{story!r}", "{story.attr}", "{story[0]}", "{0}", "{}",
                                                "{kunde}", "{", "}", "{{x}}", "{story:{lang}}"]), max_size=4))
        parent[key] = draw(st.sampled_from(["https://x.example/k?", "http://x.example/", "https://[x/", ""])) \
            + "&".join(fields)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
    for token, snippet in raw.items():
        text = text.replace(token, snippet)
    _replace(path, text.encode("utf-8", "surrogatepass"))
    case.steps.append(f"{kind} {'.'.join(map(str, target))[:60]!r} in {rel}")


def mutate_bytes(draw: Any, folder: Path, case: Case) -> None:
    """One mutation of the bytes of a YAML file (or, when probing, of a picture or film)."""
    files = _yaml_files(folder) + (_files(folder, (".jpg", ".png", ".mp4")) if case.probe else [])
    if not files:
        return
    path = draw(st.sampled_from(files))
    data = path.read_bytes()
    kind = draw(st.sampled_from(["truncate", "insert", "bom", "empty", "control", "surrogate", "tab", "huge",
                                 "latin1"]))
    at = draw(st.integers(min_value=0, max_value=len(data)))
    if kind == "truncate":
        data = data[:at]
    elif kind == "insert":
        data = data[:at] + draw(st.binary(min_size=1, max_size=64)) + data[at:]
    elif kind == "bom":
        data = b"\xef\xbb\xbf" + data
    elif kind == "empty":
        data = b""
    elif kind == "control":
        data = data[:at] + draw(st.sampled_from(["\x00", "\x1b[31m", "\x07", "\u2028", "\x85", "\ufeff",
                                                 "\u202e"])).encode() + data[at:]
    elif kind == "surrogate":
        data = data[:at] + b"\xed\xa0\x80" + data[at:]  # a lone surrogate, as some tools write it
    elif kind == "tab":
        data = data.replace(b"\n  ", b"\n\t", 1)
    elif kind == "huge":
        data = data + b"# " + b"x" * 1_000_001 + b"\n"
    elif kind == "latin1":
        data = data.decode("utf-8", "replace").encode("latin-1", "replace")
    _replace(path, data)
    case.steps.append(f"{kind} bytes of {path.relative_to(folder)}")


def mutate_tree(draw: Any, folder: Path, case: Case, outside: Path) -> None:
    """One mutation of the folder tree: names, links, permissions, missing and extra files."""
    entries = sorted(p for p in folder.rglob("*") if not p.is_symlink())
    tops = [p for p in entries if p.parent == folder and p.is_dir()]
    items = [p for p in entries if p.parent in tops and p.is_dir()]
    files = [p for p in entries if p.is_file()]
    kind = draw(st.sampled_from(["delete", "rename", "rename-bytes", "link-out", "link-loop", "link-dangling",
                                 "link-dir", "unreadable", "junk", "fifo", "long-name"]))
    candidates = (files if kind in ("delete", "link-out", "link-loop", "link-dangling", "fifo")
                  else items if kind in ("rename", "rename-bytes") else items + tops if kind == "link-dir"
                  else entries + [folder])
    if not candidates:
        return  # an earlier mutation removed them all
    target = draw(st.sampled_from(candidates))
    rel = target.relative_to(folder) if target != folder else Path(".")
    if kind == "delete":
        target.unlink()
    elif kind == "rename":
        new = target.with_name(draw(names))
        if new.exists():
            return
        target.rename(new)
    elif kind == "rename-bytes":
        os.rename(os.fsencode(target), os.fsencode(target.parent) + b"/caf\xe9-" + os.fsencode(target.name))
    elif kind in ("link-out", "link-loop", "link-dangling"):
        target.unlink()
        destination = {"link-out": outside / "private.yaml", "link-loop": target,
                       "link-dangling": folder / "nirgends"}[kind]
        target.symlink_to(destination)
    elif kind == "link-dir":
        shutil.rmtree(target)
        target.symlink_to(draw(st.sampled_from([outside, target, target.parent, Path("/nirgends")])))
    elif kind == "unreadable":
        case.unreadable.add(target)
    elif kind == "junk":
        base = folder / draw(st.sampled_from(["stories", "providers", "pages", "."]))
        if base.is_dir():
            junk = base / draw(names)
            if not junk.exists():
                if draw(st.booleans()):
                    junk.mkdir()
                else:
                    junk.write_bytes(draw(st.binary(max_size=64)))
    elif kind == "fifo":
        target.unlink()
        os.mkfifo(target)
    elif kind == "long-name":
        if target.is_dir() and target != folder:
            try:
                target.rename(target.with_name("x" * 255))
            except OSError:
                return
    case.steps.append(f"{kind} {str(rel)[:60]!r}")


def mutate(draw: Any, folder: Path, outside: Path) -> Case:
    """Apply one to four random mutations to ``folder``; return what was done."""
    case = Case(probe=draw(st.integers(0, 9)) == 0, json=draw(st.integers(0, 4)) == 0)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        group = draw(st.sampled_from(["data", "data", "data", "bytes", "tree"]))
        if group == "data":
            mutate_data(draw, folder, case)
        elif group == "bytes":
            mutate_bytes(draw, folder, case)
        else:
            mutate_tree(draw, folder, case, outside)
    return case


# -- running and checking ---------------------------------------------------------------------------


@contextlib.contextmanager
def unreadable(paths: set[Path]) -> Iterator[None]:
    """Make ``paths`` unreadable to this process, as they are to an unprivileged kiosk user.

    The tests run as root, who may read anything; so opening, listing or examining one of
    these raises PermissionError, as it would for the service's user.
    """
    if not paths:
        yield
        return
    denied = {os.fspath(p) for p in paths}
    originals = {name: getattr(pathlib.Path, name) for name in ("open", "iterdir", "stat")}
    access = os.access

    def guard(name: str):
        def method(self, *args, **kwargs):
            # A file without read permission can still be examined; what is in a folder without
            # permission cannot; neither can be opened or listed.
            inside = os.fspath(self.parent) in denied
            if inside or (name != "stat" and os.fspath(self) in denied):
                raise PermissionError(errno.EACCES, "Permission denied", os.fspath(self))
            return originals[name](self, *args, **kwargs)
        return method

    def guarded_access(path: Any, mode: int, **kwargs: Any) -> bool:
        if os.fspath(path) in denied or os.path.dirname(os.fspath(path)) in denied:
            return False
        return access(path, mode, **kwargs)

    try:
        for name in originals:
            setattr(pathlib.Path, name, guard(name))
        os.access = guarded_access
        yield
    finally:
        for name, original in originals.items():
            setattr(pathlib.Path, name, original)
        os.access = access


@dataclass
class Outcome:
    """What `kiosk validate` did with one case."""

    code: int | None
    out: str
    err: str
    seconds: float


def run_case(folder: Path, case: Case) -> Outcome:
    """Run `kiosk validate` on ``folder`` in this process, capturing what it prints."""
    from kiosk.cli import main

    argv = ["validate", "--profile", "mini-pc", *([] if case.probe else ["--no-probe"]),
            *(["--format", "json"] if case.json else []), str(folder)]
    out, err = io.StringIO(), io.StringIO()
    start = time.monotonic()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), unreadable(case.unreadable):
        try:
            code = main(argv)
        except BaseException as exc:  # noqa: BLE001 - whatever escapes is what this fuzzer looks for
            import traceback

            err.write("Traceback (escaped main):\n" + "".join(traceback.format_exception(exc)))
            code = None
    return Outcome(code, out.getvalue(), err.getvalue(), time.monotonic() - start)


def failures(outcome: Outcome, folder: Path, case: Case) -> list[str]:
    """Return what is wrong with what staff saw (empty when all is well)."""
    found = []
    if outcome.code not in (0, 1, 2):
        found.append(f"exit code {outcome.code}")
    both = outcome.out + outcome.err
    if "Traceback" in both or LAST_RESORT in both:
        found.append("a crash: " + both[-1500:])
    try:
        both.encode("utf-8")
    except UnicodeEncodeError as exc:
        found.append(f"output that a UTF-8 terminal cannot print: {exc}")
    if UNPRINTABLE.search(both.replace("\n", "")):
        found.append(f"control characters in the output: {UNPRINTABLE.search(both.replace(chr(10), ''))!r}")
    if outcome.seconds > CASE_SECONDS:
        found.append(f"took {outcome.seconds:.1f} s")
    if outcome.code == 2:
        if outcome.out or len(outcome.err.splitlines()) != 1:
            found.append("exit 2 without exactly one line on stderr")
        return found
    if outcome.err:
        found.append("stderr: " + outcome.err[-500:])
    if case.json:
        try:
            report = json.loads(outcome.out)
            problems = [(p["file"], p["line"], p["severity"], p["message"]) for p in report["problems"]]
        except (ValueError, KeyError, TypeError) as exc:
            return found + [f"JSON that does not parse ({exc}): {outcome.out[:300]}"]
        if report["errors"] != sum(p[2] == "error" for p in problems) or report["ok"] != (outcome.code == 0):
            found.append("JSON counts disagree with the problems")
    else:
        lines = outcome.out.splitlines()
        if not lines or not SUMMARY_LINE.match(lines[-1]):
            return found + [f"no summary line: {outcome.out[-300:]}"]
        problems = []
        for line in lines[:-1]:
            match = PROBLEM_LINE.match(line)
            if match is None:
                found.append(f"not a problem line: {line[:300]}")
                continue
            problems.append((match["file"], match["line"] and int(match["line"]), match["severity"],
                             match["message"]))
    for file, line, severity, _ in problems:
        if line is None and (folder / file).is_file() and (folder / file).suffix == ".yaml":
            found.append(f"a problem in the file {file} without a line")
    if outcome.code == 1 and not any(p[2] == "error" for p in problems):
        found.append("exit 1 without an error")
    if outcome.code == 0 and any(p[2] == "error" for p in problems):
        found.append("exit 0 with an error")
    return found


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the campaign -----------------------------------------------------------------------------------


def campaign(examples: int, seed: int) -> int:
    """Run ``examples`` cases from ``seed``; print a summary table; return the number of failing cases."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed

    work = scratch_dir()
    base = build_base(work / "base")
    outside = work / "outside"
    outside.mkdir()
    (outside / "private.yaml").write_text("geheim: ja\n", encoding="utf-8")
    results: list[tuple[Case, Outcome, list[str]]] = []

    @hypothesis_seed(seed)
    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def one(data: st.DataObject) -> None:
        folder = copy_base(base, work / f"case-{len(results)}")
        try:
            case = mutate(data.draw, folder, outside)
            outcome = run_case(folder, case)
            results.append((case, outcome, failures(outcome, folder, case)))
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    start = time.monotonic()
    try:
        one()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    failed = [(case, outcome, found) for case, outcome, found in results if found]
    codes = {code: sum(o.code == code for _, o, _ in results) for code in (0, 1, 2)}
    slowest_case, slowest = max(((c, o) for c, o, _ in results), key=lambda pair: pair[1].seconds)
    rows = [("cases", str(len(results))), ("failing cases", str(len(failed))),
            ("exit 0 / 1 / 2", f"{codes[0]} / {codes[1]} / {codes[2]}"),
            ("cases decoding media", str(sum(c.probe for c, _, _ in results))),
            ("slowest case", f"{slowest.seconds:.2f} s: {str(slowest_case)[:90]}"),
            ("mean per case", f"{(time.monotonic() - start) / max(len(results), 1) * 1000:.0f} ms"),
            ("peak memory (RSS)", f"{peak_rss_mb():.0f} MB"), ("seed", str(seed))]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    for case, outcome, found in failed[:20]:
        print(f"\nFAILED: {case}\n  " + "\n  ".join(found))
    return len(failed)


def main(argv: list[str] | None = None) -> int:
    """Run a fuzzing campaign; exit 1 when any case failed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000, help="how many cases (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="the seed; the same seed gives the same cases")
    args = parser.parse_args(argv)
    return 1 if campaign(args.examples, args.seed) else 0


if __name__ == "__main__":
    sys.exit(main())
