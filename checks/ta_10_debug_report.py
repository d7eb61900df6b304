"""Checks for ta.10: the learner's debug report, run on sound models and on models broken on purpose."""

import pytest

from kata.debug_models import CHECKS, build, defect
from kata.testing import CheckFailure, check, diagnose, points

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
