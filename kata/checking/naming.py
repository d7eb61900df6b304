"""Naming the learner's mistake: which declared mistake an output shows, and the checks that say so.

:func:`expect_same` runs the learner's module and the reference on one input and, when they differ, asks
:func:`diagnose` whether a mistake the reference declares (``MISTAKES``) explains the difference. A mistake is
named only when it is visible on that input and the output is much closer to it than to the reference; two that
fit equally are both named, as uncertain. The comparison itself is :mod:`kata.checking.compare`'s.
"""

from __future__ import annotations

from typing import Any, Callable

from kata.checking.compare import CheckFailure, _float_tolerance, _is_numeric_sequence, mismatch, np, to_numpy
from kata.mistakes import mistakes_of

_UNSET = object()


def _mistake_named(sentence: str | None, reference: Any) -> str | None:
    """The declared mistake a "This matches a known mistake (NAME): ..." sentence names."""
    if not sentence:
        return None
    return next((m.name for m in mistakes_of(reference) if f"known mistake ({m.name})" in sentence), None)


def known(reference: Any, name: str) -> str:
    """The sentence that names known mistake ``name`` of ``reference``, for checks that target one mistake.

    ``expect_raises(ValueError, f, what, explain=known(reference, "odd d accepted"))``
    """
    for candidate in mistakes_of(reference):
        if candidate.name == name:
            return f"This matches a known mistake ({name}): {candidate.message}"
    raise KeyError(f"the reference declares no mistake {name!r}")


def expect_same(run: Callable[[Any], Any], solution: Any, reference: Any, *, atol: float, rtol: float = 0.0,
                what: str = "the result", check_dtype: bool = True) -> Any:
    """Run ``run`` on the learner's module and the reference; compare; name a matching known mistake.

    ``run(module)`` builds whatever it needs from ``module`` (``module.LayerNorm(8).forward(x)``) and returns
    the output. Returns the learner's output for further checks.
    """
    expected = run(reference)
    actual = run(solution)
    problem = mismatch(actual, expected, atol=atol, rtol=rtol, what=what, check_dtype=check_dtype)
    if problem:
        known = diagnose(run, actual, reference, atol=atol, rtol=rtol, expected=expected)
        raise CheckFailure(f"{problem}.\n{known}" if known else problem, grid=getattr(problem, "grid", None),
                           mistake=_mistake_named(known, reference))
    return actual


def diagnose(run: Callable[[Any], Any], actual: Any, reference: Any, *, atol: float, rtol: float = 0.0,
             expected: Any = _UNSET) -> str | None:
    """The message of the known mistake ``actual`` shows, if exactly one fits; both names when two fit equally.

    A mistake is named only when, on this very input, its output differs from the reference's by more than the
    check's tolerance (``atol + rtol * |reference|``: a mistake invisible here proves nothing), and ``actual``
    is much closer to it than the mistake is to the reference: within a thousandth of that gap, measured in units
    of the tolerance, plus float64 round-off. NaN and inf count only where the mistake has the same ones.
    """
    want = run(reference) if expected is _UNSET else expected
    fits = []
    for known in mistakes_of(reference):
        try:
            wrong = run(known.apply(reference))
        except Exception:
            continue
        if _fits(actual, wrong, want, atol=atol, rtol=rtol):
            fits.append(known)
    if len(fits) == 1:
        return f"This matches a known mistake ({fits[0].name}): {fits[0].message}"
    if fits:
        names = " or ".join(f"{known.name} ({known.message})" for known in fits)
        return f"This matches {len(fits)} known mistakes equally, so the output alone cannot tell which: {names}"
    return None


MATCH_SHARE = 1e-3  # how much closer to the mistake than the mistake is to the reference, to name it
ROUND_OFF = 16 * 2.0 ** -52  # float64 round-off of two computations of the same formula in other orders


def _fits(actual: Any, wrong: Any, want: Any, *, atol: float, rtol: float) -> bool:
    """``actual`` shows mistake ``wrong`` (see :func:`diagnose`)."""
    try:
        got, bad, ref = (_flat(value) for value in (actual, wrong, want))
    except _Incomparable:
        return False
    def form(leaves: list[Any]) -> list[tuple]:
        return [(x.shape, x.dtype.kind == "b") for x in leaves]

    if form(bad) != form(ref):  # the mistake changes a shape or makes booleans numbers: the form shows it
        return form(got) == form(bad) and all(_apart(
            _as_float(a), _as_float(b), atol, rtol, _as_float(b)).max(initial=0.0) <= 1.0 for a, b in zip(got, bad))
    if form(got) != form(bad):
        return False
    tolerances = [_float_tolerance(_as_float(r), atol, rtol) if r.dtype.kind in "fc" else (atol, rtol) for r in ref]
    got, bad, ref = ([_as_float(x) for x in leaves] for leaves in (got, bad, ref))
    if not any((_apart(b, r, *tol, r, scaled=False) > 0).any() for b, r, tol in zip(bad, ref, tolerances)):
        return False  # the mistake is invisible on this input
    gaps = [_apart(b, r, *tol, r) for b, r, tol in zip(bad, ref, tolerances)]
    gap = max((float(g[np.isfinite(g)].max(initial=0.0)) for g in gaps), default=0.0)
    special = any(not np.isfinite(g).all() for g in gaps)  # the mistake puts NaN or inf where the reference has none
    near = max((_apart(a, b, *tol, r, round_off=True).max(initial=0.0)
                for a, b, r, tol in zip(got, bad, ref, tolerances)), default=0.0)
    threshold = max(MATCH_SHARE * gap, 1.0) if special else MATCH_SHARE * gap
    return bool(np.isfinite(near)) and near <= threshold


class _Incomparable(Exception):
    pass


def _flat(value: Any) -> list[Any]:
    """The numeric leaves of a result (arrays, numbers, nested in dicts, tuples and lists), as float arrays;
    a string becomes a one-entry array holding its hash, so equal strings compare equal."""
    value = to_numpy(value)
    if isinstance(value, dict):
        return [leaf for key in sorted(value, key=repr) for leaf in (np.asarray([hash(repr(key))], dtype=np.float64),
                                                                      *_flat(value[key]))]
    if isinstance(value, (tuple, list)) and not _is_numeric_sequence(value):
        return [leaf for item in value for leaf in _flat(item)]
    if isinstance(value, str):
        return [np.asarray([hash(value)], dtype=np.float64)]
    try:
        array = np.asarray(value)
    except Exception:
        raise _Incomparable from None
    if array.dtype.kind not in "biufc":
        raise _Incomparable
    return [array]


def _as_float(array: Any) -> Any:
    return array.astype(np.complex128 if array.dtype.kind == "c" else np.float64)


def _apart(a: Any, b: Any, atol: float, rtol: float, ref: Any, *, scaled: bool = True,
           round_off: bool = False) -> Any:
    """How far ``a`` is from ``b`` at each entry: beyond the tolerance (``scaled=False``: the excess over it), or
    in units of the tolerance (one unit where the tolerance is 0); NaN against NaN and equal infinities are 0
    apart, any other non-finite pair is infinitely far apart."""
    finite = np.isfinite(a) & np.isfinite(b)
    same_special = ~finite & ((a == b) | (np.isnan(a) & np.isnan(b)))
    size = np.where(np.isfinite(ref), np.abs(ref), 0.0)
    allowed = atol + rtol * size
    raw = np.where(finite, np.abs(np.where(finite, a - b, 0.0)), np.where(same_special, 0.0, np.inf))
    if not scaled:
        return raw - allowed
    if round_off:
        raw = np.maximum(raw - ROUND_OFF * (np.where(finite, np.abs(np.where(finite, a, 0.0)), 0.0) + size), 0.0)
    return raw / np.where(allowed > 0, allowed, 1.0)
