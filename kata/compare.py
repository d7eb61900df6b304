"""Public path kept for check modules and packs; the code lives in kata.checking.compare and kata.checking.naming."""

from __future__ import annotations

from kata.checking.compare import (FLOAT_ATOL, FLOAT_RTOL, CheckFailure, Mismatch, check, expect_close, expect_raises,
                                   expect_shape, mismatch, np, to_numpy)
from kata.checking.naming import MATCH_SHARE, ROUND_OFF, diagnose, expect_same, known

__all__ = ["FLOAT_ATOL", "FLOAT_RTOL", "CheckFailure", "Mismatch", "check", "expect_close", "expect_raises",
           "expect_shape", "mismatch", "np", "to_numpy", "MATCH_SHARE", "ROUND_OFF", "diagnose",
           "expect_same", "known"]
