"""The choice question of 13.6 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHY_POSITIONS",
        question="Why can a transformer without a causal mask (an encoder such as BERT) not do without "
                 "positional encoding?",
        options={
            "a": "It can: each word's embedding already tells the model where the word is, since frequent "
                 "words sit at typical positions; positional encoding only speeds training.",
            "b": "Attention and the feed-forward layers treat the tokens as a set: reorder them and the outputs "
                 "are merely reordered, so 'dog bites man' and 'man bites dog' look alike.",
            "c": "Without it the model cannot handle sequences of different lengths, because attention needs a "
                 "fixed number of token positions to size its softmax over the keys.",
            "d": "It marks which tokens matter most in each sentence, so attention knows where to look first, "
                 "before it has compared any query with any of the keys.",
        },
        answer="b",
        why={
            "a": "a token's embedding is a row looked up by its id: the same row wherever the word appears, so "
                 "it holds no position at all (your order_sensitivity of the model without positions is 0).",
            "b": "right: without a mask and without positions the model sees a bag of words; adding "
                 "position-dependent vectors before the first block breaks the symmetry. A causal mask breaks "
                 "it too: a token can count its prefix, and decoders trained with no positional encoding still "
                 "learn positions (Haviv et al., 2022, 'Transformer Language Models without Positional "
                 "Encodings Still Learn Positional Information').",
            "c": "attention takes a softmax over however many keys there are, so any length works without "
                 "positions; if anything, a table of learned positions is what caps the length.",
            "d": "where to look is decided by content, through q.k; the encoding carries position only, and "
                 "is the same for every sentence at a given position.",
        },
    ),
)
