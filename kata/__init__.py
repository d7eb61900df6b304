"""transformer-kata: the engine.

Importing this package must stay cheap: no numpy, torch or pytest. Heavy modules
(`kata.checking.compare`, `kata.parts`, `kata.grading.*`) are imported only while grading.
The rooms of the engine and the direction of their imports: docs/architecture.md.
"""

__version__ = "0.1.0"


def load_ipython_extension(ipython) -> None:
    """``%load_ext kata``: adds the ``%kata`` magic (IPython is imported only here, by kata.magic)."""
    from kata.magic import load_ipython_extension as load

    load(ipython)


def unload_ipython_extension(ipython) -> None:
    from kata.magic import unload_ipython_extension as unload

    unload(ipython)
