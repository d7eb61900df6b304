"""The built-in exercise plugins, found by listing the ``exercises`` folders without importing a single one."""

from __future__ import annotations

import os

BUILTIN = "builtin"


def builtin_folders() -> list[tuple[str, str]]:
    """(module name, folder) of every sub-package of ``exercises``, in name order."""
    import exercises

    found = []
    for folder in exercises.__path__:  # os.scandir: pkgutil costs more than the scan itself
        if not os.path.isdir(folder):
            continue  # an editable install's path-hook placeholder
        with os.scandir(folder) as entries:
            found += [(e.name, e.path) for e in entries
                      if e.is_dir() and os.path.isfile(os.path.join(e.path, "__init__.py"))]
    return [(f"exercises.{name}", path) for name, path in sorted(found)]


def builtin_modules() -> list[str]:
    return [name for name, _ in builtin_folders()]
