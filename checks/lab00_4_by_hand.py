"""Checks for lab00.4: hand-chosen parameters, a hand-computed HAND_RESULT (a literal), and the framework's block.

The learner's file is data. It is read twice: imported (the values) and parsed with ``ast`` (to prove that
HAND_RESULT and the parameters are literals written by hand, not computed). The framework's block is
kata.parts.TransformerBlock (Pre-LN, tanh GELU, W_O kept), one head, attention biases zero.
"""

import ast
import csv
import datetime
import json
import platform
from pathlib import Path

import numpy as np

from kata import parts
from kata.testing import CheckFailure, check, declare, known, mismatch, points

SHAPES = {"X": (2, 4), "LN1_GAMMA": (4,), "LN1_BETA": (4,), "W_Q": (4, 4), "W_K": (4, 4), "W_V": (4, 4),
          "W_O": (4, 4), "LN2_GAMMA": (4,), "LN2_BETA": (4,), "W1": (4, 8), "B1": (8,), "W2": (8, 4), "B2": (4,)}
MATRICES = ("W_Q", "W_K", "W_V", "W_O", "W1", "W2")
# The reference's HAND_RESULT, written to 8 decimals, is 4.5e-9 from the framework's block; the smallest slip on
# paper (the exact GELU for the tanh one) moves it by 2.1e-4, the next (sample variance) by 0.085.
TOLERANCE = 1e-5
DECIMALS = 4  # "short decimal": at most this many decimal places
SEED = 0  # nothing is drawn at random here; recorded so every experiment manifest has the field


class NotALiteral(CheckFailure):
    """The value is computed by code where a literal was asked for."""


def _writes(tree, name):
    """Every statement that binds or changes ``name``: assignments of any kind, item assignment, global."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Global) and name in node.names:
            found.append(node)
            continue
        targets = (node.targets if isinstance(node, ast.Assign)
                   else [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.NamedExpr))
                   else [])
        if any(isinstance(sub, ast.Name) and sub.id == name for t in targets for sub in ast.walk(t)):
            found.append(node)
    return found


def _literal(solution, name):
    """The value of ``name`` as written in the learner's file; CheckFailure unless it is one plain literal."""
    path = Path(solution.__file__)
    source = path.read_text(encoding="utf-8")
    writes = _writes(ast.parse(source), name)
    check(writes, f"{path.name} never assigns {name} (`{name} = [...]` at the top level of the file)")
    for node in writes:
        value = getattr(node, "value", None)
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and value is not None:
            try:
                ast.literal_eval(value)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                code = ast.get_source_segment(source, value) or "..."
                raise NotALiteral(f"{name} on line {node.lineno} is computed by code (`{code[:120]}`), not written "
                                  "as a literal. Write the numbers themselves in nested lists, e.g. "
                                  "`[[0.1, -0.2, ...], ...]` (np.array(...) and arithmetic like 1/3 are code too)."
                                  ) from None
    lines = ", ".join(str(w.lineno) for w in writes)
    check(len(writes) == 1, f"{name} is assigned or changed {len(writes)} times (lines {lines}); assign it once, "
                            "to the literal you wrote by hand")
    node = writes[0]
    simple = (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)) \
        or (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None)
    check(simple, f"line {node.lineno} changes {name} in a way that is not `{name} = <literal>`; assign it once")
    return ast.literal_eval(node.value)


def _parameters(solution):
    """The learner's parameters as float64 arrays of the expected shapes."""
    params = {}
    for name, shape in SHAPES.items():
        value = getattr(solution, name)
        check(value is not None, f"{name} is still None: write its {shape} values as a nested list")
        try:
            array = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            raise CheckFailure(f"{name} should be numbers of shape {shape}, but it is {value!r:.80}") from None
        check(array.shape == shape, f"{name} has shape {array.shape}, expected {shape}")
        check(np.all(np.isfinite(array)), f"{name} contains NaN or inf")
        params[name] = array
    return params


def _hand_result(solution):
    value = getattr(solution, "HAND_RESULT")
    check(value is not None, "HAND_RESULT is still None: compute the block's output on paper and write the "
                             "2 x 4 numbers as HAND_RESULT = [[...], [...]]")
    try:
        hand = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise CheckFailure(f"HAND_RESULT should be 2 x 4 numbers, but it is {value!r:.80}") from None
    check(hand.shape == (2, 4), f"HAND_RESULT has shape {hand.shape}, expected (2, 4): one row of 4 per token")
    return hand


def _framework_block(params):
    """kata.parts' Pre-LN block (tanh GELU, W_O) with the learner's parameters, one head, no attention bias."""
    block = parts.TransformerBlock(4, 1, 8, np.random.default_rng(SEED))
    block.norm1.gamma, block.norm1.beta = params["LN1_GAMMA"], params["LN1_BETA"]
    block.norm2.gamma, block.norm2.beta = params["LN2_GAMMA"], params["LN2_BETA"]
    for n in "qkvo":
        setattr(block.attention, f"W_{n}", params[f"W_{n.upper()}"])
        setattr(block.attention, f"b_{n}", np.zeros(4))
    block.ffn.W1, block.ffn.b1, block.ffn.W2, block.ffn.b2 = params["W1"], params["B1"], params["W2"], params["B2"]
    return block


@points(2)
def test_hand_result_is_a_literal(solution, reference):
    """HAND_RESULT is one literal written in the file (the numbers found on paper), not computed by code"""
    try:
        written = _literal(solution, "HAND_RESULT")
    except NotALiteral as failure:
        named = known(reference, "HAND_RESULT computed by code")
        raise CheckFailure(f"{failure}\nHAND_RESULT must be the numbers you worked out on paper: the check compares "
                           "the framework's block with that independent witness. A value computed by code is the code "
                           f"checking itself and cannot catch a bug.\n{named}") from None
    hand = _hand_result(solution)
    check(np.array_equal(np.asarray(written, dtype=np.float64), hand),
          "HAND_RESULT at run time differs from the literal written in the file: something changes it after the "
          "assignment. Leave it as written.")


@points(1)
def test_parameters_are_literals_of_the_right_shapes(solution):
    """every parameter is a literal (nested lists of numbers) of the shape in the statement"""
    written = {name: _literal(solution, name) for name in SHAPES}
    for name, array in _parameters(solution).items():
        check(np.array_equal(np.asarray(written[name], dtype=np.float64), array),
              f"{name} at run time differs from the literal written in the file: something changes it after the "
              "assignment. Leave it as written.")


@points(2)
def test_parameters_are_chosen_by_hand(solution, reference):
    """the values look hand-chosen: short decimals, no constant weight matrix, no constant row of X"""
    params = _parameters(solution)
    for name, array in params.items():
        scaled = array * 10**DECIMALS
        # A literal of 4 decimals times 1e4 is an integer to 1e-12 relative; random parameters miss by up to 0.5.
        long = np.argwhere(np.abs(scaled - np.round(scaled)) > 1e-6 * np.maximum(1.0, np.abs(scaled)))
        if len(long):
            where = tuple(int(i) for i in long[0])
            check(False, f"{name}{list(where)} = {float(array[where])!r} has more than {DECIMALS} decimal places "
                         f"({len(long)} entries of {name} do): pick short values like 0.1, -0.25, 0.5 that you can "
                         f"multiply by hand.\n{known(reference, 'random parameters')}")
    for name in MATRICES:
        check(np.ptp(params[name]) > 0, f"every entry of {name} equals {params[name].flat[0]:g}: use different "
                                        f"values.\n{known(reference, 'all weights equal')}")
    rows = np.ptp(params["X"], axis=-1)
    check(np.all(rows > 0), "a row of X has all its entries equal: LayerNorm maps such a row to beta alone, and "
                            "the token's values never reach the rest of the block. Use different values.")


@points(1)
def test_experiment_record(solution, workspace):
    """the comparison is recorded: experiments/<date>-lab00-block-by-hand/diff.csv and manifest.json"""
    params, hand = _parameters(solution), _hand_result(solution)
    computed = _framework_block(params)(params["X"])
    today = datetime.date.today().isoformat()
    folder = Path(workspace) / "experiments" / f"{today}-lab00-block-by-hand"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "diff.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["token", "feature", "hand", "computed", "abs_diff"])
        for (t, j), value in np.ndenumerate(hand):
            writer.writerow([t, j, repr(float(value)), repr(float(computed[t, j])),
                             repr(float(abs(value - computed[t, j])))])
    manifest = {"exercise": "lab00.4", "date": today, "seed": SEED, "randomness": "none: every value is hand-written",
                "python": platform.python_version(), "numpy": np.__version__, "tolerance": TOLERANCE,
                "max_abs_diff": float(np.abs(hand - computed).max()), "files": ["diff.csv"]}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")

    with (folder / "diff.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    check(len(rows) == 8 and all(abs(float(r["hand"]) - float(r["computed"])) == float(r["abs_diff"]) for r in rows),
          f"{folder / 'diff.csv'} could not be read back as 8 rows of numbers")
    read = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    check({"exercise", "date", "seed", "python", "numpy"} <= set(read), f"{folder / 'manifest.json'} lacks fields")


@points(4)
def test_block_matches_hand_result(solution, reference):
    """the framework's Pre-LN block on your parameters matches HAND_RESULT to 1e-5 in every entry"""
    params, hand = _parameters(solution), _hand_result(solution)
    computed = _framework_block(params)(params["X"])
    problem = mismatch(hand, computed, atol=TOLERANCE, what="HAND_RESULT",
                       against="the framework's block on your parameters")
    if problem:
        slips = {name: reference.hand_forward(params, **slip) for name, slip in reference.HAND_VARIANTS.items()}
        closest = min(slips, key=lambda name: np.abs(slips[name] - hand).max())
        named = known(reference, closest) if np.abs(slips[closest] - hand).max() <= TOLERANCE else (
            "Redo the steps one at a time and compare them with a trusted intermediate (for example the framework's "
            "LN1 output); experiments/<date>-lab00-block-by-hand/diff.csv lists every entry.")
        check(False, f"{problem}.\n{named}")


# ---- contracts ----------------------------------------------------------------------------------

# The learner's file is data (literals), not code the checks call: no contract has anything to probe.
globals().update(declare(opt_out={
    "input not mutated": "the file defines constants, no function that is given an input",
    "repeated calls": "no function or object is called; the framework's block is run on the constants",
    "constructor arguments": "no class is written",
    "inputs as given": "the only inputs are the learner's own constants",
    "types as stated": "the literal checks require plain numbers in nested lists of the stated shapes",
    "validation as stated": "the statement asks for no error",
    "extremes": "the statement names no extreme input",
    "weights distinct": "the learner writes every weight; the statement forbids only constant matrices, which "
                        "test_parameters_are_chosen_by_hand rejects",
}))
