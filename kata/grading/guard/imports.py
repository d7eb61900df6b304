"""The import guards learner code meets at run time: a meta path finder first on ``sys.meta_path`` and wrappers of
``builtins.__import__`` and ``importlib.import_module`` (modules already loaded never reach a finder), and the
import window after which a library's honest changes to its own package are taken into the snapshot."""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import itertools
import sys
import threading
import types
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:  # pragma: no cover
    from kata.grading.guard.judge import _Judge


class _ImportBarrier(importlib.abc.MetaPathFinder):
    """First on ``sys.meta_path``: ``importlib.import_module`` of a module not loaded yet never audits 'import'."""

    def __init__(self, judge: "_Judge"):
        self._judge = judge

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        self._judge.check_import(name, asked_by_learner=None)


def _guarded_import(original: Callable, judge: "_Judge") -> Callable:
    def __import__(name, globals=None, locals=None, fromlist=(), level=0):  # noqa: A001 (the builtin's signature)
        if not level and not judge.policy.trusted:  # an import statement passes its globals; a call may pass none
            for wanted in (name, *(f"{name}.{item}" for item in fromlist or () if item != "*")):
                if judge.policy.is_protected(wanted):
                    mine = isinstance(globals, dict) and judge.learner_globals(globals)
                    judge.check_import(wanted, asked_by_learner=True if mine else None)
        with judge.window():
            return original(name, globals, locals, fromlist, level)

    return __import__


def _guarded_import_module(original: Callable, judge: "_Judge") -> Callable:
    def import_module(name, package=None):
        if not judge.policy.trusted:
            judge.check_import(importlib.util.resolve_name(name, package) if name.startswith(".") else name,
                               asked_by_learner=None)
        with judge.window():
            return original(name, package)

    import_module.__doc__ = original.__doc__
    return import_module


class _Window:
    """The outermost import in a thread: afterwards, the honest changes of the installed packages it loaded are
    taken into the snapshot (a library binding its submodules, wrapping its own functions, filling caches)."""

    def __init__(self, judge: "_Judge"):
        self.judge = judge

    def __enter__(self) -> None:
        judge, ident = self.judge, threading.get_ident()
        depth = judge.depth.get(ident, 0)
        judge.depth[ident] = depth + 1
        if not depth:
            judge.loaded_before[ident] = len(sys.modules)

    def __exit__(self, *exc: Any) -> None:
        judge, ident = self.judge, threading.get_ident()
        judge.depth[ident] -= 1
        if judge.depth[ident]:
            return
        judge.busy.add(ident)
        try:
            if judge.lines_read:
                judge.forget_lines()
            if judge.snapshot is None or len(sys.modules) <= judge.loaded_before[ident]:
                return
            new = [sys.modules.get(name) for name in itertools.islice(sys.modules, judge.loaded_before[ident], None)]
            files = [getattr(module, "__file__", None) for module in new]
            if all(judge.library_file(where) for where in files if isinstance(where, str)):
                roots = {module.__name__.partition(".")[0] for module in new if isinstance(module, types.ModuleType)}
                judge.snapshot.absorb(roots, lambda code: judge.library_file(code.co_filename))
        finally:
            judge.busy.discard(ident)
