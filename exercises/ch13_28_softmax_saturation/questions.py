"""The choice question of 13.28 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHY_SATURATION_HURTS",
        question="Without the scale, a large d_k makes the attention weights nearly one-hot. Why does that hurt "
                 "training?",
        options={
            "a": "The softmax Jacobian diag(p) - p p^T goes to zero as p becomes one-hot, so almost no gradient "
                 "reaches the scores, nor through them W_q and W_k.",
            "b": "exp overflows for the large scores, so the weights become inf / inf = NaN in float32, and a "
                 "single NaN in the batch ruins every gradient of the step.",
            "c": "The attention output's variance grows with d_k as the weights sharpen, so the next layer "
                 "receives inputs of size sqrt(d_k) and its activations blow up.",
            "d": "It does not hurt: one-hot attention is hard attention, which picks a single key and learns "
                 "just as well, only with sharper and more readable patterns.",
        },
        answer="a",
        why={
            "a": "right: with p one-hot, p_i (1 - p_i) and p_i p_j are all 0, so the gradient with respect to every "
                 "score vanishes and the query and key projections stop learning.",
            "b": "a stable softmax subtracts the row maximum first, so nothing overflows; the weights are finite "
                 "and still saturated. The problem survives exact arithmetic.",
            "c": "the output is a convex combination of value vectors, so its size is bounded by theirs whatever "
                 "the weights; saturation changes which values are mixed, not their scale.",
            "d": "a one-hot softmax is flat: small changes of the scores do not change the output, so gradient "
                 "descent gets no signal about which key should win.",
        },
    ),
)
