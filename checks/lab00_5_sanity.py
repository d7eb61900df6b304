"""Checks for lab00.5: the block against the reference, its speed against the reference's measured in the same
run, and the learner's sanity tests graded by mutation."""

import datetime
import json
import platform
import statistics
import time
from pathlib import Path

import numpy as np
import pytest

from kata import parts
from kata.testing import check, declare, expect_same, input_not_mutated, known, mutation_checks, points
from kata.mutation import kind_check
from reference.lab00_5_sanity import MUTANTS, TEST_KINDS

CASES = [((5, 8), 1, 16), ((6, 16), 4, 32), ((2, 4, 8), 2, 12)]
IDS = [f"x{shape}-heads{h}" for shape, h, _ in CASES]
# A softmax over sum + 1e-10, as textbooks write it, moves the block output of these inputs by 9.7e-10, on entries
# near 0 where rtol does not help: 1e-10 failed a right block. The smallest mistake (W_O skipped) moves it by 11;
# Python loops instead of array operations give 3.6e-15 and are the speed check's to catch.
ATOL = 1e-8
TIMED = ((8, 64), 4, 256)  # the lab's measurement: one forward of (T, d_model) = (8, 64)
LIMIT = 10.0  # the learner's median time may be at most this many times the reference's
ROUNDS, MIN_ROUNDS, BUDGET_S, SAMPLE_S = 15, 3, 3.0, 2e-3


def _randomise(obj, rng):
    """Give every parameter array reachable from obj random values large enough for a wrong wiring to show."""
    for name, value in vars(obj).items():
        if isinstance(value, np.ndarray):
            if name == "gamma":
                setattr(obj, name, 1.0 + 0.5 * rng.normal(size=value.shape))
            elif value.ndim == 1:
                setattr(obj, name, 0.3 * rng.normal(size=value.shape))
            else:
                setattr(obj, name, rng.normal(0.0, 1.5 / np.sqrt(value.shape[0]), size=value.shape))
        elif hasattr(value, "__dict__"):  # a part: LayerNorm, attention, FFN
            _randomise(value, rng)


def _source(reference, d_model, n_heads, d_ff, rng):
    source = reference.TransformerBlock(d_model, n_heads, d_ff, rng)
    _randomise(source, rng)
    return source


def _block(module, source):
    d_model, n_heads, d_ff = source.attn.d_model, source.attn.n_heads, source.ffn.W1.shape[1]
    block = module.TransformerBlock(d_model, n_heads, d_ff, np.random.default_rng(0))
    parts.copy_parameters(source, block, "block")
    return block


@points(2)
@pytest.mark.parametrize("shape, n_heads, d_ff", CASES, ids=IDS)
def test_block_matches_reference(solution, reference, shape, n_heads, d_ff, rng):
    """your TransformerBlock matches the reference (random weights)"""
    source = _source(reference, shape[-1], n_heads, d_ff, rng)
    x = rng.normal(size=shape)
    expect_same(lambda module: _block(module, source)(x.copy()), solution, reference, atol=ATOL, rtol=1e-10,
                what=f"TransformerBlock({shape[-1]}, {n_heads}, {d_ff})(x of shape {shape})")


def _per_call(forward, x, calls):
    started = time.perf_counter()
    for _ in range(calls):
        forward(x)
    return (time.perf_counter() - started) / calls


def _calls_for(seconds_per_call):
    """How many calls make one sample last about SAMPLE_S (at least one)."""
    return max(1, int(SAMPLE_S / max(seconds_per_call, 1e-9)))


@points(2)
def test_forward_time(solution, reference, rng, workspace):
    """one forward of (8, 64) takes at most 10 times the reference's (medians, interleaved, same run)"""
    (T, d_model), n_heads, d_ff = TIMED
    source = _source(reference, d_model, n_heads, d_ff, rng)
    mine, theirs = _block(solution, source), _block(reference, source)
    x = rng.normal(size=(T, d_model))
    calls = {"mine": _calls_for(_per_call(mine, x, 1)), "ref": _calls_for(_per_call(theirs, x, 3))}
    times = {"mine": [], "ref": []}
    started = time.perf_counter()
    for round_ in range(ROUNDS):
        order = (("mine", mine), ("ref", theirs)) if round_ % 2 == 0 else (("ref", theirs), ("mine", mine))
        for key, forward in order:
            times[key].append(_per_call(forward, x, calls[key]))
        if round_ + 1 >= MIN_ROUNDS:
            far_off = statistics.median(times["mine"]) > 5 * LIMIT * statistics.median(times["ref"])
            if far_off or time.perf_counter() - started > BUDGET_S:
                break
    yours, ref = statistics.median(times["mine"]), statistics.median(times["ref"])
    ratio = yours / ref
    today = datetime.date.today().isoformat()
    folder = Path(workspace) / "experiments" / f"{today}-lab00-block-timing"
    folder.mkdir(parents=True, exist_ok=True)
    record = {"exercise": "lab00.5", "date": today, "input_shape": [T, d_model], "n_heads": n_heads, "d_ff": d_ff,
              "yours_s": yours, "reference_s": ref, "ratio": ratio, "limit": LIMIT, "rounds": len(times["mine"]),
              "python": platform.python_version(), "numpy": np.__version__}
    (folder / "timing.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    check(ratio <= LIMIT,
          f"one forward of x of shape ({T}, {d_model}) takes {yours * 1e6:.0f} us with your block and "
          f"{ref * 1e6:.0f} us with the reference (medians of {len(times['mine'])} interleaved rounds in this run): "
          f"{ratio:.1f} times as long, more than the {LIMIT:g}x allowed.\n{known(reference, 'Python loops')}")


test_your_tests_pass, test_your_tests_catch_mutants = mutation_checks(MUTANTS, ("TransformerBlock",), 7)
# A golden value (one hard-coded output of one seeded block) catches none of the property mutants above.
test_your_tests_include_each_kind = kind_check(TEST_KINDS, ("TransformerBlock",), 3)


# ---- contracts ----------------------------------------------------------------------------------


def _x(rng):
    import reference.lab00_5_sanity as source_module  # only to build weights, as the other checks do

    return {"source": _source(source_module, 8, 2, 12, rng), "x": rng.normal(size=(2, 5, 8))}


globals().update(declare(
    input_not_mutated("TransformerBlock(8, 2, 12)(x)", lambda m, source, x: _block(m, source)(x), _x),
    opt_out={"repeated calls": "__call__ keeps no state",
             "constructor arguments": "the constructors are given; rng only draws weights the checks replace",
             "inputs as given": "x is the only input, tried on 2-D and 3-D shapes above",
             "types as stated": "the statement states no dtype",
             "validation as stated": "the statement asks for no error",
             "extremes": "the statement names no extreme",
             "weights distinct": "the constructors are given; the checks set every weight"},
))
