"""The choice questions of 13.1 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHY_BOTTLENECK",
        question="In an RNN encoder-decoder without attention, why is the single context vector a bottleneck?",
        options={
            "a": "Its size is fixed: a 5-word and a 50-word input must both fit in the same d numbers, so "
                 "detail, above all about early tokens, is lost as inputs grow.",
            "b": "It is too large: a vector of that width is slow to compute at every step, and a smaller one "
                 "would train faster while losing nothing of the input sentence.",
            "c": "Gradients cannot flow back through a fixed-size vector, so the encoder receives no training "
                 "signal from the decoder's loss and never learns.",
            "d": "The decoder may read it only once, at its first output step, and then relies on its own "
                 "hidden state, which forgets the source as the output grows.",
        },
        answer="a",
        why={
            "a": "right: the capacity of the summary does not grow with the input, which is why translation "
                 "quality of early seq2seq models fell off on long sentences (Cho et al., 2014; Bahdanau et "
                 "al., 2015).",
            "b": "the problem is capacity, not speed: shrinking the vector makes it worse, and no fixed size is "
                 "enough for arbitrarily long inputs.",
            "c": "the vector is an ordinary differentiable activation and these models are trained end to end; "
                 "the trouble is how much it can hold, not whether gradients pass through it.",
            "d": "many designs feed the context vector to the decoder at every step; it is still a bottleneck, "
                 "because it is the same fixed-size summary each time.",
        },
    ),
    Choice(
        name="WHAT_ATTENTION_CHANGES",
        question="What does attention change in the encoder-decoder?",
        options={
            "a": "It makes the context vector several times wider, in proportion to the longest sentence of the "
                 "training set, so more of each input fits into it.",
            "b": "At each output step the decoder picks exactly one source word and copies that word's encoder "
                 "state into its input: a hard alignment learned from data.",
            "c": "The decoder keeps every encoder state and, at each output step, averages them with weights "
                 "computed from its current state: a new context every step.",
            "d": "It removes the encoder altogether: the decoder reads the raw word embeddings of the source, "
                 "so nothing is lost in a recurrent summary.",
        },
        answer="c",
        why={
            "a": "a bigger fixed vector is still fixed; attention stops compressing altogether and keeps one "
                 "state per input token.",
            "b": "the weights come from a softmax, so attention is a soft, differentiable mixture that can "
                 "spread over several words; a hard choice could not be trained by backpropagation.",
            "c": "right: nothing is squeezed into one vector any more; the decoder looks back at all the "
                 "states, and where it looks changes with what it is producing.",
            "d": "the encoder stays: attention reads the encoder's states, which carry context and word order "
                 "that raw embeddings do not.",
        },
    ),
    Choice(
        name="WHAT_IT_COSTS",
        question="What does attention pay for removing the bottleneck?",
        options={
            "a": "Nothing: it uses exactly the memory and compute of the fixed-vector model, since the weighted "
                 "average has the size of the old context vector.",
            "b": "It can no longer handle inputs of different lengths, because the attention weights form a "
                 "vector with one entry per position of the longest training input.",
            "c": "The model loses the order of the input words, because a weighted average of the encoder "
                 "states is the same whichever order the states come in.",
            "d": "Every state must be stored and scored: each output step's work and memory grow with the input "
                 "length (with its square once all tokens attend to all).",
        },
        answer="d",
        why={
            "a": "the decoder now keeps n states instead of one and computes n scores per step, so the cost "
                 "grows with the input.",
            "b": "the opposite: a softmax over however many states there are handles any length; only the "
                 "memory grows.",
            "c": "over RNN encoder states the order is kept, since each state was computed in sequence and "
                 "already carries its place; order is only lost when attention works on a set with no "
                 "positions (exercise 13.6).",
            "d": "right: memory that grows with the input costs n scores per step; self-attention, where all n "
                 "tokens attend to all n, pays n^2, the limit of long contexts (exercise 13.9).",
        },
    ),
)
