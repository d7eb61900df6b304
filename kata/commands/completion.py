"""``kata completion SHELL``: print the script that makes a shell complete kata's commands, options and ids.

The script comes from Click's own shell-completion classes, so it matches the Click in use: the shell calls
``kata`` back with ``_KATA_COMPLETE=<shell>_complete`` and Click answers with the candidates (exercise ids come
from the ID arguments' ``shell_complete``).
"""

from __future__ import annotations

import click

PROG_NAME = "kata"
COMPLETE_VAR = "_KATA_COMPLETE"  # what Click derives from the program name: _{PROG}_COMPLETE
SHELLS = ("bash", "zsh", "fish")
ACTIVATE = {
    "bash": 'eval "$(kata completion bash)"     # in ~/.bashrc (bash 4.4 or later)',
    "zsh": 'eval "$(kata completion zsh)"      # in ~/.zshrc',
    "fish": "kata completion fish > ~/.config/fish/completions/kata.fish",
}


@click.command("completion", epilog="\b\nTo activate:\n" + "\n".join(f"  {line}" for line in ACTIVATE.values()))
@click.argument("shell", type=click.Choice(SHELLS))
@click.pass_context
def command(ctx: click.Context, shell: str) -> None:
    """Print the shell completion script for bash, zsh or fish."""
    from click.shell_completion import get_completion_class

    completion_class = get_completion_class(shell)
    assert completion_class is not None, shell  # Click registers all three
    click.echo(completion_class(ctx.find_root().command, {}, PROG_NAME, COMPLETE_VAR).source())
