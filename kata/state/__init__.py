"""What is known and recorded: the exercises (plugins, registry, learning path), the learner's files and progress.

:mod:`.plugins` and :mod:`.entry_points` (the pluggy manager, the built-in exercises and installed packs),
:mod:`.registry` (every exercise by id; public as ``kata.registry``), :mod:`.path` (the recommended order),
:mod:`.workspace` (where the learner's files live), :mod:`.notebooks` (a notebook as a learner file),
:mod:`.progress` (the SQLite store in ``.kata/``) and :mod:`.status` (one word per exercise).

Everyday commands (``kata list``, ``show``, ``progress``) load this room, so it imports neither numpy, torch nor
pytest: only the standard library, pluggy, the declarations (:mod:`kata.exercise`, :mod:`kata.hookspecs`) and
the ``exercises`` package the plugin loader registers; never the verbs, the grader, the reports or the trainer.
"""
