"""Entry points of the ``kata`` group, cached so everyday commands skip ``importlib.metadata``.

Scanning installed distributions costs tens of milliseconds, more than the rest of
``kata list``. The cache (:mod:`kata.state.cache`) is keyed by the environment and the modification times of
every folder on ``sys.path``: installing or removing a package touches its folder, which invalidates it.
``KATA_NO_CACHE=1`` bypasses it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from kata.state import cache


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


def _scan(group: str) -> list[PackEntryPoint]:
    from importlib.metadata import entry_points

    found = []
    for ep in entry_points(group=group):
        dist = f"{ep.dist.name} {ep.dist.version}" if ep.dist else "an unknown distribution"
        found.append(PackEntryPoint(ep.name, ep.value, dist))
    return found


def find(group: str) -> list[PackEntryPoint]:
    """The group's entry points, from the cache when nothing on ``sys.path`` changed since."""
    key = [group, cache.fingerprint()]
    cached = cache.read("entry-points", key)
    if cached is not None:
        return [PackEntryPoint(*row) for row in cached]
    found = _scan(group)
    cache.write("entry-points", key, [(e.name, e.value, e.distribution) for e in found])
    return found
