"""Is a mutant that no check killed really different? Run it beside the reference on random inputs.

Run as ``python -m kata.mutants.probe SPEC.json`` in a child process (the mutants are the author's own
code, but a changed loop bound can still hang). The spec names the reference file, the framework, and
the mutants with the functions, methods or answers each one changes; the child prints one JSON line per
mutant: ``{"key", "differs", "input"}``.

Inputs are derived from signatures, since the checks' inputs are not reachable from here: parameters
with defaults keep them, the others are tried as arrays of a few shapes or as small integers, and every
profile the reference accepts is run with three seeds. A class is built with the same seed for both
(so random weights agree), its learner-written methods are called in file order (``backward`` gets a
gradient shaped like the last output), and its public state is compared at the end. Agreement means
every output, every input after the call (an in-place bug) and that state agree to 1e-12.
"""

from __future__ import annotations

import copy
import importlib.util
import inspect
import json
import sys
from pathlib import Path
from typing import Any

TOLERANCE = 1e-12
SEEDS = (0, 1, 2, 3)
SHAPES = ((2, 5, 8), (4, 8), (1, 3, 8), (6, 6))
INTS = (8, 2, 4, 16, 3, 6)
GRADIENT_NAMES = ("dout", "grad", "dy", "upstream")


def _load(path: str, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _seed(seed: int) -> None:
    import numpy as np

    np.random.seed(seed)
    try:
        import torch

        torch.manual_seed(seed)
    except ImportError:
        pass


def _as_numpy(value: Any) -> Any:
    if hasattr(value, "detach") and hasattr(value, "numpy"):
        return value.detach().cpu().numpy()
    return value


def same(a: Any, b: Any) -> bool:
    import numpy as np

    if callable(a) and callable(b) and not hasattr(a, "shape"):
        return True  # the functions the probe itself passed in
    a, b = _as_numpy(a), _as_numpy(b)
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        if a.dtype.kind in "biufc":
            return bool(np.allclose(a, b, rtol=TOLERANCE, atol=TOLERANCE, equal_nan=True))
        return bool(np.array_equal(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) or isinstance(b, float):
        try:
            return type(a) is type(b) and (abs(a - b) <= TOLERANCE * (1 + abs(b)) or (a != a and b != b))
        except TypeError:
            return False
    return type(a) is type(b) and a == b


def _array(shape: tuple[int, ...], seed: int, framework: str, dtype: str):
    import numpy as np

    data = np.random.default_rng(seed).normal(size=shape)
    if framework == "torch":
        import torch

        return torch.tensor(data, dtype=getattr(torch, dtype))
    return data


def _profiles(n: int, framework: str) -> list[list[str]]:
    """Which of the parameters without defaults are arrays ("a") and which integers ("i")."""
    if not n:
        return [[]]
    arrays, ints = ["a"] * n, ["i"] * n
    first = [ints, arrays] if framework == "python" else [arrays, ints]
    return first + [["a"] + ["i"] * (n - 1), ["a"] * (n - 1) + ["i"]]


def _optional_arrays(function, shape, seed: int, framework: str, dtype: str, mode: str) -> dict[str, Any]:
    """Optional parameters given a value so their code runs: ``None`` defaults get an array (a mask gets a
    causal boolean one, or a float one in mode "float"), ``False`` defaults become ``True`` in mode "flip"."""
    import numpy as np

    try:
        params = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return {}
    out: dict[str, Any] = {}
    for p in params:
        if p.default is False and mode == "flip":
            out[p.name] = True
        elif p.default is None and mode != "flip":
            if "mask" in p.name and len(shape) >= 2 and mode == "float":
                out[p.name] = _array((shape[-2], shape[-2]), seed + 60, framework, dtype)
            elif "mask" in p.name and len(shape) >= 2:
                mask = np.triu(np.ones((shape[-2], shape[-2]), dtype=bool), k=1)
                if framework == "torch":
                    import torch

                    mask = torch.from_numpy(mask)
                out[p.name] = mask
            else:
                out[p.name] = _array(shape, seed + 50, framework, dtype)
    return out


HINTS: dict[str, tuple] = {}  # parameter name -> ("call",) or ("choices", values), read from the reference


def read_hints(source: str) -> dict[str, tuple]:
    """What the reference's own code says about a parameter: it is called (a function), or compared with
    string constants (``placement == "pre"``): those strings are the values to try."""
    import ast

    hints: dict[str, tuple] = {}
    for fn in ast.walk(ast.parse(source)):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        names = {a.arg for a in fn.args.args + fn.args.kwonlyargs}
        for node in ast.walk(fn):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names:
                hints[node.func.id] = ("call",)
            if isinstance(node, ast.Compare):
                sides = [node.left, *node.comparators]
                named = [n.id for n in sides if isinstance(n, ast.Name) and n.id in names]
                texts = [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
                for name in named:
                    previous = hints.get(name, ("choices", ()))
                    if texts and previous[0] == "choices":
                        hints[name] = ("choices", tuple(sorted(set(previous[1]) | set(texts))))
    return hints


def _callable(i: int, framework: str):
    if framework == "torch":
        import torch

        return [lambda z: torch.tanh(z) * 1.3 + 0.1, lambda z: z / (1 + z.abs())][i % 2]
    import numpy as np

    return [lambda z: np.tanh(z) * 1.3 + 0.1, lambda z: z / (1 + np.abs(z))][i % 2]


def _arguments(params: list[inspect.Parameter], kinds: list[str], shape, seed: int, framework: str,
               dtype: str, last: Any = None) -> dict[str, Any]:
    args: dict[str, Any] = {}
    for i, (param, kind) in enumerate(zip(params, kinds)):
        hint = HINTS.get(param.name)
        if hint and hint[0] == "call":
            args[param.name] = _callable(i, framework)
        elif hint:
            args[param.name] = hint[1][seed % len(hint[1])]
        elif isinstance(kind, int) and not isinstance(kind, bool):
            args[param.name] = kind  # an edge value: 0, 1, -1, an odd size
        elif any(param.name.startswith(g) for g in GRADIENT_NAMES) and last is not None:
            args[param.name] = _array(tuple(_as_numpy(last).shape), seed + 100, framework, dtype)
        elif kind == "a":
            args[param.name] = _array(shape, seed + 10 * i, framework, dtype)
        else:
            args[param.name] = INTS[i % len(INTS)]
    return args


def _required(function) -> list[inspect.Parameter]:
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return []
    return [p for p in signature.parameters.values() if p.default is inspect.Parameter.empty
            and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name != "self"]


def _run(module, target: dict, kinds, shape, seed, framework, dtype, optional: str = ""
         ) -> tuple[list[Any], str]:
    """Everything observable from one call sequence, and the input described in words."""
    _seed(seed)
    if target["kind"] == "function":
        function = getattr(module, target["name"])
        args = _arguments(_required(function), kinds, shape, seed, framework, dtype)
        if optional:
            args.update(_optional_arrays(function, shape, seed, framework, dtype, optional))
        before = copy.deepcopy(args)
        out = function(**args)
        return [out, args, before], _words(args, seed)
    cls = getattr(module, target["class"])
    init_kinds = ["i"] * len(_required(cls.__init__))
    init_args = _arguments(_required(cls.__init__), init_kinds, shape, seed, framework, dtype)
    if init_kinds:
        init_args[next(iter(init_args))] = shape[-1]  # the model width matches the input's last axis
    _seed(seed)
    obj = cls(**init_args)
    seen: list[Any] = []
    last = None
    for method_name in target["methods"]:
        method = getattr(obj, method_name)
        params = _required(method)
        args = _arguments(params, kinds[: len(params)] + ["a"] * (len(params) - len(kinds)), shape, seed,
                          framework, dtype, last)
        if optional:
            args.update(_optional_arrays(method, shape, seed, framework, dtype, optional))
        before = copy.deepcopy(args)
        last = method(**args)
        seen += [last, args, before]
    state = {k: v for k, v in vars(obj).items() if not k.startswith("_") and not callable(v)}
    if hasattr(obj, "state_dict"):
        state["state_dict"] = dict(obj.state_dict())
    seen.append(state)
    return seen, f"{target['class']}({_words(init_args, seed, seeded=False)}), {_words(args, seed)}"


def _words(args: dict[str, Any], seed: int, seeded: bool = True) -> str:
    parts = [f"{k} of shape {tuple(_as_numpy(v).shape)}" if hasattr(_as_numpy(v), "shape")
             else f"{k}=<a function>" if callable(v) else f"{k}={v!r}" for k, v in args.items()]
    return ", ".join(parts) + (f" (seed {seed})" if seeded else "")


def compare(reference, mutant, target: dict, framework: str) -> tuple[bool, str]:
    """(differs, one input on which it differs or what was tried)."""
    if target["kind"] == "constant":
        a, b = getattr(reference, target["name"], None), getattr(mutant, target["name"], None)
        return (not same(b, a)), f"the answer {target['name']} = {b!r} (reference {a!r})"
    tried = 0
    dtypes = ("float64", "float32") if framework == "torch" else ("float64",)
    runs = [(optional, dtype, shape) for optional in ("", "bool", "float", "flip") for dtype in dtypes for shape in SHAPES]
    for optional, dtype, shape in runs:
        for kinds in _profiles(target.get("arity", 0), framework):
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
                if not same(mine, theirs):
                    return True, words
            break  # one accepted profile per shape
    if target["kind"] == "function" and framework != "torch":
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
            if theirs[0] == "ok" and not same(mine[1], theirs[1]):
                return words
    return ""


def _describe_targets(reference, names: list[str]) -> list[dict]:
    classes: dict[str, list[str]] = {}
    out: list[dict] = []
    for name in names:
        if "." in name:
            cls, method = name.split(".", 1)
            classes.setdefault(cls, []).append(method)
        elif callable(getattr(reference, name, None)):
            out.append({"kind": "function", "name": name, "arity": len(_required(getattr(reference, name)))})
        else:
            out.append({"kind": "constant", "name": name})
    for cls, methods in classes.items():
        calls = [m for m in methods if m != "__init__"] or ["forward" if hasattr(getattr(reference, cls), "forward")
                                                            else "__call__"]
        arity = max(len(_required(getattr(getattr(reference, cls), m))) for m in calls)
        out.append({"kind": "method", "class": cls, "methods": calls, "arity": arity})
    return out


def main(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    reference = _load(spec["reference"], "kata_probe_reference")
    HINTS.update(read_hints(Path(spec["reference"]).read_text(encoding="utf-8")))
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
