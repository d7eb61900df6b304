"""Public path kept for experiments and checks; the code lives in kata.trainer.sentiment."""

from __future__ import annotations

from kata.trainer.sentiment import (ACLIMDB_PARTS, CLOSERS, CLS, INTENSIFIERS, MASK, NEGATIVE, NEGATORS, OPENERS, PAD,
                                    POSITIVE, SPECIAL_TOKENS, SPLITS, SUBJECTS, UNK, VERBS, SentimentData,
                                    SentimentError, WordVocab, bag_of_words_accuracy, find_aclimdb, fingerprint,
                                    from_source, generate, load_sentiment, read_aclimdb, tokenize)

__all__ = ["ACLIMDB_PARTS", "CLOSERS", "CLS", "INTENSIFIERS", "MASK", "NEGATIVE", "NEGATORS", "OPENERS",
           "PAD", "POSITIVE", "SPECIAL_TOKENS", "SPLITS", "SUBJECTS", "UNK", "VERBS", "SentimentData",
           "SentimentError", "WordVocab", "bag_of_words_accuracy", "find_aclimdb", "fingerprint",
           "from_source", "generate", "load_sentiment", "read_aclimdb", "tokenize"]
