"""Checks for 13.6: a model with and without positional encoding, and its order sensitivity."""

import numpy as np
import pytest

from exercises.ch13_06_positional_encoding.questions import CHOICES
from kata.parts import Embedding, PositionalEncoding, TransformerBlock
from kata.testing import CheckFailure, check, choice_check, diagnose, expect_same, mismatch, points

# (vocabulary, d_model, heads, sequence length)
# Measured: make_model written another way (the table indexed directly, PE added first) equals the reference
# bit for bit; the smallest mistake (positions ignored) moves the outputs by 2.2, so 1e-10. order_sensitivity:
# with the difference taken the other way round, 0 vs 3.6 (inverse permutation). Without positions the engine's
# block gives 1.8e-15 over 200 draws (keys summed in another order) against the <= 1e-10 asked; with positions the
# least seen is 1.3 against the > 0.1 asked (positions ignored: 4e-16).
CONFIGS = [(20, 8, 2, 5), (50, 16, 4, 9), (100, 32, 4, 12)]


def _parts(rng, vocab, d_model, heads):
    """Engine parts with weights large enough that attention and the FFN really mix the tokens."""
    embedding = Embedding(vocab, d_model, rng)
    embedding.weight = rng.normal(size=embedding.weight.shape)
    block = TransformerBlock(d_model, heads, 4 * d_model, rng)
    for name in ("W_q", "W_k", "W_v", "W_o"):
        setattr(block.attention, name, rng.normal(scale=1 / np.sqrt(d_model), size=(d_model, d_model)))
    block.ffn.W1 = rng.normal(scale=1 / np.sqrt(d_model), size=block.ffn.W1.shape)
    block.ffn.W2 = rng.normal(scale=1 / np.sqrt(4 * d_model), size=block.ffn.W2.shape)
    return embedding, block, PositionalEncoding(64, d_model)


def _cycle(rng, n):
    """A random n-cycle: a permutation that moves every token."""
    order, perm = rng.permutation(n), np.empty(n, dtype=int)
    perm[order] = np.roll(order, -1)
    return perm


@points(3)
@pytest.mark.parametrize("with_positions", [False, True], ids=["no positions", "sinusoidal positions"])
@pytest.mark.parametrize("config", CONFIGS, ids=str)
def test_make_model_matches_reference(solution, reference, config, with_positions, rng):
    """the model built by make_model matches the reference"""
    vocab, d_model, heads, T = config
    embedding, block, positional = _parts(rng, vocab, d_model, heads)
    tokens = rng.integers(0, vocab, size=T)
    pe = positional if with_positions else None
    expect_same(lambda m: m.make_model(embedding, block, pe)(tokens.copy()), solution, reference, atol=1e-10,
                what=f"make_model(embedding, block, positional={'PE' if pe else None})(tokens of length {T})")


@points(2)
@pytest.mark.parametrize("kind", ["lookup", "running sum"])
@pytest.mark.parametrize("T", [4, 7])
def test_order_sensitivity_matches_reference(solution, reference, kind, T, rng):
    """order_sensitivity matches the reference on an order-blind and an order-aware model"""
    table = rng.normal(size=(30, 6))
    model = (lambda t: table[t]) if kind == "lookup" else (lambda t: np.cumsum(table[t], axis=0))
    tokens, perm = rng.integers(0, 30, size=T), _cycle(rng, T)
    what = f"order_sensitivity({kind} model, tokens={tokens.tolist()}, perm={perm.tolist()})"
    # rtol 1e-9: the value is a difference of float64 sums, exact up to round-off; mistakes change it by O(1)
    problem = mismatch(solution.order_sensitivity(model, tokens.copy(), perm.copy()),
                       reference.order_sensitivity(model, tokens.copy(), perm.copy()), atol=1e-12, rtol=1e-9,
                       what=what)
    if problem:
        # One maximum says little about which mistake made it: name one only from the values the function gives
        # for the model cut down to each token and to each output row alone, so mistakes with one maximum differ.
        probes = [_only_token(model, v) for v in sorted(set(tokens.tolist()))] + [_only_row(model, i) for i in range(T)]

        def rows(module):
            return [module.order_sensitivity(probe, tokens.copy(), perm.copy()) for probe in probes]

        named = diagnose(rows, rows(solution), reference, atol=1e-12, rtol=1e-9)
        raise CheckFailure(f"{problem}.\n{named}" if named else problem)


def _only_token(model, v):
    return lambda tokens: model(tokens) * (np.asarray(tokens) == v)[:, None]


def _only_row(model, i):
    return lambda tokens: model(tokens) * (np.arange(len(tokens)) == i)[:, None]


@points(4)
@pytest.mark.parametrize("with_positions", [False, True], ids=["no positions", "sinusoidal positions"])
@pytest.mark.parametrize("config", CONFIGS + [(40, 16, 2, 10)], ids=str)
def test_order_matters_only_with_positions(solution, config, with_positions, rng):
    """reordering the tokens only reorders the outputs without positions, and changes them with positions"""
    vocab, d_model, heads, T = config
    embedding, block, positional = _parts(rng, vocab, d_model, heads)
    model = solution.make_model(embedding, block, positional if with_positions else None)
    tokens, perm = rng.choice(vocab, size=T, replace=False), _cycle(rng, T)  # distinct tokens: real reorderings
    value = solution.order_sensitivity(model, tokens, perm)
    where = f"order_sensitivity for tokens={tokens.tolist()}, perm={perm.tolist()} is {value:.3g}"
    if with_positions:
        check(value > 0.1, f"with positional encoding, {where}; it should be clearly above 0 (> 0.1): a token "
              "moved elsewhere gets another position vector, so its output should change, not just move")
    else:
        check(abs(value) <= 1e-10, f"without positional encoding, {where}; it should be ~0 (<= 1e-10): with no "
              "positions the model sees a bag of tokens, so a shuffled sentence gives the same rows, shuffled")


test_choices = choice_check(CHOICES)
