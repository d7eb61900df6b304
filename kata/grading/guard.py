"""Tamper resistance in the grading child, where the learner's code shares one process with the checks.

Layers, all in place before the learner's file runs (the child loads it only after pytest, the checks and
everything they import are loaded, so those are the real ones):

* :func:`forbidden_imports`: a static scan refuses a file that imports the reference, the checks, the exercise's
  package or the grader's own ``kata`` modules (``kata.parts`` and ``kata.debug_models`` are for learners).
* :func:`arm` refuses the same imports at run time when learner code asks (the ``import`` audit event, a meta path
  finder, and wrappers of ``builtins.__import__`` and ``importlib.import_module``, since modules already loaded
  never reach a finder); and installs an audit hook, which cannot be removed, that refuses from anyone: writes into
  a ``.kata`` folder, the grading files (result, spec, pytest.ini) or the installed code, SQLite, new processes,
  tracing, ``gc`` introspection, new audit hooks, and replacing the code or defaults of a function the grade depends
  on; and from learner code: ``ctypes``, reading the reference's or the checks' files, reaching stack frames, and
  the audited attributes (``__bases__``, ...) of the grader's classes. Every refusal makes the result an error,
  even when the learner's code catches it.
* a snapshot of the identities of every attribute of the modules the grade depends on (numpy, torch, pytest,
  pluggy, kata, the reference and checks, builtins, ...) and of their classes' attributes, re-checked after the
  file loads, after every check and at the end; any change is named.
* :func:`seal` / :func:`unseal`: the result is signed with a token the parent passes on stdin.

Learner code is code from the learner's folder or module, or any thread started after arming. What an in-process
guard cannot stop (raw memory writes, through numpy or ctypes, by someone who sets out to) is in the README's
threat model: grading that must hold against a determined cheat also needs a container.
"""

from __future__ import annotations

import ast
import builtins
import hashlib
import hmac
import importlib
import importlib.abc
import itertools
import json
import os
import re
import sys
import threading
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, NamedTuple

from kata.grading.snapshot import Snapshot

LEARNER_KATA = ("kata.parts", "kata.debug_models")  # the kata modules statements tell learners to import
GRADER_PACKAGES = ("reference", "checks", "exercises")
WATCHED_ROOTS = frozenset({"numpy", "torch", "pytest", "_pytest", "pluggy", "kata", "builtins", "math", "operator",
                           "functools", "json", "hmac", "hashlib", "importlib", "types", "zlib", "traceback", "copy",
                           "copyreg", "io", "os", "posixpath", "__main__"})
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
PATH_EVENTS = {"os.rename": (0, 1), "os.link": (0, 1), "os.symlink": (1,), "os.remove": (0,), "os.rmdir": (0,),
               "os.truncate": (0,), "os.mkdir": (0,), "os.chmod": (0,), "os.chown": (0,), "os.utime": (0,),
               "os.setxattr": (0,), "os.removexattr": (0,), "shutil.rmtree": (0,), "shutil.copyfile": (1,),
               "shutil.copytree": (1,), "shutil.move": (0, 1)}
REFUSED = {"sqlite3.connect": "opening an SQLite database", "subprocess.Popen": "starting a process",
           "os.system": "starting a process", "os.exec": "starting a process", "os.posix_spawn": "starting a process",
           "os.spawn": "starting a process", "os.fork": "forking the process", "os.forkpty": "forking the process",
           "sys.settrace": "tracing", "sys.setprofile": "profiling hooks", "sys.addaudithook": "adding an audit hook",
           "sys._current_frames": "reading other threads' stack frames", "gc.get_objects": "searching the heap (gc)",
           "gc.get_referrers": "searching the heap (gc)", "gc.get_referents": "searching the heap (gc)"}
CTYPES_EVENTS = frozenset({"ctypes.dlopen", "ctypes.dlsym", "ctypes.dlsym/handle", "ctypes.call_function",
                           "ctypes.cdata", "ctypes.cdata/buffer", "ctypes.string_at", "ctypes.wstring_at"})
FRAME_ATTRIBUTES = frozenset({"tb_frame", "gi_frame", "cr_frame", "ag_frame"})
# Functions that read frames but hand back only text, never a frame: learner code may call these.
TEXT_ONLY = {"traceback": frozenset({"format_exc", "print_exc", "format_exception", "print_exception", "format_tb",
                                     "print_tb", "extract_tb", "print_last", "from_exception", "extract_stack",
                                     "format_stack", "print_stack"}),
             "logging": frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log",
                                   "findCaller"})}
CODE_ATTRIBUTES = frozenset({"__code__", "__defaults__", "__kwdefaults__"})
IMPORTERS = frozenset({"import_module", "__import__", "find_spec", "run_module", "import_path"})
DOTTED = re.compile(r"[A-Za-z_][\w]*(\.[A-Za-z_]\w*)+$")
# Standard modules whose functions hand frames back to their caller (inspect.currentframe, inspect.stack,
# traceback.walk_stack, logging.currentframe, ...): learner code that calls them is asking for a frame itself.
# pytest's ExceptionInfo hands out its traceback's frames the same way.
FRAME_GIVERS = ("inspect", "traceback", "logging", "bdb", "pdb", "asyncio", "_pytest")


class Refused(PermissionError):
    """Raised by the guard into the code that tried something the grader does not allow."""


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
    kata_folder = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
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


# ---- the static scan ---------------------------------------------------------------------------------------------

def learner_source(path: Path) -> str | None:
    """The Python the child would run for ``path`` (a notebook's code cells), or None if it cannot be read."""
    try:
        if path.suffix == ".ipynb":
            from kata.notebooks import read_script

            return read_script(path).source
        return path.read_text(encoding="utf-8")
    except Exception:  # unreadable or malformed: loading the file reports it in the learner's terms
        return None


def forbidden_imports(source: str, policy: Policy) -> list[str]:
    """``line N: name`` for each place the source imports or names a module the learner may not use."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []  # loading the file reports the syntax error
    found: dict[int, str] = {}
    binds_kata = False
    chains = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
            binds_kata |= any(a.name.partition(".")[0] == "kata" and a.asname is None for a in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names if a.name != "*"]
        elif isinstance(node, ast.Call) and node.args and _text(node.args[0]) and (
                _called(node.func) in IMPORTERS or _dotted(getattr(node.func, "value", None)) == "sys.modules"):
            names = [node.args[0].value]
        elif isinstance(node, ast.Subscript) and _dotted(node.value) == "sys.modules" and _text(node.slice):
            names = [node.slice.value]
        elif _text(node) and DOTTED.match(node.value):
            names = [node.value]
        elif isinstance(node, ast.Attribute) and _dotted(node).startswith("kata."):
            chains.append(node)
        bad = [name for name in names if policy.is_protected(name)]
        if bad:
            found.setdefault(node.lineno, bad[0])
    for node in chains if binds_kata else ():
        if policy.is_protected(_dotted(node)):
            found.setdefault(node.lineno, _dotted(node))
    return [f"line {line}: {name}" for line, name in sorted(found.items())]


def _text(node: Any) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _called(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _dotted(node: Any) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return ".".join([node.id, *reversed(parts)]) if isinstance(node, ast.Name) else ""


def refusal_message(found: list[str]) -> str:
    shown = "; ".join(found[:3]) + (f" (and {len(found) - 3} more)" if len(found) > 3 else "")
    return (f"your file uses modules that learner files may not use ({shown}): the reference, the checks and the "
            f"grader's own kata modules are off limits while your code is graded. Write the code yourself "
            f"({', '.join(LEARNER_KATA)} are allowed where the statement says so).")


# ---- the result's signature --------------------------------------------------------------------------------------

def seal(result: dict[str, Any], token: bytes, *, _dumps=json.dumps, _new=hmac.new, _sha=hashlib.sha256) -> bytes:
    """The bytes the child writes: the result as JSON and its HMAC under the parent's token."""
    payload = _dumps(result)
    signature = _new(token, payload.encode("utf-8"), _sha).hexdigest()
    return _dumps({"result": payload, "hmac": signature}).encode("utf-8")


def unseal(data: bytes, token: bytes) -> tuple[dict[str, Any] | None, bool]:
    """``(result, forged)``: ``(None, False)`` when nothing readable came back, ``forged`` when the signature fails."""
    try:
        outer = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None, False
    if not isinstance(outer, dict) or not all(isinstance(outer.get(k), str) for k in ("result", "hmac")):
        return None, True
    try:  # a lone surrogate (from a \ud800 escape) cannot be encoded: not a result the child wrote
        expected = hmac.new(token, outer["result"].encode("utf-8"), hashlib.sha256).hexdigest()
    except UnicodeEncodeError:
        return None, True
    if not hmac.compare_digest(expected.encode("ascii"), outer["hmac"].encode("utf-8", "replace")):
        return None, True
    try:
        result = json.loads(outer["result"])
    except ValueError:
        return None, True
    return (result, False) if isinstance(result, dict) else (None, True)


# ---- arming ------------------------------------------------------------------------------------------------------

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
        modules = [importlib.import_module(m) for m in FRAME_GIVERS]
        self.givers = tuple(os.path.realpath(os.path.dirname(m.__file__) if hasattr(m, "__path__") else m.__file__)
                            for m in modules)
        self.known: frozenset[int] = frozenset()  # ids of the snapshot's classes and functions
        self.snapshot: Snapshot | None = None
        self.machinery = (__file__, "<frozen importlib", os.path.dirname(importlib.__file__),
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


HANDLED = frozenset({"open", "import", "sys._getframe", "object.__getattr__", "object.__setattr__", "compile",
                     "code.__new__", *REFUSED,
                     *PATH_EVENTS, *CTYPES_EVENTS})


def _real(path: Any) -> str | None:
    if isinstance(path, int) or path is None:
        return None
    try:
        return os.path.realpath(os.fsdecode(path))
    except (TypeError, ValueError):
        return None


def _under(real: str, folders: tuple[str, ...]) -> bool:
    return any(real == folder or real.startswith(folder + os.sep) for folder in folders)


def tampering_message(problems: list[str]) -> str:
    shown = "; ".join(problems[:4]) + (f" (and {len(problems) - 4} more)" if len(problems) > 4 else "")
    return (f"the grading was tampered with, so this result does not count: {shown}. Your file may compute and "
            "return results; it may not change numpy, torch, pytest or kata, reach into the grader, or touch the "
            "progress store and the grading files.")
