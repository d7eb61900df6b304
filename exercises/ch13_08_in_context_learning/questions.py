"""The choice questions of 13.8 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHAT_IT_IS",
        question="What is in-context learning?",
        options={
            "a": "Fine-tuning the model on a handful of examples with a small learning rate, just before it "
                 "answers.",
            "b": "The model picks up a task from instructions or a few input-output examples placed in its "
                 "prompt, and performs it on a new input, with no change to its weights.",
            "c": "The model looks the answer up in a database of its training examples that match the prompt.",
            "d": "The model stores the examples from the prompt in its weights, so later conversations can "
                 "use them too.",
        },
        answer="b",
        why={
            "a": "no gradient step is taken: the weights are frozen; everything happens in one forward pass "
                 "over the prompt.",
            "b": "right: the 'training set' is part of the input, and the 'learning' lasts exactly as long as "
                 "the context does.",
            "c": "a Transformer has no database of examples to search; it works from its parameters and the "
                 "tokens in its context.",
            "d": "nothing is written to the weights: start a new conversation without the examples and the "
                 "model has forgotten them.",
        },
    ),
    Choice(
        name="WHY_REMARKABLE",
        question="Why was in-context learning (GPT-3, 2020) a remarkable finding?",
        options={
            "a": "Because answering from a prompt is faster than ordinary inference.",
            "b": "Because it guarantees a correct answer for any task, as long as a few examples are given.",
            "c": "Because it permanently improves the model each time it is used.",
            "d": "Because nobody trained it: a model trained only to predict the next token turned out to infer "
                 "new tasks from a few demonstrations, an ability that grew with scale, so one frozen model "
                 "could serve many tasks with no task-specific training.",
        },
        answer="d",
        why={
            "a": "a long few-shot prompt makes inference slower, not faster: every demonstration is extra "
                 "context to attend over.",
            "b": "accuracy depends on the task, the model's size, and even the order and format of the "
                 "examples; few-shot prompting often trails a fine-tuned model.",
            "c": "the weights never change, so nothing is improved for the next use; drop the examples and the "
                 "ability goes with them.",
            "d": "right: the ability emerged from the plain language-modelling objective rather than being "
                 "trained for, and it replaced collecting a labelled set and fine-tuning for every task.",
        },
    ),
    Choice(
        name="WHERE_IT_HAPPENS",
        question="Where does the 'learning' in in-context learning take place?",
        options={
            "a": "In the forward pass: attention lets the positions of the new input read the demonstrations "
                 "earlier in the context (for example, heads that find an earlier match of the current "
                 "pattern and copy what followed it), so the activations, not the parameters, carry the task.",
            "b": "In a gradient step that the model computes on the prompt during inference.",
            "c": "In the tokenizer, which adds the prompt's new words to the vocabulary.",
            "d": "Nowhere: the model has simply memorised these very prompts and their answers during "
                 "pre-training.",
        },
        answer="a",
        why={
            "a": "right: the demonstrations condition the computation through attention; mechanisms such as "
                 "induction heads have been found doing this kind of pattern copying.",
            "b": "inference runs no backward pass and updates no parameter; the task is picked up through the "
                 "activations alone.",
            "c": "the vocabulary is fixed when the model is trained; new words are split into known sub-word "
                 "tokens, and that has nothing to do with learning the task.",
            "d": "models do the trick on made-up tasks (new label words, arbitrary mappings) that cannot have "
                 "been in the training data.",
        },
    ),
)
