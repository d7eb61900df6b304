"""Public path kept for check modules and packs; the code lives in
kata.checking.declaration and kata.checking.contracts."""

from __future__ import annotations

from kata.checking.declaration import FUNCTION_OF_NUMBERS, KINDS, Contract, Declaration, Inputs, declare
from kata.checking.contracts import (constructor_arguments, dtype_kept, every_weight_matters, extremes,
                                     input_not_mutated, inputs_as_given, probe, repeated_calls, validation,
                                     weights_distinct)

__all__ = ["FUNCTION_OF_NUMBERS", "KINDS", "Contract", "Declaration", "Inputs", "declare",
           "constructor_arguments", "dtype_kept", "every_weight_matters", "extremes", "input_not_mutated",
           "inputs_as_given", "probe", "repeated_calls", "validation", "weights_distinct"]
