"""Safe YAML loading that remembers the line of every key and value.

Staff need the line of each problem, so the loader keeps the YAML node tree next to the data:
``lines[path]`` is the 1-based line of the value at ``path`` (a tuple of keys and list
indexes) and ``key_lines[path]`` that of its key. Only safe loading is used; the C loader when
PyYAML was built with libyaml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

# The wording of PyYAML's most common complaints, and what a staff member should do about them.
_SYNTAX_HINTS = {
    "found character '\\t'": "use spaces, not tabs, to indent",
    "tab character": "use spaces, not tabs, to indent",
    "mapping values are not allowed": "a text containing ': ' must be put in quotes",
    "could not find expected ':'": "every line needs 'key: value'; check the line above for a missing ':'",
    "found unexpected end of stream": "a quote or bracket is not closed",
    "did not find expected key": "check the indentation: keys of one block must start in the same column",
    "expected <block end>": "check the indentation: keys of one block must start in the same column",
    "found undefined alias": "'*' starts an alias in YAML; put the text in quotes",
    "found character that cannot start any token": "put texts starting with '@', '`' or '%' in quotes",
}


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
    """Parse ``path`` safely; syntax errors are recorded, never raised."""
    doc = YamlDoc()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        doc.syntax_errors.append((None, f"the file is not UTF-8 text (byte {exc.start}); save it as UTF-8"))
        return doc
    except OSError as exc:
        doc.syntax_errors.append((None, f"cannot read the file: {exc.strerror}"))
        return doc
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            doc.data = _build(node, (), doc, loader, set())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        doc.syntax_errors.append((line, _syntax_message(exc)))
    except yaml.YAMLError as exc:
        doc.syntax_errors.append((None, f"YAML syntax error: {exc}"))
    finally:
        loader.dispose()
    return doc


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or exc.context or "syntax error"
    hint = next((h for pattern, h in _SYNTAX_HINTS.items() if pattern in problem), None)
    message = f"YAML syntax error: {problem}"
    return f"{message} ({hint})" if hint else message


_STR_TAG = "tag:yaml.org,2002:str"


def _build(node: yaml.Node, path: tuple, doc: YamlDoc, loader: Any, active: set[int]) -> Any:
    """Build the Python value of ``node`` and record its lines, in one pass over the tree.

    Plain strings are taken as they are; other scalars (numbers, booleans, null, dates) go
    through PyYAML's safe constructor. ``active`` guards against aliases that contain themselves.
    """
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.ScalarNode):
        return node.value if node.tag == _STR_TAG else loader.construct_object(node, deep=True)
    if id(node) in active:
        raise yaml.constructor.ConstructorError(None, None, "an alias refers to itself", node.start_mark)
    active.add(id(node))
    try:
        if isinstance(node, yaml.SequenceNode):
            return [_build(item, path + (index,), doc, loader, active) for index, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return _build_mapping(node, path, doc, loader, active)
        return loader.construct_object(node, deep=True)
    finally:
        active.discard(id(node))


def _build_mapping(node: yaml.MappingNode, path: tuple, doc: YamlDoc, loader: Any, active: set[int]) -> dict:
    result: dict = {}
    seen: dict[Any, int] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.constructor.ConstructorError(None, None, "a key must be a plain word", key_node.start_mark)
        key = key_node.value if key_node.tag == _STR_TAG else loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in seen:
            doc.duplicate_keys.append((line, f"key '{key}' appears twice (first on line {seen[key]}); "
                                             "only the last one counts: remove one"))
        seen[key] = line
        doc.key_lines[path + (key,)] = line
        result[key] = _build(value_node, path + (key,), doc, loader, active)
    return result
