"""Checks for 6.8: the full Transformer stack's forward, tokens to logits."""

import numpy as np
import pytest

from kata import parts
from kata.testing import check, declare, diagnose, expect_close, expect_same, expect_shape, mismatch, points

# (vocab_size, d_model, n_heads, n_layers, d_ff, max_len), (batch, seq)
CONFIGS = [
    ((11, 16, 4, 1, 32, 12), (2, 7)),
    ((23, 12, 3, 2, 24, 10), (3, 10)),
    ((7, 8, 2, 3, 16, 16), (1, 5)),
    ((17, 16, 2, 2, 20, 8), (4, 6)),
]
# Measured on the checks' inputs: another valid order (one sequence at a time, PE + embedding, einsum for the head)
# moves the logits by 1.3e-15, against 4.8 for the smallest mistake (positional encoding skipped); forward's 1e-8
# sits between. Changing future tokens leaves earlier logits bit-for-bit equal in every order measured (no causal
# mask: 1.5), so causality is checked at 1e-10; so is a sequence run alone vs in a batch (0 measured). Over 20
# draws a repeated token's logits differ between positions by >= 0.43 (positional encoding skipped: 0), hence
# 1e-6; shuffled earlier tokens move the last logits by >= 0.13 (PE skipped: 4e-16; head on the embedding: 0).
IDS = [f"layers{c[3]}-vocab{c[0]}-tokens{bt}" for c, bt in CONFIGS]


class _Source:
    """A model built from kata.parts with random weights, large enough for a wrong connection to show."""

    def __init__(self, vocab_size, d_model, n_heads, n_layers, d_ff, max_len, rng):
        self.embed = parts.Embedding(vocab_size, d_model, rng)
        self.pos_embed = parts.PositionalEncoding(max_len, d_model)
        self.layers = [parts.TransformerBlock(d_model, n_heads, d_ff, rng) for _ in range(n_layers)]
        self.output = parts.Linear(d_model, vocab_size, rng)
        self.embed.weight = rng.normal(size=(vocab_size, d_model))
        self.output.W = rng.normal(0.0, 1.0 / np.sqrt(d_model), size=(d_model, vocab_size))
        self.output.b = rng.normal(0.0, 0.2, size=vocab_size)
        for block in self.layers:
            for part in (block.attention, block.ffn):
                for name, value in vars(part).items():
                    if isinstance(value, np.ndarray):
                        scale = 1.0 / np.sqrt(value.shape[0]) if value.ndim == 2 else 0.2
                        setattr(part, name, rng.normal(0.0, scale, size=value.shape))
            for norm in (block.norm1, block.norm2):
                norm.gamma = 1.0 + 0.5 * rng.normal(size=d_model)
                norm.beta = 0.5 * rng.normal(size=d_model)


def _builder(config, rng):
    """build(module) makes module's Transformer(*config), all with the same random weights."""
    source = _Source(*config, rng)

    def build(module):
        model = module.Transformer(*config)
        parts.copy_parameters(source, model, "model")
        return model

    return build


def _tokens(rng, vocab_size, shape):
    return rng.integers(0, vocab_size, size=shape)


def _before_after(problem):
    """A comparison message of "after" against "before", reworded to say so."""
    return (problem.replace("differs from the reference", "changed").replace("(yours ", "(after ")
            .replace(", expected ", ", before "))


@points(1)
@pytest.mark.parametrize("config, batch_seq", CONFIGS, ids=IDS)
def test_logits_shape(solution, config, batch_seq, rng):
    """the logits have shape (batch, seq, vocab_size)"""
    build = _builder(config, rng)
    logits = build(solution).forward(_tokens(rng, config[0], batch_seq))
    expect_shape(logits, (*batch_seq, config[0]), f"forward(tokens of shape {batch_seq})")


@points(4)
@pytest.mark.parametrize("config, batch_seq", CONFIGS, ids=IDS)
def test_forward_matches_reference(solution, reference, config, batch_seq, rng):
    """forward matches the reference (random weights, float64)"""
    build = _builder(config, rng)
    tokens = _tokens(rng, config[0], batch_seq)
    expect_same(lambda module: build(module).forward(tokens.copy()), solution, reference, atol=1e-8,
                what=f"forward(tokens of shape {batch_seq}) with {config[3]} layer(s)")


@points(2)
@pytest.mark.parametrize("config, batch_seq", CONFIGS[:3], ids=IDS[:3])
def test_causal(solution, reference, config, batch_seq, rng):
    """changing the tokens after position t leaves the logits at 0..t unchanged"""
    build = _builder(config, rng)
    vocab, T = config[0], batch_seq[1]
    t = int(rng.integers(0, T - 1))
    tokens = _tokens(rng, vocab, batch_seq)
    changed = tokens.copy()
    changed[:, t + 1:] = (tokens[:, t + 1:] + rng.integers(1, vocab, size=changed[:, t + 1:].shape)) % vocab

    before = build(solution).forward(tokens.copy())
    after = build(solution).forward(changed.copy())
    problem = mismatch(after[:, : t + 1], before[:, : t + 1], atol=1e-10,
                       what=f"the logits at positions 0..{t} after changing the tokens at {t + 1}..{T - 1}")
    if problem:
        named = diagnose(lambda module: build(module).forward(changed.copy()), after, reference, atol=1e-8)
        check(False, f"{_before_after(problem)}. The model reads the future: a language model predicting what "
                     f"follows position {t} must not see the tokens after it.\n{named or ''}".rstrip())
    check(not np.allclose(after[:, t + 1], before[:, t + 1]),
          f"the logits at position {t + 1} did not change when the token there did")


@points(1)
@pytest.mark.parametrize("config, batch_seq", CONFIGS[:2], ids=IDS[:2])
def test_repeated_token_positions_differ(solution, reference, config, batch_seq, rng):
    """a run of one repeated token gives different logits at different positions"""
    build = _builder(config, rng)
    tokens = np.repeat(_tokens(rng, config[0], (batch_seq[0], 1)), batch_seq[1], axis=1)
    logits = build(solution).forward(tokens.copy())
    expect_shape(logits, (*batch_seq, config[0]), f"forward(tokens of shape {batch_seq})")
    gaps = np.abs(logits[:, 1:] - logits[:, :1]).max(axis=(0, 2))
    if (gaps < 1e-6).any():
        position = int(np.argmax(gaps < 1e-6)) + 1
        named = diagnose(lambda module: build(module).forward(tokens.copy()), logits, reference, atol=1e-8)
        check(False, f"for a sequence that repeats one token, the logits at position {position} equal those at "
                     f"position 0: the model does not know where a token is.\n{named or ''}".rstrip())


@points(1)
@pytest.mark.parametrize("seq", [6, 9], ids=["seq6", "seq9"])
def test_order_matters(solution, reference, seq, rng):
    """with one block, shuffling the earlier tokens changes the logits at the last position"""
    config = (seq + 5, 16, 4, 1, 24, 12)
    build = _builder(config, rng)
    tokens = np.stack([rng.permutation(config[0])[:seq] for _ in range(2)])
    order = np.roll(np.arange(seq - 1), 1 + int(rng.integers(0, seq - 2)))
    shuffled = np.concatenate([tokens[:, order], tokens[:, -1:]], axis=1)
    model = build(solution)
    last, last_shuffled = model.forward(tokens.copy())[:, -1], model.forward(shuffled.copy())[:, -1]
    if np.allclose(last, last_shuffled, atol=1e-9, rtol=0):
        named = diagnose(lambda module: build(module).forward(shuffled.copy()), model.forward(shuffled.copy()),
                         reference, atol=1e-8)
        check(False, f"shuffling tokens 0..{seq - 2} (the last token kept) did not change the logits at the last "
                     "position, which sees the same tokens either way: the model ignores their order."
                     f"\n{named or ''}".rstrip())


@points(1)
@pytest.mark.parametrize("config, batch_seq", CONFIGS[1:], ids=IDS[1:])
def test_batch_items_independent(solution, config, batch_seq, rng):
    """each sequence's logits are the same whether it is run alone or in a batch"""
    build = _builder(config, rng)
    model = build(solution)
    tokens = _tokens(rng, config[0], batch_seq)
    together = model.forward(tokens.copy())
    for i in range(batch_seq[0]):
        expect_close(together[i:i + 1], model.forward(tokens[i:i + 1].copy()), atol=1e-10,
                     what=f"the logits of sequence {i} in a batch of {batch_seq[0]} (compared with running it alone)")


# ---- contracts ----------------------------------------------------------------------------------

globals().update(declare(opt_out={
    "input not mutated": "tokens are integers the model only indexes with; no in-place step is natural",
    "repeated calls": "forward keeps no state; test_batch_items_independent calls one model repeatedly",
    "constructor arguments": "the constructor is given and has no argument with a default",
    "inputs as given": "tokens are the only input, tried in several batch and sequence sizes",
    "types as stated": "the statement states no dtype",
    "validation as stated": "the statement asks for no error",
    "extremes": "the parts are given; the stack only wires them",
    "weights distinct": "the parts are given; the checks set every weight",
}))
