"""The audit hook's judge: for each audit event and guarded import, who is asking (learner code, a library, the
grader) and whether it is allowed; every refusal is kept, so it makes the result an error even when caught."""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import threading
import types
from typing import Any

from kata.grading.guard.events import (CODE_ATTRIBUTES, CTYPES_EVENTS, FRAME_ATTRIBUTES, FRAME_GIVERS, HANDLED,
                                       PATH_EVENTS, REFUSED, TEXT_ONLY, WRITE_FLAGS)
from kata.grading.guard.imports import _Window
from kata.grading.guard.policy import Policy
from kata.grading.snapshot import Snapshot


class Refused(PermissionError):
    """Raised by the guard into the code that tried something the grader does not allow."""


class _Judge:
    """Decides, for each audit event and guarded import, whether it is allowed; keeps what it refused.

    Who asks is the nearest frame outside the guard and the import machinery. Learner code is code from the
    learner's folder or module, code compiled by learner code under another file's name, and any thread started
    after arming; library code is installed code (the standard library, site-packages). A library may read frames
    while learner code is further up the stack (torch, typing and dataclasses do on import), except the standard
    helpers that hand a frame back to learner code that called them."""

    def __init__(self, policy: Policy, refusals: list[str]):
        self.policy = policy
        self.refusals = refusals
        self.calm_threads = frozenset(t.ident for t in threading.enumerate())  # threads older than the learner's
        self.busy: set[int] = set()  # threads inside the guard: the guard's own frame walks are not judged
        # these ask for a frame only to read a module's name
        self.name_readers = frozenset(importlib.import_module(m).__file__ for m in ("typing", "collections", "enum"))
        self.text_only = {importlib.import_module(m).__file__: names for m, names in TEXT_ONLY.items()}
        self.givers = tuple(filter(None, map(_location, FRAME_GIVERS)))
        self.known: frozenset[int] = frozenset()  # ids of the snapshot's classes and functions
        self.snapshot: Snapshot | None = None
        self.machinery = (os.path.dirname(__file__) + os.sep,  # the guard's own modules
                          "<frozen importlib", os.path.dirname(importlib.__file__),
                          os.path.join(os.path.dirname(threading.__file__), "ctypes"))
        self.libraries = tuple(p for p in policy.sealed if os.path.isdir(p))
        self.renamed: set[str] = set()  # file names learner code compiled code under
        self.library_files: dict[str, bool] = {}
        self.giver_files: dict[str, bool] = {}
        self.line_readers = frozenset(importlib.import_module(m).__file__
                                      for m in ("linecache", "tokenize", "traceback", "inspect"))
        self.lines_read = False
        self.depth: dict[int, int] = {}
        self.loaded_before: dict[int, int] = {}

    # -- who is asking
    def learner_frame(self, frame: types.FrameType) -> bool:
        policy = self.policy
        return bool(policy.learner_dir) and os.path.dirname(frame.f_code.co_filename) == policy.learner_dir or (
            frame.f_globals.get("__name__") == policy.learner_module)

    def learner_globals(self, namespace: dict) -> bool:
        policy, where = self.policy, namespace.get("__file__")
        return namespace.get("__name__") == policy.learner_module or (
            bool(policy.learner_dir) and isinstance(where, str) and os.path.dirname(where) == policy.learner_dir)

    def library_file(self, where: str) -> bool:
        """Installed code (a frozen standard module, a file under an installed folder) not compiled by learner
        code under that name."""
        known = self.library_files.get(where)
        if known is None:
            real = os.path.realpath(where) if where.startswith(os.sep) else ""
            known = where.startswith("<frozen ") or bool(real) and _under(real, self.libraries) and not (
                self.policy.learner_dir and _under(real, (self.policy.learner_dir,)))
            self.library_files[where] = known
        return known and where not in self.renamed

    def _giver(self, where: str) -> bool:
        known = self.giver_files.get(where)
        if known is None:
            known = self.giver_files[where] = _under(os.path.realpath(where), self.givers)
        return known

    def library_frame(self, frame: types.FrameType) -> bool:
        return not self.learner_frame(frame) and self.library_file(frame.f_code.co_filename)

    def learner_on_stack(self) -> bool:
        if threading.get_ident() not in self.calm_threads:
            return True
        frame = sys._getframe(1)
        while frame is not None:
            if self.learner_frame(frame):
                return True
            frame = frame.f_back
        return False

    def caller(self, frame: types.FrameType | None = None) -> types.FrameType | None:
        """The nearest frame outside the guard, the import machinery and ctypes."""
        frame = sys._getframe(1) if frame is None else frame
        while frame is not None and frame.f_code.co_filename.startswith(self.machinery):
            frame = frame.f_back
        return frame

    def frame_refused(self) -> bool:
        """A frame request is refused when code that is not a library's makes it while learner code runs, or when
        learner code calls a standard helper that hands frames back (not one that only formats text)."""
        frame = self.caller()
        where = frame.f_code.co_filename if frame is not None else ""
        if not where or where in self.name_readers:
            return False
        if not self.library_frame(frame):
            return self.learner_on_stack()
        if not self._giver(where):
            return False
        entry = frame
        while entry.f_back is not None and entry.f_back.f_code.co_filename == where:
            entry = entry.f_back
        if entry.f_code.co_name in self.text_only.get(where, ()):
            return False
        outer = self.caller(entry.f_back)
        return outer is not None and not self.library_frame(outer) and self.learner_on_stack()

    def learner_asking(self) -> bool:
        if threading.get_ident() not in self.calm_threads:
            return True
        frame = self.caller()
        return frame is not None and self.learner_frame(frame)

    def window(self) -> _Window:
        return _Window(self)

    def importing(self) -> bool:
        return self.depth.get(threading.get_ident(), 0) > 0

    # -- imports and refusals
    def check_import(self, name: str, asked_by_learner: bool | None) -> None:
        """Raise ImportError when learner code asks for a protected module (None: find out who asks)."""
        if self.policy.trusted or not self.policy.is_protected(name):
            return
        ident = threading.get_ident()
        self.busy.add(ident)
        try:
            asked = self.learner_asking() if asked_by_learner is None else asked_by_learner
        finally:
            self.busy.discard(ident)
        if asked:
            raise ImportError(self.refuse(_import_problem(name)), name=name)

    def refuse(self, what: str) -> str:
        self.refusals.append(what)
        return f"kata: the grader does not allow {what}"

    # -- the audit hook
    def hook(self, event: str, args: tuple) -> None:
        if event not in HANDLED or (event == "object.__getattr__" and args[1] not in FRAME_ATTRIBUTES):
            return
        ident = threading.get_ident()
        if ident in self.busy:
            return
        self.busy.add(ident)
        try:
            problem = self.judge(event, args)
        finally:
            self.busy.discard(ident)
        if problem:
            raise (ImportError if event == "import" else Refused)(self.refuse(problem))

    def judge(self, event: str, args: tuple) -> str | None:
        if event in REFUSED:
            return REFUSED[event]
        if event == "open":
            return self._open(args[0], args[2])
        if event in PATH_EVENTS:
            reals = [_real(args[i]) for i in PATH_EVENTS[event] if i < len(args)]
            return next((f"changing {real}" for real in reals if real and self._sealed(real)), None)
        if event == "import":
            name = args[0]
            protected = not self.policy.trusted and self.policy.is_protected(name)
            return _import_problem(name) if protected and self.learner_asking() else None
        if event in CTYPES_EVENTS:
            return "using ctypes" if self.learner_asking() else None
        if event in ("sys._getframe", "object.__getattr__"):
            what = "sys._getframe" if event == "sys._getframe" else args[1]
            return f"reaching stack frames ({what})" if self.frame_refused() else None
        if event in ("compile", "code.__new__"):  # code learner code names after another file stays the learner's
            where = args[1]
            if isinstance(where, (str, bytes)) and self.learner_asking():
                self.renamed.add(os.fsdecode(where))
            return None
        if event == "object.__setattr__":
            return self._setattr(args[0], args[1])
        return None

    def _open(self, path: Any, flags: Any) -> str | None:
        real = _real(path)
        if real is None:
            return None
        if os.sep + ".kata" + os.sep in real + os.sep:
            return f"opening {real} (the progress store)"
        writing = isinstance(flags, int) and flags & WRITE_FLAGS
        if writing and (self._sealed(real) or real.startswith("/proc/") and real.endswith("/mem")):
            return f"writing {real}"
        if self._sealed(real) and os.path.isdir(real):
            return f"opening the folder {real}"
        policy = self.policy
        if policy.private and not policy.trusted and _under(real, policy.private) and self.learner_on_stack():
            if self.importing() and self._library_reads_lines():
                self.lines_read = True  # forgotten when the import ends (see _Window), before learner code runs
                return None
            return f"reading {real} (the reference and the checks are off limits)"
        return None

    def _library_reads_lines(self) -> bool:
        """A library formats the stack while it loads (torch.cuda does): linecache reads the source of every
        frame, the checks' too. Allowed when the first frame outside the line readers is a library's."""
        frame = self.caller()
        if frame is None or frame.f_code.co_filename not in self.line_readers:
            return False
        while frame is not None and frame.f_code.co_filename in self.line_readers:
            frame = self.caller(frame.f_back)
        return frame is not None and self.library_frame(frame)

    def forget_lines(self) -> None:
        """Drop the reference's and the checks' source from linecache once the import that read it is over."""
        self.lines_read = False
        cache = getattr(sys.modules.get("linecache"), "cache", {})
        for name in list(cache):
            real = _real(name)
            if real and _under(real, self.policy.private):
                cache.pop(name, None)

    def _sealed(self, real: str) -> bool:
        return os.sep + ".kata" + os.sep in real + os.sep or _under(real, self.policy.sealed)

    def _setattr(self, target: Any, name: str) -> str | None:
        """Code and defaults of the grader's functions never change; of its classes, the attributes that the
        interpreter audits (``__bases__``, ``__module__``, ...) do not change from learner code (a library that
        sets them while it loads, as torch does, is not learner code)."""
        if id(target) not in self.known or name == "__slotnames__":  # copy and pickle cache that one on classes
            return None
        if isinstance(target, types.FunctionType) and name in CODE_ATTRIBUTES:
            return f"replacing {name} of {target.__module__}.{target.__qualname__}"
        if isinstance(target, type) and (self.learner_asking() or self.learner_on_stack() and not (
                self.importing() and self._library_asking())):
            return f"changing {vars(target).get('__module__')}.{target.__qualname__}.{name}"
        return None

    def _library_asking(self) -> bool:
        frame = self.caller()
        return frame is not None and self.library_frame(frame)


def _import_problem(name: str) -> str:
    return f"importing {name} (the reference, the checks and the grader's kata modules are off limits)"


def _real(path: Any) -> str | None:
    if isinstance(path, int) or path is None:
        return None
    try:
        return os.path.realpath(os.fsdecode(path))
    except (TypeError, ValueError):
        return None


def _under(real: str, folders: tuple[str, ...]) -> bool:
    return any(real == folder or real.startswith(folder + os.sep) for folder in folders)


def _location(name: str) -> str | None:
    """Where a module's code lives (its folder, for a package), found without importing it: a grading need not
    pay for asyncio or pdb to know that frames from their files are theirs. None where it is not installed."""
    spec = importlib.util.find_spec(name)
    if spec is None or not (spec.submodule_search_locations or spec.origin):
        return None  # no frame can come from it
    locations = spec.submodule_search_locations
    return os.path.realpath(list(locations)[0] if locations else spec.origin)
