"""Public path kept for project checks; the code lives in kata.trainer.projects."""

from __future__ import annotations

from kata.trainer.projects import (Corpus, RunContext, corpus_from_meta, expect_curve_png, load_run, make_corpus,
                                   rebuild, run_root)

__all__ = ["Corpus", "RunContext", "corpus_from_meta", "expect_curve_png", "load_run", "make_corpus",
           "rebuild", "run_root"]
