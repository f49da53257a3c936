"""Dataclasses <-> MongoDB documents, in one place, driven by the model's type hints.

Conventions: ``id`` is stored as ``_id``; ``id`` and every ``*_id`` field is an ObjectId in the
database and a hex string in the model (a ``*_ids`` field, a list of them); ``None`` fields are
left out of documents; enums are stored by value; a body block carries its kind in ``type`` and
its own ``id`` as a plain string (it names the block within its story, not a document).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Hashable
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


def _is_ids_field(name: str) -> bool:
    return name.endswith("_ids")


def _ids(raw: list[Any]) -> tuple[str, ...]:
    return tuple(str(item) for item in raw)


def _is_block(cls: Any) -> bool:
    return getattr(cls, "kind", None) in _BLOCKS_BY_KIND


def to_doc(obj: Any) -> dict[str, Any]:
    """The document that stores a model dataclass."""
    doc: dict[str, Any] = {}
    block = _is_block(type(obj))
    if block:
        doc["type"] = type(obj).kind
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if value is None:
            continue
        if block and f.name == "id":
            doc["id"] = value
            continue
        key = "_id" if f.name == "id" else f.name
        if _is_ids_field(f.name):
            doc[key] = [ObjectId(item) for item in value]
        else:
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


Decode = Callable[[Any], Any]


def from_doc(cls: type[T], doc: dict[str, Any], **given: Any) -> T:
    """The model dataclass a document stores; absent fields take their defaults, ``given``
    fields the values given (a teaser's ``body=None``: not read)."""
    return cast(T, _reader(cast(Hashable, cls))(doc, given))


@cache
def _reader(cls: Any) -> Callable[..., Any]:
    """A decoder for one dataclass, planned once from its type hints.

    Every page view decodes a story with dozens of nested blocks and inline runs: looking the
    hints up field by field on each call cost a fifth of a story page's CPU.
    """
    hints = typing.get_type_hints(cls, vars(model))
    block = _is_block(cls)
    plan = [
        (
            f.name,
            "_id" if f.name == "id" and not block else f.name,
            str
            if _is_id_field(f.name)
            else _ids
            if _is_ids_field(f.name)
            else _decoder(hints[f.name]),
        )
        for f in dataclasses.fields(cls)
    ]

    def read(doc: dict[str, Any], given: dict[str, Any] | None = None) -> Any:
        kwargs: dict[str, Any] = {}
        for name, key, decode in plan:
            raw = doc.get(key)
            if raw is not None:
                kwargs[name] = raw if decode is None else decode(raw)
        if given:
            kwargs.update(given)
        return cls(**kwargs)

    return read


def _block(raw: dict[str, Any]) -> Any:
    if raw["type"] == model.BlockQuote.kind and "paragraphs" not in raw:
        # A quote stored before quotes had paragraphs: its one run of text is one paragraph.
        raw = {**raw, "paragraphs": [raw.get("inlines", [])]}
    return _reader(cast(Hashable, _BLOCKS_BY_KIND[raw["type"]]))(raw)


@cache
def _decoder(hint: Any) -> Decode | None:
    """How to decode a value of this type; ``None`` when the stored value is the value."""
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        members = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _decoder(members[0]) if len(members) == 1 else _block
    if origin is tuple:
        item = _decoder(typing.get_args(hint)[0])
        if item is None:
            return tuple
        return lambda raw: tuple(map(item, raw))
    if isinstance(hint, type):
        if dataclasses.is_dataclass(hint):
            return _reader(hint)
        if issubclass(hint, Enum):
            return hint
        if hint is float:
            return float
        if hint is datetime or hint in (str, int, bool):
            return None
    raise TypeError(f"cannot decode {hint!r}")
