"""What one grading run protects: the modules learner code may not import, the files it may not read, the
folders nobody may write into (:class:`Policy`, built by :func:`policy_for`). Standard library only."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Iterable

LEARNER_KATA = ("kata.parts", "kata.debug_models")  # the kata modules statements tell learners to import
GRADER_PACKAGES = ("reference", "checks", "exercises")


@dataclass(frozen=True)
class Policy:
    """What one grading run protects."""

    protected: tuple[str, ...]  # modules (and their submodules) learner code may not import
    learner_dir: str = ""  # code from this folder is the learner's; "" when no learner file runs
    learner_module: str = "kata_solution"
    trusted: bool = False  # the file is the reference itself (or a declared mistake): it may import the grader
    private: tuple[str, ...] = ()  # files and folders learner code may not read
    sealed: tuple[str, ...] = ()  # folders and files nobody may write into while grading

    def is_protected(self, name: str) -> bool:
        if name.startswith("kata."):
            return not any(name == ok or name.startswith(ok + ".") for ok in LEARNER_KATA)
        return any(name == p or name.startswith(p + ".") for p in self.protected)


def policy_for(*, reference: str, checks: str, package: str, learner_file: str, trusted: bool,
               grading_files: Iterable[str], module_name: str = "kata_solution") -> Policy:
    """The policy for grading ``learner_file`` against an exercise's reference, checks and package."""
    names = tuple(name for name in (reference, checks, package) if name)
    learner_dir = os.path.dirname(os.path.realpath(learner_file)) if learner_file else ""
    private = tuple(p for p in _locations(names) if p != learner_dir and not learner_dir.startswith(p + os.sep))
    keep = {os.path.realpath(p) for p in (os.getcwd(), learner_dir, _tempdir()) if p}
    installed = {os.path.realpath(p) for p in sys.path if p and os.path.isdir(p)}
    kata_folder = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
    sealed = {kata_folder, *private, *(os.path.realpath(p) for p in grading_files)}
    sealed |= {p for p in installed if not any(k == p or k.startswith(p + os.sep) for k in keep)}
    return Policy(tuple(dict.fromkeys(GRADER_PACKAGES + names)), learner_dir, module_name, trusted, private,
                  tuple(sorted(sealed)))


def _tempdir() -> str:
    import tempfile

    return tempfile.gettempdir()


def _locations(names: Iterable[str]) -> Iterable[str]:
    """The folder of each module's top package (the file, for a top-level module)."""
    import importlib.util

    for name in names:
        try:
            spec = importlib.util.find_spec(name.partition(".")[0])
        except (ImportError, ValueError):
            continue
        if spec is not None and spec.submodule_search_locations:
            yield from (os.path.realpath(p) for p in spec.submodule_search_locations)
        elif spec is not None and spec.origin:
            yield os.path.realpath(spec.origin)
