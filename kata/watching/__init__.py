"""``kata watch``'s machinery: where events come from (:mod:`.events`) and what each one means (:mod:`.session`).

Engine code, imported only by the ``watch`` verb (:mod:`kata.commands.watch`). It may import the engine's light
modules (render, progress, status, exercise) and, while a check runs, :mod:`kata.grading.runner`; it reaches other
verbs (``hint``, ``list``) through the running Click group, never by importing :mod:`kata.commands`.
"""
