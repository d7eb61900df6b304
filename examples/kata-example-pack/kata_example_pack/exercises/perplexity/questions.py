"""The choice question of ex.2 (declarative: no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="UNIFORM_PERPLEXITY",
        question="A model gives every token of a 50,000-word vocabulary the same probability. What is its "
                 "perplexity on any text?",
        options={
            "a": "1: it is never surprised, since every token gets the same probability.",
            "b": "50,000: it is as unsure as a fair choice among 50,000 tokens.",
            "c": "log(50,000), about 10.8: the loss it pays on every single token.",
            "d": "1 / 50,000: the probability it gives to each token of the text.",
        },
        answer="b",
        why={
            "a": "perplexity 1 is a model that puts probability 1 on every right token: the opposite extreme.",
            "b": "right: every loss is log(50,000), the mean is the same, and exp(log(50,000)) = 50,000.",
            "c": "that is the loss (the cross-entropy); perplexity is its exponential.",
            "d": "perplexity is at least 1; 1 / V is the probability, and perplexity is its reciprocal here.",
        },
    ),
)
