"""The questions of 13.7: BERT and GPT, each a dict mapping four aspects to the letter of an option.

Each (model, aspect) entry is graded as one choice; the explanations depend on the model, so a wrong
letter for BERT and the same letter for GPT can fail for different reasons.
"""

from kata.choices import Choice

MODELS = ("BERT", "GPT")

OPTIONS = {
    "objective": {
        "a": "Next-token prediction: predict each token from the tokens before it, left to right (causal "
             "language modelling), on plain unlabelled text.",
        "b": "Translation: map a source sentence to its translation in another language, learned from "
             "millions of pairs of parallel sentences.",
        "c": "Contrastive matching: pull images and their captions together in a shared embedding space, and "
             "push the mismatched image-caption pairs of a batch apart.",
        "d": "Masked language modelling: hide about 15% of the tokens and predict them from the words on both "
             "sides (with next-sentence prediction, originally).",
    },
    "architecture": {
        "a": "Encoder-only: a stack with bidirectional self-attention, where every token sees every other "
             "token.",
        "b": "Encoder-decoder: an encoder stack and a decoder stack, joined by cross-attention from the "
             "decoder.",
        "c": "Decoder-only: a stack with causal self-attention, where each token sees only the tokens before "
             "it.",
    },
    "fine_tuning": {
        "a": "None: the pre-trained weights cannot be adapted to a new task, so the model is only ever used "
             "frozen, exactly as pre-training left it, whatever the task.",
        "b": "Prompting: describe the task or show a few examples in the input (or tune on instructions "
             "written as text); the answer comes out as generated text.",
        "c": "A small task head on the [CLS] or per-token outputs, and the whole network fine-tuned on "
             "labelled examples of the task.",
    },
    "uses": {
        "a": "Producing text: completion, dialogue, code and summaries, written one token at a time from left "
             "to right.",
        "b": "Understanding text: classification, named-entity tagging, extractive question answering, "
             "sentence embeddings.",
        "c": "Speech recognition: turning recorded audio into a written transcript, reading the sound wave "
             "sample by sample.",
    },
}

ANSWERS = {
    "BERT": {"objective": "d", "architecture": "a", "fine_tuning": "c", "uses": "b"},
    "GPT": {"objective": "a", "architecture": "c", "fine_tuning": "b", "uses": "a"},
}

# why[model][aspect][letter]: what a learner reads after picking that letter
WHY = {
    "BERT": {
        "objective": {
            "a": "that is GPT's objective; BERT predicts hidden tokens from both sides, which a left-to-right "
                 "objective could not train.",
            "b": "translation on parallel text is the original encoder-decoder Transformer's task; BERT "
                 "pre-trains on plain text, with no labels.",
            "c": "contrastive image-text matching is CLIP's objective; BERT reads text only.",
            "d": "right: BERT is a masked language model (Devlin et al., 2019, section 3.1); seeing both "
                 "sides is what makes its representations bidirectional.",
        },
        "architecture": {
            "a": "right: BERT is encoder-only, with no causal mask; every token attends to the whole input.",
            "b": "BERT has no decoder and no cross-attention: it is the Transformer's encoder alone.",
            "c": "a causal mask would stop a token from seeing the words after it, which masked language "
                 "modelling needs.",
        },
        "fine_tuning": {
            "a": "fine-tuning all of BERT's weights on the target task is exactly how it is used.",
            "b": "BERT does not generate text, so it cannot answer a prompt in words; prompting is how GPT-2 and "
                 "GPT-3 are used.",
            "c": "right: a classifier on [CLS] (or a tagger on every token), trained with the whole encoder on "
                 "labelled data (Devlin et al., 2019, section 3.2).",
        },
        "uses": {
            "a": "BERT has no left-to-right decoder, so it is poor at writing text token by token.",
            "b": "right: BERT's bidirectional representations suit tasks that read and label text.",
            "c": "BERT reads text tokens; speech recognition needs a model of audio (wav2vec, Whisper).",
        },
    },
    "GPT": {
        "objective": {
            "a": "right: causal language modelling, the same thing it does at generation time.",
            "b": "GPT pre-trains on plain text with no parallel pairs; translation is at most one thing it can "
                 "be prompted to do.",
            "c": "contrastive image-text matching is CLIP's objective; GPT models text as a sequence of tokens.",
            "d": "that is BERT's objective; GPT is trained to predict the next token from the ones before it.",
        },
        "architecture": {
            "a": "without a causal mask each token could see the token it must predict, and the model could "
                 "not generate.",
            "b": "GPT drops the encoder and the cross-attention: it is a decoder stack alone.",
            "c": "right: decoder-only, with a causal mask so that training matches left-to-right generation.",
        },
        "fine_tuning": {
            "a": "GPT models are adapted all the time: by prompting, and by fine-tuning on instructions or "
                 "preferences.",
            "b": "right: GPT-2 and GPT-3 are steered by the prompt, zero- or few-shot (Radford et al., 2019; "
                 "Brown et al., 2020), or tuned on instructions, and answer in generated text.",
            "c": "that is how GPT-1 (2018) was adapted: a linear head, the whole model fine-tuned (Radford et "
                 "al., 2018). GPT-2 and GPT-3, the models asked about here, were used through the prompt with "
                 "no task head.",
        },
        "uses": {
            "a": "right: a left-to-right model is a text generator: completion, chat, code.",
            "b": "GPT can be prompted to classify, but these reading tasks are where encoders like BERT are "
                 "the usual, cheaper choice; GPT's native use is generation.",
            "c": "GPT-2 and GPT-3 read and write text tokens; speech recognition needs a model of audio.",
        },
    },
}

LABELS = {"BERT": "BERT", "GPT": "GPT-2 and GPT-3"}  # GPT-1 was fine-tuned with a head, like BERT

QUESTIONS = {
    "objective": "{model}'s pre-training objective",
    "architecture": "{model}'s architecture",
    "fine_tuning": "how {model} is adapted to a task",
    "uses": "{model}'s typical uses",
}

ENTRIES = tuple(
    (model, aspect, Choice(name=f'{model}["{aspect}"]', question=QUESTIONS[aspect].format(model=LABELS[model]) + ".",
                           options=OPTIONS[aspect], answer=ANSWERS[model][aspect], why=WHY[model][aspect]))
    for model in MODELS for aspect in OPTIONS
)  # (model, aspect, the choice that grades BERT[aspect] or GPT[aspect])

CHOICES = tuple(choice for _, _, choice in ENTRIES)
