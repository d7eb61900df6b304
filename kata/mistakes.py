"""Known mistakes: wrong variants of a reference, named so feedback can name them.

A reference module ends with ``MISTAKES = (mistake(...), ...)``. Each mistake
replaces some top-level names of the reference (a buggy class or function) and
carries the sentence a learner should read when their output matches it.
No numpy here: the registry and verify import this cheaply.
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Mistake:
    name: str
    message: str
    overrides: dict[str, Any] = field(default_factory=dict)

    def apply(self, module: Any) -> types.SimpleNamespace:
        """The reference with this mistake's replacements, shaped like a learner module.

        Only the names checks look up are replaced: a reference function that calls a replaced
        helper still calls the original, so a mistake in a helper also replaces its callers.
        """
        names = {k: v for k, v in vars(module).items() if not k.startswith("__")}
        names.update(self.overrides)
        names["__name__"] = f"mistake:{self.name}"
        return types.SimpleNamespace(**names)


def mistake(name: str, message: str, **overrides: Any) -> Mistake:
    """Declare a mistake: ``mistake("axis 0", "you normalised over axis 0 ...", LayerNorm=LayerNormAxis0)``."""
    if not overrides:
        raise ValueError(f"mistake {name!r} replaces nothing; name the buggy class or function it swaps in")
    return Mistake(name, message, overrides)


def mistakes_of(reference: Any) -> tuple[Mistake, ...]:
    return tuple(getattr(reference, "MISTAKES", ()))


def find(reference: Any, name: str) -> Mistake:
    for candidate in mistakes_of(reference):
        if candidate.name == name:
            return candidate
    raise KeyError(name)


def only_replacing(reference: Any, *names: str) -> types.SimpleNamespace:
    """The reference with only the mistakes that replace one of ``names``: a check of RMSNorm may name an
    RMSNorm mistake, never a SwiGLU one (whose output there is the reference's own)."""
    kept = tuple(m for m in mistakes_of(reference) if set(m.overrides) & set(names))
    values = {k: v for k, v in vars(reference).items() if not k.startswith("__")}
    return types.SimpleNamespace(**{**values, "MISTAKES": kept, "__name__": getattr(reference, "__name__", "")})
