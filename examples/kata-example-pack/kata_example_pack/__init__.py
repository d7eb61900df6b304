"""kata-example-pack: the plugin module named by the ``kata`` entry point in pyproject.toml.

It registers the pack's exercises (each exercise package declares its own, as the built-in
exercises do) and adds one command to ``kata``. Keep this import cheap: no numpy, torch or
pytest here or in the exercise packages; the reference and checks modules are imported only
while grading.
"""

from kata.hookspecs import hookimpl
from kata_example_pack.exercises import perplexity, softmax_temperature

__version__ = "0.1.0"

EXERCISES = (softmax_temperature, perplexity)


@hookimpl
def kata_register_exercises(register):
    for exercise in EXERCISES:
        exercise.kata_register_exercises(register=register)


@hookimpl
def kata_register_commands(cli):
    import click

    @cli.command("example-pack")
    def example_pack():
        """About kata-example-pack and its exercises."""
        click.echo(f"kata-example-pack {__version__}: exercises ex.1 (softmax with a temperature) and "
                   "ex.2 (perplexity). Start with `kata start ex.1`.")
