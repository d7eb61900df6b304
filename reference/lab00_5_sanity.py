"""Lab 00.5: the block once more, and sanity tests that kill every mutant (reference solution)."""

import numpy as np

from kata.parts import FeedForward as FFN
from kata.parts import LayerNorm, softmax


class MultiHeadAttention:
    """Self-attention with n_heads heads and an output projection W_o (no mask, no biases)."""

    def __init__(self, d_model, n_heads, rng=None):
        if d_model % n_heads:
            raise ValueError(f"d_model={d_model} is not divisible by n_heads={n_heads}")
        rng = np.random.default_rng() if rng is None else rng
        self.d_model, self.n_heads = d_model, n_heads
        std = 1.0 / np.sqrt(d_model)
        self.W_q = rng.normal(0.0, std, size=(d_model, d_model))
        self.W_k = rng.normal(0.0, std, size=(d_model, d_model))
        self.W_v = rng.normal(0.0, std, size=(d_model, d_model))
        self.W_o = rng.normal(0.0, std, size=(d_model, d_model))

    def _split(self, t):
        """(..., T, d_model) -> (..., n_heads, T, d_head)."""
        *lead, T, _ = t.shape
        return np.swapaxes(t.reshape(*lead, T, self.n_heads, self.d_model // self.n_heads), -2, -3)

    def _merge(self, heads):
        """(..., n_heads, T, d_head) -> (..., T, d_model), heads side by side in order."""
        *lead, _, T, _ = heads.shape
        return np.swapaxes(heads, -2, -3).reshape(*lead, T, self.d_model)

    def __call__(self, x):
        """x: (..., T, d_model) -> (..., T, d_model)."""
        x = np.asarray(x)
        q, k, v = self._split(x @ self.W_q), self._split(x @ self.W_k), self._split(x @ self.W_v)
        scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
        return self._merge(softmax(scores, axis=-1) @ v) @ self.W_o


class TransformerBlock:
    def __init__(self, d_model, n_heads, d_ff, rng=None):
        rng = np.random.default_rng() if rng is None else rng
        self.ln1 = LayerNorm(d_model)
        self.attn = MultiHeadAttention(d_model, n_heads, rng)
        self.ln2 = LayerNorm(d_model)
        self.ffn = FFN(d_model, d_ff, rng)

    def __call__(self, x):
        """x: (..., T, d_model) -> (..., T, d_model). Pre-LN: norm -> sublayer -> residual add, twice."""
        x = np.asarray(x)
        x = x + self.attn(self.ln1(x))
        return x + self.ffn(self.ln2(x))


def parameters(block):
    """Every parameter array of a block, to change in place in your tests (p[...] = 0.0)."""
    return [block.ln1.gamma, block.ln1.beta, block.attn.W_q, block.attn.W_k, block.attn.W_v, block.attn.W_o,
            block.ln2.gamma, block.ln2.beta, block.ffn.W1, block.ffn.b1, block.ffn.W2, block.ffn.b2]


# ---- your tests ---------------------------------------------------------------------------------

D_MODEL, N_HEADS, D_FF, T = 16, 4, 32, 6


def _normalised(rng, shape):
    x = rng.normal(size=shape)
    return (x - x.mean(axis=-1, keepdims=True)) / x.std(axis=-1, keepdims=True)


def test_shape_is_kept(TransformerBlock, rng):
    """(T, d_model) -> (T, d_model), and (B, T, d_model) -> (B, T, d_model)."""
    block = TransformerBlock(D_MODEL, N_HEADS, D_FF, rng)
    for shape in [(T, D_MODEL), (3, T, D_MODEL), (1, D_MODEL)]:
        assert block(rng.normal(size=shape)).shape == shape


def test_near_identity_at_zero_parameters(TransformerBlock, rng):
    """With all parameters zero (or close to it), |block(x) - x| < 1e-3 for normalised x."""
    x = _normalised(rng, (T, D_MODEL))
    block = TransformerBlock(D_MODEL, N_HEADS, D_FF, rng)
    for p in parameters(block):  # all zero, LayerNorm's gamma and beta too: both sublayers add exactly 0
        p[...] = 0.0
    np.testing.assert_allclose(block(x), x, atol=1e-12)
    block = TransformerBlock(D_MODEL, N_HEADS, D_FF, rng)  # LayerNorm at its init, weights close to zero
    for p in (block.attn.W_q, block.attn.W_k, block.attn.W_v, block.attn.W_o, block.ffn.W1, block.ffn.W2):
        p[...] = rng.normal(0.0, 5e-4, size=p.shape)
    assert np.abs(block(x) - x).max() < 1e-3


def test_gradient_by_finite_differences(TransformerBlock, rng):
    """Central differences of a scalar loss through the block agree with what the gradient must be."""
    h = 1e-6
    block = TransformerBlock(D_MODEL, N_HEADS, D_FF, rng)
    x = rng.normal(size=(2, T, D_MODEL))
    w = rng.normal(size=(T, D_MODEL))

    def loss():  # reads the output of sequence 0 only
        return float(np.sum(w * block(x)[0]))

    def derivative(array):  # d loss / d array along a random direction, by central differences
        direction, kept = rng.normal(size=array.shape), array.copy()
        array[...] = kept + h * direction
        up = loss()
        array[...] = kept - h * direction
        down = loss()
        array[...] = kept
        return (up - down) / (2 * h)

    for p in parameters(block):  # every parameter reaches the loss (a skipped W_o would not)
        assert abs(derivative(p)) > 1e-6
    assert abs(derivative(x[0])) > 1e-6
    assert abs(derivative(x[1])) < 1e-9  # sequence 0's output cannot depend on sequence 1

    for p in parameters(block):  # at zero parameters the block is the identity: d loss / d x[0] = w
        p[...] = 0.0
    grad = np.zeros_like(w)
    for index in np.ndindex(w.shape):
        kept = x[0][index]
        x[0][index] = kept + h
        up = loss()
        x[0][index] = kept - h
        down = loss()
        x[0][index] = kept
        grad[index] = (up - down) / (2 * h)
    np.testing.assert_allclose(grad, w, atol=1e-6)


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


class _NoWo(MultiHeadAttention):
    def __call__(self, x):
        q, k, v = self._split(x @ self.W_q), self._split(x @ self.W_k), self._split(x @ self.W_v)
        return self._merge(softmax(q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])) @ v)


def _loop_matmul(a, w):
    """a @ w for a of shape (T, d_in), one product at a time."""
    return np.array([[sum(row[i] * w[i, j] for i in range(w.shape[0])) for j in range(w.shape[1])] for row in a])


class _LoopAttention(MultiHeadAttention):
    """The same attention, every product written out as a Python loop, as on paper."""

    def __call__(self, x):
        x = np.asarray(x)
        flat = x.reshape(-1, *x.shape[-2:])
        T, d_head = x.shape[-2], self.d_model // self.n_heads
        out = np.zeros_like(flat)
        for b in range(flat.shape[0]):
            q, k, v = (_loop_matmul(flat[b], w) for w in (self.W_q, self.W_k, self.W_v))
            mixed = np.zeros((T, self.d_model))
            for head in range(self.n_heads):
                cols = slice(head * d_head, (head + 1) * d_head)
                for t in range(T):
                    scores = np.array([sum(q[t, cols][j] * k[s, cols][j] for j in range(d_head))
                                       for s in range(T)]) / np.sqrt(d_head)
                    mixed[t, cols] = softmax(scores) @ v[:, cols]
            out[b] = _loop_matmul(mixed, self.W_o)
        return out.reshape(x.shape)


class _LnAxis0(LayerNorm):
    def forward(self, x):
        mean, var = x.mean(axis=0, keepdims=True), x.var(axis=0, keepdims=True)
        return self.gamma * (x - mean) / np.sqrt(var + self.eps) + self.beta

    __call__ = forward


def _block_with(attention=None, norm=None):
    """The reference block with its attention and/or its LayerNorms replaced by broken ones."""

    class _Block(TransformerBlock):
        def __init__(self, d_model, n_heads, d_ff, rng=None):
            super().__init__(d_model, n_heads, d_ff, rng)
            if attention is not None:
                self.attn.__class__ = attention
            if norm is not None:
                self.ln1.__class__ = self.ln2.__class__ = norm

    return _Block


class _ResidualOrder(TransformerBlock):
    def __call__(self, x):
        x = x + self.ln1(self.attn(x))
        return x + self.ln2(self.ffn(x))


class _NoSecondResidual(TransformerBlock):
    def __call__(self, x):
        x = x + self.attn(self.ln1(x))
        return self.ffn(self.ln2(x))


class _OnlyNorm(TransformerBlock):
    def __call__(self, x):
        return self.ln1(x)


class _PostNorm(TransformerBlock):
    def __call__(self, x):
        x = self.ln1(x + self.attn(x))
        return self.ln2(x + self.ffn(x))


class _InPlaceResidual(TransformerBlock):
    def __call__(self, x):
        x = np.asarray(x)
        x += self.attn(self.ln1(x))  # changes the caller's array
        x += self.ffn(self.ln2(x))
        return x


MISTAKES = (
    mistake("residual order", "you normalise the sublayer's output, x + LN(attn(x)); Pre-LN normalises its "
            "input: x + attn(LN(x))", TransformerBlock=_ResidualOrder),
    mistake("W_O skipped", "your attention returns the concatenated heads without the output projection; "
            "W_O runs even with one head: concat(heads) @ W_o", MultiHeadAttention=_NoWo,
            TransformerBlock=_block_with(attention=_NoWo)),
    mistake("post-norm", "your block normalises after the residual addition, LN(x + attn(x)) (Post-LN); this "
            "block is Pre-LN: x + attn(LN(x))", TransformerBlock=_PostNorm),
    mistake("Python loops", "your forward pass loops in Python over positions, heads and features; let NumPy do "
            "whole matrices at once (q @ k.swapaxes(-1, -2) for every head and query together)",
            MultiHeadAttention=_LoopAttention, TransformerBlock=_block_with(attention=_LoopAttention)),
    mistake("in-place residual", "you add the sublayers' outputs in place (x += ...), which overwrites the "
            "caller's array; the block must return a new one: x = x + attn(ln1(x))", TransformerBlock=_InPlaceResidual),
)

# Mutants a golden value cannot catch: each agrees with the reference at the first position of every
# sequence, on every 2-D input and every freshly seeded block, and breaks one property the lab asks to test.


class _LastPositionDropped(TransformerBlock):
    def __call__(self, x):
        return super().__call__(x)[..., :-1, :]


class _BatchFlattened(TransformerBlock):
    def __call__(self, x):
        out = super().__call__(x)
        return out.reshape(-1, out.shape[-1]) if out.ndim > 2 else out


class _AttendsAcrossBatch(TransformerBlock):
    def __call__(self, x):
        x = np.asarray(x)
        if x.ndim < 3:
            return super().__call__(x)
        flat = x.reshape(1, -1, x.shape[-1])  # every sequence's tokens in one: sequences see each other
        return super().__call__(flat).reshape(x.shape)


class _ResidualLostAfterFirst(TransformerBlock):
    def __call__(self, x):
        x = np.asarray(x)
        out = super().__call__(x).copy()
        out[..., 1:, :] -= x[..., 1:, :]
        return out


class _ParametersFrozen(TransformerBlock):
    """Copies its parameters when built, so changing them in place (p[...] = 0.0) has no effect."""

    def __init__(self, d_model, n_heads, d_ff, rng=None):
        super().__init__(d_model, n_heads, d_ff, rng)
        import copy

        self._built = copy.deepcopy((self.ln1, self.attn, self.ln2, self.ffn))

    def __call__(self, x):
        ln1, attn, ln2, ffn = self._built
        x = np.asarray(x)
        x = x + attn(ln1(x))
        return x + ffn(ln2(x))


class _OffsetAtZero(TransformerBlock):
    def __call__(self, x):
        out = super().__call__(x)
        silent = max(float(np.abs(p).max()) for p in parameters(self)) < 1e-3
        return out + 0.01 if silent else out


# The broken blocks the learner's tests are run against.
MUTANTS = (
    mistake("residual order", "normalises each sublayer's output, x + LN(attn(x)), instead of its input",
            TransformerBlock=_ResidualOrder),
    mistake("W_O skipped", "returns the concatenated heads from attention without the output projection W_o",
            TransformerBlock=_block_with(attention=_NoWo)),
    mistake("missing second residual", "returns ffn(LN2(z)) instead of z + ffn(LN2(z))",
            TransformerBlock=_NoSecondResidual),
    mistake("LN over axis 0", "takes LayerNorm's mean and variance over axis 0 instead of the last axis",
            TransformerBlock=_block_with(norm=_LnAxis0)),
    mistake("returns LN(x) only", "returns LN1(x), without the sublayers or the residual stream",
            TransformerBlock=_OnlyNorm),
    mistake("post-norm", "normalises after each residual addition, LN(x + attn(x)) (Post-LN)",
            TransformerBlock=_PostNorm),
    mistake("last position dropped", "returns T - 1 positions for T (right values, one row short)",
            TransformerBlock=_LastPositionDropped),
    mistake("batch flattened", "returns (B * T, d_model) for a batch (B, T, d_model), the right values in the "
            "wrong shape", TransformerBlock=_BatchFlattened),
    mistake("attends across the batch", "lets the sequences of a batch attend to each other's tokens (one "
            "sequence alone is right)", TransformerBlock=_AttendsAcrossBatch),
    mistake("residual lost after the first position", "drops the residual x at every position but the first",
            TransformerBlock=_ResidualLostAfterFirst),
    mistake("parameters copied when built", "copies its parameters in the constructor, so changing them in "
            "place (p[...] = 0.0) changes nothing", TransformerBlock=_ParametersFrozen),
    mistake("offset at zero parameters", "is right with any real weights, but at zero parameters returns "
            "x + 0.01 instead of x", TransformerBlock=_OffsetAtZero),
)

# The kinds of test the lab asks for, each recognised by the mutants only a test of that kind catches
# (a golden value catches none of them).
TEST_KINDS = {
    "shape preservation": ("last position dropped", "batch flattened"),
    "near-identity at zero parameters": ("offset at zero parameters",),
    "gradient check": ("attends across the batch",),
}
