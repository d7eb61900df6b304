"""The audit events the guard's hook judges, and what each one means: tables only, read by
:mod:`kata.grading.guard.judge`."""

from __future__ import annotations

import os

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
# Standard modules whose functions hand frames back to their caller (inspect.currentframe, inspect.stack,
# traceback.walk_stack, logging.currentframe, ...): learner code that calls them is asking for a frame itself.
# pytest's ExceptionInfo hands out its traceback's frames the same way.
FRAME_GIVERS = ("inspect", "traceback", "logging", "bdb", "pdb", "asyncio", "_pytest")

HANDLED = frozenset({"open", "import", "sys._getframe", "object.__getattr__", "object.__setattr__", "compile",
                     "code.__new__", *REFUSED,
                     *PATH_EVENTS, *CTYPES_EVENTS})
