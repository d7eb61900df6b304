"""Exercise 6.8: the full Transformer stack, tokens in, logits out (reference solution)."""

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
        tokens = np.asarray(tokens)
        x = self.pos_embed.forward(self.embed.forward(tokens))
        mask = causal_mask(tokens.shape[-1])
        for layer in self.layers:
            x = layer.forward(x, mask)
        return self.output.forward(x)

    __call__ = forward


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


class _NoMask(Transformer):
    def forward(self, tokens):
        x = self.pos_embed.forward(self.embed.forward(tokens))
        for layer in self.layers:
            x = layer.forward(x)
        return self.output.forward(x)


class _NoPositions(Transformer):
    def forward(self, tokens):
        x = self.embed.forward(tokens)
        mask = causal_mask(tokens.shape[-1])
        for layer in self.layers:
            x = layer.forward(x, mask)
        return self.output.forward(x)


class _NotChained(Transformer):
    def forward(self, tokens):
        h = self.pos_embed.forward(self.embed.forward(tokens))
        mask = causal_mask(tokens.shape[-1])
        x = h
        for layer in self.layers:
            x = layer.forward(h, mask)
        return self.output.forward(x)


class _FirstLayerOnly(Transformer):
    def forward(self, tokens):
        x = self.pos_embed.forward(self.embed.forward(tokens))
        x = self.layers[0].forward(x, causal_mask(tokens.shape[-1]))
        return self.output.forward(x)


class _NoOutput(Transformer):
    def forward(self, tokens):
        x = self.pos_embed.forward(self.embed.forward(tokens))
        mask = causal_mask(tokens.shape[-1])
        for layer in self.layers:
            x = layer.forward(x, mask)
        return x


class _OutputOnEmbedding(Transformer):
    def forward(self, tokens):
        h = self.pos_embed.forward(self.embed.forward(tokens))
        mask = causal_mask(tokens.shape[-1])
        x = h
        for layer in self.layers:
            x = layer.forward(x, mask)
        return self.output.forward(h)


MISTAKES = (
    mistake("no causal mask", "the blocks run without a mask, so every position sees the tokens after it; "
            "build causal_mask(seq) and pass it to each block", Transformer=_NoMask),
    mistake("positional encoding skipped", "the positional encoding is never added, so the model cannot tell "
            "where a token is; apply self.pos_embed to the embeddings", Transformer=_NoPositions),
    mistake("layers not chained", "every block is applied to the embeddings instead of the previous block's "
            "output, so only the last block counts; write x = layer.forward(x, mask)",
            Transformer=_NotChained),
    mistake("only the first layer", "only self.layers[0] is applied; loop over all of self.layers",
            Transformer=_FirstLayerOnly),
    mistake("output projection missing", "you return the last block's output (batch, seq, d_model); apply "
            "self.output to map it to (batch, seq, vocab_size) logits", Transformer=_NoOutput),
    mistake("output applied to the embedding", "self.output is applied to the embeddings, not to the last "
            "block's output, so the blocks have no effect on the logits", Transformer=_OutputOnEmbedding),
)
