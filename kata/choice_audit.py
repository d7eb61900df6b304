"""Public path kept for authors and the docs; the code lives in kata.authoring.choice_audit (and kata.choices)."""

from __future__ import annotations

from kata.authoring.choice_audit import (JARGON, STRATEGIES, TrackScore, choices_by_track, main, strategy_report,
                                         technicality)
from kata.choices import CLEAR_MARGIN, longest_flag

__all__ = ["CLEAR_MARGIN", "JARGON", "STRATEGIES", "TrackScore", "choices_by_track", "longest_flag", "main",
           "strategy_report", "technicality"]


if __name__ == "__main__":
    main()
