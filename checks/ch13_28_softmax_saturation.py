"""Checks for 13.28: the unscaled softmax saturates as d_k grows; the scaled one does not."""

import numpy as np
import pytest

from exercises.ch13_28_softmax_saturation.questions import CHOICES
from kata.testing import check, choice_check, expect_function, expect_prediction, known, points

SAMPLING = 0.035  # |yours - reference| allowed: a few standard errors of two independent means of 2000 draws
SWEEP = (4, 16, 64, 256, 1024)


@points(2)
@pytest.mark.parametrize("d_k, scaled, n_keys, samples, seed",
                         [(16, False, 8, 2000, 0), (16, True, 8, 2000, 1), (64, True, 16, 2000, 2),
                          (256, False, 4, 2000, 3), (64, False, 32, 2000, 4), (4, True, 2, 2000, 5)])
def test_matches_reference(solution, reference, d_k, scaled, n_keys, samples, seed):
    """matches the reference within sampling tolerance"""
    expect_function(solution, reference, "expected_max_softmax", d_k, scaled, n_keys, samples, seed,
                    atol=SAMPLING, rtol=0)


def _sweep(solution, scaled, seed):
    return [float(solution.expected_max_softmax(d_k, scaled, 8, 1000, seed)) for d_k in SWEEP]


def _shown(values):
    return ", ".join(f"d_k={d}: {v:.3f}" for d, v in zip(SWEEP, values))


@points(2)
def test_unscaled_tends_to_one_hot(solution, reference, rng):
    """unscaled, the mean top weight rises with d_k towards 1"""
    values = _sweep(solution, False, int(rng.integers(1 << 30)))
    rising = all(b > a for a, b in zip(values, values[1:]))
    flat = 0.2 < min(values) <= max(values) < 0.6  # what the scaled sweep looks like
    hint = f"\n{known(reference, 'scaled flag ignored (always scaled)')}" if flat else ""
    check(rising and values[-1] > 0.95,
          f"unscaled (n_keys=8, 1000 samples): {_shown(values)}. The top weight should rise at every step and end above 0.95: "
          f"the scores' spread grows like sqrt(d_k), so softmax piles onto the largest one.{hint}")


@points(1)
def test_scaled_stays_put(solution, reference, rng):
    """scaled, the mean top weight does not depend on d_k"""
    values = _sweep(solution, True, int(rng.integers(1 << 30)))
    hint = ""
    if values[-1] > 0.9:
        hint = f"\n{known(reference, 'scale forgotten')}"
    elif values[-1] < values[0] - 0.05:
        hint = f"\n{known(reference, 'divided by d_k')}"
    check(max(values) - min(values) < 0.06,
          f"scaled (n_keys=8, 1000 samples): {_shown(values)}. These should all lie within 0.06 of each other: dividing by "
          f"sqrt(d_k) keeps the scores' variance at 1 whatever d_k is.{hint}")


@points(1)
def test_a_function_of_its_seed(solution, rng):
    """the same seed gives the same value; another seed a value within sampling error"""
    seed = int(rng.integers(1 << 30))
    first, again, other = (float(solution.expected_max_softmax(32, True, 8, 2000, s)) for s in (seed, seed, seed + 1))
    check(first == again, f"two calls with seed={seed} gave {first!r} and {again!r}: draw from "
          "np.random.default_rng(seed), not from the global random state")
    check(first != other and abs(first - other) < SAMPLING,
          f"seeds {seed} and {seed + 1} gave {first!r} and {other!r}: another seed should give other draws "
          f"(so another value), yet within sampling error ({SAMPLING}) of the first")


@points(1)
@pytest.mark.parametrize("gap, n_keys", [(0.0, 2), (0.5, 8), (2.0, 8), (5.0, 64), (12.0, 1000)])
def test_top_weight_lower_bound(solution, reference, gap, n_keys):
    """the step of the proof: a top score ahead of every other by gap gets at least 1 / (1 + (n - 1) e^-gap)"""
    # e^gap / (e^gap + n - 1) equals the reference to 1e-16; the smallest mistake (n others counted) is off by 0.17.
    expect_function(solution, reference, "top_weight_lower_bound", gap, n_keys, atol=1e-12, rtol=1e-12)


@points(1)
def test_predicted_gap_exponent(solution, reference):
    """the prediction: the gap between the top scores grows like d_k ** 0.5"""
    expect_prediction(
        # 0.5 is a literal answer; the declared mistake (the gap grows like the variance) says 1.0.
        solution, "PREDICTED_GAP_EXPONENT", 0.5, 1e-9,
        asks="the number p such that the gap between the two largest unscaled scores grows like d_k ** p",
        explain=": the unscaled scores have variance d_k, so every distance between them, the gap between the top "
                "two included, scales with their standard deviation.",
        hint=lambda value: f"\n{known(reference, 'the gap grows like the variance')}" if abs(value - 1.0) < 1e-9 else "")


test_choices = choice_check(CHOICES)
