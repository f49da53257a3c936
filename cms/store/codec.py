"""Dataclasses <-> MongoDB documents, in one place, driven by the model's type hints.

Conventions: ``id`` is stored as ``_id``; ``id`` and every ``*_id`` field is an ObjectId in the
database and a hex string in the model; ``None`` fields are left out of documents; enums are
stored by value; a body block carries its kind in ``type``.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Hashable
from datetime import datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar, cast

from bson import ObjectId
from bson.errors import InvalidId

from cms import model
from cms.errors import BadUserInput

T = TypeVar("T")

_BLOCKS_BY_KIND: dict[str, type[Any]] = {cls.kind: cls for cls in model.BLOCK_TYPES}


def object_id(value: str, *, what: str = "id") -> ObjectId:
    """The ObjectId a client's id names, or a clear error for a malformed one."""
    try:
        return ObjectId(value)
    except (InvalidId, TypeError):
        raise BadUserInput(f"{value!r} is not a valid {what}.", argument=what) from None


def new_id() -> str:
    """A fresh identifier for a new document, assigned before it is written."""
    return str(ObjectId())


def _is_id_field(name: str) -> bool:
    return name == "id" or name.endswith("_id")


def to_doc(obj: Any) -> dict[str, Any]:
    """The document that stores a model dataclass."""
    doc: dict[str, Any] = {}
    if getattr(type(obj), "kind", None) in _BLOCKS_BY_KIND:
        doc["type"] = type(obj).kind
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if value is None:
            continue
        key = "_id" if f.name == "id" else f.name
        doc[key] = ObjectId(value) if _is_id_field(f.name) else _encode(value)
    return doc


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_doc(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_encode(item) for item in value]
    if isinstance(value, frozenset | set):
        return sorted(_encode(item) for item in value)
    return value


@cache
def _hints(cls: Any) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def from_doc(cls: type[T], doc: dict[str, Any]) -> T:
    """The model dataclass a document stores; absent fields take their defaults."""
    hints = _hints(cast(Hashable, cls))
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        key = "_id" if f.name == "id" else f.name
        if key not in doc or doc[key] is None:
            continue
        raw = doc[key]
        kwargs[f.name] = str(raw) if _is_id_field(f.name) else _decode(hints[f.name], raw)
    return cls(**kwargs)


def _decode(hint: Any, raw: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        members = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(members) == 1:
            return _decode(members[0], raw)
        return from_doc(_BLOCKS_BY_KIND[raw["type"]], raw)
    if origin is tuple:
        item_hint = typing.get_args(hint)[0]
        return tuple(_decode(item_hint, item) for item in raw)
    if isinstance(hint, type):
        if dataclasses.is_dataclass(hint):
            return from_doc(hint, raw)
        if issubclass(hint, Enum):
            return hint(raw)
        if hint is float:
            return float(raw)
        if hint is datetime or hint in (str, int, bool):
            return raw
    raise TypeError(f"cannot decode {hint!r}")
