"""Inputs for the mutant probe, derived from signatures and from what the reference's own code says.

Parameters with defaults keep them; the others are tried as arrays of a few shapes or as small integers.
A parameter the reference calls gets a function; one it compares with strings gets those strings; one named
``positions`` gets integer positions along the sequence axis (the axis before the last); a token-id one
(:func:`is_token`) gets integer ids shaped like the input without its last axis, below the vocabulary size.
Optional ``None`` parameters get an array (a causal mask for a mask), ``False`` flags are flipped, so the
code behind them runs too. :func:`same` is the agreement test: equal types and shapes, values to 1e-12.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any

TOLERANCE = 1e-12
GRADIENT_NAMES = ("dout", "grad", "dy", "upstream")
TOKEN_NAMES = ("tokens", "token_ids", "input_ids", "ids", "idx", "targets", "labels")


@dataclass(frozen=True)
class Options:
    """What the statement accepts (Exercise.accepts), as the probe spec carries it: a relative tolerance for
    numbers, the input shapes, the integer sizes (declared ones are the only ones tried) and the constructor
    arguments a class is built with."""

    rtol: float = 0.0
    shapes: tuple = ((2, 5, 8), (4, 8), (1, 3, 8), (6, 6))
    ints: tuple = (8, 2, 4, 16, 3, 6)
    sizes_declared: bool = False
    init: dict = field(default_factory=dict)

    @classmethod
    def from_spec(cls, spec: dict) -> Options:
        default = cls()
        return cls(rtol=float(spec.get("rtol") or 0.0),
                   shapes=tuple(tuple(s) for s in spec.get("shapes") or ()) or default.shapes,
                   ints=tuple(spec.get("ints") or ()) or default.ints, sizes_declared=bool(spec.get("ints")),
                   init=dict(spec.get("init") or {}))


OPTIONS = Options()  # replaced by the probe from its spec
_UNSEEDED = [0, 0]  # the last seed_all() seed, and how many unseeded generators were made since


def seed_all(seed: int) -> None:
    import numpy as np

    np.random.seed(seed)
    _UNSEEDED[:] = [seed, 0]
    try:
        import torch

        torch.manual_seed(seed)
    except ImportError:
        pass


def reproducible(default_rng):
    """``np.random.default_rng`` whose unseeded calls are reproducible: the k-th one after ``seed_all(s)`` is
    seeded ``(s, k)``, so a reference and a mutant built after the same seed get the same random weights
    (kata.parts draws them from unseeded generators)."""
    def seeded(seed=None):
        if seed is not None:
            return default_rng(seed)
        _UNSEEDED[1] += 1
        return default_rng([_UNSEEDED[0], _UNSEEDED[1]])

    return seeded


def as_numpy(value: Any) -> Any:
    if hasattr(value, "detach") and hasattr(value, "numpy"):
        return value.detach().cpu().numpy()
    return value


def same(a: Any, b: Any) -> bool:
    import numpy as np

    if callable(a) and callable(b) and not hasattr(a, "shape"):
        return True  # the functions the probe itself passed in
    a, b = as_numpy(a), as_numpy(b)
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        if a.dtype.kind in "biufc":
            return bool(np.allclose(a, b, rtol=max(TOLERANCE, OPTIONS.rtol), atol=TOLERANCE, equal_nan=True))
        return bool(np.array_equal(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if OPTIONS.rtol and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (a, b)):
        return abs(a - b) <= OPTIONS.rtol * abs(b)  # an int count within the statement's tolerance is right too
    if isinstance(a, float) or isinstance(b, float):
        try:
            return type(a) is type(b) and (abs(a - b) <= TOLERANCE * (1 + abs(b)) or (a != a and b != b))
        except TypeError:
            return False
    return type(a) is type(b) and a == b


def random_array(shape: tuple[int, ...], seed: int, framework: str, dtype: str):
    import numpy as np

    data = np.random.default_rng(seed).normal(size=shape)
    if framework == "torch":
        import torch

        return torch.tensor(data, dtype=getattr(torch, dtype))
    return data


def is_token(name: str) -> bool:
    """A parameter holding token ids: one of TOKEN_NAMES, or a name ending in ``_ids``."""
    return name in TOKEN_NAMES or name.endswith("_ids")


def token_ids(shape: tuple[int, ...], seed: int, framework: str):
    """Integer ids for an input of ``shape``: shaped ``shape[:-1]`` (a (batch, seq, d) input gives (batch, seq)),
    each below the declared vocabulary size (an ``init`` size named ``*vocab*``), else below ``shape[-1]``."""
    import numpy as np

    vocab = next((v for k, v in OPTIONS.init.items() if "vocab" in k), shape[-1])
    ids = np.random.default_rng([seed, 70]).integers(0, vocab, size=tuple(shape[:-1]))
    if framework == "torch":
        import torch

        return torch.from_numpy(ids)
    return ids


def profiles(n: int, framework: str) -> list[list[str]]:
    """Which of the parameters without defaults are arrays ("a") and which integers ("i")."""
    if not n:
        return [[]]
    arrays, ints = ["a"] * n, ["i"] * n
    first = [ints, arrays] if framework == "python" else [arrays, ints]
    return first + [["a"] + ["i"] * (n - 1), ["a"] * (n - 1) + ["i"]]


def optional_arrays(function, shape, seed: int, framework: str, dtype: str, mode: str) -> dict[str, Any]:
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
            if is_token(p.name):
                out[p.name] = token_ids(shape, seed + 60, framework)
            elif "mask" in p.name and len(shape) >= 2 and mode == "float":
                out[p.name] = random_array((shape[-2], shape[-2]), seed + 60, framework, dtype)
            elif "mask" in p.name and len(shape) >= 2:
                mask = np.triu(np.ones((shape[-2], shape[-2]), dtype=bool), k=1)
                if framework == "torch":
                    import torch

                    mask = torch.from_numpy(mask)
                out[p.name] = mask
            else:
                out[p.name] = random_array(shape, seed + 50, framework, dtype)
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


def sample_function(i: int, framework: str):
    if framework == "torch":
        import torch

        return [lambda z: torch.tanh(z) * 1.3 + 0.1, lambda z: z / (1 + z.abs())][i % 2]
    import numpy as np

    return [lambda z: np.tanh(z) * 1.3 + 0.1, lambda z: z / (1 + np.abs(z))][i % 2]


def arguments(params: list[inspect.Parameter], kinds: list[str], shape, seed: int, framework: str,
               dtype: str, last: Any = None) -> dict[str, Any]:
    args: dict[str, Any] = {}
    for i, (param, kind) in enumerate(zip(params, kinds)):
        hint = HINTS.get(param.name)
        if hint and hint[0] == "call":
            args[param.name] = sample_function(i, framework)
        elif hint:
            args[param.name] = hint[1][seed % len(hint[1])]
        elif isinstance(kind, int) and not isinstance(kind, bool):
            args[param.name] = kind  # an edge value: 0, 1, -1, an odd size
        elif is_token(param.name):
            args[param.name] = token_ids(shape, seed + i, framework)
        elif param.name == "positions" and kind == "a" and len(shape) >= 2:
            args[param.name] = _positions(shape[-2], seed, framework)
        elif any(param.name.startswith(g) for g in GRADIENT_NAMES) and last is not None:
            args[param.name] = random_array(tuple(as_numpy(last).shape), seed + 100, framework, dtype)
        elif kind == "a":
            args[param.name] = random_array(shape, seed + 10 * i, framework, dtype)
        else:
            args[param.name] = OPTIONS.ints[i % len(OPTIONS.ints)]
    return args


def _positions(seq: int, seed: int, framework: str):
    """Integer positions for the ``seq`` axis (a ``positions`` parameter): distinct, not 0..seq-1 after seed 0."""
    import numpy as np

    positions = np.arange(seq) * (seed + 1) + 3 * seed
    if framework == "torch":
        import torch

        return torch.from_numpy(positions)
    return positions


def required(function) -> list[inspect.Parameter]:
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return []
    return [p for p in signature.parameters.values() if p.default is inspect.Parameter.empty
            and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name != "self"]
