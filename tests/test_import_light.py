"""Everyday commands stay cheap: `import cli`, the registry and the light verbs import no numpy, torch or pytest.

Each check runs in a fresh interpreter, since this test process has imported all three.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helpers import subprocess_env

HEAVY = ("numpy", "torch", "pytest")

IMPORT_ONLY = """
import json, sys
import cli
from kata.state.registry import load_registry
registry = load_registry()
assert "6.7" in registry.exercises, sorted(registry.exercises)
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {heavy})))
"""

LIGHT_COMMANDS = """
import json, sys
import cli
codes = {{}}
for argv in {commands}:
    try:
        cli.main(argv, prog_name="kata")
    except SystemExit as exc:
        codes[" ".join(argv)] = exc.code
print(json.dumps({{"codes": codes,
                  "heavy": sorted(m for m in sys.modules if m.split(".")[0] in {heavy})}}))
"""


def _run(code: str, cwd: Path) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=subprocess_env(), capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_import_cli_and_load_registry_import_no_numpy_torch_pytest(tmp_path: Path) -> None:
    heavy = json.loads(_run(IMPORT_ONLY.format(heavy=set(HEAVY)), tmp_path))
    assert heavy == [], f"`import cli` + load_registry() imported {heavy}"


def test_light_commands_import_no_numpy_torch_pytest(tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    commands = [["--help"], ["--workspace", ws, "list"], ["--workspace", ws, "list", "--json"],
                ["--workspace", ws, "show", "6.7"], ["--workspace", ws, "start", "6.7"],
                ["--workspace", ws, "hint", "6.7"], ["--workspace", ws, "progress"],
                ["--workspace", ws, "progress", "--json"], ["plugins"], ["--workspace", ws, "show", "6.70"],
                ["--workspace", ws, "next", "--show"], ["--workspace", ws, "next", "--json"]]
    out = json.loads(_run(LIGHT_COMMANDS.format(commands=commands, heavy=set(HEAVY)), tmp_path))
    assert out["heavy"] == [], f"the light commands imported {out['heavy']}"
    unexpected = {argv: code for argv, code in out["codes"].items() if code not in (0, None)}
    assert unexpected == {f"--workspace {ws} show 6.70": 2}, out["codes"]
    assert (tmp_path / "ws" / "stage6" / "stage6_07_layer_norm.py").is_file()
