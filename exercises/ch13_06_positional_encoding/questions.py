"""The choice question of 13.6 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHY_POSITIONS",
        question="Why can a transformer not do without positional encoding?",
        options={
            "a": "It can: each word's embedding already tells the model where the word is; positional "
                 "encoding only makes training faster.",
            "b": "Without it the model cannot handle sequences of different lengths.",
            "c": "It marks which tokens matter most, so attention knows where to look.",
            "d": "Attention and the feed-forward layers treat the tokens as a set: reorder them and the outputs "
                 "are merely reordered, so 'dog bites man' and 'man bites dog' look alike. Positional "
                 "encoding gives each token a signal of where it sits, so order can change the result.",
        },
        answer="d",
        why={
            "a": "a token's embedding is a row looked up by its id: the same row wherever the word appears, so "
                 "it holds no position at all (your order_sensitivity of the model without positions is 0).",
            "b": "attention takes a softmax over however many keys there are, so any length works without "
                 "positions; if anything, a table of learned positions is what caps the length.",
            "c": "where to look is decided by content, through q.k; the encoding carries position only, and "
                 "is the same for every sentence at a given position.",
            "d": "right: without positions the model sees a bag of words, so any meaning carried by order is "
                 "invisible; adding position-dependent vectors before the first block breaks the symmetry.",
        },
    ),
)
