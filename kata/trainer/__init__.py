"""The training stack behind project exercises and ``kata run``: the loop, the data, the project context, the GPT.

:mod:`.loop` (train, evaluate, checkpoint and resume; public as ``kata.training``), :mod:`.data` (the
offline corpus and ``kata data``'s downloads), :mod:`.projects` (what an experiment is handed and what its
checks re-evaluate; ``kata.projects``), :mod:`.sentiment` (the sentiment sets; ``kata.sentiment``) and
:mod:`.gpt` (the given GPT of chapter 13 and its comparison protocol; ``kata.gpt``).

Used by exercises' experiments, by project checks and by the ``run`` and ``data`` verbs. It may import torch,
matplotlib, the declarations, :mod:`kata.parts` and the check helpers (:mod:`kata.checking`: a re-measurement
fails as a check does); never the verbs, the CLI state, the grading machinery, the reports or the authoring tools.
"""
