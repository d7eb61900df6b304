"""The identity snapshot of the modules the grade depends on: what changed since arming, named.

A library the learner imports may change its own package's attributes while it loads (torch's ``_dynamo`` wraps
``torch.manual_seed``, binds submodules, fills caches). :meth:`Snapshot.absorb` takes in such changes after an
import of installed code, so honest imports are never called tampering; a swap of objects the snapshot already
knew (``numpy.isfinite = numpy.isnan``), a function written outside the library, or any change to the grader's own
packages is never taken in.
"""

from __future__ import annotations

import builtins
import functools
import itertools
import operator
import sys
import types
from typing import Any, Callable, Iterable

TORCH_CHECKED_EACH_TIME = ("torch", "torch.nn", "torch.nn.functional", "torch.functional", "torch._tensor",
                           "torch.testing", "torch.autograd", "torch.autograd.function", "torch.linalg", "torch.random")
IMMUTABLE_TYPE = 1 << 8  # Py_TPFLAGS_IMMUTABLETYPE: nobody can set attributes on such a class
NEVER_ABSORBED = frozenset({"kata", "reference", "checks", "exercises", "pytest", "_pytest", "pluggy", "builtins",
                            "__main__"})
_MISSING = object()


def _checked_each_time(name: str) -> bool:
    return not name.startswith("torch.") or name in TORCH_CHECKED_EACH_TIME or name.startswith("torch.nn.modules.")


class Snapshot:
    """The identities of these modules' attributes and of their classes' attributes, taken now."""

    def __init__(self, modules: list[tuple[str, types.ModuleType]]):
        parts = [_part(name, module) for name, module in modules]
        entries = self.entries = [entry for part in parts for entry in part[1]]
        # ids of the snapshot's classes and of the functions found in them and in the modules (the entries keep
        # them alive, so an id is never reused), and of every value
        self.known = frozenset().union(*(part[2] for part in parts))
        self.values = frozenset().union(*(part[3] for part in parts))
        self._kept: list[Any] = []
        self.hooks = (tuple(sys.meta_path), tuple(sys.path_hooks))
        self.changed = _changed_function(entries, self.hooks)

    def absorb(self, roots: set[str], library_code: Callable[[types.CodeType], bool]) -> None:
        """Take in the honest changes an import of installed packages ``roots`` made to those packages."""
        roots = roots - NEVER_ABSORBED
        for index, entry in enumerate(self.entries):
            label, owner, namespace, keys, values, each_time, is_module = entry
            if label.partition(".")[0] not in roots:
                continue
            if len(namespace) == len(keys) and all(map(operator.is_, namespace.values(), values)):
                continue
            baseline = dict(zip(keys, values))
            for key, value in list(namespace.items()):
                old = baseline.get(key, _MISSING)
                if value is not old and self._honest(value, roots, library_code):
                    self._kept.append(old)  # kept alive, so its id is never reused by a new object
                    baseline[key] = value
            self.entries[index] = (label, owner, namespace, tuple(baseline), tuple(baseline.values()), each_time,
                                   is_module)

    def _honest(self, value: Any, roots: set[str], library_code: Callable[[types.CodeType], bool]) -> bool:
        """A value a library honestly binds while it loads: a submodule, plain data, or new code of its own."""
        if isinstance(value, types.ModuleType):
            return sys.modules.get(value.__name__) is value
        if type(value) in (bool, int, float, complex, str, bytes, type(None)):
            return True  # a flag or a name: data, even when the same object is found elsewhere (True, None)
        if id(value) in self.values:
            return False  # an object swapped in from elsewhere in the snapshot
        if isinstance(value, type):
            return str(vars(value).get("__module__", "")).partition(".")[0] in roots
        functions = _functions(value, unwrap=True)
        if functions:
            return all(library_code(f.__code__) for f in functions)
        return not callable(value)  # a flag, a cache, a string: data


_parts: dict[str, tuple] = {}  # module name -> its part, as _part last worked it out


def prepare() -> None:
    """Work out every loaded module's part now: the batch child does this before it forks, so that each variant's
    snapshot reuses the parts of the modules that did not change since, instead of walking them all again."""
    for name, module in list(sys.modules.items()):
        if isinstance(module, types.ModuleType):
            _part(name, module)


def _part(name: str, module: types.ModuleType) -> tuple:
    """``(module, entries, known ids, value ids)`` of one module: its own entry and one per class defined in it.

    A part worked out before is reused only while the module is the same object and every namespace of its
    entries holds the same names bound to the same objects: then walking it again would give exactly this."""
    found = _parts.get(name)
    if found is not None and found[0] is module and all(map(_unchanged, found[1])):
        return found
    namespace = vars(module)
    each_time = _checked_each_time(name)
    entries = [(name, module, namespace, tuple(namespace), tuple(namespace.values()), each_time, True)]
    seen: set[int] = set()
    for value in entries[0][4]:
        if (issubclass(type(value), type) and id(value) not in seen and not value.__flags__ & IMMUTABLE_TYPE
                and vars(value).get("__module__") == name):
            seen.add(id(value))
            own = vars(value)
            entries.append((f"{name}.{value.__qualname__}", value, own, tuple(own), tuple(own.values()),
                            each_time, False))
    known = frozenset({id(entry[1]) for entry in entries[1:]} |
                      {id(f) for entry in entries for value in entry[4] for f in _functions(value)})
    values = frozenset(id(value) for entry in entries for value in entry[4])
    found = _parts[name] = (module, entries, known, values)
    return found


def _unchanged(entry: tuple, _is: Callable = operator.is_) -> bool:
    namespace, keys, values = entry[2], entry[3], entry[4]
    return (len(namespace) == len(keys) and all(map(_is, namespace, keys))
            and all(map(_is, namespace.values(), values)))


def _changed_function(entries: list, hooks: tuple) -> Callable[..., list[str]]:
    def changed(full: bool = True, skip: tuple[str, ...] = (), *, _is=operator.is_, _all=all, _map=map, _len=len,
                _tuple=tuple, _sys=sys, _modules=sys.modules, _repeat=itertools.repeat) -> list[str]:
        """``full=False``: leave out torch modules that checks rarely use (for speed, after each check);
        ``skip``: leave out these top-level packages (pytest's, once pytest has finished and undone its changes)."""
        found = []
        for label, owner, namespace, keys, values, each_time, is_module in _tuple(entries):
            if not (full or each_time) or label.partition(".")[0] in skip:
                continue
            if is_module and _modules.get(label) is not owner:
                found.append(f"sys.modules[{label!r}] was replaced or removed")
            if _len(namespace) == _len(keys) and _all(_map(_is, namespace.values(), values)):
                continue  # the common case, checked fastest
            if not _all(_map(_is, _map(namespace.get, keys, _repeat(_MISSING)), values)):
                found += _changes(label, namespace, keys, values)
            elif _len(namespace) != _len(keys):  # added names matter where they hide a builtin or an inherited one
                found += _hiding(label, owner, namespace, keys, is_module)
        for now, then, what in ((_sys.meta_path, hooks[0], "sys.meta_path"),
                                (_sys.path_hooks, hooks[1], "sys.path_hooks")):
            now, then = (_tuple(x for x in seq if type(x).__module__.partition(".")[0] not in skip)
                         for seq in (now, then))
            if _len(now) != _len(then) or not _all(_map(_is, now, then)):
                found.append(f"{what} was changed")
        return found

    return changed


def _functions(value: Any, unwrap: bool = False) -> list[types.FunctionType]:
    """The Python functions behind a module's or class's attribute (method, property, decorated function);
    ``unwrap``: also every function a chain of ``__wrapped__`` leads to."""
    kind = type(value)
    inner = ((value.__func__,) if kind in (classmethod, staticmethod) else
             (value.fget, value.fset, value.fdel) if kind is property else
             (value, value.__dict__.get("__wrapped__")) if kind is types.FunctionType else ())
    found = [f for f in inner if type(f) is types.FunctionType]
    if unwrap:
        wrapped: Iterable[Any] = [getattr(value, "__wrapped__", None)] if kind is not types.FunctionType else []
        if isinstance(value, functools.partial):
            wrapped = [value.func]
        for item in itertools.chain(wrapped, [f.__dict__.get("__wrapped__") for f in found]):
            if item is not None and item is not value:
                found += [f for f in _functions(item) if f not in found]
    return found


def _changes(label: str, namespace: Any, keys: tuple, values: tuple) -> list[str]:
    return [f"{label}.{key} was {'removed' if namespace.get(key, _MISSING) is _MISSING else 'replaced'}"
            for key, value in zip(keys, values) if namespace.get(key, _MISSING) is not value]


def _hiding(label: str, owner: Any, namespace: Any, keys: tuple, is_module: bool) -> list[str]:
    known = set(keys)
    hidden = (lambda key: hasattr(builtins, key)) if is_module else (
        lambda key: any(key in vars(base) for base in owner.__mro__[1:]))
    return [f"{label}.{key} was added (it hides {'a builtin' if is_module else 'an inherited one'})"
            for key in list(namespace) if key not in known and hidden(key)]
