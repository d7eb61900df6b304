"""Built-in commands beyond the core verbs, one module each, imported only when used.

Each module exposes ``command`` (a ``click.Command``). ``kata --help`` imports them all to
show their help lines; ``kata list`` imports none. Module-level imports stay light
(no numpy/torch/pytest/watchfiles/nbformat): heavy ones go inside the command.
"""

from __future__ import annotations

import importlib
import importlib.util

import click

LAZY = {
    "watch": "kata.commands.watch",
    "grade": "kata.commands.grade",
    "export": "kata.commands.export",
    "completion": "kata.commands.completion",
    "run": "kata.commands.run",
    "data": "kata.commands.data",
    "next": "kata.commands.next",
}


def available() -> list[str]:
    return [name for name, module in LAZY.items() if importlib.util.find_spec(module) is not None]


def load(name: str) -> click.Command | None:
    module = LAZY.get(name)
    if module is None or importlib.util.find_spec(module) is None:
        return None
    return importlib.import_module(module).command
