"""The GraphQL multipart request spec's ``map``: files put in the place their paths name.

``operations`` is the request as JSON with ``null`` where each file goes; ``map`` names, for
each form field holding a file, the paths of those nulls (``{"0": ["variables.file"]}``). Both
come from the client, so each is checked before anything is replaced: a path that leads
nowhere, through something that is not an object or a list, past the end of a list, or to a
value that is not the ``null`` placeholder is the request's fault, a 400 that says which.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any

from cms.http.delivery import RequestError

# Paths start here: a file can only stand for a variable's value.
_ROOT = "variables"
MAX_PATH_PARTS = 32


def _refused(message: str) -> RequestError:
    return RequestError(400, f"The multipart request's map is not usable: {message}")


def parse_json_field(value: Any, name: str) -> Any:
    """A form field that must hold JSON (``operations`` or ``map``)."""
    if not isinstance(value, str | bytes):
        raise RequestError(400, f"The multipart field `{name}` must be JSON text, not a file.")
    try:
        return json.loads(value)
    except (ValueError, RecursionError):
        raise RequestError(400, f"The multipart field `{name}` is not valid JSON.") from None


def place_files(operations: Any, files_map: Any, files: Mapping[str, Any]) -> dict[str, Any]:
    """``operations`` with every mapped file in place of its ``null``."""
    if not isinstance(operations, dict):
        raise RequestError(400, "The multipart field `operations` must be one JSON object.")
    if not isinstance(files_map, dict):
        raise _refused("it must be a JSON object of field names to lists of paths.")
    placed = copy.deepcopy(operations)
    for field, paths in files_map.items():
        if field not in files or isinstance(files[field], str):
            raise _refused(f"no file was sent in the form field {field[:100]!r}.")
        if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            raise _refused(f"the paths of {field[:100]!r} must be a list of strings.")
        for path in paths:
            _place(placed, path, files[field])
    return placed


def _place(operations: dict[str, Any], path: str, file: Any) -> None:
    parts = path.split(".")
    if parts[0] != _ROOT or len(parts) < 2 or len(parts) > MAX_PATH_PARTS:
        raise _refused(f"the path {path[:100]!r} does not name a variable.")
    container: Any = operations
    for part in parts[:-1]:
        container = _step(container, part, path)
    last = parts[-1]
    if _step(container, last, path) is not None:
        raise _refused(f"the path {path[:100]!r} does not lead to a null placeholder.")
    if isinstance(container, list):
        container[int(last)] = file
    else:
        container[last] = file


def _step(container: Any, part: str, path: str) -> Any:
    if isinstance(container, dict) and part in container:
        return container[part]
    index = int(part) if part.isascii() and part.isdecimal() and len(part) < 10 else -1
    if isinstance(container, list) and 0 <= index < len(container):
        return container[index]
    raise _refused(f"the path {path[:100]!r} leads nowhere in the operations.")
