"""Grading: a parent that spawns, a child that runs pytest, a plugin between them.

The parent (:mod:`.runner`, :mod:`.batch` for many variants) writes a spec and starts the child
(:mod:`.child`), which loads the exercise's reference and checks, arms the guard (:mod:`.guard`,
:mod:`.snapshot`), runs pytest with :mod:`.plugin` and writes a signed result. This room may import the
engine's declarations, registry and comparison helpers; it finds the reference and the checks by the
module names an exercise declares (never by importing them by name), and never imports the verbs.
"""
