"""Exercise 13.7: BERT versus GPT, aspect by aspect."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.7",
        title="BERT versus GPT",
        track="13",
        kind="concept",
        framework="python",
        points=8,
        package=__name__,
        after=("ta.9",),
        time_limit=20,
        hints=(
            "Start from the attention mask. One model lets every token see the whole input; the other lets a "
            "token see only what came before it. Which of the two can write text one token at a time?",
            "The objective follows from the mask: if a token can see its neighbours on both sides, predicting "
            "the next token would be trivial, so something else must be hidden and predicted.",
            "BERT: masked tokens, encoder-only, a head fine-tuned on labels, reading tasks. GPT: the next token, "
            "decoder-only, prompts or instruction tuning, writing tasks. Now find those among the options.",
        ),
        mistakes=(),  # pure choices: every wrong entry fails with its own explanation
        model_answer=(
            "BERT is an encoder-only Transformer pre-trained by masked language modelling: about 15% of the "
            "tokens are hidden and predicted from both sides, so its representations are bidirectional. It is "
            "adapted by adding a small head (a classifier on [CLS], a tagger per token) and fine-tuning the "
            "whole network on labelled data, and it shines at reading tasks: classification, tagging, "
            "extractive QA, embeddings. GPT is a decoder-only Transformer with a causal mask, pre-trained to "
            "predict the next token; the same objective is its generation procedure. It is used through "
            "prompts (zero- or few-shot, in-context learning) or instruction tuning, and its native use is "
            "producing text: completion, dialogue, code."
        ),
    ))
