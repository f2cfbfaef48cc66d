"""Safe YAML loading that remembers the line of every key and value.

Staff need the line of each problem, so the loader keeps the YAML node tree next to the data:
``lines[path]`` is the 1-based line of the value at ``path`` (a tuple of keys and list
indexes) and ``key_lines[path]`` that of its key. Only safe loading is used; the C loader when
PyYAML was built with libyaml.

Whatever the bytes, loading ends with data or with problems, never with an exception: files
are read up to :data:`MAX_BYTES`, nested up to :data:`MAX_DEPTH` levels and expanded (aliases
included) up to :data:`MAX_VALUES` values. Content files need a tiny fraction of each; the
limits are there so that a broken or hostile file cannot exhaust the stack, the memory or the
time of the validator.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kiosk.i18n import N_, _
from kiosk.model.problems import cannot_read, shown

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

# The wording of PyYAML's most common complaints, and what a staff member should do about them.
_SYNTAX_HINTS = {
    "found character '\\t'": N_("use spaces, not tabs, to indent"),
    "tab character": N_("use spaces, not tabs, to indent"),
    "mapping values are not allowed": N_("a text containing ': ' must be put in quotes"),
    "could not find expected ':'": N_("every line needs 'key: value'; check the line above for a missing ':'"),
    "found unexpected end of stream": N_("a quote or bracket is not closed"),
    "did not find expected key": N_("check the indentation: keys of one block must start in the same column"),
    "expected <block end>": N_("check the indentation: keys of one block must start in the same column"),
    "found undefined alias": N_("'*' starts an alias in YAML; put the text in quotes"),
    "found character that cannot start any token": N_("put texts starting with '@', '`' or '%' in quotes"),
    "could not determine a constructor for the tag": N_("remove the '!' tag in front of the value"),
}

MAX_BYTES = 1_000_000
"""The largest YAML file read; the sample's largest is about 3 KB."""
MAX_DEPTH = 50
"""The deepest nesting of blocks and lists; content files need 4 (``media[1].caption.de``)."""
MAX_VALUES = 50_000
"""The most values one file may build, every use of an alias counted in full; the sample's largest
file has about 60. An alias bomb ("billion laughs") of 2 KB would otherwise build billions."""



def _too_deep() -> str:
    """The message for a file nested too deep, by PyYAML's limit or by ours."""
    return _("the file is nested deeper than {limit} levels; content files need at most 5: check the indentation "
             "and the brackets", limit=MAX_DEPTH)


@dataclass
class YamlDoc:
    """A parsed YAML file: its data, line maps, and any syntax problems (line, message)."""

    data: Any = None
    lines: dict[tuple, int] = field(default_factory=dict)
    key_lines: dict[tuple, int] = field(default_factory=dict)
    syntax_errors: list[tuple[int | None, str]] = field(default_factory=list)
    duplicate_keys: list[tuple[int, str]] = field(default_factory=list)

    def line_of(self, path: tuple, key: bool = False) -> int | None:
        """Return the line of ``path``, or of its nearest ancestor that has one."""
        table = self.key_lines if key else self.lines
        for end in range(len(path), -1, -1):
            sub = tuple(path[:end])
            if sub in table:
                return table[sub]
            if sub in self.lines:
                return self.lines[sub]
        return 1


def load_yaml(path: Path) -> YamlDoc:
    """Parse ``path`` safely; problems (unreadable, too large, syntax, limits) are recorded, never raised."""
    doc = YamlDoc()
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except OSError as exc:
        doc.syntax_errors.append((1, cannot_read(path, exc)))
        return doc
    if len(raw) > MAX_BYTES:
        doc.syntax_errors.append((1, _("the file is larger than {limit} MB; content files are a few KB: check that "
                                       "this is the right file, and keep pictures and films in files of their own",
                                       limit=MAX_BYTES // 1_000_000)))
        return doc
    raw = raw.removeprefix(codecs.BOM_UTF8)  # editors on Windows write one; YAML allows it
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        column = exc.start - raw.rfind(b"\n", 0, exc.start)
        doc.syntax_errors.append((_line_at(raw, exc.start), _("the file is not UTF-8 text (byte 0x{byte:02x} in "
                                                              "column {column}); save it as UTF-8",
                                                              byte=raw[exc.start], column=column)))
        return doc
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            doc.data = _Builder(doc, loader).build(node, (), node.start_mark.line + 1)
    except _Refused as exc:
        doc.syntax_errors.append((exc.line, exc.message))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        doc.syntax_errors.append((mark.line + 1 if mark else 1, _syntax_message(exc)))
    except yaml.reader.ReaderError as exc:
        # libyaml reads the text as UTF-8 bytes: ``position`` counts bytes, ``character`` is a code.
        doc.syntax_errors.append((_line_at(raw, exc.position), _("the file contains the control character "
                                                                 "U+{code:04X}, which YAML does not allow; delete it "
                                                                 "(it is invisible in most editors)",
                                                                 code=exc.character)))
    except yaml.YAMLError as exc:
        doc.syntax_errors.append((1, _("YAML syntax error: {problem}", problem=exc)))
    finally:
        loader.dispose()
    return doc


def _line_at(raw: bytes, offset: int) -> int:
    """The 1-based line of the byte at ``offset``."""
    return raw.count(b"\n", 0, offset) + 1


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or exc.context or _("syntax error")
    if "exceeded maximum nesting depth" in problem:  # libyaml's own limit, at 1000 levels
        return _too_deep()
    hint = next((h for pattern, h in _SYNTAX_HINTS.items() if pattern in problem), None)
    if hint:
        return _("YAML syntax error: {problem} ({hint})", problem=problem, hint=_(hint))
    return _("YAML syntax error: {problem}", problem=problem)


_STR_TAG = "tag:yaml.org,2002:str"
_DATE_TAG = "tag:yaml.org,2002:timestamp"
_SCALAR_KINDS = {"tag:yaml.org,2002:int": N_("a whole number"), "tag:yaml.org,2002:float": N_("a number"),
                 "tag:yaml.org,2002:bool": N_("yes or no")}


class _Refused(Exception):
    """A value that cannot be built (a limit, a date that does not exist): its line and the message."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


class _Builder:
    """Builds the Python value of a node tree and records its lines, in one pass, within the limits.

    Plain strings are taken as they are; other scalars (numbers, booleans, null, dates) go
    through PyYAML's safe constructor. An alias is the same node object met again: it is built
    again in full (the loader needs a line for every path), so its values count against
    :data:`MAX_VALUES` each time, and the line of its outermost use is what staff are shown.
    """

    def __init__(self, doc: YamlDoc, loader: Any):
        self.doc, self.loader = doc, loader
        self.values = 0
        self.seen: set[int] = set()  # collection nodes built at least once
        self.active: set[int] = set()  # collection nodes being built: an alias to one contains itself
        self.alias_line: int | None = None  # the line of the outermost alias being expanded

    def build(self, node: yaml.Node, path: tuple, use_line: int) -> Any:
        """Build ``node``, found at ``path`` on ``use_line`` (the line of its key, or of its list)."""
        line = node.start_mark.line + 1
        self.doc.lines.setdefault(path, line)
        self.values += 1
        if self.values > MAX_VALUES:
            if self.alias_line is not None:
                raise _Refused(self.alias_line, _("the aliases ('*name') in this file expand to more than {limit} "
                                                  "values; write the values out instead of repeating them by alias",
                                                  limit=MAX_VALUES))
            raise _Refused(line, _("the file holds more than {limit} values; content files hold a few hundred: check "
                                   "that this is the right file", limit=MAX_VALUES))
        if isinstance(node, yaml.ScalarNode):
            return node.value if node.tag == _STR_TAG else self.scalar(node)
        if len(path) >= MAX_DEPTH:
            raise _Refused(line, _too_deep())
        if id(node) in self.active:
            raise yaml.constructor.ConstructorError(None, None, _("an alias refers to itself"), node.start_mark)
        outermost = self.alias_line is None and id(node) in self.seen
        if outermost:
            self.alias_line = use_line
        self.seen.add(id(node))
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, path + (index,), line) for index, item in enumerate(node.value)]
            return self.mapping(node, path)
        finally:
            self.active.discard(id(node))
            if outermost:
                self.alias_line = None

    def scalar(self, node: yaml.ScalarNode) -> Any:
        """The value of a scalar; a value its tag cannot hold (``2024-13-45``) is refused with its line."""
        if node.tag == _STR_TAG:
            return node.value
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError) as exc:
            line = node.start_mark.line + 1
            if node.tag == _DATE_TAG:
                raise _Refused(line, _("the value '{value}' is not a real date ({reason}); write dates as "
                                       "YYYY-MM-DD, or put a text in quotes", value=shown(node.value),
                                       reason=shown(exc, 60))) from None
            kind = (_(_SCALAR_KINDS[node.tag]) if node.tag in _SCALAR_KINDS
                    else _("the type {tag}", tag=node.tag))
            raise _Refused(line, _("the value '{value}' cannot be read as {kind}; put it in quotes if it is a text",
                                   value=shown(node.value), kind=kind)) from None

    def mapping(self, node: yaml.MappingNode, path: tuple) -> dict:
        """The dict of a mapping node; repeated keys are recorded as problems, the last one wins.

        Keys are taken as written: every key of a content file is a word, so ``no:`` (Norwegian)
        stays "no" rather than YAML's False, and ``2024-01-01:`` is an unknown key, not a date.
        """
        result: dict = {}
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(None, None, _("a key must be a plain word"),
                                                        key_node.start_mark)
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                self.doc.duplicate_keys.append((line, _("key '{key}' appears twice (first on line {first}); only the "
                                                        "last one counts: remove one", key=shown(key), first=seen[key])))
            seen[key] = line
            self.doc.key_lines[path + (key,)] = line
            result[key] = self.build(value_node, path + (key,), line)
        return result
