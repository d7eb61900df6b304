"""Public path kept for torch check modules; the code lives in kata.checking.torch_testing."""

from __future__ import annotations

from kata.checking.torch_testing import as_tensor, forward_and_grads, load_state, parameter_shapes, random_state

__all__ = ["as_tensor", "forward_and_grads", "load_state", "parameter_shapes", "random_state"]
