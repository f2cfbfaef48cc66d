"""The JSON Schema files for staff editors (``kiosk schema``), written from the file models.

pydantic writes the schema; :class:`_EditorSchema` reshapes the few nodes the YAML extension of
VS Code would otherwise show with an English or misleading message, and every pattern gets the
German message of :data:`~kiosk.model.schema.fields.PATTERN_MESSAGES`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from kiosk.model.schema.fields import PATTERN_MESSAGES
from kiosk.model.schema.files import FILE_KINDS


# The keywords that constrain only values of one JSON type (JSON Schema 2020-12, validation
# vocabulary), by type: the types a text may take.
_ONLY_FOR = {
    "string": frozenset({"minLength", "maxLength", "pattern"}),
    "object": frozenset({"properties", "additionalProperties", "propertyNames", "minProperties",
                         "maxProperties", "required"}),
}


class _EditorSchema(GenerateJsonSchema):
    """pydantic's JSON Schema, written for the YAML extension of VS Code."""

    def dict_schema(self, schema: Any) -> dict:
        """A map with constrained keys: every key must match (pydantic's ``patternProperties``
        would let other keys through, so ``EN:`` and ``englisch:`` passed)."""
        json_schema = super().dict_schema(schema)
        patterns = json_schema.pop("patternProperties", None)
        if patterns:
            (pattern, values), = patterns.items()
            json_schema["propertyNames"] = {"pattern": pattern}
            json_schema["additionalProperties"] = values
        return json_schema

    def union_schema(self, schema: Any) -> dict:
        """Write a union of a string and a map (a text) as one node of ``type: [string, object]``.

        It means the same, since each member's keywords apply to its own type only. The YAML
        extension shows such a node's ``errorMessage`` for a value of neither type, but replaces
        the messages of ``anyOf`` members that all fail on the type with one English sentence.
        """
        json_schema = super().union_schema(schema)
        members = json_schema.get("anyOf", [])
        kinds = [member.get("type") for member in members]
        if sorted(map(str, kinds)) != sorted(_ONLY_FOR):
            return json_schema
        merged: dict = {"type": kinds}
        for member in members:
            for key, value in member.items():
                if key == "type":
                    continue
                if key in _ONLY_FOR[member["type"]]:
                    merged[key] = value
                elif all(other.get(key) == value for other in members):
                    merged[key] = value  # e.g. one errorMessage for both
                else:
                    return json_schema
        return merged

    def default_schema(self, schema: Any) -> dict:
        """Leave out a None default: it means "absent", and the editor would insert ``null``."""
        json_schema = super().default_schema(schema)
        if "default" in json_schema and json_schema["default"] is None:
            del json_schema["default"]
        return json_schema


def _explain_patterns(node: Any) -> None:
    """Give every ``pattern`` in a schema a ``patternErrorMessage``, unless it brings its own
    (KeyError: add the pattern's message to :data:`PATTERN_MESSAGES`)."""
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            node.setdefault("patternErrorMessage", PATTERN_MESSAGES[node["pattern"]])
        for value in node.values():
            _explain_patterns(value)
    elif isinstance(node, list):
        for value in node:
            _explain_patterns(value)


def json_schema(kind: str) -> dict:
    """Return the JSON Schema of one file kind (``kiosk``, ``story``, ``provider``, ``page``)."""
    schema = FILE_KINDS[kind].model_json_schema(schema_generator=_EditorSchema)
    _explain_patterns(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{kind}.schema.json"
    return schema


def write_schemas(out_dir: Path) -> list[Path]:
    """Write ``<kind>.schema.json`` for every file kind into ``out_dir``; return the files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in FILE_KINDS:
        target = out_dir / f"{kind}.schema.json"
        target.write_text(json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(target)
    return written
