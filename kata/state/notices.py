"""How plugin-loading problems reach the user, importable without pluggy (a cached catalogue never loads it)."""

from __future__ import annotations

import sys


class PluginLoadError(RuntimeError):
    """A pack failed to load while ``KATA_STRICT_PLUGINS`` is set."""


def warn(messages: list[str]) -> None:
    for message in messages:
        print(f"kata: warning: {message}", file=sys.stderr)
