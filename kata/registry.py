"""Public path kept for scripts and packs; the code lives in kata.state.registry."""

from __future__ import annotations

from kata.state.registry import Registry, UnknownExercise, load_registry, sort_key

__all__ = ["Registry", "UnknownExercise", "load_registry", "sort_key"]
