"""The probe's inputs for models: declared constructor sizes (Accepts.init) and integer token ids."""

from __future__ import annotations

import sys
import textwrap
import types

import pytest

from kata.mutants import inputs
from kata.mutants.probe import _describe_targets, compare

NUMPY_MODEL = textwrap.dedent('''
    import numpy as np
    from kata.parts import Embedding, Linear, causal_mask


    class Model:
        def __init__(self, vocab_size, d_model, max_len):
            self.embed = Embedding(vocab_size, d_model)
            self.out = Linear(d_model, vocab_size)
            self.max_len = max_len

        def forward(self, tokens):
            tokens = np.asarray(tokens)
            assert tokens.shape[-1] <= self.max_len
            x = self.embed.forward(tokens)
            keep = ~causal_mask(tokens.shape[-1])
            x = (keep @ x) / keep.sum(-1, keepdims=True)
            return self.out.forward(x)
''')

TORCH_MODEL = textwrap.dedent('''
    import torch
    from torch import nn


    class TinyGPT(nn.Module):
        def __init__(self, vocab_size, n_embd, block_size):
            super().__init__()
            self.block_size = block_size
            self.wte = nn.Embedding(vocab_size, n_embd)
            self.wpe = nn.Embedding(block_size, n_embd)
            self.head = nn.Linear(n_embd, vocab_size)

        def forward(self, idx, targets=None):
            assert idx.dtype == torch.long
            T = idx.shape[-1]
            x = self.wte(idx) + self.wpe(torch.arange(T))
            logits = self.head(x.cumsum(-2) / torch.arange(1, T + 1)[:, None])
            if targets is None:
                return logits
            return logits, nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))
''')


def _module(name: str, source: str):
    module = types.ModuleType(name)
    exec(compile(source, name, "exec"), module.__dict__)
    sys.modules[name] = module
    return module


@pytest.fixture
def declared(monkeypatch: pytest.MonkeyPatch):
    """The probe's options as an exercise declares them, and unseeded generators made reproducible."""
    np = pytest.importorskip("numpy")
    monkeypatch.setattr(np.random, "default_rng", inputs.reproducible(np.random.default_rng))

    def declare(**options):
        monkeypatch.setattr(inputs, "OPTIONS", inputs.Options(**options))

    return declare


def test_token_ids_are_integers_shaped_like_the_input_without_its_last_axis(declared) -> None:
    np = pytest.importorskip("numpy")
    ids = inputs.token_ids((2, 5, 8), 0, "numpy")
    assert ids.shape == (2, 5) and ids.dtype.kind == "i" and 0 <= ids.min() and ids.max() < 8  # below shape[-1]
    declared(init={"vocab_size": 3})
    ids = inputs.token_ids((40, 6, 8), 1, "numpy")
    assert set(np.unique(ids)) == {0, 1, 2}  # below the declared vocabulary size, all of it used
    assert all(map(inputs.is_token, ("tokens", "idx", "input_ids", "targets", "prompt_ids")))
    assert not any(map(inputs.is_token, ("x", "positions", "mask", "width")))


def test_declared_sizes_build_the_class_and_its_tokens_tell_right_from_wrong(declared) -> None:
    pytest.importorskip("numpy")
    declared(init={"vocab_size": 11, "d_model": 8, "max_len": 16}, shapes=((2, 5, 8), (1, 3, 8), (2, 16, 8)))
    reference = _module("probe_model_ref", NUMPY_MODEL)
    [target] = _describe_targets(reference, ["Model.forward"])
    second_axis = _module("probe_model_axis", NUMPY_MODEL.replace("tokens.shape[-1])", "tokens.shape[1])"))
    no_mask = _module("probe_model_nomask", NUMPY_MODEL.replace("~causal_mask(tokens.shape[-1])",
                                                               "np.ones((tokens.shape[-1],) * 2)"))
    assert compare(reference, second_axis, target, "numpy") == (False, "")  # the same for (batch, seq) tokens
    differs, words = compare(reference, no_mask, target, "numpy")
    assert differs and "Model(vocab_size=11, d_model=8, max_len=16), tokens of shape (2, 5)" in words
    declared(init={"vocab_size": 11, "d_model": 8, "max_len": 16})  # the default shapes have 1-D tokens too
    assert compare(reference, second_axis, target, "numpy")[0]


def test_a_torch_model_gets_long_token_ids_and_targets(declared) -> None:
    pytest.importorskip("torch")
    declared(init={"vocab_size": 13, "n_embd": 8, "block_size": 8}, shapes=((2, 5, 8), (1, 7, 8)))
    reference = _module("probe_gpt_ref", TORCH_MODEL)
    [target] = _describe_targets(reference, ["TinyGPT.forward"])
    rewritten = _module("probe_gpt_same", TORCH_MODEL.replace("logits.reshape(-1, logits.shape[-1])",
                                                              "logits.flatten(0, -2)"))
    wrong_loss = _module("probe_gpt_loss", TORCH_MODEL.replace("targets.reshape(-1))",
                                                               "targets.reshape(-1).flip(0))"))
    assert compare(reference, rewritten, target, "torch") == (False, "")
    differs, words = compare(reference, wrong_loss, target, "torch")
    assert differs and "TinyGPT(vocab_size=13, n_embd=8, block_size=8), idx of shape" in words


def test_an_exercise_declares_the_constructor_sizes_the_probe_uses() -> None:
    from kata.exercise import Accepts
    from kata.state.registry import load_registry

    accepts = Accepts(init={"vocab_size": 11, "d_model": 8})
    assert accepts.init == (("vocab_size", 11), ("d_model", 8)) and hash(accepts) == hash(Accepts(init=accepts.init))
    options = inputs.Options.from_spec({"init": dict(accepts.init), "shapes": [[2, 5, 8]], "ints": []})
    assert options.init == {"vocab_size": 11, "d_model": 8} and options.shapes == ((2, 5, 8),)
    assert not options.sizes_declared and options.ints == inputs.Options().ints
    stack = load_registry(env={}, entry_points=False).get("6.8")
    assert dict(stack.accepts.init)["vocab_size"] > 1 and all(len(s) == 3 for s in stack.accepts.shapes)
