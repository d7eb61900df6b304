"""The choice questions of 13.8 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHAT_IT_IS",
        question="What is in-context learning?",
        options={
            "a": "Fine-tuning the model on a handful of examples with a small learning rate just before it "
                 "answers, so that the update stays small and its general skills are kept.",
            "b": "The model looks the answer up in an internal database of its training examples, retrieving "
                 "the ones whose text matches the prompt most closely.",
            "c": "The model stores the examples from the prompt in its weights as it reads them, so that later "
                 "conversations can draw on them too, without repeating them.",
            "d": "The model picks up a task from instructions or a few input-output examples placed in its "
                 "prompt and performs it on a new input, with no change to its weights.",
        },
        answer="d",
        why={
            "a": "no gradient step is taken: the weights are frozen; everything happens in one forward pass "
                 "over the prompt.",
            "b": "a Transformer has no database of examples to search; it works from its parameters and the "
                 "tokens in its context.",
            "c": "nothing is written to the weights: start a new conversation without the examples and the "
                 "model has forgotten them.",
            "d": "right: the 'training set' is part of the input, and the 'learning' lasts exactly as long as "
                 "the context does (Brown et al., 2020, section 1).",
        },
    ),
    Choice(
        name="WHY_REMARKABLE",
        question="Why was in-context learning (GPT-3, 2020) a remarkable finding?",
        options={
            "a": "Answering from a prompt turned out to be faster than ordinary inference, since the "
                 "demonstrations let the model skip most of its layers for the new input.",
            "b": "Nobody trained it: a model trained only to predict the next token turned out to infer new "
                 "tasks from a few demonstrations, an ability that grew with scale.",
            "c": "It guarantees a correct answer for any task as long as a few worked examples are given, so "
                 "labelled datasets and fine-tuning became unnecessary overnight.",
            "d": "It permanently improves the model each time it is used: every prompt with demonstrations "
                 "leaves the model slightly better at that task for the next user.",
        },
        answer="b",
        why={
            "a": "a long few-shot prompt makes inference slower, not faster: every demonstration is extra "
                 "context to attend over, through every layer.",
            "b": "right: the ability emerged from the plain language-modelling objective rather than being "
                 "trained for, so one frozen model could serve many tasks with no task-specific training.",
            "c": "accuracy depends on the task, the model's size, and even the order and format of the "
                 "examples; few-shot prompting often trails a fine-tuned model.",
            "d": "the weights never change, so nothing is improved for the next use; drop the examples and the "
                 "ability goes with them.",
        },
    ),
    Choice(
        name="WHERE_IT_HAPPENS",
        question="Where does the 'learning' in in-context learning take place?",
        options={
            "a": "In a gradient step that the model computes on the prompt during inference, updating a small "
                 "set of fast weights that are thrown away again once the answer is written.",
            "b": "In the tokenizer, which adds the prompt's new words and label names to the vocabulary, so "
                 "that the model can output each of them as a single token.",
            "c": "In the forward pass: attention lets the new input read the demonstrations earlier in the "
                 "context (induction heads copy what followed a match), so activations carry the task.",
            "d": "Nowhere: the model has simply memorised these very prompts and their answers during "
                 "pre-training, and recognises them when they come again word for word.",
        },
        answer="c",
        why={
            "a": "inference runs no backward pass and updates no parameter; the task is picked up through the "
                 "activations alone.",
            "b": "the vocabulary is fixed when the model is trained; new words are split into known sub-word "
                 "tokens, and that has nothing to do with learning the task.",
            "c": "right: the demonstrations condition the computation through attention; induction heads "
                 "(Olsson et al., 2022) have been found doing this kind of pattern copying.",
            "d": "models do the trick on made-up tasks (new label words, arbitrary mappings) that cannot have "
                 "been in the training data.",
        },
    ),
)
