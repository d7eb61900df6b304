"""Grading: a parent that spawns, a child that runs pytest, a plugin between them."""
