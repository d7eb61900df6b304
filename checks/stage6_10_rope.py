"""Checks for 6.10: rotary position embeddings, graded for the pairing the learner declares."""

import numpy as np
import pytest

from kata.testing import (CheckFailure, check, declare, diagnose, expect_raises, expect_same, expect_shape,
                          input_not_mutated, known, mismatch, points)

PAIRINGS = ("interleaved", "half")
DEFAULT_BASE = 10000.0
SWAPPED = "pairing declared one way but implemented the other"


def _pairing(solution):
    """The learner's declared PAIRING, or a failure that says how to declare it."""
    pairing = solution.PAIRING
    check(isinstance(pairing, str) and pairing in PAIRINGS,
          f'PAIRING is {pairing!r}; set it to "interleaved" (pairs (x0, x1), (x2, x3), ...) or "half" '
          "(pairs (x_i, x_{i+d/2})), whichever your apply_rope uses")
    return pairing


def _call(solution, x, positions, base=DEFAULT_BASE):
    """The learner's apply_rope; `base` is passed only when it is not the default."""
    if base == DEFAULT_BASE:
        return solution.apply_rope(x, positions)
    return solution.apply_rope(x, positions, base=base)


def _runner(solution, x, positions, base=DEFAULT_BASE):
    """For expect_same: the learner's apply_rope, or the reference's (or a mistake's) rope_for their pairing."""
    def run(module):
        if module is solution:
            return _call(solution, x.copy(), positions.copy(), base)
        return module.rope_for(x.copy(), positions.copy(), _pairing(solution), base)
    return run


def _pair_norms(x, pairing):
    half = x.shape[-1] // 2
    a, b = (x[..., 0::2], x[..., 1::2]) if pairing == "interleaved" else (x[..., :half], x[..., half:])
    return np.hypot(a, b)


@points(1)
def test_pairing_is_declared(solution):
    """PAIRING is "interleaved" or "half\""""
    _pairing(solution)


# Measured on the checks' inputs: RoPE as a complex product (x_a + i x_b) * exp(i angle), the frequencies as
# exp(-ln(base) 2i/d), differs from the reference by 9e-16 (positions 0..seq) and 5.9e-13 (positions up to 4096)
# against >= 2.5 for every mistake (wrong frequencies); hence 1e-9. Position 0 is exact in any order (cos 0 = 1,
# sin 0 = 0; positions ignored: 2.2), hence 1e-12. Norms move by 9e-16 (pairs swapped: 2.8), hence 1e-9; scores
# at positions shifted by up to 3000 by 1.8e-12 (second half from overwritten values: 24), hence 1e-8.
REFERENCE_CASES = [((6, 8), 10000.0), ((2, 5, 16), 10000.0), ((2, 3, 7, 12), 10000.0),
                   ((3, 4, 32), 100.0), ((2, 2, 5, 64), 500000.0)]


@points(3)
@pytest.mark.parametrize("shape, base", REFERENCE_CASES, ids=lambda v: str(v))
def test_matches_reference(solution, reference, shape, base, rng):
    """apply_rope matches the reference for the declared pairing (several shapes and bases)"""
    x = rng.normal(size=shape)
    positions = np.arange(shape[-2])
    expect_same(_runner(solution, x, positions, base), solution, reference, atol=1e-9,
                what=f"apply_rope(x of shape {shape}, positions 0..{shape[-2] - 1}, base={base:g})")
    kept = x.copy()
    _call(solution, x, positions, base)
    check(np.array_equal(x, kept), "apply_rope changed its input x in place; return a new array and leave x alone")


POSITION_CASES = {
    "shifted by a KV cache": ((3, 6, 8), lambda rng, seq: 517 + np.arange(seq)),
    "one new token": ((2, 1, 32), lambda rng, seq: np.array([1000])),
    "shuffled and sparse": ((2, 4, 9, 16), lambda rng, seq: rng.choice(4096, size=seq, replace=False)),
}


@points(1)
@pytest.mark.parametrize("case", list(POSITION_CASES))
def test_arbitrary_positions(solution, reference, case, rng):
    """positions other than 0..seq-1 (shifted, a single token, shuffled and sparse) match the reference"""
    shape, make = POSITION_CASES[case]
    x, positions = rng.normal(size=shape), make(rng, shape[-2])
    expect_same(_runner(solution, x, positions), solution, reference, atol=1e-9,
                what=f"apply_rope(x of shape {shape}, positions={positions.tolist()})")


@points(1)
def test_position_zero_is_identity(solution, reference, rng):
    """a row at position 0 comes back unchanged"""
    x = rng.normal(size=(2, 3, 6, 16))
    positions = rng.choice(np.arange(1, 300), size=6, replace=False)
    zero = np.array([0, 2, 5])
    positions[zero] = 0
    out = _call(solution, x.copy(), positions)
    expect_shape(out, x.shape, "apply_rope(x, positions)")
    problem = mismatch(np.asarray(out)[..., zero, :], x[..., zero, :], atol=1e-12,
                       what=f"the rows at position 0 of apply_rope(x, positions={positions.tolist()})")
    if problem:
        named = diagnose(_runner(solution, x, positions), out, reference, atol=1e-12)
        raise CheckFailure(f"{problem}; rotating by angle 0 must leave them as they were" +
                           (f".\n{named}" if named else ""))


@points(1)
@pytest.mark.parametrize("shape", [(7, 16), (2, 3, 6, 10)], ids=str)
def test_norms_preserved(solution, reference, shape, rng):
    """the length of every vector and of every pair is unchanged"""
    x = rng.normal(size=shape)
    positions = rng.choice(2048, size=shape[-2], replace=False)
    out = _call(solution, x.copy(), positions)
    expect_shape(out, shape, "apply_rope(x, positions)")
    problem = mismatch(np.linalg.norm(out, axis=-1), np.linalg.norm(x, axis=-1), atol=1e-9,
                       what="the length (norm over d) of every output vector")
    check(problem is None, f"{problem}; a rotation keeps lengths, so each output vector must be as long as "
          "its input vector (expected: the input's lengths)")
    pairing = _pairing(solution)
    problem = mismatch(_pair_norms(out, pairing), _pair_norms(x, pairing), atol=1e-9,
                       what=f"the length of every {pairing!r} pair of the output")
    if problem:
        problem += "; each pair is turned on its own, so it must keep the length of the input pair"
        other = PAIRINGS[1 - PAIRINGS.index(pairing)]
        if mismatch(_pair_norms(out, other), _pair_norms(x, other), atol=1e-9) is None:
            problem += f" (but every {other!r} pair keeps its length).\n{known(reference, SWAPPED)}"
        raise CheckFailure(problem)


@points(2)
@pytest.mark.parametrize("d, base", [(8, 10000.0), (32, 10000.0), (64, 500.0)], ids=str)
def test_scores_depend_only_on_offset(solution, d, base, rng):
    """<R_m q, R_n k> depends only on n - m (many random q, k, m, n)"""
    count = 200
    q, k = rng.normal(size=(2, count, d))
    m, n = rng.integers(0, 2048, size=(2, count))

    def scores(pm, pn):
        return np.sum(np.asarray(_call(solution, q.copy(), pm, base)) *
                      np.asarray(_call(solution, k.copy(), pn, base)), axis=-1)

    before = scores(m, n)
    expect_shape(before, (count,), "the scores <R_m q, R_n k>")
    for _ in range(3):
        shift = rng.integers(0, 3000, size=count)
        problem = mismatch(scores(m + shift, n + shift), before, atol=1e-8, check_dtype=False,
                           what=f"<R_(m+s) q, R_(n+s) k> (d={d}, base={base:g})")
        check(problem is None, f"{problem} (expected: <R_m q, R_n k>). The score must depend only on n - m, so "
              "moving both tokens by the same s must not change it: rotate q and k the same way, by angles "
              "proportional to their positions")


@points(1)
# d = 1 too: without a check of d, NumPy's broadcasting fails by luck for an interleaved d = 7 or 9 (a
# ValueError that says nothing about d), but d = 1 gives an empty (seq, 0) array and no error.
@pytest.mark.parametrize("shape", [(4, 7), (2, 3, 5, 9), (3, 1)], ids=str)
def test_odd_d_raises(solution, reference, shape, rng):
    """an odd d raises ValueError"""
    x = rng.normal(size=shape)
    expect_raises(ValueError, lambda: _call(solution, x, np.arange(shape[-2])),
                  f"apply_rope(x of shape {shape}, positions) with an odd d={shape[-1]}",
                  explain=known(reference, "odd d accepted silently"))


# ---- contracts ----------------------------------------------------------------------------------

globals().update(declare(
    input_not_mutated("apply_rope(x, positions)", lambda m, x, positions: m.apply_rope(x, positions),
                      lambda rng: {"x": rng.normal(size=(2, 5, 8)), "positions": np.array([3, 0, 7, 517, 2])}),
    opt_out={"repeated calls": "a function of its arguments alone, with no state",
             "constructor arguments": "a function; base is tried at several values above",
             "inputs as given": "arbitrary positions (not 0..seq-1) are tried above",
             "types as stated": "float64 in, float64 out is what every check uses",
             "validation as stated": "test_odd_d_raises checks the ValueError for an odd d",
             "extremes": "the statement names no extreme; position 517 is tried",
             "weights distinct": "no weights"},
))
