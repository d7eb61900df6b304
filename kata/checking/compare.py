"""Comparison helpers: the messages a learner reads when a check fails.

Every helper raises :class:`CheckFailure` (an ``AssertionError``) whose text is
the whole explanation: what was compared, shape/dtype problems, where NaN or inf
appear, the largest absolute and relative errors with their index, the tolerance.
Which known mistake an output matches (:func:`expect_same`, :func:`diagnose`) is
:mod:`kata.checking.naming`'s, over these comparisons.
"""

from __future__ import annotations

from typing import Any, Callable, NamedTuple

import numpy

from kata.checking import visual_diff


class _NumPy(NamedTuple):
    """The NumPy the comparisons use, bound once when this module is imported.

    In the grading child that happens before the learner's file runs, so a learner file that replaces
    ``numpy.isfinite`` or ``numpy.abs`` cannot change what a comparison computes (and the grading guard
    reports such a patch as tampering).
    """

    abs: Any
    argmax: Any
    maximum: Any
    argwhere: Any
    array2string: Any
    asarray: Any
    complex128: Any
    float16: Any
    float32: Any
    float64: Any
    inf: float
    isfinite: Any
    isnan: Any
    max: Any
    unravel_index: Any
    where: Any


np = _NumPy(*(getattr(numpy, name) for name in _NumPy._fields))
_same_text = str.__eq__


class CheckFailure(AssertionError):
    """A check failed; ``str(exc)`` is written for the learner.

    Optional structured data travels with it into the check's JSON: ``mistake``, the name of the known
    mistake the output matches, and ``grid``, a small visual diff (:func:`kata.checking.visual_diff.grid`).
    """

    def __init__(self, *args: Any, mistake: str | None = None, grid: dict[str, Any] | None = None):
        super().__init__(*args)
        self.mistake = mistake
        self.grid = grid


class Mismatch(str):
    """A mismatch message that also carries the visual diff of a small 2-D result (``grid``, or None)."""

    grid: dict[str, Any] | None = None


def _pictured(text: str, got: Any, want: Any, wrong: Any) -> str:
    """A :class:`Mismatch` with a grid when the result is small and 2-D, else ``text`` plus where the errors are."""
    picture = visual_diff.grid(got, want, wrong)
    where = "" if visual_diff.fits(got.shape) else visual_diff.locate(wrong)
    found = Mismatch(f"{text}; {where}" if where else text)
    found.grid = picture
    return found


def check(condition: Any, message: str) -> None:
    """Fail with ``message`` unless ``condition`` holds."""
    if not condition:
        raise CheckFailure(message)


def to_numpy(value: Any) -> Any:
    """Torch tensors (and anything with ``.detach``) become NumPy arrays; the rest passes through."""
    if hasattr(value, "detach") and hasattr(value, "cpu"):
        return value.detach().cpu().numpy()
    return value


def _fmt(value: Any) -> str:
    return np.array2string(np.asarray(value), precision=6, threshold=20, edgeitems=3)


def _index(flat: int, shape: tuple[int, ...]) -> tuple[int, ...] | int:
    return tuple(int(i) for i in np.unravel_index(flat, shape)) if shape else 0


def mismatch(actual: Any, expected: Any, *, atol: float, rtol: float = 0.0, what: str = "the result",
             check_dtype: bool = True, against: str = "the reference") -> str | None:
    """Explain how ``actual`` differs from ``expected`` beyond the tolerance, or ``None`` if it does not.

    ``against`` names where ``expected`` comes from ("finite differences", "the input", ...).
    """
    actual, expected = to_numpy(actual), to_numpy(expected)
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{what} should be a dict with keys {sorted(expected)}, but it is {type(actual).__name__}"
        missing = sorted(set(expected) - set(actual))
        if missing:
            return f"{what} is missing the keys {missing}"
        for key in expected:
            problem = mismatch(actual[key], expected[key], atol=atol, rtol=rtol, what=f"{what}[{key!r}]",
                               check_dtype=check_dtype, against=against)
            if problem:
                return problem
        return None
    if isinstance(expected, (tuple, list)) and not _is_numeric_sequence(expected):
        if not isinstance(actual, (tuple, list)) or len(actual) != len(expected):
            return f"{what} should be a sequence of {len(expected)} items, but it is {_describe(actual)}"
        for i, (a, e) in enumerate(zip(actual, expected)):
            problem = mismatch(a, e, atol=atol, rtol=rtol, what=f"{what}[{i}]", check_dtype=check_dtype,
                               against=against)
            if problem:
                return problem
        return None
    if isinstance(expected, str):
        same = isinstance(actual, str) and _same_text(actual, expected) is True  # not the answer's own __eq__
        return None if same else f"{what} is {actual!r}, expected {expected!r}"
    return _array_mismatch(actual, expected, atol=atol, rtol=rtol, what=what, check_dtype=check_dtype,
                           against=against)


def _is_numeric_sequence(value: Any) -> bool:
    try:
        return np.asarray(value).dtype.kind in "biufc"
    except (ValueError, TypeError):
        return False


def _describe(value: Any) -> str:
    if value is None:
        return "None (did you forget a `return`?)"
    if hasattr(value, "shape"):
        return f"{type(value).__name__} of shape {tuple(value.shape)}"
    return f"a {type(value).__name__}"


def _array_mismatch(actual: Any, expected: Any, *, atol: float, rtol: float, what: str, check_dtype: bool,
                    against: str) -> str | None:
    if actual is None:
        return f"{what} is None: did you forget a `return`?"
    expected = np.asarray(expected)
    try:
        got = np.asarray(actual)
    except Exception:
        return f"{what} should be an array of shape {expected.shape}, but it is {_describe(actual)}"
    if got.dtype.kind not in "biufc":
        return f"{what} should hold numbers (shape {expected.shape}), but it is {_describe(actual)} of dtype {got.dtype}"
    if got.shape != expected.shape:
        extra = ""
        if got.shape == expected.shape[::-1] and got.ndim > 1:
            extra = " (the axes are reversed: a transpose too many or too few?)"
        elif got.size == expected.size:
            extra = " (same number of entries: a reshape or a missing keepdims?)"
        return f"{what} has shape {got.shape}, expected {expected.shape}{extra}"
    if expected.dtype.kind == "b" and got.dtype.kind != "b":
        return f"{what} should be a boolean array, but its dtype is {got.dtype}"
    if check_dtype and expected.dtype.kind == "f" and got.dtype.kind in "biu":
        return f"{what} has integer dtype {got.dtype}; expected floating point like the reference ({expected.dtype})"
    if check_dtype and expected.dtype == np.float64 and got.dtype in (np.float32, np.float16):
        return f"{what} is {got.dtype}, expected float64: keep the input's precision (no float32 casts)"
    if expected.dtype.kind == "b":
        wrong = np.argwhere(got != expected)
        if len(wrong):
            first = tuple(int(i) for i in wrong[0])
            return _pictured(f"{what} differs from the expected mask at {len(wrong)} of {expected.size} positions, "
                             f"first at {first} (yours {bool(got[first])}, expected {bool(expected[first])})",
                             got, expected, got != expected)
        return None
    got = got.astype(np.complex128 if got.dtype.kind == "c" else np.float64)
    want = expected.astype(np.complex128 if expected.dtype.kind == "c" else np.float64)
    if expected.dtype.kind in "fc":  # floating point: never finer than float64 round-off of a valid other order
        atol, rtol = _float_tolerance(want, atol, rtol)
    bad_got = ~np.isfinite(got) & np.isfinite(want)
    if bad_got.any():
        positions = np.argwhere(bad_got)
        kinds = "NaN" if np.isnan(got[bad_got]).all() else "NaN/inf"
        return _pictured(f"{what} contains {kinds} at {len(positions)} of {got.size} positions, first at "
                         f"{tuple(int(i) for i in positions[0])}, where {against} is finite "
                         "(a division by zero, log of 0, or an overflowing exp?)", got, want, bad_got)
    same_special = ~np.isfinite(want) & ((got == want) | (np.isnan(got) & np.isnan(want)))
    error = np.where(same_special, 0.0, np.abs(got - want))
    error = np.where(np.isnan(error), np.inf, error)  # a finite answer where the reference is NaN is wrong
    allowed = atol + rtol * np.where(np.isfinite(want), np.abs(want), 0.0)  # rtol * inf or NaN would allow anything
    outside = error > allowed
    if not outside.any():
        return None
    flat = int(np.argmax(np.where(outside, error, -1.0)))
    worst = _index(flat, got.shape)
    denom = np.abs(want)
    relative = np.where(denom > 0, error / np.where(denom > 0, denom, 1.0), np.where(error > 0, np.inf, 0.0))
    return _pictured(f"{what} differs from {against}: max abs error {error.flat[flat]:.3g} at index {worst} "
                     f"(yours {got.flat[flat]:.6g}, expected {want.flat[flat]:.6g}), max rel error "
                     f"{np.max(relative):.3g}; {int(outside.sum())} of {got.size} entries are outside the tolerance "
                     f"atol={atol:g}, rtol={rtol:g}", got, want, outside)


# Float64 code computed in another valid order (a softmax dividing by sum + 1e-10, log-sum-exp, einsum for matmul,
# E[x^2] - E[x]^2 on well-conditioned data) differs from the reference by 1e-16 to about 1e-10 relative; the
# smallest difference a declared mistake makes is above 1e-6 relative. Every floating comparison allows at least
# FLOAT_RTOL relative, and FLOAT_ATOL of the array's largest entry absolute (entries that cancel to 0 carry the
# round-off of the terms they cancel).
FLOAT_RTOL = 1e-9
FLOAT_ATOL = 1e-12


def _float_tolerance(want: Any, atol: float, rtol: float) -> tuple[float, float]:
    finite = np.abs(np.where(np.isfinite(want), want, 0.0))
    scale = float(np.max(finite)) if finite.size else 0.0
    return max(atol, FLOAT_ATOL * scale), max(rtol, FLOAT_RTOL)


def expect_close(actual: Any, expected: Any, *, atol: float, rtol: float = 0.0, what: str = "the result",
                 check_dtype: bool = True, against: str = "the reference") -> None:
    """Fail with a precise message unless ``actual`` matches ``expected`` within ``atol + rtol*|expected|``.

    ``against`` names the source of ``expected`` in the message ("finite differences", "the input", ...).
    """
    problem = mismatch(actual, expected, atol=atol, rtol=rtol, what=what, check_dtype=check_dtype, against=against)
    if problem:
        raise CheckFailure(problem, grid=getattr(problem, "grid", None))


def expect_shape(actual: Any, shape: tuple[int, ...], what: str = "the result") -> None:
    actual = to_numpy(actual)
    check(hasattr(actual, "shape"), f"{what} should be an array of shape {shape}, but it is {_describe(actual)}")
    check(tuple(actual.shape) == tuple(shape), f"{what} has shape {tuple(actual.shape)}, expected {tuple(shape)}")


def expect_raises(error: type[BaseException], action: Callable[[], Any], what: str, explain: str = "") -> None:
    """``action()`` must raise ``error``; ``what`` says when, e.g. "LayerNorm(8).forward(x of shape (2, 5))".

    ``explain`` is added when ``action`` returns normally (often :func:`known` for the mistake of
    accepting bad input silently); a different exception is reported as it is.
    """
    try:
        action()
    except error:
        return
    except Exception as exc:
        raise CheckFailure(f"{what} should raise {error.__name__}, but it raised {type(exc).__name__}: {exc}") from None
    tail = f".\n{explain}" if explain else ""
    raise CheckFailure(f"{what} should raise {error.__name__}, but it returned normally{tail}")
