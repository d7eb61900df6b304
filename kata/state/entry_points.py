"""Entry points of the ``kata`` group, cached so everyday commands skip ``importlib.metadata``.

Scanning installed distributions costs tens of milliseconds, more than the rest of
``kata list``. The cache is keyed by the environment (``sys.prefix``) and the modification times of
every folder on ``sys.path`` but the first (the script's own): installing or removing a package touches its folder,
which invalidates the cache. ``KATA_NO_CACHE=1`` bypasses it.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class PackEntryPoint:
    name: str
    value: str  # "module" or "module:attribute"
    distribution: str

    def load(self) -> Any:
        module_name, _, attribute = self.value.partition(":")
        target = importlib.import_module(module_name.strip())
        for part in filter(None, attribute.strip().split(".")):
            target = getattr(target, part)
        return target


def _cache_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "transformer-kata" / "entry-points.json"


def _fingerprint() -> list:
    stamps = []
    for entry in sys.path[1:]:  # sys.path[0] is the script's folder or the current one: no installed packages
        try:
            stamps.append([entry, os.stat(entry or ".").st_mtime_ns])
        except OSError:
            stamps.append([entry, None])
    return [sys.prefix, stamps]


def _scan(group: str) -> list[PackEntryPoint]:
    from importlib.metadata import entry_points

    found = []
    for ep in entry_points(group=group):
        dist = f"{ep.dist.name} {ep.dist.version}" if ep.dist else "an unknown distribution"
        found.append(PackEntryPoint(ep.name, ep.value, dist))
    return found


def find(group: str) -> list[PackEntryPoint]:
    """The group's entry points, from the cache when nothing on ``sys.path`` changed since."""
    if os.environ.get("KATA_NO_CACHE"):
        return _scan(group)
    path, key = _cache_file(), _fingerprint()
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if cached.get("key") == key and group in cached.get("groups", {}):
            return [PackEntryPoint(*row) for row in cached["groups"][group]]
    except (OSError, ValueError, TypeError, AttributeError):
        pass
    found = _scan(group)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"key": key, "groups": {group: [[e.name, e.value, e.distribution] for e in found]}}),
                       encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home only costs speed
    return found
