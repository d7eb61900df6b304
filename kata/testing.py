"""Everything a check module needs, in one import.

    from kata.testing import points, expect_same, expect_close, check

Check modules are plain pytest modules. Fixtures provided by the grading plugin:
``solution`` (the learner's module), ``reference`` (the reference module),
``rng`` (a NumPy Generator seeded from the check's name) and ``workspace``
(the learner's workspace folder, a ``pathlib.Path``).
"""

from __future__ import annotations

import pytest

from kata.compare import (  # noqa: F401  (re-exported for check modules)
    CheckFailure,
    check,
    diagnose,
    expect_close,
    expect_raises,
    expect_same,
    expect_shape,
    known,
    mismatch,
    to_numpy,
)
from kata.gradients import finite_difference  # noqa: F401


def points(n: float):
    """Worth ``n`` points; shared equally by the cases of a parametrized check."""
    return pytest.mark.points(n)
