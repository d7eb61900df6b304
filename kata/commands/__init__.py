"""The verbs of ``kata``: the top-level Click group, and one module per verb, imported only when used.

Each verb module exposes ``command`` (a ``click.Command``) and takes the per-invocation state
(:class:`kata.app.App`) with ``@click.pass_obj``. ``kata --help`` imports them all to show their help
lines; ``kata list`` imports ``kata.commands.list`` alone. Module-level imports stay light (no
numpy/torch/pytest/watchfiles/nbformat): heavy ones go inside the command.

What this room may import: :mod:`kata.app` and the engine. Only the entry points import it (``cli.py``,
the ``%kata`` magic, and ``kata verify``'s project-run child); nothing else in the engine does.
A verb module named like a builtin (``list``, ``next``) becomes an attribute of this package when loaded,
so this module calls neither builtin.
"""

from __future__ import annotations

import importlib
import importlib.util

import click

from kata import __version__
from kata.app import App, root_workspace_option

VERBS = ("check", "completion", "data", "export", "grade", "hint", "list", "next", "plugins", "progress", "reset",
         "run", "show", "solution", "start", "verify", "watch")
LAZY = {name: f"kata.commands.{name}" for name in VERBS}


def available() -> list[str]:
    return [name for name, module in LAZY.items() if importlib.util.find_spec(module) is not None]


def load(name: str) -> click.Command | None:
    module = LAZY.get(name)
    if module is None or importlib.util.find_spec(module) is None:
        return None
    return importlib.import_module(module).command


class KataGroup(click.Group):
    """Loads the built-in verbs on first lookup, and adds the commands that plugins contribute
    (``kata_register_commands``) when a name is not a built-in one, or when all are listed."""

    _plugins_added = False

    def _add_plugin_commands(self, ctx: click.Context) -> None:
        if not KataGroup._plugins_added:
            KataGroup._plugins_added = True
            ctx.ensure_object(App).registry.loaded_plugins().manager.hook.kata_register_commands(cli=self)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._add_plugin_commands(ctx)
        return sorted(set(super().list_commands(ctx)) | set(available()))

    def get_command(self, ctx: click.Context, name: str):
        found = super().get_command(ctx, name) or load(name)
        if found is None:
            self._add_plugin_commands(ctx)
            found = super().get_command(ctx, name)
        return found


@click.group(cls=KataGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kata")
@root_workspace_option
@click.pass_context
def main(ctx: click.Context) -> None:
    """Learn transformers by implementing them, one graded kata at a time.

    Start with `kata list`, then `kata start 6.7`, edit the file it prints, and `kata check 6.7`.
    Exit codes: 0 ok, 1 a check failed, 2 usage error, 3 your file could not be run.
    """
    ctx.ensure_object(App)
