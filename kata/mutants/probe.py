"""Is a mutant that no check killed really different? Run it beside the reference on random inputs.

Run as ``python -m kata.mutants.probe SPEC.json`` in a child process (the mutants are the author's own
code, but a changed loop bound can still hang). The spec names the reference file, the framework, and
the mutants with the functions, methods or answers each one changes; the child prints one JSON line per
mutant: ``{"key", "differs", "input"}``.

Inputs are derived from signatures, since the checks' inputs are not reachable from here: parameters
with defaults keep them, the others are tried as arrays of a few shapes or as small integers, and every
profile the reference accepts is run with four seeds. A class is built with the sizes the exercise
declares (``Accepts.init``) and the same seed for both (so random weights agree, unseeded
``default_rng()`` included), its learner-written methods are called in file order (``backward`` gets a
gradient shaped like the last output), and its public state is compared at the end. Agreement means every
output, every input after the call (an in-place bug) and that state agree to 1e-12.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

from kata.mutants import inputs

SEEDS = (0, 1, 2, 3)


def _load(path: str, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _run(module, target: dict, kinds, shape, seed, framework, dtype, optional: str = ""
         ) -> tuple[list[Any], str]:
    """Everything observable from one call sequence, and the input described in words."""
    inputs.seed_all(seed)
    if target["kind"] == "function":
        function = getattr(module, target["name"])
        args = inputs.arguments(inputs.required(function), kinds, shape, seed, framework, dtype)
        if optional:
            args.update(inputs.optional_arrays(function, shape, seed, framework, dtype, optional))
        before = copy.deepcopy(args)
        out = function(**args)
        return [out, args, before], _words(args, seed)
    cls = getattr(module, target["class"])
    init_args = _init_arguments(cls, shape, seed, framework, dtype)
    inputs.seed_all(seed)
    obj = cls(**init_args)
    seen: list[Any] = []
    last = None
    for method_name in target["methods"]:
        method = getattr(obj, method_name)
        params = inputs.required(method)
        args = inputs.arguments(params, kinds[: len(params)] + ["a"] * (len(params) - len(kinds)), shape, seed,
                          framework, dtype, last)
        if optional:
            args.update(inputs.optional_arrays(method, shape, seed, framework, dtype, optional))
        before = copy.deepcopy(args)
        last = method(**args)
        seen += [last, args, before]
    state = {k: v for k, v in vars(obj).items() if not k.startswith("_") and not callable(v)}
    if hasattr(obj, "state_dict"):
        state["state_dict"] = dict(obj.state_dict())
    seen.append(state)
    return seen, f"{target['class']}({_words(init_args, seed, seeded=False)}), {_words(args, seed)}"


def _init_arguments(cls, shape, seed: int, framework: str, dtype: str) -> dict[str, Any]:
    """The constructor's arguments: the sizes the exercise declares (Exercise.accepts.init) by name, small
    integers for the others; with none declared the first one is the input's last axis (the model width)."""
    declared = inputs.OPTIONS.init
    free = [p for p in inputs.required(cls.__init__) if p.name not in declared]
    args = inputs.arguments(free, ["i"] * len(free), shape, seed, framework, dtype)
    if free and not declared:
        args[free[0].name] = shape[-1]
    return {**args, **declared}


def _words(args: dict[str, Any], seed: int, seeded: bool = True) -> str:
    parts = [f"{k} of shape {tuple(inputs.as_numpy(v).shape)}" if hasattr(inputs.as_numpy(v), "shape")
             else f"{k}=<a function>" if callable(v) else f"{k}={v!r}" for k, v in args.items()]
    return ", ".join(parts) + (f" (seed {seed})" if seeded else "")


def compare(reference, mutant, target: dict, framework: str) -> tuple[bool, str]:
    """(differs, one input on which it differs or what was tried)."""
    if target["kind"] == "constant":
        a, b = getattr(reference, target["name"], None), getattr(mutant, target["name"], None)
        return (not inputs.same(b, a)), f"the answer {target['name']} = {b!r} (reference {a!r})"
    tried = 0
    dtypes = ("float64", "float32") if framework == "torch" else ("float64",)
    runs = [(optional, dtype, shape) for optional in ("", "bool", "float", "flip") for dtype in dtypes for shape in inputs.OPTIONS.shapes]
    for optional, dtype, shape in runs:
        for kinds in inputs.profiles(target.get("arity", 0), framework):
            try:
                _run(reference, target, kinds, shape, 0, framework, dtype, optional)
            except Exception:
                continue
            for seed in SEEDS:
                tried += 1
                theirs, words = _run(reference, target, kinds, shape, seed, framework, dtype, optional)
                try:
                    mine, _ = _run(mutant, target, kinds, shape, seed, framework, dtype, optional)
                except Exception as exc:
                    return True, f"{words}: the mutant raises {type(exc).__name__}"
                if not inputs.same(mine, theirs):
                    return True, words
            break  # one accepted profile per shape
    if target["kind"] == "function" and framework != "torch" and not inputs.OPTIONS.sizes_declared:
        edge = _edges(reference, mutant, target, framework)
        if edge:
            return True, edge
    if not tried:
        return True, "no input derived from the signature: compare by hand"
    return False, ""


EDGE_INTS = (0, 1, -1, 3, 5, 7, 12)


def _outcome(module, target, kinds, framework) -> tuple[str, Any, str]:
    try:
        seen, words = _run(module, target, kinds, (4, 8), 0, framework, "float64")
        return "ok", seen, words
    except Exception as exc:
        return type(exc).__name__, None, ""


def _edges(reference, mutant, target: dict, framework: str) -> str:
    """Integer parameters at their edges (zero, one, negative, not divisible): the same result or the same
    exception. Returns the input on which they part, or ""."""
    n = target.get("arity", 0)
    for j in range(n):
        for value in EDGE_INTS:
            kinds: list = ["i"] * n
            kinds[j] = value
            theirs, mine = _outcome(reference, target, kinds, framework), _outcome(mutant, target, kinds, framework)
            words = theirs[2] or mine[2] or f"argument {j + 1} = {value}"
            if theirs[0] != mine[0]:
                said = "returns" if mine[0] == "ok" else f"raises {mine[0]}"
                return f"{words}: the mutant {said}, the reference " + (
                    "returns" if theirs[0] == "ok" else f"raises {theirs[0]}")
            if theirs[0] == "ok" and not inputs.same(mine[1], theirs[1]):
                return words
    return ""


def _defined_at(cls, method: str) -> int:
    """Where a method is defined in its class body (bases first), so methods run in file order whatever order
    the targets came in: forward before backward."""
    order = [name for klass in reversed(cls.__mro__) for name in vars(klass)]
    return order.index(method) if method in order else len(order)


def _describe_targets(reference, names: list[str]) -> list[dict]:
    classes: dict[str, list[str]] = {}
    out: list[dict] = []
    for name in names:
        if "." in name:
            cls, method = name.split(".", 1)
            classes.setdefault(cls, []).append(method)
        elif callable(getattr(reference, name, None)):
            out.append({"kind": "function", "name": name, "arity": len(inputs.required(getattr(reference, name)))})
        else:
            out.append({"kind": "constant", "name": name})
    for cls, methods in classes.items():
        methods = sorted(methods, key=lambda m: _defined_at(getattr(reference, cls), m))  # forward before backward
        calls = [m for m in methods if m != "__init__"] or ["forward" if hasattr(getattr(reference, cls), "forward")
                                                            else "__call__"]
        arity = max(len(inputs.required(getattr(getattr(reference, cls), m))) for m in calls)
        out.append({"kind": "method", "class": cls, "methods": calls, "arity": arity})
    return out


def main(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    try:
        import numpy as np

        np.random.default_rng = inputs.reproducible(np.random.default_rng)  # before a module keeps its own name
    except ImportError:
        pass
    reference = _load(spec["reference"], "kata_probe_reference")
    inputs.OPTIONS = inputs.Options.from_spec(spec)  # what the statement accepts (Exercise.accepts)
    inputs.HINTS.update(inputs.read_hints(Path(spec["reference"]).read_text(encoding="utf-8")))
    for i, item in enumerate(spec["mutants"]):
        try:
            mutant = _load(item["file"], f"kata_probe_mutant_{i}")
        except Exception as exc:
            print(json.dumps({"key": item["key"], "differs": True, "input": f"the mutant cannot be imported: {exc}"}))
            continue
        differs, words = False, ""
        for target in _describe_targets(reference, item["targets"]):
            try:
                differs, words = compare(reference, mutant, target, spec["framework"])
            except Exception as exc:  # the harness could not run it: say so rather than call it equivalent
                differs, words = True, f"the comparison failed ({type(exc).__name__}: {exc}): compare by hand"
            if differs:
                break
        print(json.dumps({"key": item["key"], "differs": differs, "input": words}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
