"""The messages of kata.checking.compare: what a learner reads when a check fails."""

from __future__ import annotations

import re
import types

import numpy as np
import pytest

from kata.checking.compare import CheckFailure, check, expect_close, expect_raises, expect_shape, mismatch
from kata.checking.naming import diagnose, expect_same, known
from kata.mistakes import Mistake, mistake


def _fails(action, *fragments: str) -> str:
    with pytest.raises(CheckFailure) as caught:
        action()
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return message


def _close(actual, expected, **kwargs) -> str:
    return _fails(lambda: expect_close(actual, expected, **{"atol": 1e-8, **kwargs}))


# ---- equal enough -----------------------------------------------------------------------------------------

def test_within_tolerance_is_silent() -> None:
    x = np.linspace(-1, 1, 12).reshape(3, 4)
    assert mismatch(x + 1e-9, x, atol=1e-8) is None
    assert mismatch(x * (1 + 1e-7), x, atol=0, rtol=1e-6) is None
    expect_close(x, x.copy(), atol=0)
    assert isinstance(CheckFailure("x"), AssertionError)


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")  # inf - inf on the way
def test_matching_nan_and_inf_are_equal() -> None:
    expected = np.array([1.0, np.nan, np.inf, -np.inf])
    assert mismatch(expected.copy(), expected, atol=1e-12) is None


# ---- shapes and dtypes --------------------------------------------------------------------------------------

def test_shape_mismatch() -> None:
    message = _close(np.zeros((2, 3)), np.zeros((4, 5)), what="LayerNorm.forward(x)")
    assert message == "LayerNorm.forward(x) has shape (2, 3), expected (4, 5)"


def test_shape_mismatch_hints_at_a_transpose_or_a_reshape() -> None:
    assert "the axes are reversed" in _close(np.zeros((3, 2)), np.zeros((2, 3)))
    assert "a reshape or a missing keepdims" in _close(np.zeros(6), np.zeros((2, 3)))


def test_dtype_float32_for_float64() -> None:
    message = _close(np.zeros(3, dtype=np.float32), np.zeros(3))
    assert "float32, expected float64" in message and "no float32 casts" in message
    assert mismatch(np.zeros(3, dtype=np.float32), np.zeros(3), atol=1e-6, check_dtype=False) is None


def test_dtype_integer_for_float() -> None:
    assert "integer dtype int64" in _close(np.zeros(3, dtype=np.int64), np.zeros(3))


def test_not_numbers_at_all() -> None:
    assert "should hold numbers" in _close(np.array(["a", "b"]), np.zeros(2))
    assert "is None: did you forget a `return`?" in _close(None, np.zeros(2))


def test_boolean_masks() -> None:
    expected = np.triu(np.ones((3, 3), dtype=bool), k=1)
    wrong = expected.copy()
    wrong[2, 0] = True
    message = _close(wrong, expected, what="the mask")
    assert message == ("the mask differs from the expected mask at 1 of 9 positions, first at (2, 0) "
                       "(yours True, expected False)")
    assert "should be a boolean array" in _close(expected.astype(float), expected)


# ---- NaN / inf ------------------------------------------------------------------------------------------------

def test_nan_position_is_reported() -> None:
    got = np.ones((2, 3))
    got[1, 2] = np.nan
    message = _close(got, np.ones((2, 3)), what="y")
    assert message.startswith("y contains NaN at 1 of 6 positions, first at (1, 2), where the reference is finite")


def test_inf_is_reported_as_nan_or_inf() -> None:
    got = np.array([1.0, np.inf, np.nan])
    assert "contains NaN/inf at 2 of 3 positions, first at (1,)" in _close(got, np.ones(3))


def test_against_names_the_yardstick() -> None:
    got = np.array([np.nan])
    assert "where finite differences is finite" in _close(got, np.ones(1), against="finite differences")


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")  # inf - inf on the way
@pytest.mark.parametrize("rtol", [0.0, 1e-6])
def test_a_finite_answer_where_the_reference_is_nan_or_inf_is_a_mismatch(rtol: float) -> None:
    assert "at index (1,) (yours 2, expected nan)" in _close(np.array([1.0, 2.0]), np.array([1.0, np.nan]),
                                                             rtol=rtol)
    assert "at index (1,) (yours 2, expected inf)" in _close(np.array([1.0, 2.0]), np.array([1.0, np.inf]),
                                                             rtol=rtol)


# ---- size of the error ------------------------------------------------------------------------------------------

def test_max_abs_and_rel_error_with_worst_index_and_tolerance() -> None:
    expected = np.arange(1.0, 13.0).reshape(3, 4)
    got = expected.copy()
    got[0, 1] += 1e-3
    got[2, 3] += 0.5
    message = _close(got, expected, atol=1e-6, what="dx")
    assert message.startswith("dx differs from the reference: max abs error 0.5 at index (2, 3) "
                              "(yours 12.5, expected 12)")
    assert re.search(r"max rel error 0\.0\d+;", message)  # 1e-3 / 2 at (0, 1) and 0.5 / 12 at (2, 3)
    assert message.endswith("2 of 12 entries are outside the tolerance atol=1e-06, rtol=1e-09")  # the float64 floor


def test_rtol_counts_relative_to_the_expected_value() -> None:
    expected = np.array([1.0, 1000.0])
    got = expected + np.array([0.0, 0.5])
    assert mismatch(got, expected, atol=0, rtol=1e-3) is None
    assert "rtol=0.0001" in _close(got, expected, atol=0, rtol=1e-4)


def test_zero_expected_entries_do_not_make_the_relative_error_infinite() -> None:
    expected = np.array([0.0, 2.0])
    message = _close(np.array([0.0, 2.5]), expected, atol=1e-6)
    assert "max rel error 0.25" in message


def test_scalars_have_index_0() -> None:
    assert "at index 0 (yours 2, expected 1)" in _close(2.0, 1.0)


# ---- structured outputs ------------------------------------------------------------------------------------------

def test_dict_outputs() -> None:
    expected = {"logits": np.zeros(3), "loss": 1.0}
    assert mismatch({"logits": np.zeros(3), "loss": 1.0, "extra": 5}, expected, atol=1e-9) is None
    assert "should be a dict with keys ['logits', 'loss'], but it is list" in _close([1, 2], expected, what="out")
    assert "out is missing the keys ['loss']" in _close({"logits": np.zeros(3)}, expected, what="out")
    message = _close({"logits": np.array([0.0, 1.0, 0.0]), "loss": 1.0}, expected, what="out")
    assert message.startswith("out['logits'] differs from the reference: max abs error 1 at index (1,)")


def test_tuple_outputs() -> None:
    expected = (np.zeros((2, 2)), np.ones(3))
    assert mismatch([np.zeros((2, 2)), np.ones(3)], expected, atol=1e-9) is None
    assert "should be a sequence of 2 items, but it is ndarray of shape (2, 2)" in _close(np.zeros((2, 2)), expected,
                                                                                         what="forward(x)")
    assert "should be a sequence of 2 items, but it is None (did you forget a `return`?)" in _close(None, expected)
    assert _close((np.zeros((2, 2)), np.ones(4)), expected, what="out").startswith("out[1] has shape (4,)")


def test_numeric_lists_compare_as_arrays() -> None:
    assert mismatch([1.0, 2.0], [1.0, 2.0], atol=0) is None
    assert "at index (1,)" in _close([1.0, 3.0], [1.0, 2.0])


def test_strings() -> None:
    assert mismatch("causal", "causal", atol=0) is None
    assert _close("bidirectional", "causal", what="mode") == "mode is 'bidirectional', expected 'causal'"


# ---- torch -----------------------------------------------------------------------------------------------------

def test_torch_tensors_are_accepted() -> None:
    torch = pytest.importorskip("torch")
    expected = np.arange(6.0).reshape(2, 3)
    tensor = torch.tensor(expected, requires_grad=True) * 1.0  # a non-leaf tensor with grad: detach is needed
    expect_close(tensor, expected, atol=1e-12)
    expect_close(expected, torch.tensor(expected), atol=1e-12)
    wrong = torch.tensor(expected)
    wrong[1, 1] = 100.0
    assert "max abs error 96 at index (1, 1)" in _close(wrong, expected)
    assert "float32, expected float64" in _close(torch.zeros(3), np.zeros(3))
    expect_shape(torch.zeros(2, 3), (2, 3))
    assert mismatch({"h": torch.zeros(2)}, {"h": torch.zeros(2)}, atol=0) is None


# ---- small helpers -----------------------------------------------------------------------------------------------

def test_check_and_expect_shape() -> None:
    check(True, "never shown")
    _fails(lambda: check(0, "the mask must be boolean"), "the mask must be boolean")
    expect_shape(np.zeros((2, 3)), (2, 3))
    assert _fails(lambda: expect_shape(np.zeros((2, 3)), (3, 2), "y")) == "y has shape (2, 3), expected (3, 2)"
    _fails(lambda: expect_shape(None, (3,), "y"), "y should be an array of shape (3,)", "forget a `return`")


def test_expect_raises() -> None:
    def bad() -> None:
        raise ValueError("wrong last axis")

    expect_raises(ValueError, bad, "f(x)")
    _fails(lambda: expect_raises(ValueError, lambda: 1, "f(x)", explain="This matches a known mistake (m): ..."),
           "f(x) should raise ValueError, but it returned normally.\nThis matches a known mistake (m)")
    message = _fails(lambda: expect_raises(KeyError, bad, "f(x)", explain="EXPLAINED"),
                     "f(x) should raise KeyError, but it raised ValueError: wrong last axis")
    assert "EXPLAINED" not in message


# ---- known mistakes ----------------------------------------------------------------------------------------------

def _double(x):
    return 2 * x


REFERENCE = types.SimpleNamespace(
    double=_double,
    MISTAKES=(mistake("tripled", "you multiply by 3; doubling is times 2", double=lambda x: 3 * x),
              mistake("squared", "you square x; doubling is times 2", double=lambda x: x * x)),
)


def _learner(function) -> types.SimpleNamespace:
    return types.SimpleNamespace(double=function)


def test_expect_same_returns_the_learners_output() -> None:
    x = np.array([1.0, 2.0])
    out = expect_same(lambda m: m.double(x), _learner(lambda v: v + v), REFERENCE, atol=0)
    np.testing.assert_array_equal(out, [2.0, 4.0])


def test_expect_same_names_a_matching_mistake() -> None:
    x = np.array([1.0, 5.0])
    message = _fails(lambda: expect_same(lambda m: m.double(x), _learner(lambda v: v ** 2), REFERENCE, atol=1e-9,
                                         what="double(x)"),
                     "double(x) differs from the reference",
                     ".\nThis matches a known mistake (squared): you square x; doubling is times 2")
    assert "tripled" not in message


def test_expect_same_without_a_matching_mistake_only_describes_the_error() -> None:
    message = _fails(lambda: expect_same(lambda m: m.double(np.ones(2)), _learner(lambda v: v * 7), REFERENCE,
                                         atol=1e-9))
    assert "known mistake" not in message


def test_diagnose_skips_a_mistake_that_raises() -> None:
    reference = types.SimpleNamespace(
        double=_double, MISTAKES=(mistake("crashes", "...", double=lambda x: 1 / 0),
                                  mistake("tripled", "times 3", double=lambda x: 3 * x)))
    assert diagnose(lambda m: m.double(np.ones(2)), np.full(2, 3.0), reference, atol=0) == (
        "This matches a known mistake (tripled): times 3")
    assert diagnose(lambda m: m.double(np.ones(2)), np.full(2, 9.0), reference, atol=0) is None


def test_the_layer_norm_axis_0_mistake_is_diagnosed() -> None:
    import reference.stage6_07_layer_norm as layer_norm

    axis0 = next(m for m in layer_norm.MISTAKES if m.name == "axis 0").apply(layer_norm)
    x = np.random.default_rng(0).normal(size=(4, 8))
    _fails(lambda: expect_same(lambda m: m.LayerNorm(8).forward(x.copy()), axis0, layer_norm, atol=1e-10),
           "This matches a known mistake (axis 0): your LayerNorm normalises over axis 0")


def test_known_and_the_mistake_declaration() -> None:
    assert known(REFERENCE, "tripled") == "This matches a known mistake (tripled): you multiply by 3; doubling is times 2"
    with pytest.raises(KeyError):
        known(REFERENCE, "halved")
    with pytest.raises(ValueError, match="replaces nothing"):
        mistake("vague", "something is off")
    applied = REFERENCE.MISTAKES[0].apply(REFERENCE)
    assert applied.double(2) == 6 and REFERENCE.double(2) == 4 and applied.MISTAKES is REFERENCE.MISTAKES
    assert isinstance(REFERENCE.MISTAKES[0], Mistake) and applied.__name__ == "mistake:tripled"


def test_expect_prediction_wants_a_number_near_the_value_and_names_the_near_mistake() -> None:
    from types import SimpleNamespace

    from kata.testing import expect_prediction

    def graded(value):
        try:
            expect_prediction(SimpleNamespace(P=value), "P", 0.5, 1e-9, asks="the exponent p",
                              explain=": the gap scales with the standard deviation.",
                              hint=lambda v: " (that is the variance's exponent)" if v == 1.0 else "")
        except CheckFailure as exc:
            return str(exc)
        return "pass"

    assert graded(0.5) == graded(0.5 + 1e-12) == "pass"
    assert graded(None) == "P is None; set it to the exponent p" == graded(None)
    assert graded(True).startswith("P is True")  # a bool is not a number here
    assert graded(1.0) == "P = 1.0: the gap scales with the standard deviation. (that is the variance's exponent)"
    assert graded(0.7) == "P = 0.7: the gap scales with the standard deviation."
