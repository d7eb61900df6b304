"""Exercise 13.7: BERT versus GPT (reference answers)."""

BERT = {"objective": "d", "architecture": "a", "fine_tuning": "c", "uses": "b"}
GPT = {"objective": "a", "architecture": "c", "fine_tuning": "b", "uses": "a"}

REFLECTION = (
    "BERT: masked-token prediction, encoder-only and bidirectional, fine-tuned with a task head, used to read "
    "and label text. GPT: next-token prediction, decoder-only and causal, prompted or instruction-tuned, used "
    "to write text."
)


# ---- known mistakes: none declared; each wrong entry fails with its own explanation -----------------

MISTAKES = ()
