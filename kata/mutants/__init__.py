"""Mutation testing of the exercises' own checks: ``kata verify --mutants``.

``targets`` finds the code the learner writes, ``generate`` (with ``tensor_ops``) makes single-point
mutants of it, ``score`` grades them with the real checks and sends the survivors to ``probe`` (with
``inputs``) to tell equivalent mutants from missed bugs, ``baseline`` records the scores CI holds,
``report`` and ``command`` serve the CLI.
"""
