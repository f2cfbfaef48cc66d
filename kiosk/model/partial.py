"""What is left of a content file that did not validate: its good fields, for further checks.

A file with one bad key still has references and media worth checking, so that staff see every
problem at once. These helpers rebuild a pydantic model from the parts that validate on their
own, with None wherever a value failed.
"""

from __future__ import annotations

import functools
import typing
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError


@functools.cache
def _adapter(annotation: Any) -> TypeAdapter:
    return TypeAdapter(annotation)


def _field_annotation(field: Any) -> Any:
    """The field's type with its constraints (pydantic keeps them apart from the annotation)."""
    return Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation


def _lenient(annotation: Any, value: Any) -> Any:
    """Validate ``value``; where it fails, keep what validates on its own and put None elsewhere.

    Models are rebuilt field by field and lists item by item (a bad item becomes None, so that
    the indexes, and with them the YAML lines, stay right).
    """
    try:
        return _adapter(annotation).validate_python(value)
    except ValidationError:
        pass
    # Lists first: the model inside ``list[MediaEntry]`` must not be built from a block that
    # stands where the list belongs.
    item_type = _list_item(annotation)
    if item_type is not None:
        return [_lenient(item_type, item) for item in value] if isinstance(value, list) else None
    model = model_in(annotation)
    if model is not None and isinstance(value, dict):
        return partial(model, value)
    return None


def partial(model: type[BaseModel], data: dict) -> BaseModel:
    """Build ``model`` from what in ``data`` validates; missing or broken fields become None."""
    values = {}
    for name, field in model.model_fields.items():
        if name not in data:
            values[name] = None if field.is_required() else field.get_default(call_default_factory=True)
        else:
            values[name] = _lenient(_field_annotation(field), data[name])
    return model.model_construct(**values)


def _list_item(annotation: Any) -> Any:
    """Return X for an annotation such as ``list[X]`` or ``list[X] | None``, else None."""
    if typing.get_origin(annotation) is list:
        return typing.get_args(annotation)[0]
    for arg in typing.get_args(annotation):
        found = _list_item(arg)
        if found is not None:
            return found
    return None


def model_in(annotation: Any) -> type[BaseModel] | None:
    """Find the pydantic model inside an annotation such as ``list[MediaEntry] | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = model_in(arg)
        if found is not None:
            return found
    return None


def allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """Return the keys allowed at ``loc`` inside ``model`` (list indexes are stepped over)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if isinstance(current, type) and issubclass(current, BaseModel) else None
        if field is None:
            return []
        current = model_in(field.annotation)
        if current is None:
            return []
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []
