"""The choice questions of 13.1 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHY_BOTTLENECK",
        question="In an RNN encoder-decoder without attention, why is the single context vector a bottleneck?",
        options={
            "a": "It is too large: a smaller vector would train faster and lose nothing.",
            "b": "Its size is fixed: a 5-word and a 50-word input must both fit in the same d numbers, so "
                 "detail, above all about early tokens, is lost as inputs get longer.",
            "c": "Gradients cannot flow through a fixed-size vector, so the encoder never learns.",
            "d": "The decoder may read it only once, at its first step, and then forgets it.",
        },
        answer="b",
        why={
            "a": "the problem is capacity, not speed: shrinking the vector makes it worse, and no fixed size is "
                 "enough for arbitrarily long inputs.",
            "b": "right: the capacity of the summary does not grow with the input, which is why translation "
                 "quality of early seq2seq models fell off on long sentences.",
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
            "a": "It makes the context vector several times larger, so more of the sentence fits in it.",
            "b": "At each step the decoder picks exactly one source word and copies its state (a hard alignment).",
            "c": "It removes the encoder: the decoder reads the raw word embeddings directly.",
            "d": "The decoder keeps every encoder state and, at each output step, takes a weighted average of "
                 "them with weights computed from its current state: a different context for every step.",
        },
        answer="d",
        why={
            "a": "a bigger fixed vector is still fixed; attention stops compressing altogether and keeps one "
                 "state per input token.",
            "b": "the weights come from a softmax, so attention is a soft, differentiable mixture that can "
                 "spread over several words; a hard choice could not be trained by backpropagation.",
            "c": "the encoder stays: attention reads the encoder's states, which carry context and word order "
                 "that raw embeddings do not.",
            "d": "right: nothing is squeezed into one vector any more; the decoder looks back at all the "
                 "states, and where it looks changes with what it is producing.",
        },
    ),
    Choice(
        name="WHAT_IT_COSTS",
        question="What does attention pay for removing the bottleneck?",
        options={
            "a": "Nothing: it uses exactly the memory and compute of the fixed-vector model.",
            "b": "It can no longer handle inputs of different lengths.",
            "c": "All the states must be stored and scored: the work and memory of each output step grow with "
                 "the input length (and with its square once every token attends to every other).",
            "d": "The model loses the order of the input words.",
        },
        answer="c",
        why={
            "a": "the decoder now keeps n states instead of one and computes n scores per step, so the cost "
                 "grows with the input.",
            "b": "the opposite: a softmax over however many states there are handles any length; only the "
                 "memory grows.",
            "c": "right: memory that grows with the input costs n scores per step; self-attention, where all n "
                 "tokens attend to all n, pays n^2, the limit of long contexts (exercise 13.9).",
            "d": "over RNN encoder states the order is kept, since each state was computed in sequence; order "
                 "is only lost when attention works on a set with no positions (exercise 13.6).",
        },
    ),
)
