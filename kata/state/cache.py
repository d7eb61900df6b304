"""A small keyed cache in the user's cache folder, so everyday commands skip work whose inputs did not change.

A value is stored with the key it was made from, and read back only when the key compares equal, whole. Values
are marshalled: builtin (no import), exact for tuples and dicts, and refused at write time for anything else. The
key must hold ``sys.version``-dependent parts itself when the format matters; :func:`read` adds the interpreter's.
``KATA_NO_CACHE=1`` bypasses every cache; a read-only or missing home only costs speed.
"""

from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path
from typing import Any


def disabled() -> bool:
    return bool(os.environ.get("KATA_NO_CACHE"))


def _file(name: str) -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "transformer-kata" / f"{name}.marshal"


def fingerprint() -> list:
    """What installed packages are: the environment and the modification time of every folder on ``sys.path``
    but the first (the script's own). Installing or removing a package touches its folder."""
    stamps = []
    for entry in sys.path[1:]:
        try:
            stamps.append((entry, os.stat(entry or ".").st_mtime_ns))
        except OSError:
            stamps.append((entry, None))
    return [sys.version, sys.prefix, stamps]


def read(name: str, key: Any) -> Any | None:
    """The value stored under ``name`` when it was made from ``key``; else None."""
    if disabled():
        return None
    try:
        stored_key, value = marshal.loads(_file(name).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return value if stored_key == key else None


def write(name: str, key: Any, value: Any) -> None:
    if disabled():
        return
    path = _file(name)
    try:
        data = marshal.dumps((key, value))
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)  # whole or not at all: another kata reading at the same time sees one or the other
    except (OSError, ValueError):
        pass
