"""The ``kata`` command: the entry point of the console script, and of ``python cli.py``.

The group and its verbs are :mod:`kata.commands` (one module per verb, loaded when used); the state of one
invocation and the options the verbs share are :mod:`kata.app`. This file only names them, so that
``cli.main``, ``cli.App`` and ``cli.KataGroup`` keep working for scripts and tests; nothing in ``kata/``
imports it.

Exit codes: 0 success (a check passed), 1 a check failed (or verify found a problem),
2 a usage error (unknown id, missing file, bad option), 3 the learner's file could not be run at all
(syntax/import error, crash, early exit, time or memory limit).
Nothing here imports numpy, torch or pytest.
"""

from __future__ import annotations

from kata.app import USAGE_ERROR, App, exercise_argument, json_option, workspace_option  # noqa: F401
from kata.commands import KataGroup, main  # noqa: F401

if __name__ == "__main__":
    main()
