"""Exercise 6.8: the full Transformer stack, tokens in, logits out.

`kata show 6.8` prints the statement; `kata check 6.8` grades this file.
Every part is given (kata.parts); your job is `forward`.
"""

import numpy as np

from kata.parts import Embedding, Linear, PositionalEncoding, TransformerBlock, causal_mask


class Transformer:
    def __init__(self, vocab_size, d_model, n_heads, n_layers, d_ff, max_len):
        self.embed = Embedding(vocab_size, d_model)
        self.pos_embed = PositionalEncoding(max_len, d_model)
        self.layers = [
            TransformerBlock(d_model, n_heads, d_ff)
            for _ in range(n_layers)
        ]
        self.output = Linear(d_model, vocab_size)

    def forward(self, tokens):
        """tokens: ints of shape (batch, seq) -> logits of shape (batch, seq, vocab_size).

        A decoder: the logits at position t may depend only on tokens 0..t.
        """
        # TODO: embed the tokens, add the positional encoding, run every block in turn
        # with a causal mask, then project to the vocabulary.
        raise NotImplementedError("Transformer.forward")

    __call__ = forward
