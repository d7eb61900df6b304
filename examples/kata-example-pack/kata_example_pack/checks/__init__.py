"""Graded checks of the pack's exercises (pytest modules run by the grading child)."""
