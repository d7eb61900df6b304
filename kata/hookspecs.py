"""Hook specifications of the ``kata`` pluggy project.

Writing an exercise pack, in short::

    # kata_mypack/__init__.py
    from kata.hookspecs import hookimpl
    from kata.exercise import Exercise

    @hookimpl
    def kata_register_exercises(register):
        register(Exercise(id="mypack.1", title="...", ..., package=__name__))

    # pyproject.toml of the pack
    [project.entry-points.kata]
    mypack = "kata_mypack"

Hooks are always called with keyword arguments. Every hook here has a test in
``tests/test_hooks.py`` and a line in the README.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import pluggy

if TYPE_CHECKING:  # pragma: no cover
    import click

    from kata.exercise import Exercise

PROJECT = "kata"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def kata_register_exercises(register: "Callable[[Exercise], None]") -> None:
    """Declare exercises by calling ``register(Exercise(...))`` once per exercise.

    Keep this cheap: only metadata, no numpy/torch import; reference and checks
    are named as import strings and loaded only while grading.

    :param register: callback that adds one :class:`kata.exercise.Exercise`.
    """


@hookspec
def kata_register_commands(cli: "click.Group") -> None:
    """Add Click commands to the ``kata`` command group.

    :param cli: the top-level Click group; call ``cli.add_command(...)``.
    """
