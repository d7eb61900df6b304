"""The choice questions of ta.9 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="DECODER_ONLY_MASK",
        question="A decoder-only language model (GPT) is trained on a batch of sequences of different lengths, "
                 "padded to the same T. Which mask does its self-attention use?",
        options={
            "a": "The causal mask only: it already hides the padding, wherever the padding is.",
            "b": "The causal mask combined with a padding mask on the keys.",
            "c": "A padding mask only: the next-token loss already stops the model from cheating.",
            "d": "No mask: the positional encodings tell each token where the future starts.",
        },
        answer="b",
        why={
            "a": "the causal mask hides later positions, not padding. It happens to hide padding that comes after "
                 "the real tokens (right padding), but with left padding, as in batched generation, the fillers "
                 "come first and the causal mask shows them to every real token.",
            "b": "right: causal so that position t cannot see t+1.., and padding so that no token attends to "
                 "the filler positions.",
            "c": "without the causal mask, position t sees token t+1, the very token it must predict: the loss "
                 "drops to nothing during training and generation fails.",
            "d": "positional encodings say where a token is, they do not stop attention from reading the future.",
        },
    ),
    Choice(
        name="ENCODER_ONLY_MASK",
        question="An encoder-only model (BERT) reads a padded batch. Which mask does its self-attention use?",
        options={
            "a": "The causal mask, as every transformer does.",
            "b": "No mask at all: attention is bidirectional.",
            "c": "A padding mask only: every real token sees every real token, in both directions.",
            "d": "The causal mask and its mirror image, applied in two passes.",
        },
        answer="c",
        why={
            "a": "a causal mask would forbid BERT from using the right context, which is the point of an "
                 "encoder: it predicts masked tokens from both sides.",
            "b": "bidirectional, yes, but padding positions must still be hidden, or the fillers change every "
                 "real token's representation with the batch's padding.",
            "c": "right: bidirectional attention, with padding keys hidden.",
            "d": "there is one pass with a full bidirectional view; nothing causal is involved.",
        },
    ),
)
