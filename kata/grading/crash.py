"""Where a check crashed outside the learner's file, said without blaming the learner and without a traceback.

A crash inside the grader's own code (a check, the engine, the reference) or a library it called while using
what the learner returned is not, by itself, the learner's mistake. The message names the grader's function
that was running, the library the crash happened in, and which of the learner's values it was using.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from types import FrameType
from typing import Any

PROJECT = Path(__file__).resolve().parents[2]
OURS = ("kata", "checks", "reference", "exercises")


def _ours(filename: str) -> str | None:
    """The project-relative path of one of the grader's own files, or None."""
    try:
        relative = Path(filename).resolve().relative_to(PROJECT)
    except (OSError, ValueError):
        return None
    return relative.as_posix() if relative.parts and relative.parts[0] in OURS else None


def _library(filename: str) -> str | None:
    parts = Path(filename).parts
    if "site-packages" in parts:
        index = parts.index("site-packages")
        return parts[index + 1].split(".")[0] if index + 1 < len(parts) else None
    return None


def _defined_in(value: Any, learner_file: str) -> bool:
    """Whether value is a function or class of the learner's file, or an instance of such a class."""
    target = Path(learner_file).resolve()
    if hasattr(value, "__code__"):
        candidates = [value]
    else:
        klass = value if isinstance(value, type) else type(value)
        candidates = [attr for base in klass.__mro__[:-1] for attr in vars(base).values()]
    for candidate in candidates[:200]:
        code = getattr(candidate, "__code__", None)
        if code is not None:
            try:
                if Path(code.co_filename).resolve() == target:
                    return True
            except OSError:
                continue
    return False


def _learner_values(frame: FrameType, learner_file: str | None) -> list[str]:
    if not learner_file:
        return []
    found = []
    for name, value in list(frame.f_locals.items()):
        if name.startswith("_") or name in ("self", "solution", "reference", "module"):
            continue
        try:
            if _defined_in(value, learner_file):
                own = isinstance(value, type) or hasattr(value, "__code__")
                found.append(f"`{name}` (your {value.__name__ if own else type(value).__name__})")
        except Exception:
            continue
    return found[:3]


def crash_site(exc: BaseException, learner_file: str | None) -> str:
    """One sentence: which grader function crashed, in which library, using which of the learner's values."""
    frames = list(traceback.walk_tb(exc.__traceback__))
    summary = traceback.extract_tb(exc.__traceback__)
    ours = [(frame, entry) for (frame, _), entry in zip(frames, summary) if _ours(entry.filename)]
    text = f"{type(exc).__name__}: {exc}".rstrip(": ")
    if not ours:
        return (f"the check crashed while using what your code returned: {text}. Compare the types and shapes you "
                "return with the statement; if they match it, this is a fault of the check (please report it).")
    frame, entry = ours[-1]
    library = _library(summary[-1].filename) if summary[-1] is not entry else None
    where = f"`{entry.name}` ({_ours(entry.filename)}, line {entry.lineno})"
    inside = f" inside {library}" if library else ""
    values = _learner_values(frame, learner_file)
    using = f" while using {', '.join(values)}" if values else " while using what your code returned"
    return (f"the grader's {where} crashed{inside}{using}: {text}. The crash is in the grader's code, not in "
            "your file: if what you return follows the statement (types and shapes), this is a fault of the "
            "check (please report it); otherwise compare what you return with the statement.")
