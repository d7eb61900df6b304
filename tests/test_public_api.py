"""Every public name that stubs, checks, references, packs, scripts and the docs use still imports.

Two sources: the names the docs promise (the helper tables of docs/writing-a-pack.md, the README, the
statements), listed here; and every ``from kata... import`` and ``kata.x.y`` reference actually written in
checks/, exercises/, reference/, examples/ and the Markdown, found by reading them. A module that moves keeps
these paths working, or this fails naming the one it broke.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

DOCUMENTED = {
    "kata": ["__version__", "load_ipython_extension", "unload_ipython_extension"],
    "kata.testing": ["points", "expect_same", "expect_close", "expect_function", "expect_raises", "known", "check",
                     "expect_shape", "choice_check", "mutation_checks", "finite_difference", "CheckFailure",
                     "declare", "input_not_mutated", "repeated_calls", "constructor_arguments", "dtype_kept",
                     "validation"],
    "kata.torch_testing": ["forward_and_grads", "random_state", "load_state", "as_tensor"],
    "kata.hookspecs": ["hookimpl", "kata_register_exercises", "kata_register_commands"],
    "kata.exercise": ["Exercise", "solution_text"],
    "kata.choices": ["Choice"],
    "kata.mistakes": ["mistake", "mistakes_of"],
    "kata.choice_audit": ["strategy_report"],
    "kata.registry": ["load_registry"],
    "kata.parts": ["LayerNorm", "softmax", "FeedForward", "MultiHeadAttention", "Embedding", "Linear",
                   "PositionalEncoding", "TransformerBlock", "causal_mask"],
    "kata.debug_models": ["AttentionModel", "build", "KINDS"],
    "kata.gpt": ["GPT", "build_gpt", "run_comparison", "reevaluate", "expect_table", "expect_curves"],
    # the engine's own entry points and the names the tests and the grading child import
    "cli": ["main", "App", "KataGroup"],
    "kata.app": ["App", "USAGE_ERROR", "exercise_argument", "json_option", "workspace_option"],
    "kata.commands": ["main", "KataGroup", "VERBS", "load"],
    "kata.commands.watch": ["command", "Event", "Events", "WatchSession", "first_exercise", "run", "key_events",
                            "file_events"],
    "kata.commands.grade": ["command", "pick_file", "submission_names"],
    "kata.grading.guard": ["Policy", "policy_for", "forbidden_imports", "learner_source", "refusal_message", "arm",
                           "Watch", "tampering_message", "seal", "unseal"],
}

SCANNED = ("checks", "exercises", "reference", "examples")
MARKDOWN_IMPORT = re.compile(r"from (kata(?:\.\w+)*) import ([\w ,]+)")
MARKDOWN_NAME = re.compile(r"`(kata(?:\.\w+)+)")  # a backticked dotted name (not a file such as ~/.../kata.fish)


def _written_imports() -> set[tuple[str, str]]:
    """``(module, name)`` for every import of a kata name in the scanned folders' Python and the Markdown;
    ``name`` is "" for a plain ``import kata.x``."""
    found: set[tuple[str, str]] = set()
    for folder in SCANNED:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").split(".")[0] == "kata":
                    found |= {(node.module, alias.name) for alias in node.names}
                elif isinstance(node, ast.Import):
                    found |= {(alias.name, "") for alias in node.names if alias.name.split(".")[0] == "kata"}
    for path in [ROOT / "README.md", *(ROOT / "docs").glob("*.md"), *(ROOT / "exercises").rglob("*.md")]:
        text = path.read_text(encoding="utf-8")
        for module, names in MARKDOWN_IMPORT.findall(text):
            found |= {(module, name.strip()) for name in names.split(",") if name.strip()}
        found |= {(dotted, "") for dotted in MARKDOWN_NAME.findall(text)}
    return found


def _resolve(dotted: str) -> object:
    """The object a dotted name names: the longest importable module prefix, then attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            target = getattr(target, attribute)
        return target
    raise ModuleNotFoundError(dotted)


PROMISED = sorted({(module, name) for module, names in DOCUMENTED.items() for name in names} | _written_imports())


@pytest.mark.parametrize(("module", "name"), PROMISED, ids=[f"{m}:{n}" if n else m for m, n in PROMISED])
def test_the_public_name_imports(module: str, name: str) -> None:
    target = _resolve(module)
    if name and not hasattr(target, name):  # `from kata import parts` imports the submodule
        assert importlib.util.find_spec(f"{module}.{name}") is not None, f"`from {module} import {name}` fails"


def test_the_scan_found_the_helpers_the_checks_use() -> None:
    written = _written_imports()
    assert ("kata.testing", "points") in written and ("kata.hookspecs", "hookimpl") in written
    assert ("kata.gpt", "reevaluate") in written and ("kata.debug_models.AttentionModel", "") in written
