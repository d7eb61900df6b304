"""The named mistake is the real one (kata.checking.naming.diagnose), and right code computed another valid way
passes.

Rules proved here: a mistake is never named on an input where its output equals the reference's within the
check's tolerance; never named when the learner's output is not much closer to it than to the reference; two
mistakes that fit equally are both named as such; NaN counts only where the mistake has NaN too.
"""

from __future__ import annotations

import json
import types
from pathlib import Path

import numpy as np
import pytest

from reference.ta_01_attention_weights import WHY_SQRT_D as TA1_ANSWER

from conftest import Kata
from kata.checking.compare import mismatch
from kata.checking.naming import diagnose
from kata.mistakes import mistake


def _double(x):
    return 2 * x


def _reference(*mistakes) -> types.SimpleNamespace:
    return types.SimpleNamespace(double=_double, MISTAKES=mistakes)


def _named(reference, x, actual, **tolerance):
    tolerance.setdefault("atol", 1e-9)
    return diagnose(lambda m: m.double(x), actual, reference, **tolerance)


SQUARED = mistake("squared", "you square x", double=lambda x: x * x)
TRIPLED = mistake("tripled", "times 3", double=lambda x: 3 * x)
PLUS_X = mistake("plus x", "x + x + x", double=lambda x: x + x + x)


def test_a_mistake_invisible_on_the_input_is_never_named() -> None:
    x = np.array([0.0, 2.0])  # x * x == 2 * x here: "squared" cannot be told from the reference
    assert _named(_reference(SQUARED), x, np.array([0.0, 4.5])) is None
    assert _named(_reference(SQUARED), x, x * x) is None
    # invisible within the check's own tolerance: the mistake moves the output by 0.01, the check allows 0.1
    nudged = mistake("nudged", "adds 0.01", double=lambda v: 2 * v + 0.01)
    assert _named(_reference(nudged), x, 2 * x + 0.5, atol=0.1) is None


def test_a_mistake_is_named_only_when_the_output_is_much_closer_to_it() -> None:
    x = np.array([1.0, 5.0, -3.0])
    reference = _reference(TRIPLED)
    assert _named(reference, x, 3 * x) == "This matches a known mistake (tripled): times 3"
    assert _named(reference, x, 3 * x * (1 + 1e-12)) is not None  # another order of the same wrong formula
    assert _named(reference, x, (3 * x).astype(np.float32)) is not None  # the same mistake in float32
    assert _named(reference, x, 2.9 * x) is None  # between the two: some other bug
    assert _named(reference, x, 2.5 * x) is None


def test_the_checks_tolerance_scales_the_match() -> None:
    x = np.linspace(-1.0, 1.0, 5)
    reference = _reference(TRIPLED)
    assert _named(reference, x, 3 * x + 1e-5, atol=1e-3) is not None  # 1e-5 is far below the 2x gap
    assert _named(reference, x, 3 * x + 0.01, atol=1e-3) is None  # 0.01 of a gap of up to 1 is not "much closer"


def test_two_mistakes_that_fit_equally_are_both_named() -> None:
    x = np.array([1.0, 2.0])
    message = _named(_reference(TRIPLED, PLUS_X), x, 3 * x)
    assert message is not None and "2 known mistakes equally" in message
    assert "tripled" in message and "plus x" in message
    assert "known mistake (" not in message  # neither is named as certain


def test_nan_only_matches_nan_in_the_same_places() -> None:
    x = np.array([1.0, 2.0, 3.0])
    finite = mistake("finite", "times 3", double=lambda v: 3 * v)
    holes = mistake("holes", "NaN in the middle", double=lambda v: np.where(v == 2.0, np.nan, 2 * v))
    learner = np.array([3.0, np.nan, 9.0])  # NaN where "finite" is finite: not that mistake
    assert _named(_reference(finite), x, learner) is None
    assert _named(_reference(holes), x, np.array([2.0, np.nan, 6.0])) == (
        "This matches a known mistake (holes): NaN in the middle")
    assert _named(_reference(holes), x, np.array([2.0, 4.0, 6.5])) is None


def test_a_mistake_seen_only_in_the_form_is_named_for_that_form_only() -> None:
    masks = types.SimpleNamespace(mask=lambda: np.triu(np.ones((3, 3), dtype=bool), 1), MISTAKES=(
        mistake("float mask", "floats", mask=lambda: np.triu(np.ones((3, 3)), 1)),))
    run = lambda m: m.mask()  # noqa: E731
    assert diagnose(run, np.triu(np.ones((3, 3)), 1), masks, atol=0) is not None
    assert diagnose(run, np.tril(np.ones((3, 3), dtype=bool), -1), masks, atol=0) is None


def test_integer_counts_need_the_mistakes_exact_count_or_close() -> None:
    counts = types.SimpleNamespace(count=lambda n: 1000 * n, MISTAKES=(
        mistake("no biases", "forgot biases", count=lambda n: 900 * n),))
    run = lambda m: m.count(10)  # noqa: E731
    assert diagnose(run, 9000, counts, atol=0) is not None
    assert diagnose(run, 9500, counts, atol=0) is None


# ---- float64 right answers in another valid order pass -----------------------------------------------------------

def _book_softmax(s):
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return e / (e.sum(axis=-1, keepdims=True) + 1e-10)


def test_the_float_floor_accepts_other_valid_orders() -> None:
    rng = np.random.default_rng(1)
    s = rng.normal(size=(4, 6))
    exact = np.exp(s - s.max(-1, keepdims=True))
    exact /= exact.sum(-1, keepdims=True)
    assert mismatch(_book_softmax(s), exact, atol=1e-12) is None
    log_sum_exp = np.exp(s - (s.max(-1, keepdims=True) + np.log(np.exp(s - s.max(-1, keepdims=True)).sum(
        -1, keepdims=True))))
    assert mismatch(log_sum_exp, exact, atol=0.0) is None
    x = rng.normal(3.0, 1.0, size=(5, 8))
    assert mismatch((x * x).mean(-1) - x.mean(-1) ** 2, x.var(-1), atol=0.0) is None
    assert mismatch(exact * (1 + 1e-6), exact, atol=0.0) is not None  # a real difference still fails


OTHER_ORDERS = {
    "ta.1": '''
import numpy as np


def attention_weights(q, K):
    scores = np.einsum("...d,nd->...n", np.asarray(q, dtype=float), K) / np.sqrt(K.shape[-1])
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return e / (e.sum(axis=-1, keepdims=True) + 1e-10)  # the book's softmax


WHY_SQRT_D = "b"
''',
    "13.11": '''
import numpy as np


def attention(Q, K, V):
    scores = np.einsum("...qd,...kd->...qk", Q, K) / np.sqrt(Q.shape[-1])
    top = scores.max(axis=-1, keepdims=True)
    log_weights = scores - (top + np.log(np.exp(scores - top).sum(axis=-1, keepdims=True)))  # log-sum-exp
    return np.einsum("...qk,...kv->...qv", np.exp(log_weights), V)
''',
    "13.15": '''
import math

import numpy as np


def sinusoidal_pe(pos, i, d_model):
    angle = pos * math.exp(-math.log(10000.0) * (i - i % 2) / d_model)  # exp-log for the power
    return math.sin(angle) if i % 2 == 0 else math.cos(angle)


def sinusoidal_pe_matrix(n_positions, d_model):
    div = np.exp(np.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))  # the PyTorch tutorial's order
    pe = np.zeros((n_positions, d_model))
    pe[:, 0::2] = np.sin(np.arange(n_positions)[:, None] * div)
    pe[:, 1::2] = np.cos(np.arange(n_positions)[:, None] * div[: d_model // 2])
    return pe
''',
}


VARIANCE = ("var = x.var(axis=-1, keepdims=True)", "var = (x * x).mean(axis=-1, keepdims=True) - mean ** 2")


def _reference_with_variance_by_moments(exercise: str) -> str:
    from kata.exercise import solution_text
    from kata.state.registry import load_registry

    text = solution_text(load_registry(env={}, entry_points=False).get(exercise))
    assert VARIANCE[0] in text, f"the {exercise} reference changed"
    return text.replace(*VARIANCE)


@pytest.mark.parametrize("exercise", [*sorted(OTHER_ORDERS), "6.7", "lab00.1"])
def test_right_answers_in_another_order_pass(exercise: str, kata: Kata, tmp_path: Path) -> None:
    path = tmp_path / "mine.py"
    source = OTHER_ORDERS.get(exercise) or _reference_with_variance_by_moments(exercise)  # E[x^2] - E[x]^2
    path.write_text(source, encoding="utf-8")
    result = kata("check", exercise, "--file", path, "--json")
    data = json.loads(result.stdout)
    failed = [c for c in data.get("checks", ()) if c["status"] != "pass"]
    assert data["status"] == "pass", failed or data.get("message")


EXACT_13_17 = '''
def param_count(V, d, L):
    block = 4 * (d * d + d) + (d * 4 * d + 4 * d) + (4 * d * d + d) + 4 * d
    return V * d + {layers} * block + 2 * d + {head}
'''


@pytest.mark.parametrize("layers, head, name", [
    ("1", "d * V + V", "one layer only, exact count"),
    ("L", "0", "tied head, exact count"),
])
def test_13_17_names_mistakes_of_an_exact_count(layers: str, head: str, name: str, kata: Kata,
                                                tmp_path: Path) -> None:
    path = tmp_path / "mine.py"
    path.write_text(EXACT_13_17.format(layers=layers, head=head), encoding="utf-8")
    data = json.loads(kata("check", "13.17", "--file", path, "--json").stdout)
    messages = [c["message"] for c in data["checks"] if c["status"] != "pass"]
    assert messages and any(f"known mistake ({name})" in m for m in messages), messages
    assert not any("known mistake (" in m and f"known mistake ({name})" not in m for m in messages), messages


# (exercise, text of the reference, what a learner wrote instead): bugs no declared mistake describes
# ta.1's choice answer, as the reference gives it (the right letter moves when the options are rewritten).
OTHER_ORDERS["ta.1"] = OTHER_ORDERS["ta.1"].replace('WHY_SQRT_D = "b"', f"WHY_SQRT_D = {TA1_ANSWER!r}")

UNDECLARED = {
    "ta.1 in float32 (d == n in the book's case)": (
        "ta.1", "scores = np.asarray(q) @ np.asarray(K).T",
        "scores = np.asarray(q, dtype=np.float32) @ np.asarray(K, dtype=np.float32).T"),
    "6.5 residual around the normalised input": (
        "6.5", "        x = x + self.attention.forward(self.norm1.forward(x), mask)\n"
               "        return x + self.ffn.forward(self.norm2.forward(x))",
        "        h = self.norm1.forward(x)\n        h = h + self.attention.forward(h, mask)\n"
        "        return h + self.ffn.forward(self.norm2.forward(h))"),
}


@pytest.mark.parametrize("case", sorted(UNDECLARED))
def test_a_bug_no_mistake_describes_is_not_named(case: str, kata: Kata, tmp_path: Path) -> None:
    from kata.exercise import solution_text
    from kata.state.registry import load_registry

    exercise, old, new = UNDECLARED[case]
    text = solution_text(load_registry(env={}, entry_points=False).get(exercise))
    assert old in text, f"the {exercise} reference changed"
    path = tmp_path / "mine.py"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    data = json.loads(kata("check", exercise, "--file", path, "--json").stdout)
    messages = [c["message"] for c in data["checks"] if c["status"] != "pass"]
    assert messages, "the bug should fail a check"
    assert not any("known mistake" in m for m in messages), messages
