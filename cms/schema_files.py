"""The checked-in contracts under ``schema/``, generated from the code.

``schema/delivery.graphql`` is the public SDL, ``schema/management.graphql`` the editors';
``schema/mongo/<collection>.json`` the validators applied at start. A test compares
these files with ``schema_files()``.
"""

from __future__ import annotations

import json
from pathlib import Path

from cms.api.delivery import delivery_schema
from cms.api.management import management_schema
from cms.store.collections import VALIDATORS


def schema_files() -> dict[str, str]:
    """Relative path -> the content the code says that file must have."""
    files = {
        "delivery.graphql": delivery_schema().as_str() + "\n",
        "management.graphql": management_schema().as_str() + "\n",
    }
    for collection, validator in sorted(VALIDATORS.items()):
        document = {"collection": collection, "validator": {"$jsonSchema": validator}}
        files[f"mongo/{collection}.json"] = json.dumps(document, indent=2, sort_keys=True) + "\n"
    return files


def write_schema_files(root: Path) -> list[Path]:
    written = []
    for relative, content in schema_files().items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
        written.append(path)
    return written
