"""Checks for lab00.2: tanh GELU, the FFN forward pass, and Xavier-uniform initialisation statistics."""

import numpy as np
import pytest

from kata.mistakes import mistakes_of
from kata.testing import check, declare, expect_same, expect_shape, known, points, weights_distinct

SEEDS = 40  # models per configuration whose weights are pooled for the statistics
SIGMAS = 6.0  # tolerance, in standard errors of the estimate
# The reference's pooled variances lie within 1.1 standard errors of Xavier's; the closest mistake (wrong fan) is 7.6
# tolerances away on (48, 32), Xavier normal is caught by the bound. Forward: GELU as x * sigmoid(2 z) and einsum
# differ by 8.9e-16 (GELU) and 1.8e-15 (FFN) vs 4.7e-4 and 5.8e-4 for the exact GELU: 1e-12 and 1e-10.
CONFIGS = [(16, 64), (48, 32)]  # (d_model, d_ff): d_ff both larger and smaller than d_model
FORWARD = [((5, 8), 32), ((2, 3, 16), 24), ((1, 4), 4), ((3, 6), 10)]


def _ffn(module, d_model, d_ff, seed=0):
    return module.FFN(d_model, d_ff, rng=np.random.default_rng(seed))


@points(1)
def test_gelu(solution, reference, rng):
    """gelu matches the tanh approximation on a grid from -6 to 6 and random values"""
    x = np.concatenate([np.linspace(-6.0, 6.0, 49), rng.normal(0.0, 2.0, size=30)])
    expect_same(lambda module: module.gelu(x.copy()), solution, reference, atol=1e-12, rtol=1e-12,
                what="gelu(x) for x from -6 to 6")


@points(3)
@pytest.mark.parametrize("shape, d_ff", FORWARD, ids=[f"x{s}-dff{f}" for s, f in FORWARD])
def test_forward_matches_reference(solution, reference, shape, d_ff, rng):
    """FFN(x) matches the reference with the same weights (nonzero biases included)"""
    d_model = shape[-1]
    weights = {"W1": rng.normal(0.0, 1.0, size=(d_model, d_ff)), "b1": rng.normal(0.0, 0.5, size=d_ff),
               "W2": rng.normal(0.0, 1.0 / np.sqrt(d_ff), size=(d_ff, d_model)),
               "b2": rng.normal(0.0, 0.5, size=d_model)}
    x = rng.normal(size=shape)

    def run(module):
        ffn = _ffn(module, d_model, d_ff)
        for name, value in weights.items():
            setattr(ffn, name, value.copy())
        return ffn(x.copy())

    expect_same(run, solution, reference, atol=1e-10, rtol=1e-10, what=f"FFN({d_model}, {d_ff})(x of shape {shape})")


@points(1)
@pytest.mark.parametrize("d_model, d_ff", CONFIGS, ids=str)
def test_shapes_and_zero_biases(solution, reference, d_model, d_ff):
    """W1, W2, b1, b2 have the right shapes and the biases start at exactly zero"""
    ffn = _ffn(solution, d_model, d_ff)
    for name, shape in (("W1", (d_model, d_ff)), ("W2", (d_ff, d_model)), ("b1", (d_ff,)), ("b2", (d_model,))):
        check(hasattr(ffn, name), f"FFN({d_model}, {d_ff}) has no attribute {name}: keep the stub's names")
        expect_shape(getattr(ffn, name), shape, f"FFN({d_model}, {d_ff}).{name}")
    for name in ("b1", "b2"):
        bias = np.asarray(getattr(ffn, name))
        check(not bias.any(), f"FFN({d_model}, {d_ff}).{name} starts with {np.count_nonzero(bias)} nonzero entries "
              f"(largest {np.abs(bias).max():.3g}).\n{known(reference, 'nonzero biases')}")


def _pooled(module, d_model, d_ff):
    """W1 and W2 of SEEDS models built with rng = default_rng(seed), each flattened and pooled."""
    w1, w2 = [], []
    for seed in range(SEEDS):
        ffn = _ffn(module, d_model, d_ff, seed)
        w1.append(np.asarray(ffn.W1, dtype=np.float64).ravel())
        w2.append(np.asarray(ffn.W2, dtype=np.float64).ravel())
    return np.concatenate(w1), np.concatenate(w2)


def _variance_ratios(module, d_model, d_ff):
    """Each matrix's pooled variance divided by Xavier's 2 / (fan_in + fan_out)."""
    target = 2.0 / (d_model + d_ff)
    return np.array([w.var() / target for w in _pooled(module, d_model, d_ff)])


def _named_by_statistics(reference, ratios, d_model, d_ff, tolerance):
    """The known mistake whose variance ratios (same seeds) agree with the learner's, if any."""
    for candidate in mistakes_of(reference):
        try:
            theirs = _variance_ratios(candidate.apply(reference), d_model, d_ff)
        except Exception:
            continue
        wrong = np.any(np.abs(theirs - 1.0) > tolerance)
        if wrong and np.all(np.abs(theirs - ratios) <= 2 * tolerance * np.maximum(theirs, 1.0)):
            return known(reference, candidate.name)
    return ""


@points(2)
@pytest.mark.parametrize("d_model, d_ff", CONFIGS, ids=str)
def test_init_variance_and_mean(solution, reference, d_model, d_ff):
    """over 40 seeds, W1 and W2 have variance 2/(fan_in+fan_out) and mean 0 (within 6 standard errors)"""
    target = 2.0 / (d_model + d_ff)
    for name, w in zip(("W1", "W2"), _pooled(solution, d_model, d_ff)):
        n = w.size
        tolerance = SIGMAS * np.sqrt(0.8 / n)  # relative standard error of a uniform's sample variance
        ratio = w.var() / target
        if abs(ratio - 1.0) > tolerance:
            ratios = _variance_ratios(solution, d_model, d_ff)
            named = _named_by_statistics(reference, ratios, d_model, d_ff, tolerance)
            check(False, f"{name} of FFN({d_model}, {d_ff}), pooled over {SEEDS} seeds ({n} values), has variance "
                         f"{w.var():.5g}; Xavier's 2 / (fan_in + fan_out) = 2 / {d_model + d_ff} = {target:.5g} "
                         f"(yours is {ratio:.3f} times that; allowed: {1 - tolerance:.3f} to {1 + tolerance:.3f}, "
                         f"{SIGMAS:g} standard errors).\n{named}".rstrip())
        mean_tolerance = SIGMAS * np.sqrt(target / n)
        check(abs(w.mean()) <= mean_tolerance,
              f"{name} of FFN({d_model}, {d_ff}), pooled over {SEEDS} seeds, has mean {w.mean():.3g}; it should be "
              f"0 within {mean_tolerance:.2g} ({SIGMAS:g} standard errors): draw from a range symmetric around 0")


@points(1)
@pytest.mark.parametrize("d_model, d_ff", CONFIGS, ids=str)
def test_init_is_uniform(solution, reference, d_model, d_ff):
    """the weights are Xavier uniform: none beyond the bound sqrt(6/(fan_in+fan_out)), the largest close to it"""
    bound = np.sqrt(6.0 / (d_model + d_ff))
    for name, w in zip(("W1", "W2"), _pooled(solution, d_model, d_ff)):
        largest = np.abs(w).max()
        if largest > bound * (1 + 1e-12):
            beyond = int((np.abs(w) > bound).sum())
            ratios = _variance_ratios(solution, d_model, d_ff)
            tolerance = SIGMAS * np.sqrt(0.8 / w.size)
            named = (known(reference, "Xavier normal") if np.all(np.abs(ratios - 1.0) <= tolerance)
                     else _named_by_statistics(reference, ratios, d_model, d_ff, tolerance))
            check(False, f"{beyond} of the {w.size} pooled entries of {name} lie beyond the Xavier-uniform bound "
                         f"a = sqrt(6 / {d_model + d_ff}) = {bound:.4f} (largest {largest:.4f}); U(-a, a) never "
                         f"leaves [-a, a].\n{named}".rstrip())
        check(largest >= 0.99 * bound,
              f"the largest pooled entry of {name} is {largest:.4f}, well inside the bound a = {bound:.4f}: with "
              f"{w.size} draws from U(-a, a) some come within 1% of a. Is your range too narrow?")


@points(1)
def test_same_seed_same_weights(solution, reference):
    """the weights come from the rng given: the same seed reproduces them, another seed changes them"""
    first, again, other = (_ffn(solution, 8, 16, seed) for seed in (3, 3, 4))
    for name in ("W1", "W2"):
        check(np.array_equal(getattr(first, name), getattr(again, name)),
              f"two FFN(8, 16, rng=np.random.default_rng(3)) have different {name}.\n{known(reference, 'rng ignored')}")
        check(not np.array_equal(getattr(first, name), getattr(other, name)),
              f"FFN(8, 16) built with seeds 3 and 4 have the same {name}: the weights must be random draws")


# ---- contracts ----------------------------------------------------------------------------------

globals().update(declare(
    weights_distinct("FFN(8, 8, rng)", lambda m: m.FFN(8, 8, np.random.default_rng(2)), ("W1", "W2")),
    opt_out={"input not mutated": "every step makes a new array (x @ W1, ...)",
             "repeated calls": "__call__ keeps no state",
             "constructor arguments": "rng is tried above (the same seed gives the same weights)",
             "inputs as given": "x is the only input, tried on several shapes above",
             "types as stated": "the statement states no dtype",
             "validation as stated": "the statement asks for no error",
             "extremes": "the statement names no extreme"},
))
