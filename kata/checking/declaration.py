"""What a contract is, and how a check module declares its contracts (:func:`declare`).

The kinds of contract (:data:`KINDS`), the :class:`Contract` a probe builds and the :class:`Declaration` a
check module makes, with the graded check each kind becomes; and the comparison every contract ends in
(:func:`_against_reference`, :func:`_fail`: a failure names the property and a matching declared mistake).
The contracts themselves are :mod:`kata.checking.contracts`'s, which re-exports these names.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Callable, Mapping

import pytest

from kata.checking.compare import CheckFailure, mismatch
from kata.checking.naming import diagnose


KINDS: dict[str, str] = {
    "input not mutated": "the caller's arrays are unchanged after the call",
    "repeated calls": "calling again on the same object gives the same result",
    "constructor arguments": "every argument with a default is used, non-default values included",
    "inputs as given": "inputs are used as given (masks that are not causal, padding, batched)",
    "types as stated": "the types and dtypes the statement states",
    "validation as stated": "the errors the statement asks for are raised",
    "extremes": "finite results on extreme inputs where the reference stays finite",
    "weights distinct": "every weight is its own: drawn separately, and each one matters",
}


FUNCTION_OF_NUMBERS: dict[str, str] = {
    "input not mutated": "its arguments are numbers, which cannot be changed in place",
    "repeated calls": "a function of its arguments alone, with no state",
    "constructor arguments": "a function, not a class",
    "inputs as given": "its arguments are plain numbers, tried on several values",
    "extremes": "a formula of sizes: no overflow the statement speaks of",
    "weights distinct": "no weights",
}
"""Opt-outs for a function of plain numbers (a count, a size): ``opt_out={**FUNCTION_OF_NUMBERS, ...}``."""


Inputs = Callable[[Any], Mapping[str, Any]]  # rng -> {argument name: value}


@dataclass(frozen=True)
class Declaration:
    """What a check module declared: the contracts it probes and, per kind left out, why."""

    contracts: tuple["Contract", ...]
    opt_out: Mapping[str, str]

    def kinds(self) -> set[str]:
        return {c.kind for c in self.contracts}


@dataclass(frozen=True)
class Contract:
    """One probe of one property: ``verify(solution, reference, rng)`` raises CheckFailure when it is broken."""

    kind: str
    what: str
    verify: Callable[[Any, Any, Any], None]

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown contract kind {self.kind!r}; the kinds are {sorted(KINDS)}")


def declare(*contracts: Contract, opt_out: Mapping[str, str] | None = None,
            points_each: float = 1.0) -> dict[str, Any]:
    """The graded checks for ``contracts``, one per kind, keyed by test name (``globals().update(...)``).

    Every kind is either probed by at least one contract or opted out with a reason. The result also
    holds ``CONTRACTS``, the :class:`Declaration` itself, so tests can read what a module declared.
    """
    opt_out = dict(opt_out or {})
    used = {c.kind for c in contracts}
    unknown = sorted(set(opt_out) - set(KINDS))
    forgotten = [kind for kind in KINDS if kind not in used and not str(opt_out.get(kind, "")).strip()]
    both = sorted(used & set(opt_out))
    if unknown or forgotten or both:
        raise ValueError(f"contract declaration: unknown opt-outs {unknown}, kinds neither declared nor opted out "
                         f"with a reason {forgotten}, kinds both declared and opted out {both}")
    tests: dict[str, Any] = {"CONTRACTS": Declaration(tuple(contracts), opt_out)}
    for kind in KINDS:
        cases = [c for c in contracts if c.kind == kind]
        if cases:
            name = "test_contract_" + kind.replace(" ", "_")
            tests[name] = _check_for(name, kind, cases, points_each)
    return tests


def _check_for(name: str, kind: str, cases: list[Contract], points_each: float) -> Any:
    def check(solution: Any, reference: Any, rng: Any, contract: Contract) -> None:
        contract.verify(solution, reference, rng)

    check.__name__ = check.__qualname__ = name
    check.__doc__ = f"contract: {kind} ({KINDS[kind]})"
    check = pytest.mark.parametrize("contract", cases, ids=[c.what for c in cases])(check)
    return pytest.mark.points(points_each)(check)


# ---- the comparison every contract ends in ----------------------------------------------------------


def _fail(problem: str, advice: str, observe: Callable[[Any], Any] | None, actual: Any, reference: Any,
          atol: float, rtol: float) -> None:
    named = diagnose(observe, actual, reference, atol=atol, rtol=rtol) if observe is not None else None
    raise CheckFailure(f"{problem}. {advice}" + (f"\n{named}" if named else ""))


def _against_reference(kind: str, what: str, observe: Callable[[Any], Any], solution: Any, reference: Any,
                       advice: str, atol: float, rtol: float) -> None:
    expected = observe(reference)
    actual = observe(solution)
    problem = mismatch(actual, expected, atol=atol, rtol=rtol, what=what)
    if problem:
        _fail(f"{kind}: {problem}", advice, observe, actual, reference, atol, rtol)


def _fresh(data: Mapping[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(dict(data))


def _to_float32(value: Any) -> Any:
    if hasattr(value, "is_floating_point") and hasattr(value, "float"):
        return value.detach().float() if value.is_floating_point() else value
    if hasattr(value, "dtype") and getattr(value.dtype, "kind", "") == "f":
        return value.astype("float32")
    return value
