"""The rooms of the project import in one direction (docs/architecture.md), stay small, and load lazily.

The import contracts are import-linter's, declared in pyproject.toml's ``[tool.importlinter]``; each was seen
to fail when its rule is broken (an engine module importing ``cli`` or a check, a check importing the registry).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import subprocess_env

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 300


def _lint_imports() -> list[str]:
    beside = Path(sys.executable).with_name("lint-imports")
    found = str(beside) if beside.exists() else shutil.which("lint-imports")
    if found:
        return [found]
    # installed without its script on PATH: the same command, from its module
    return [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"]


def test_the_import_contracts_are_kept() -> None:
    done = subprocess.run([*_lint_imports(), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env=subprocess_env(NO_COLOR="1"))
    assert done.returncode == 0, f"an import contract is broken:\n{done.stdout}\n{done.stderr}"


def test_no_engine_module_is_long_and_the_entry_point_is_thin() -> None:
    lengths = {str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
               for path in (ROOT / "kata").rglob("*.py")}
    long = {name: n for name, n in lengths.items() if n > MAX_LINES}
    assert long == {}, f"modules over {MAX_LINES} lines: split them by concern"
    assert len((ROOT / "cli.py").read_text(encoding="utf-8").splitlines()) < 80


LOADED_BY_LIST = """
import json, sys
import cli
try:
    cli.main(["--workspace", sys.argv[1], "list"], prog_name="kata")
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.startswith(("kata.commands", "kata.watching")))))
"""


def test_kata_list_imports_no_other_verb(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", LOADED_BY_LIST, str(tmp_path / "ws")], cwd=tmp_path,
                          env=subprocess_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == ["kata.commands", "kata.commands.list"], done.stderr


def test_every_verb_is_a_module_of_kata_commands() -> None:
    from kata import commands

    on_disk = {path.stem for path in (ROOT / "kata" / "commands").glob("*.py")} - {"__init__"}
    assert on_disk == set(commands.VERBS)
    for verb in commands.VERBS:
        assert commands.load(verb).name == verb
