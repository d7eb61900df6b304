"""The author's tools: ``kata verify`` (every reference passes, every stub and mistake fails) and the choice audit.

:mod:`.verify` grades each exercise's reference, stub and declared mistakes through the grader;
:mod:`.choice_audit` measures whether a choice question can be passed without knowledge (public as
``kata.choice_audit``). The mutation tooling of ``kata verify --mutants`` is its own room, :mod:`kata.mutants`.

It may import the grader (:mod:`kata.grading`), the registry and the reports; never the verbs or the CLI state.
"""
