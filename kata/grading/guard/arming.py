"""Arming: install the import guards and the audit hook, and take the identity snapshot of the modules the grade
depends on, just before the learner's file loads; what changed or was refused is read back through :class:`Watch`."""

from __future__ import annotations

import builtins
import importlib
import sys
import types
from typing import Any, Callable, Iterable, NamedTuple

from kata.grading.guard.imports import _guarded_import, _guarded_import_module, _ImportBarrier
from kata.grading.guard.judge import _Judge
from kata.grading.guard.policy import Policy
from kata.grading.snapshot import Snapshot

WATCHED_ROOTS = frozenset({"numpy", "torch", "pytest", "_pytest", "pluggy", "kata", "builtins", "math", "operator",
                           "functools", "json", "hmac", "hashlib", "importlib", "types", "zlib", "traceback", "copy",
                           "copyreg", "io", "os", "posixpath", "__main__"})


class Watch(NamedTuple):
    """What :func:`arm` hands back: call these through references taken before the learner's file runs."""

    changed: Callable[..., list[str]]  # changed(full=True, skip=()): what changed since arming, by name
    refused: Callable[[], list[str]]  # what the guard refused so far


def arm(policy: Policy, uses: Iterable[Any] = ()) -> Watch:
    """Install the import guards and the audit hook, and take the snapshot. ``uses``: modules whose imports
    (the checks, the reference) widen the set of watched packages."""
    for root in ("numpy", "torch"):  # loaded on first use: load their comparison functions before the learner can
        if root in sys.modules:
            importlib.import_module(f"{root}.testing")
    refusals: list[str] = []
    judge = _Judge(policy, refusals)
    roots = set(WATCHED_ROOTS) | {name.partition(".")[0] for name in policy.protected} | _roots_used_by(uses)
    modules = [(name, module) for name, module in list(sys.modules.items())
               if isinstance(module, types.ModuleType) and name.partition(".")[0] in roots]
    if not policy.trusted:
        sys.meta_path.insert(0, _ImportBarrier(judge))
    builtins.__import__ = _guarded_import(builtins.__import__, judge)
    importlib.import_module = _guarded_import_module(importlib.import_module, judge)
    snapshot = Snapshot(modules)
    judge.snapshot, judge.known = snapshot, snapshot.known
    sys.addaudithook(judge.hook)
    return Watch(snapshot.changed, lambda: list(refusals))


def _roots_used_by(modules: Iterable[Any]) -> set[str]:
    roots = set()
    for module in modules:
        for value in list(vars(module).values()):
            name = value.__name__ if isinstance(value, types.ModuleType) else (
                getattr(value, "__module__", None) if isinstance(value, (type, types.FunctionType)) else None)
            if isinstance(name, str):
                roots.add(name.partition(".")[0])
    return roots


def tampering_message(problems: list[str]) -> str:
    shown = "; ".join(problems[:4]) + (f" (and {len(problems) - 4} more)" if len(problems) > 4 else "")
    return (f"the grading was tampered with, so this result does not count: {shown}. Your file may compute and "
            "return results; it may not change numpy, torch, pytest or kata, reach into the grader, or touch the "
            "progress store and the grading files.")
