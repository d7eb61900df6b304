"""Graded checks, one pytest module per exercise, run in the grading child (see kata.testing)."""
