"""Exercise 13.10: exact attention in O(n) memory, tiled over the keys with an online softmax."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.10",
        title="Tiled attention with an online softmax (FlashAttention's trick)",
        track="13",
        kind="implement",
        framework="numpy",
        points=16,
        package=__name__,
        after=("13.9",),
        why_it_matters=(
            "This online softmax is the core of FlashAttention (Dao et al., 2022), the kernel PyTorch's "
            "scaled_dot_product_attention uses on recent GPUs."
        ),
        time_limit=60,
        hints=(
            "Loop over the keys in slices `K[..., j:j + block, :]` (and the same rows of V), "
            "`for j in range(0, n_k, block)`: the last slice is shorter when block does not divide n_k, and "
            "slicing past the end is harmless. Per query row keep three things: the largest score seen so far "
            "`m`, the sum of exponentials `l`, and the unnormalised output `acc`.",
            "Softmax does not change when every score of a row is shifted by the same constant, so use the "
            "running maximum as that constant. Start with `m = -inf`, `l = 0`, `acc = 0`; each block gives "
            "scores `S = (Q / sqrt(d)) @ K_block^T` of shape (n_q, block) only.",
            "When a block raises the maximum from `m` to `m_new = maximum(m, S.max(-1))`, everything summed so "
            "far was computed with exponentials relative to the old `m`: multiply BOTH `l` and `acc` by "
            "`exp(m - m_new)` before adding the new block (at the first block this factor is exp(-inf) = 0).",
            "Per block: `m_new = np.maximum(m, S.max(-1, keepdims=True))`; `c = np.exp(m - m_new)`; "
            "`P = np.exp(S - m_new)`; `l = l * c + P.sum(-1, keepdims=True)`; `acc = acc * c + P @ V_block`; "
            "`m = m_new`. After the loop return `acc / l`.",
        ),
        mistakes=("stale max", "accumulators not rescaled", "output accumulator not rescaled",
                  "full score matrix materialised", "last partial block dropped", "no 1/sqrt(d) scale",
                  "running max starts at 0", "Q scaled in place"),
        model_answer=(
            "Softmax only needs, per query row, the maximum (for stability) and the sum of exponentials "
            "(for normalisation), and both can be built incrementally: process the keys block by block, keep "
            "a running max m, a running sum l and an unnormalised output acc, and when a new block raises the "
            "max rescale l and acc by exp(m_old - m_new). At the end acc / l is exactly softmax(QK^T/sqrt(d))V "
            "(the same sums, in another order: equal up to rounding). Only O(n) row statistics, the output and "
            "one tile of scores exist at any time; the n x n matrix is never stored. FlashAttention also tiles "
            "the queries so the tiles fit in on-chip SRAM, and recomputes them in the backward pass instead of "
            "storing them."
        ),
    ))
