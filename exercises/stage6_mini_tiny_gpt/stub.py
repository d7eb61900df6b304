"""Exercise 6.mini: a tiny GPT. `kata show 6.mini` for the statement; `kata run 6.mini` trains it."""

import torch
from torch import nn
from torch.nn import functional as F  # noqa: F401  (you will want softmax and cross-entropy)

# The model `kata run 6.mini` builds (vocab_size comes from the corpus). Limits: n_layer >= 2, n_head >= 2, n_embd >= 64.
CONFIG = dict(n_layer=2, n_head=4, n_embd=128, block_size=64, dropout=0.0)

# The training run: steps, batch size, learning rate.
TRAINING = dict(steps=600, batch_size=32, lr=3e-3)


class GPT(nn.Module):
    def __init__(self, vocab_size, n_layer, n_head, n_embd, block_size, dropout=0.0, norm="pre"):
        super().__init__()
        self.block_size = block_size
        # TODO: tok_emb, pos_emb, blocks (nn.ModuleList; each block's attention exposes n_head as attn.n_head),
        # ln_f, head. norm is "pre" or "post".
        raise NotImplementedError("GPT.__init__")

    def forward(self, idx):
        """idx: (B, T) token ids, T <= block_size -> logits (B, T, vocab_size)."""
        raise NotImplementedError("GPT.forward")

    @torch.no_grad()
    def generate(self, idx, max_new_tokens, temperature=1.0):
        """Append max_new_tokens sampled tokens to idx (B, T), feeding at most block_size tokens back."""
        raise NotImplementedError("GPT.generate")


def param_breakdown(model):
    """Parameter counts: embedding (token + position), attention, mlp, norms, head, total."""
    raise NotImplementedError("param_breakdown")
