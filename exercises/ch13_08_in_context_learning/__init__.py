"""Exercise 13.8: in-context learning: what it is, why it surprised, where it happens."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.8",
        title="In-context learning",
        track="13",
        kind="concept",
        framework="python",
        points=3,
        package=__name__,
        after=("13.7",),
        time_limit=20,
        hints=(
            "Ask what changes between two calls to the model, one with examples in the prompt and one "
            "without: the weights, or only the input?",
            "Nobody designed GPT-3 to learn from a prompt: it was trained to predict the next token. What "
            "does that make the ability, and what does it spare you for each new task?",
            "A forward pass has one way to let a later token use an earlier one: attention. That is where the "
            "demonstrations act.",
        ),
        mistakes=(),  # pure choices: every wrong option fails with its own explanation
        model_answer=(
            "In-context learning is a pre-trained model performing a task it is shown in its prompt, by "
            "instructions or a few input-output examples, without any update to its weights: the "
            "demonstrations act through attention in the forward pass and are forgotten once they leave the "
            "context. It is remarkable because nobody trained for it: it emerged from next-token prediction on "
            "diverse text and grew stronger with scale (GPT-3), so one frozen model can do many tasks without "
            "a labelled data set and a fine-tuning run for each."
        ),
    ))
