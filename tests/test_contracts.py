"""Contracts (kata.checking.contracts): each one fails on the bug it targets, passes right code, names the real
mistake."""

from __future__ import annotations

import importlib
import types

import numpy as np
import pytest

from kata.checking import contracts as c
from kata.checking.compare import CheckFailure
from kata.mistakes import mistake
from kata.testing import expect_function


def _module(mistakes=(), **names):
    return types.SimpleNamespace(MISTAKES=tuple(mistakes), **names)


def _rng():
    return np.random.default_rng(0)


def _fails(contract, solution, reference, *needles):
    with pytest.raises(CheckFailure) as caught:
        contract.verify(solution, reference, _rng())
    for needle in needles:
        assert needle in str(caught.value), str(caught.value)
    return str(caught.value)


# ---- the declaration ------------------------------------------------------------------------------


def test_declare_refuses_a_forgotten_kind():
    with pytest.raises(ValueError, match="neither declared nor opted out"):
        c.declare(opt_out={kind: "why" for kind in list(c.KINDS)[1:]})


def test_declare_refuses_an_opt_out_without_reason_or_unknown():
    with pytest.raises(ValueError, match="neither declared nor opted out"):
        c.declare(opt_out={kind: "" for kind in c.KINDS})
    with pytest.raises(ValueError, match="unknown opt-outs"):
        c.declare(opt_out={**{kind: "why" for kind in c.KINDS}, "speed": "fast"})


def test_declare_makes_one_check_per_kind_with_points_and_a_name():
    probe = c.input_not_mutated("f(x)", lambda m, x: m.f(x), lambda rng: {"x": rng.normal(size=3)})
    tests = c.declare(probe, opt_out={k: "why" for k in c.KINDS if k != "input not mutated"}, points_each=2)
    assert set(tests) == {"CONTRACTS", "test_contract_input_not_mutated"}
    check = tests["test_contract_input_not_mutated"]
    assert check.__doc__.startswith("contract: input not mutated")
    assert any(m.name == "points" and m.args == (2,) for m in check.pytestmark)
    assert tests["CONTRACTS"].kinds() == {"input not mutated"}


# ---- each contract against its bug ----------------------------------------------------------------


def _center(x):
    return x - x.mean()


def _center_in_place(x):
    x -= x.mean()
    return x


def test_input_not_mutated():
    probe = c.input_not_mutated("center(x)", lambda m, x: m.center(x), lambda rng: {"x": rng.normal(size=5)})
    reference = _module([mistake("in place", "you subtract in place", center=_center_in_place)], center=_center)
    probe.verify(_module(center=_center), reference, _rng())
    message = _fails(probe, _module(center=_center_in_place), reference, "input not mutated", "in place (x -= mean")
    assert "known mistake (in place)" in message


class _Layer:
    def forward(self, x):
        self.x = x
        return 2 * x

    def backward(self, dout):
        self.dscale = (dout * self.x).sum()
        return 2 * dout


class _Accumulating(_Layer):
    def backward(self, dout):
        self.dscale = getattr(self, "dscale", 0.0) + (dout * self.x).sum()
        return 2 * dout


def _step(layer, x, dout):
    layer.forward(x)
    return {"dx": layer.backward(dout), "dscale": layer.dscale}


def test_repeated_calls():
    inputs = lambda rng: {"x": rng.normal(size=4), "dout": rng.normal(size=4)}  # noqa: E731
    probe = c.repeated_calls("forward then backward", lambda m: m.Layer(), _step, inputs)
    reference = _module([mistake("accumulates", "you add onto the last call", Layer=_Accumulating)], Layer=_Layer)
    probe.verify(_module(Layer=_Layer), reference, _rng())
    _fails(probe, _module(Layer=_Accumulating), reference, "repeated calls", "second call",
           "known mistake (accumulates)")


class _Norm:
    def __init__(self, eps=1e-5):
        self.eps = eps

    def __call__(self, x):
        return x / np.sqrt(x.var() + self.eps)


class _HardCoded(_Norm):
    def __call__(self, x):
        return x / np.sqrt(x.var() + 1e-5)


def test_constructor_arguments():
    [probe] = c.constructor_arguments("Norm()(x)", lambda m, **kw: m.Norm(**kw), lambda n, x: n(x),
                                      lambda rng: {"x": rng.normal(0.0, 0.3, size=6)}, {"eps": 0.1})
    reference = _module([mistake("eps hard-coded", "1e-5 instead of self.eps", Norm=_HardCoded)], Norm=_Norm)
    probe.verify(_module(Norm=_Norm), reference, _rng())
    _fails(probe, _module(Norm=_HardCoded), reference, "constructor arguments", "eps=0.1", "known mistake (eps hard")


def test_constructor_arguments_refuses_a_probe_that_proves_nothing():
    [probe] = c.constructor_arguments("Norm()(x)", lambda m, **kw: m.Norm(**kw), lambda n, x: n(x),
                                      lambda rng: {"x": rng.normal(size=6)}, {"eps": 1e-5})
    with pytest.raises(RuntimeError, match="proves nothing"):
        probe.verify(_module(Norm=_Norm), _module(Norm=_Norm), _rng())


def _masked_mean(x, mask):
    return np.where(mask, 0.0, x).sum(axis=-1)


def _causal_always(x, mask):
    return _masked_mean(x, np.triu(np.ones(mask.shape, dtype=bool), k=1))


def test_inputs_as_given():
    probe = c.inputs_as_given("f(x, padding mask)", lambda m, x, mask: m.f(x, mask),
                              lambda rng: {"x": rng.normal(size=(4, 4)), "mask": rng.random((4, 4)) < 0.5})
    reference = _module([mistake("causal mask", "you rebuild the mask", f=_causal_always)], f=_masked_mean)
    probe.verify(_module(f=_masked_mean), reference, _rng())
    _fails(probe, _module(f=_causal_always), reference, "inputs as given", "known mistake (causal mask)")


def test_dtype_kept():
    keep = lambda x: x * np.float32(2)  # noqa: E731
    promote = lambda x: x * np.ones(x.shape)  # noqa: E731  (float64 ones promote float32)
    probe = c.dtype_kept("f(x)", lambda m, x: m.f(x), lambda rng: {"x": rng.normal(size=3)})
    reference = _module([mistake("float64 out", "promoted", f=lambda x: 2 * promote(x))], f=keep)
    probe.verify(_module(f=keep), reference, _rng())
    _fails(probe, _module(f=lambda x: 2 * promote(x)), reference, "float64 for float32 input",
           "known mistake (float64 out)")


def _head_dim(d, h):
    if h <= 0 or d % h:
        raise ValueError("bad split")
    return d // h


def _sign_unchecked(d, h):
    if h == 0 or d % h:
        raise ValueError("bad split")
    return d // h


def _unchecked(d, h):
    return d // h


def test_validation_names_the_mistake_that_behaves_the_same_everywhere():
    calls = {f"head_dim({d}, {h})": (lambda m, d=d, h=h: m.head_dim(d, h)) for d, h in [(64, -8), (100, 8)]}
    probe = c.validation("bad head counts", calls)
    reference = _module([mistake("nothing checked", "no check", head_dim=_unchecked),
                         mistake("sign unchecked", "negative accepted", head_dim=_sign_unchecked)], head_dim=_head_dim)
    probe.verify(_module(head_dim=_head_dim), reference, _rng())
    message = _fails(probe, _module(head_dim=_sign_unchecked), reference, "head_dim(64, -8) should raise ValueError",
                     "known mistake (sign unchecked)")
    assert "nothing checked" not in message


def _softmax(s):
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _softmax_unshifted(s):
    e = np.exp(s)
    return e / e.sum(axis=-1, keepdims=True)


def test_extremes():
    probe = c.extremes("softmax of scores near 1000", lambda m, s: m.softmax(s),
                       lambda rng: {"s": 1000.0 + rng.normal(size=(3, 5))})
    reference = _module([mistake("no max shift", "overflow", softmax=_softmax_unshifted)], softmax=_softmax)
    with np.errstate(over="ignore", invalid="ignore"):
        probe.verify(_module(softmax=_softmax), reference, _rng())
        _fails(probe, _module(softmax=_softmax_unshifted), reference, "NaN", "known mistake (no max shift)")


class _Ffn:
    def __init__(self):
        rng = np.random.default_rng()
        self.W_gate, self.W_down = rng.normal(size=(3, 5)), rng.normal(size=(5, 3))

    def forward(self, x):
        return (x @ self.W_gate) @ self.W_down


class _Tied(_Ffn):
    def __init__(self):
        super().__init__()
        self.W_down = self.W_gate.T


class _IgnoresDown(_Ffn):
    def forward(self, x):
        return (x @ self.W_gate) @ np.ones((5, 3))


def test_weights_distinct_and_every_weight_matters():
    reference = _module([mistake("tied", "W_down is W_gate.T", Ffn=_Tied)], Ffn=_Ffn)
    distinct = c.weights_distinct("Ffn()", lambda m: m.Ffn(), ("W_gate", "W_down"))
    distinct.verify(_module(Ffn=_Ffn), reference, _rng())
    _fails(distinct, _module(Ffn=_Tied), reference, "W_gate is the transpose of W_down", "known mistake (tied)")

    def build(module):
        layer = module.Ffn()
        rng = np.random.default_rng(1)
        layer.W_gate, layer.W_down = rng.normal(size=(3, 5)), rng.normal(size=(5, 3))
        return layer

    matters = c.every_weight_matters("Ffn().forward(x)", build, lambda layer, x: layer.forward(x),
                                     lambda rng: {"x": rng.normal(size=(2, 3))}, ("W_gate", "W_down"))
    matters.verify(_module(Ffn=_Ffn), _module(Ffn=_Ffn), _rng())
    _fails(matters, _module(Ffn=_IgnoresDown), _module(Ffn=_Ffn), "changing W_down does not change")


# ---- types as stated in expect_function ---------------------------------------------------------


def _count(d):
    return 4 * d * d


def test_an_int_answer_must_be_an_int():
    reference = _module([mistake("float count", "a float", count=lambda d: 4.0 * d * d)], count=_count)
    expect_function(_module(count=_count), reference, "count", 8)
    expect_function(_module(count=lambda d: np.int64(4 * d * d)), reference, "count", 8)
    with pytest.raises(CheckFailure, match="asks for an int") as caught:
        expect_function(_module(count=lambda d: 4.0 * d * d), reference, "count", 8)
    assert "known mistake (float count)" in str(caught.value)
    expect_function(_module(count=lambda d: 4.0 * d * d), reference, "count", 8, answer_type="any")


def test_a_float_answer_accepts_any_number_and_dicts_are_typed_per_key():
    expect_function(_module(half=lambda n: n // 2), _module(half=lambda n: n / 2), "half", 8)
    reference = _module(parts=lambda: {"a": 3, "ratio": 1.5})
    expect_function(_module(parts=lambda: {"a": 3, "ratio": 1.5}), reference, "parts")
    with pytest.raises(CheckFailure, match=r"parts\(\)\['a'\] is 3.0"):
        expect_function(_module(parts=lambda: {"a": 3.0, "ratio": 1.5}), reference, "parts")


# ---- every implement exercise of this engine's packs declares its contracts ---------------------

DECLARED = ["stage6_05_transformer_block", "stage6_06_feed_forward", "stage6_07_layer_norm",
            "stage6_08_transformer_stack", "stage6_10_rope", "stage6_11_swiglu", "ch13_10_tiled_attention",
            "ch13_19_sdpa", "ch13_20_causal_self_attention", "ch13_23_multi_query_attention", "ta_02_causal_mask",
            "ta_03_head_dim", "ta_06_layer_norm", "ta_07_pre_ln_residual", "ta_10_debug_report",
            "ta_01_attention_weights", "lab00_1_layer_norm", "lab00_2_ffn", "lab00_3_block", "lab00_4_by_hand",
            "lab00_5_sanity"]


@pytest.mark.parametrize("slug", DECLARED)
def test_check_module_declares_every_kind(slug):
    module = importlib.import_module(f"checks.{slug}")
    declaration = module.CONTRACTS
    assert isinstance(declaration, c.Declaration)
    assert declaration.kinds() | set(declaration.opt_out) == set(c.KINDS)
    assert all(reason.strip() for reason in declaration.opt_out.values())


def test_every_implement_exercise_declares_its_contracts():
    from kata.state.registry import load_registry

    registry = load_registry()
    implement = {e.id: e for e in registry.exercises.values() if e.kind == "implement"}
    missing = sorted(i for i, e in implement.items() if not hasattr(importlib.import_module(e.checks), "CONTRACTS"))
    assert not missing, f"implement exercises without a contract declaration: {missing}"
