"""Contracts: properties a statement implies that comparisons on fresh random inputs never test.

A check on random inputs passes ``x.copy()``, builds a fresh layer, calls it once with default arguments
and the usual masks. So ``x -= mean``, a backward that adds onto last call's gradients, a hard-coded
``1e-5``, a block that swaps any mask for a causal one, float64 out for float32 in, a missing
``ValueError``, a softmax without its max shift and a weight tied to another all pass. Each contract
tests one such property. A check module declares, once, which contracts its statement implies, and
opts out of the others with a reason; :func:`declare` refuses a declaration that forgets a kind, so
every contract is on by default::

    from kata.testing import declare, input_not_mutated, repeated_calls, ...

    globals().update(declare(
        input_not_mutated("LayerNorm(8).forward(x)", lambda m, x: m.LayerNorm(8).forward(x), _inputs),
        ...,
        opt_out={"validation as stated": "the statement asks for no error"},
    ))

Each kind becomes one graded check ("contract: input not mutated"), worth ``points_each``. A failure
names the property, says what would be right, and names a declared mistake whose behaviour on the same
probe matches the learner's (through :func:`kata.checking.naming.diagnose`), so ``kata verify`` proves each
contract's own mistake fails it.
"""

from __future__ import annotations

import copy
from typing import Any, Callable, Mapping

from kata.checking.compare import mismatch, to_numpy
from kata.checking.declaration import (FUNCTION_OF_NUMBERS, KINDS, Contract, Declaration,  # noqa: F401 (re-exported)
                                       Inputs, _against_reference, _fail, _fresh, _to_float32, declare)


# ---- the contracts ----------------------------------------------------------------------------------


def input_not_mutated(what: str, call: Callable[..., Any], inputs: Inputs) -> Contract:
    """``call(module, **inputs)`` must leave every array it is given unchanged."""

    def verify(solution: Any, reference: Any, rng: Any) -> None:
        data = inputs(rng)

        def observe(module: Any) -> dict[str, Any]:
            given = _fresh(data)
            call(module, **given)
            return {name: to_numpy(value) for name, value in given.items() if hasattr(value, "shape")}

        after = observe(solution)
        before = {name: to_numpy(value) for name, value in data.items() if hasattr(value, "shape")}
        for name, given in before.items():
            problem = _changed(after[name], given)
            if problem:
                _fail(f"input not mutated: {what} changed its argument `{name}` in place: {problem}",
                      "The caller may still need its array: compute into a new one (x = x - mean, x = x + f(x)) "
                      "instead of changing it in place (x -= mean, x += f(x), x[...] = ...).",
                      observe, after, reference, 0.0, 0.0)

    return Contract("input not mutated", what, verify)


def _changed(after: Any, before: Any) -> str | None:
    """How ``after`` differs from ``before`` (the same array before the call), or None."""
    import numpy as np

    after, before = np.asarray(after), np.asarray(before)
    if after.shape != before.shape or after.dtype != before.dtype:
        return f"it was {before.dtype} of shape {before.shape} and is now {after.dtype} of shape {after.shape}"
    differs = ~((after == before) | (np.isnan(after) & np.isnan(before)) if after.dtype.kind in "fc" else
                after == before)
    if not differs.any():
        return None
    first = tuple(int(i) for i in np.argwhere(differs)[0])
    return (f"{int(differs.sum())} of {after.size} entries differ from what was passed, first at {first} "
            f"(was {before[first].item():.6g}, now {after[first].item():.6g})")


def repeated_calls(what: str, build: Callable[[Any], Any], step: Callable[..., Any], inputs: Inputs,
                   atol: float = 1e-12, rtol: float = 1e-12) -> Contract:
    """``step(obj, **inputs)`` twice on one ``obj = build(module)`` gives the same result both times."""

    def verify(solution: Any, reference: Any, rng: Any) -> None:
        data = inputs(rng)

        def twice(module: Any) -> tuple[Any, Any]:
            obj = build(module)
            first = copy.deepcopy(step(obj, **_fresh(data)))
            return first, step(obj, **_fresh(data))

        first, second = twice(solution)
        problem = mismatch(second, first, atol=atol, rtol=rtol, what=f"{what}: the second call's result",
                           against="the first call")
        if problem:
            _fail(f"repeated calls: {problem}",
                  "Each call must start afresh: assign gradients (self.dW = ...) rather than adding to them "
                  "(self.dW += ...), and keep no state from one call to the next that changes the result.",
                  lambda module: twice(module)[1], second, reference, atol, rtol)

    return Contract("repeated calls", what, verify)


def constructor_arguments(what: str, build: Callable[..., Any], call: Callable[..., Any], inputs: Inputs,
                          values: Mapping[str, Any], atol: float = 1e-10, rtol: float = 1e-9) -> list[Contract]:
    """For each ``name: value``, ``call(build(module, name=value), **inputs)`` matches the reference.

    The reference's result with the value must differ from its result with the default, or the probe
    proves nothing; that is the author's error and fails loudly.
    """

    def one(name: str, value: Any) -> Contract:
        label = f"{what} with {name}={value!r}"

        def verify(solution: Any, reference: Any, rng: Any) -> None:
            data = inputs(rng)
            observe = lambda module: call(build(module, **{name: value}), **_fresh(data))  # noqa: E731
            default = call(build(reference), **_fresh(data))
            if mismatch(observe(reference), default, atol=atol, rtol=rtol) is None:
                raise RuntimeError(f"contract probe {label!r} proves nothing: the reference gives the same result "
                                   "as with the default")
            _against_reference("constructor arguments", label, observe, solution, reference,
                               f"Use the {name} you are given (self.{name}), never a fixed value: the default is "
                               "only a default.", atol, rtol)

        return Contract("constructor arguments", label, verify)

    return [one(name, value) for name, value in values.items()]


def probe(kind: str, what: str, call: Callable[..., Any], inputs: Inputs, advice: str, atol: float = 1e-10,
          rtol: float = 1e-9) -> Contract:
    """The general form: ``call(module, **inputs)`` matches the reference on a probe chosen for property ``kind``."""

    def verify(solution: Any, reference: Any, rng: Any) -> None:
        data = inputs(rng)
        _against_reference(kind, what, lambda m: call(m, **_fresh(data)), solution, reference, advice, atol, rtol)

    return Contract(kind, what, verify)


def inputs_as_given(what: str, call: Callable[..., Any], inputs: Inputs, atol: float = 1e-10,
                    rtol: float = 1e-9) -> Contract:
    """``call(module, **inputs)`` on inputs the usual checks never try (a padding mask, ...) matches the reference."""

    def verify(solution: Any, reference: Any, rng: Any) -> None:
        data = inputs(rng)
        _against_reference("inputs as given", what, lambda m: call(m, **_fresh(data)), solution, reference,
                           "Use each input as you are given it (a mask may be any pattern the statement allows, "
                           "not only a causal one); do not replace or rebuild it.", atol, rtol)

    return Contract("inputs as given", what, verify)


def dtype_kept(what: str, call: Callable[..., Any], inputs: Inputs) -> Contract:
    """With float32 inputs, ``call`` returns float32, as a statement saying "same dtype as x" asks."""

    def verify(solution: Any, reference: Any, rng: Any) -> None:
        data = {name: _to_float32(value) for name, value in inputs(rng).items()}

        def observe(module: Any) -> dict[str, Any]:
            out = to_numpy(call(module, **_fresh(data)))
            return {"dtype": str(getattr(out, "dtype", type(out).__name__)), "value": out}

        expected, actual = observe(reference)["dtype"], observe(solution)
        if actual["dtype"] != expected:
            _fail(f"types as stated: {what} returns {actual['dtype']} for float32 input, expected {expected}",
                  "The statement asks for the dtype of the input: keep float32 as float32 (no float64 constants, "
                  "parameters or casts that promote it; cast the result with .astype(x.dtype) if need be).",
                  observe, actual, reference, 1e-6, 1e-5)

    return Contract("types as stated", what, verify)


def _outcome(action: Callable[[Any], Any], module: Any) -> Any:
    try:
        value = action(module)
    except Exception as exc:  # the learner's or a mistake's exception is the observation
        return f"raises {type(exc).__name__}"
    value = to_numpy(value)
    numeric = hasattr(value, "dtype") or isinstance(value, (int, float)) and not isinstance(value, bool)
    return {"returned": value} if numeric else "returns normally"


def validation(what: str, action: Callable[[Any], Any] | Mapping[str, Callable[[Any], Any]],
               error: type[BaseException] = ValueError, because: str = "") -> Contract:
    """``action(module)`` raises ``error``, as the statement asks (``because`` says where).

    ``action`` may be a dict ``{label: action}`` of every invalid call the statement names: each must raise,
    and the learner's behaviour on all of them together is what names a mistake, so a check that misses
    only negative sizes is told apart from one that checks nothing.
    """
    actions = dict(action) if isinstance(action, Mapping) else {what: action}
    want = f"raises {error.__name__}"

    def observe(module: Any) -> list[Any]:
        return [_outcome(act, module) for act in actions.values()]

    def verify(solution: Any, reference: Any, rng: Any) -> None:
        if any(outcome != want for outcome in observe(reference)):
            raise RuntimeError(f"contract probe {what!r}: the reference does not raise {error.__name__} everywhere")
        got = observe(solution)
        for label, outcome in zip(actions, got):
            if outcome != want:
                shown = ("returned normally" if not isinstance(outcome, str) or outcome == "returns normally"
                         else outcome.replace("raises", "raised"))
                _fail(f"validation as stated: {label} should raise {error.__name__}, but it {shown}",
                      because or "The statement asks for this error.", observe, got, reference, 0.0, 0.0)

    return Contract("validation as stated", what, verify)


def extremes(what: str, call: Callable[..., Any], inputs: Inputs, atol: float = 1e-10, rtol: float = 1e-9,
             advice: str = "") -> Contract:
    """On extreme inputs where the reference stays finite, ``call`` matches it (no NaN, no inf)."""

    def verify(solution: Any, reference: Any, rng: Any) -> None:
        data = inputs(rng)
        _against_reference("extremes", what, lambda m: call(m, **_fresh(data)), solution, reference,
                           advice or "The reference stays finite here; subtract the maximum before exp and start "
                           "running maxima at -inf.", atol, rtol)

    return Contract("extremes", what, verify)


def weights_distinct(what: str, build: Callable[[Any], Any], names: tuple[str, ...]) -> Contract:
    """In a freshly built object no weight equals another one or its transpose (each drawn on its own)."""

    def verify(solution: Any, reference: Any, rng: Any) -> None:
        def observe(module: Any) -> str:
            obj = build(module)
            arrays = {name: to_numpy(_attribute(obj, name)) for name in names}
            for i, a in enumerate(names):
                for b in names[i + 1:]:
                    x, y = arrays[a], arrays[b]
                    if x.shape == y.shape and (x == y).all():
                        return f"{a} equals {b}"
                    if x.ndim == 2 and x.shape == y.shape[::-1] and (x == y.T).all():
                        return f"{a} is the transpose of {b}"
            return "all distinct"

        got = observe(solution)
        if got != "all distinct":
            _fail(f"weights distinct: in {what}, {got}",
                  "Every weight matrix is a parameter of its own: draw each one separately (tied weights "
                  "learn one matrix where the model has two).", observe, got, reference, 0.0, 0.0)

    return Contract("weights distinct", what, verify)


def _attribute(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def every_weight_matters(what: str, build: Callable[[Any], Any], call: Callable[..., Any], inputs: Inputs,
                         names: tuple[str, ...], atol: float = 1e-10, rtol: float = 1e-9) -> Contract:
    """Changing any one weight of ``build(module)`` changes ``call``'s result, as it changes the reference's."""

    def verify(solution: Any, reference: Any, rng: Any) -> None:
        data = inputs(rng)
        deltas = {name: rng.normal(0.0, 0.5, size=to_numpy(_attribute(build(reference), name)).shape)
                  for name in names}

        def observe(module: Any) -> dict[str, Any]:
            results = {"unchanged": call(build(module), **_fresh(data))}
            for name in names:
                obj = build(module)
                *path, last = name.split(".")
                owner = _attribute(obj, ".".join(path)) if path else obj
                setattr(owner, last, _attribute(obj, name) + deltas[name])
                results[name] = call(obj, **_fresh(data))
            return results

        mine = observe(solution)
        for name in names:
            if mismatch(mine[name], mine["unchanged"], atol=atol, rtol=rtol) is None:
                _fail(f"weights distinct: changing {name} does not change {what}",
                      f"Every weight must matter: read self.{name} at every call, in its own place in the formula "
                      "(not another weight, nor a copy taken earlier).", observe, mine, reference, atol, rtol)
        _against_reference("weights distinct", f"{what} after changing one weight", observe, solution, reference,
                           "Each weight must be read from self at every call, in its own place in the formula.",
                           atol, rtol)

    return Contract("weights distinct", what, verify)
