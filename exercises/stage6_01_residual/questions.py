"""The choice questions of 6.1 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHY_IDENTITY_HELPS",
        question="The Jacobian of a residual layer x + f(x) is I + J_f. Why does that keep a 100-layer "
                 "stack trainable?",
        options={
            "a": "Expanding the product of the (I + J_f) gives a sum over paths, one of them the identity, so "
                 "the gradient reaches early layers without crossing any J_f.",
            "b": "I + J_f has every eigenvalue above 1, so each layer multiplies the gradient by a factor "
                 "larger than one and the gradient can only grow with depth, never vanish.",
            "c": "Adding x makes the stack a linear map, and a linear network of any depth passes its gradient "
                 "back unchanged, so nothing can vanish however deep it is.",
            "d": "Adding x rescales each layer's output back to unit norm, which acts like a normalisation of "
                 "the gradient at every layer on its way back to the input.",
        },
        answer="a",
        why={
            "a": "right: prod(I + J_l) = I + sum J_l + (products of two) + ... The plain stack keeps only the "
                 "last term, the product of all 100 Jacobians, which vanishes.",
            "b": "I + J_f can have eigenvalues below 1 (where J_f has negative ones), so some directions still "
                 "shrink. What matters is that one path skips every J_f.",
            "c": "f is still a non-linear tanh layer; only the skip path is linear. The network stays non-linear.",
            "d": "adding x normalises nothing: your grad_norm_through_depth shows the residual gradient "
                 "growing into the hundreds at depth 100.",
        },
    ),
    Choice(
        name="WHY_RESIDUAL",
        question='Why is x + f(x) called a "residual" connection?',
        options={
            "a": "Because x is a leftover copy of the input kept from the forward pass, so that backprop can "
                 "reuse it without recomputing.",
            "b": "Because f is trained to predict the residual error of the previous layer's output against "
                 "the target, as in boosting.",
            "c": "Because the skip carries the residue of the gradient that the layer's weights did not absorb "
                 "back to earlier layers.",
            "d": "Because the block only learns f(x) = H(x) - x: what must be added to its input to get the "
                 "wanted output H(x).",
        },
        answer="d",
        why={
            "a": "keeping activations for backprop is what every layer does; it is not what the name refers to.",
            "b": "the block's output is added to its input, not compared with a target; no loss residual is "
                 "involved (that is boosting, not ResNets).",
            "c": "the name is about the forward function the block learns, not about the gradient.",
            "d": "right: the name (He et al., 2015, 'Deep Residual Learning') says what f learns. If the best "
                 "map is close to the identity, f only has to stay near zero, which is easy to learn.",
        },
    ),
)
