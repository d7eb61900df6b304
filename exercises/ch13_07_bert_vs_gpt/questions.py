"""The questions of 13.7: BERT and GPT, each a dict mapping four aspects to the letter of an option.

Each (model, aspect) entry is graded as one choice; the explanations depend on the model, so a wrong
letter for BERT and the same letter for GPT can fail for different reasons.
"""

from kata.choices import Choice

MODELS = ("BERT", "GPT")

OPTIONS = {
    "objective": {
        "a": "Masked language modelling: hide about 15% of the tokens and predict them from the words on both "
             "sides (originally with next-sentence prediction too).",
        "b": "Next-token prediction: predict each token from the tokens before it (causal language modelling).",
        "c": "Translation: map a source sentence to its translation, trained on parallel text.",
        "d": "Contrastive matching: pull images and their captions together, push mismatched pairs apart.",
    },
    "architecture": {
        "a": "Encoder-decoder: an encoder stack and a decoder stack joined by cross-attention.",
        "b": "Decoder-only: a stack with causal self-attention, each token sees only the tokens before it.",
        "c": "Encoder-only: a stack with bidirectional self-attention, every token sees every other.",
    },
    "fine_tuning": {
        "a": "Prompting: state the task or show a few examples in the input, or fine-tune on instructions and "
             "answers written as text; the answer comes out as generated text.",
        "b": "A small task head on the [CLS] or per-token outputs, and the whole network fine-tuned on "
             "labelled examples.",
        "c": "None: the pre-trained weights cannot be adapted and are only ever used frozen.",
    },
    "uses": {
        "a": "Producing text: completion, dialogue, code, summaries written token by token.",
        "b": "Generating images from a text description.",
        "c": "Understanding text: classification, named-entity tagging, extractive question answering, "
             "sentence embeddings for search.",
    },
}

ANSWERS = {
    "BERT": {"objective": "a", "architecture": "c", "fine_tuning": "b", "uses": "c"},
    "GPT": {"objective": "b", "architecture": "b", "fine_tuning": "a", "uses": "a"},
}

# why[model][aspect][letter]: what a learner reads after picking that letter
WHY = {
    "BERT": {
        "objective": {
            "a": "right: BERT is a masked language model; seeing both sides is what makes its representations "
                 "bidirectional.",
            "b": "that is GPT's objective; BERT predicts hidden tokens from both sides, which a left-to-right "
                 "objective could not train.",
            "c": "translation on parallel text is the original encoder-decoder Transformer's task; BERT "
                 "pre-trains on plain text, with no labels.",
            "d": "contrastive image-text matching is CLIP's objective; BERT reads text only.",
        },
        "architecture": {
            "a": "BERT has no decoder and no cross-attention: it is the Transformer's encoder alone.",
            "b": "a causal mask would stop a token from seeing the words after it, which masked language "
                 "modelling needs.",
            "c": "right: BERT is encoder-only, with no causal mask; every token attends to the whole input.",
        },
        "fine_tuning": {
            "a": "BERT does not generate text, so it cannot answer a prompt in words; prompting is how GPT-style "
                 "models are used.",
            "b": "right: a classifier on [CLS] (or a tagger on every token), trained with the whole encoder on "
                 "labelled data.",
            "c": "fine-tuning all of BERT's weights on the target task is exactly how it is used.",
        },
        "uses": {
            "a": "BERT has no left-to-right decoder, so it is poor at writing text token by token.",
            "b": "BERT reads and encodes text; it has no way to produce images.",
            "c": "right: BERT's bidirectional representations suit tasks that read and label text.",
        },
    },
    "GPT": {
        "objective": {
            "a": "that is BERT's objective; GPT is trained to predict the next token from the ones before it.",
            "b": "right: causal language modelling, the same thing it does at generation time.",
            "c": "GPT pre-trains on plain text with no parallel pairs; translation is at most one thing it can "
                 "be prompted to do.",
            "d": "contrastive image-text matching is CLIP's objective; GPT models text as a sequence of tokens.",
        },
        "architecture": {
            "a": "GPT drops the encoder and the cross-attention: it is a decoder stack alone.",
            "b": "right: decoder-only, with a causal mask so that training matches left-to-right generation.",
            "c": "without a causal mask each token could see the token it must predict, and the model could "
                 "not generate.",
        },
        "fine_tuning": {
            "a": "right: GPT-style models are steered by the prompt (in-context learning) or tuned on "
                 "instructions, and answer in generated text.",
            "b": "a classification head on [CLS] is the BERT recipe; GPT has no [CLS] token, and large GPTs are "
                 "mostly used through prompts.",
            "c": "GPT models are adapted all the time: by prompting, and by fine-tuning on instructions or "
                 "preferences.",
        },
        "uses": {
            "a": "right: a left-to-right model is a text generator: completion, chat, code.",
            "b": "GPT writes text tokens, not pixels; image generation needs other models.",
            "c": "GPT can be prompted to classify, but these reading tasks are where encoders like BERT are "
                 "the usual, cheaper choice; GPT's native use is generation.",
        },
    },
}

QUESTIONS = {
    "objective": "{model}'s pre-training objective",
    "architecture": "{model}'s architecture",
    "fine_tuning": "how {model} is adapted to a task",
    "uses": "{model}'s typical uses",
}

ENTRIES = tuple(
    (model, aspect, Choice(name=f'{model}["{aspect}"]', question=QUESTIONS[aspect].format(model=model) + ".",
                           options=OPTIONS[aspect], answer=ANSWERS[model][aspect], why=WHY[model][aspect]))
    for model in MODELS for aspect in OPTIONS
)  # (model, aspect, the choice that grades BERT[aspect] or GPT[aspect])

CHOICES = tuple(choice for _, _, choice in ENTRIES)
