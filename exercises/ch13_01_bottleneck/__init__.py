"""Exercise 13.1: why one fixed context vector was a bottleneck, and what attention changed."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.1",
        title="The fixed-context bottleneck and attention",
        track="13",
        kind="concept",
        framework="python",
        points=3,
        package=__name__,
        time_limit=20,
        hints=(
            "Picture a 5-word and a 50-word sentence going through the same RNN encoder: what does the decoder "
            "receive in each case, and how big is it?",
            "Attention does not make the summary bigger; it stops summarising. Ask what the decoder keeps from "
            "the encoder, and whether what it reads is the same at every output step.",
            "Nothing is free: if the decoder keeps one vector per input token and scores all of them at every "
            "step, what grows with the input length?",
        ),
        mistakes=(),  # pure choices: every wrong option fails with its own explanation
        model_answer=(
            "An RNN encoder-decoder squeezes the whole source into its last hidden state: a vector of fixed "
            "size d, whatever the length of the input. The longer the sentence, the more has to fit in the "
            "same d numbers, and early words are overwritten by later ones, so quality falls on long inputs. "
            "Attention keeps every encoder state and lets the decoder, at each step, take a softmax-weighted "
            "average of them with weights computed from its current state: a fresh, step-specific context "
            "whose memory grows with the input. The price is that the states must be stored and scored, "
            "n per step (n x m for a whole translation, n^2 for self-attention)."
        ),
    ))
