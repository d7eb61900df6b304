"""The choice questions of ta.9 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="DECODER_ONLY_MASK",
        question="A decoder-only language model (GPT) is trained on a batch of sequences of different lengths, "
                 "padded to the same T. Which mask does its self-attention use?",
        options={
            "a": "The causal mask only: it already hides the padding, wherever in the sequence the padding is.",
            "b": "A padding mask only: the next-token loss already stops the model from cheating.",
            "c": "No mask: the positional encodings tell each token where the causal future of its sequence starts.",
            "d": "The causal mask combined with a padding mask on the keys.",
        },
        answer="d",
        why={
            "a": "the causal mask hides later positions, not padding. It happens to hide padding that comes after "
                 "the real tokens (right padding), but with left padding, as in batched generation, the fillers "
                 "come first and the causal mask shows them to every real token.",
            "b": "without the causal mask, position t sees token t+1, the very token it must predict: the loss "
                 "drops to nothing during training and generation fails.",
            "c": "positional encodings say where a token is, they do not stop attention from reading the future.",
            "d": "right: causal so that position t cannot see t+1.., and padding so that no token attends to "
                 "the filler positions.",
        },
    ),
    Choice(
        name="ENCODER_ONLY_MASK",
        question="An encoder-only model (BERT) reads a padded batch. Which mask does its self-attention use?",
        options={
            "a": "A padding mask only: every real token sees every real token, in both directions.",
            "b": "The causal mask, as in every transformer, so that no token can read the words after it.",
            "c": "No mask at all: attention is bidirectional, so every token position, padding included, is visible to the softmax.",
            "d": "The causal mask and its mirror image, applied in two separate passes and then averaged.",
        },
        answer="a",
        why={
            "a": "right: bidirectional attention, with padding keys hidden.",
            "b": "a causal mask would forbid BERT from using the right context, which is the point of an "
                 "encoder: it predicts masked tokens from both sides.",
            "c": "bidirectional, yes, but padding positions must still be hidden, or the fillers change every "
                 "real token's representation with the batch's padding.",
            "d": "there is one pass with a full bidirectional view; nothing causal is involved.",
        },
    ),
)
