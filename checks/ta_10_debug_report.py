"""Checks for ta.10: the learner's debug report, run on sound models and on models broken on purpose."""

import pytest

from kata.debug_models import CHECKS, build, defect
from kata.testing import CheckFailure, check, declare, diagnose, points, probe

SEEDS = range(6)  # enough to cycle through every flavour of every defect


def _report(module, kind, seed):
    """``module.debug_report`` on a fresh model, as a dict of plain bools (a fresh one: a report may touch it)."""
    report = module.debug_report(build(kind, seed))
    check(isinstance(report, dict) and set(report) == set(CHECKS),
          f"debug_report must return a dict with exactly the keys {', '.join(CHECKS)}; it returned {report!r}")
    return {name: bool(report[name]) for name in CHECKS}


def expect_report(solution, reference, kind, seed):
    """The learner's report on ``build(kind, seed)`` says what the reference's says, check by check."""
    expected, got = _report(reference, kind, seed), _report(solution, kind, seed)
    wrong = [name for name in CHECKS if got[name] != expected[name]]
    if not wrong:
        return
    says, should = {True: "passes", False: "fails"}, {True: "pass", False: "fail"}
    lines = [f"  {name!r}: yours says the model {says[got[name]]}; it should {should[expected[name]]}"
             for name in wrong]
    # Reports are booleans: exact comparison (atol 0), as in the probes below.
    named = diagnose(lambda module: _report(module, kind, seed), got, reference, atol=0)
    raise CheckFailure(f"debug_report({build(kind, seed)!r}) is wrong: this model {defect(kind, seed)}.\n"
                       + "\n".join(lines) + (f"\n{named}" if named else ""))


@points(2)
@pytest.mark.parametrize("seed", SEEDS)
def test_sound_models_pass(solution, reference, seed):
    """sound models pass all four checks"""
    expect_report(solution, reference, "sound", seed)


def flags(kind, docstring):
    """A 2-point check: every seeded variant of ``kind`` fails its own check and passes the other three."""

    @points(2)
    @pytest.mark.parametrize("seed", SEEDS)
    def test(solution, reference, seed):
        expect_report(solution, reference, kind, seed)

    test.__doc__ = docstring
    return test


test_wrong_qkv_shapes = flags("wrong_qkv_shapes", "models with a misshaped W_q, W_k or W_v are flagged in "
                              "'qkv_shapes' only")
test_no_causal_mask = flags("no_causal_mask", "models with a wrong causal mask are flagged in 'causal_mask' only")
test_uneven_heads = flags("uneven_heads", "models with d_model not divisible by n_heads are flagged in "
                          "'head_divisibility' only")
test_kv_cache_without_factor_2 = flags("kv_cache_without_factor_2", "models whose KV-cache estimate misses the "
                                       "factor 2 are flagged in 'kv_cache' only")


# ---- contracts ----------------------------------------------------------------------------------


def _heads(module, seed, counts):
    """The reports on sound models given each head count in ``counts`` (negative, zero): all must fail there."""
    reports = []
    for n_heads in counts:
        model = build("sound", seed)
        model.n_heads = n_heads * model.n_heads if n_heads < 0 else n_heads
        reports.append(module.debug_report(model))
    return [{name: bool(report[name]) for name in CHECKS} for report in reports]


globals().update(declare(
    *(probe("validation as stated", f"debug_report on models with n_heads = -n and n_heads = 0 (seed {seed})",
            lambda m, seed=seed: _heads(m, seed, (-1, 0)), lambda rng: {},
            "The statement asks for n_heads > 0 as well as an exact split: Python's % accepts a negative "
            "divisor (64 % -4 == 0), and d_model % 0 raises, so test the sign first.", atol=0.0, rtol=0.0)
      for seed in (0, 1)),
    opt_out={"input not mutated": "the models are built afresh for every report",
             "repeated calls": "a function of the model alone, with no state",
             "constructor arguments": "a function, not a class",
             "inputs as given": "every kind of broken model is tried above, in several flavours",
             "types as stated": "the keys and bools of the dict are checked by every report",
             "extremes": "short and long lengths and batches are in the broken models above",
             "weights distinct": "the report reads the weights' shapes only"},
))
