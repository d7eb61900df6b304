"""Exercise 13.24: an encoder-only classifier. `kata show 13.24` for the statement; `kata run 13.24` trains it."""

import math  # noqa: F401  (scaled dot products)

import torch
from torch import nn
from torch.nn import functional as F  # noqa: F401  (softmax)

# Token ids of the special tokens (the vocabulary puts them first).
PAD, UNK, CLS, MASK = 0, 1, 2, 3

# The model `kata run 13.24` builds (vocab_size comes from the data). max_len counts the [CLS] token.
CONFIG = dict(d_model=64, n_head=4, n_layer=2, max_len=32, dropout=0.0)

# Masked-LM pre-training steps, then fine-tuning steps on the labelled reviews.
TRAINING = dict(pretrain_steps=400, finetune_steps=400, batch_size=64, lr=2e-3)


def mlm_mask(tokens, mask_id, vocab_size, generator, special=(PAD, UNK, CLS, MASK), p=0.15):
    """BERT's corruption of token ids (B, T), drawing all randomness from `generator`.

    Select each position whose token is not in `special` with probability p. Of the selected positions,
    80% become mask_id, 10% a random ordinary (non-special) token, 10% stay as they are.
    Returns (inputs, labels): labels hold the original token where selected and -100 everywhere else.
    """
    raise NotImplementedError("mlm_mask")


class Encoder(nn.Module):
    def __init__(self, vocab_size, d_model, n_head, n_layer, max_len, dropout=0.0, pad_id=PAD):
        super().__init__()
        # TODO: token and position embeddings, n_layer blocks of (bidirectional multi-head self-attention + MLP)
        # with residuals and LayerNorms, a final LayerNorm.
        raise NotImplementedError("Encoder.__init__")

    def forward(self, tokens):
        """tokens (B, T) -> states (B, T, d_model). No causal mask; padded keys (tokens == pad_id) get no weight."""
        raise NotImplementedError("Encoder.forward")


class EncoderClassifier(nn.Module):
    def __init__(self, vocab_size, d_model, n_head, n_layer, max_len, n_classes=2, dropout=0.0, pad_id=PAD):
        super().__init__()
        # TODO: self.encoder = Encoder(...), self.mlm_head (d_model -> vocab_size), self.cls_head (d_model -> n_classes)
        raise NotImplementedError("EncoderClassifier.__init__")

    def mlm_logits(self, tokens):
        """(B, T) ids -> (B, T, vocab_size) logits for every position."""
        raise NotImplementedError("EncoderClassifier.mlm_logits")

    def classify(self, tokens):
        """(B, T) ids -> (B, n_classes) logits from the states pooled over the non-padding positions."""
        raise NotImplementedError("EncoderClassifier.classify")

    def forward(self, tokens):
        return self.classify(tokens)
