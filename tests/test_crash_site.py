"""A crash inside the grader's code is reported where it happened, without blaming the learner or a traceback."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import torch

from kata.checking.model_probes import find_stack
from kata.grading.plugin import describe_exception

LEARNER = Path(__file__).parent / "learner_files" / "stage6_mini" / "nanogpt_style.py"


def _learner():
    spec = importlib.util.spec_from_file_location("learner_crash", LEARNER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_crash_in_the_engine_names_the_function_and_the_learner_value_it_used() -> None:
    learner = _learner()
    try:
        find_stack(learner.GPT)  # the class, not a model: the engine's code fails on it
    except TypeError as exc:
        message = describe_exception(exc, str(LEARNER))
    assert "`find_stack` (kata/checking/model_probes.py" in message
    assert "`model` (your GPT)" in message
    assert "not in your file" in message and "Traceback" not in message and "site-packages" not in message


def test_a_crash_in_the_learner_code_still_points_at_the_learner_line() -> None:
    learner = _learner()
    model = learner.GPT(40, 2, 4, 64, 16)
    try:
        model(torch.zeros(2, 3, 4, dtype=torch.long))
    except ValueError as exc:
        message = describe_exception(exc, str(LEARNER))
    assert message.startswith("your code raised ValueError") and "in forward" in message
