"""The worked example pack (examples/kata-example-pack) installed for real and driven through `kata`.

The pack is built and installed by pip (offline: no index, no build isolation, setuptools from this
environment) into a folder of the test's own, from a copy of its source so the build leaves nothing in
the repository. Every `kata` runs as a subprocess with that folder on PYTHONPATH and KATA_NO_CACHE=1,
so the entry-point cache can neither hide the pack nor leak it into another test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from helpers import assert_plain, kata_script, subprocess_env

PACK = ROOT / "examples" / "kata-example-pack"
GUIDE = ROOT / "docs" / "writing-a-pack.md"
EXERCISES = {"ex.1": "softmax_temperature", "ex.2": "perplexity"}
MISTAKES = {"ex.1": 4, "ex.2": 4}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the installed pack (package and .dist-info), as site-packages would."""
    base = tmp_path_factory.mktemp("example-pack")
    source, target = base / "src", base / "site"
    shutil.copytree(PACK, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
               "--target", str(target), str(source)]
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=180)
    assert done.returncode == 0, f"pip could not install the example pack:\n{done.stdout}\n{done.stderr}"
    return target


def kata(site: Path, *args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    paths = [str(site), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    full = subprocess_env(PYTHONPATH=os.pathsep.join(paths), KATA_NO_CACHE="1", **(env or {}))
    return subprocess.run([kata_script(), *map(str, args)], capture_output=True, text=True, env=full,
                          stdin=subprocess.DEVNULL, timeout=300)


def kata_json(site: Path, *args: object, expect: int = 0, env: dict[str, str] | None = None):
    done = kata(site, *args, "--json", env=env)
    assert done.returncode == expect, done.stdout + done.stderr
    return json.loads(done.stdout)


def test_the_build_carries_statements_stubs_and_the_entry_point(site: Path) -> None:
    for slug in EXERCISES.values():
        folder = site / "kata_example_pack" / "exercises" / slug
        assert (folder / "statement.md").read_text(encoding="utf-8").strip()
        assert "NotImplementedError" in (folder / "stub.py").read_text(encoding="utf-8")
        assert (site / "kata_example_pack" / "reference" / f"{slug}.py").is_file()
        assert (site / "kata_example_pack" / "checks" / f"{slug}.py").is_file()
    [info] = site.glob("kata_example_pack-*.dist-info")
    entry_points = (info / "entry_points.txt").read_text(encoding="utf-8")
    assert re.search(r"^\[kata\]\s*^example\s*=\s*kata_example_pack\s*$", entry_points, re.M), entry_points


def test_plugins_lists_the_pack_its_distribution_and_exercises(site: Path) -> None:
    listed = kata_json(site, "plugins")
    assert {"name": "example", "distribution": "kata-example-pack 0.1.0", "exercises": ["ex.1", "ex.2"]} in listed
    assert any(p["name"] == "builtin" and "6.7" in p["exercises"] for p in listed)
    human = kata(site, "plugins")
    assert human.returncode == 0 and "kata-example-pack 0.1.0" in human.stdout and "ex.1" in human.stdout


def test_list_shows_the_pack_exercises_beside_the_builtins(site: Path, workspace: Path) -> None:
    rows = {row["id"]: row for row in kata_json(site, "list", "--workspace", workspace)}
    assert "6.7" in rows
    assert rows["ex.1"]["track"] == rows["ex.2"]["track"] == "ex"
    assert rows["ex.1"]["framework"] == "numpy" and rows["ex.2"]["framework"] == "python"
    assert rows["ex.1"]["status"] == "not_started"


def test_verify_proves_the_pack(site: Path) -> None:
    report = kata_json(site, "verify", *EXERCISES, "-j", "2")
    assert report["ok"] is True, report
    for item in report["exercises"]:
        assert item["problems"] == [] and item["runs"] == 2 + MISTAKES[item["id"]], item


def test_start_then_check_in_a_workspace(site: Path, workspace: Path) -> None:
    started = kata(site, "--workspace", workspace, "start", "ex.1")
    assert started.returncode == 0, started.stderr
    learner = workspace / "ex" / "softmax_temperature.py"
    assert str(learner) in started.stdout
    stub = (site / "kata_example_pack" / "exercises" / "softmax_temperature" / "stub.py").read_text(encoding="utf-8")
    assert learner.read_text(encoding="utf-8") == stub

    failed = kata_json(site, "check", "ex.1", "--workspace", workspace, expect=1)
    assert failed["status"] == "fail" and failed["score"] == 0 and failed["max_score"] == 5
    assert "NotImplementedError" in failed["checks"][0]["message"]

    reference = (site / "kata_example_pack" / "reference" / "softmax_temperature.py").read_text(encoding="utf-8")
    correct = reference.partition("# ---- known mistakes")[0]
    learner.write_text(correct, encoding="utf-8")
    passed = kata_json(site, "check", "ex.1", "--workspace", workspace)
    assert passed["status"] == "pass" and passed["score"] == 5

    learner.write_text(correct.replace("np.asarray(logits) / temperature", "np.asarray(logits) * temperature"),
                       encoding="utf-8")
    mistaken = kata(site, "--workspace", workspace, "check", "ex.1")
    assert mistaken.returncode == 1
    assert "known mistake (multiplied by the temperature)" in mistaken.stdout
    assert_plain(mistaken.stdout)

    progress = {row["id"]: row for row in kata_json(site, "list", "--workspace", workspace)}
    assert progress["ex.1"]["status"] != "not_started" and progress["ex.2"]["status"] == "not_started"


def test_a_wrong_choice_is_explained(site: Path, workspace: Path) -> None:
    assert kata(site, "--workspace", workspace, "start", "ex.2").returncode == 0
    learner = workspace / "ex" / "perplexity.py"
    learner.write_text(
        "import math\n\n\ndef perplexity(losses):\n    if not losses:\n        raise ValueError('no tokens')\n"
        "    return math.exp(sum(losses) / len(losses))\n\n\nUNIFORM_PERPLEXITY = 'c'\n", encoding="utf-8")
    result = kata_json(site, "check", "ex.2", "--workspace", workspace, expect=1)
    by_name = {c["name"]: c for c in result["checks"]}
    assert result["score"] == 3 and result["max_score"] == 4
    assert "perplexity is its exponential" in by_name["each multiple-choice answer is right"]["message"]


def test_the_pack_adds_a_command(site: Path) -> None:
    done = kata(site, "example-pack")
    assert done.returncode == 0 and "kata-example-pack 0.1.0" in done.stdout
    assert "example-pack" in kata(site, "--help").stdout


def test_disable_plugins_hides_the_pack(site: Path) -> None:
    off = {"KATA_DISABLE_PLUGINS": "example"}
    ids = {row["id"] for row in kata_json(site, "list", env=off)}
    assert "6.7" in ids and not ids & set(EXERCISES)
    assert "example" not in {p["name"] for p in kata_json(site, "plugins", env=off)}
    unknown = kata(site, "show", "ex.1", env=off)
    assert unknown.returncode == 2 and "Unknown exercise 'ex.1'" in unknown.stderr
    only_builtins = {row["id"] for row in kata_json(site, "list", env={"KATA_LOAD_PLUGINS": ""})}
    assert not only_builtins & set(EXERCISES)
    only_pack = {row["id"] for row in kata_json(site, "list", env={"KATA_DISABLE_PLUGINS": "builtin"})}
    assert only_pack == set(EXERCISES)


def test_the_guide_names_what_exists() -> None:
    """Every helper, fixture and switch the guide documents is in the code under that name."""
    from kata.grading.plugin import GradingPlugin
    from kata.state.plugins import __doc__ as switches
    import kata.testing

    guide = GUIDE.read_text(encoding="utf-8")
    helpers = ("points", "expect_same", "expect_close", "expect_function", "expect_raises", "known", "check",
               "choice_check", "mutation_checks", "finite_difference", "expect_shape")
    for name in helpers:
        assert f"`{name}" in guide and hasattr(kata.testing, name), name
    for fixture in ("solution", "reference", "rng", "workspace", "exercise", "short_mode"):
        assert f"`{fixture}`" in guide and hasattr(GradingPlugin, fixture), fixture
    for switch in ("KATA_LOAD_PLUGINS", "KATA_DISABLE_PLUGINS", "KATA_STRICT_PLUGINS"):
        assert switch in guide and switch in switches, switch
    assert "KATA_NO_CACHE" in guide
    for path in re.findall(r"`(examples/kata-example-pack/[^`\s]+)`", guide):
        assert (ROOT / path).exists(), path


def test_verify_mutants_measures_a_packs_checks(site: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    data = kata_json(site, "verify", "--mutants", "ex.2", "--max-mutants", "3", "--baseline", baseline,
                     "--update-baseline")
    [entry] = data["exercises"]
    assert set(entry) >= {"id", "kind", "mutants", "killed", "equivalent", "survivors", "score", "survivor_details"}
    assert entry["id"] == "ex.2" and entry["mutants"] == 3
    assert entry["killed"] + entry["equivalent"] + entry["survivors"] == 3
    recorded = json.loads(baseline.read_text(encoding="utf-8"))["exercises"]["ex.2"]
    assert recorded["score"] == entry["score"] and recorded["max_mutants"] == 3
