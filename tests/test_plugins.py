"""Exercise packs from the entry-point group ``kata``: loading, isolation of broken packs, the switches.

Packs are real (tiny) distributions: a ``*.dist-info`` folder with an ``entry_points.txt`` and a package,
written into a tmp folder on sys.path by the ``packs`` fixture, so discovery goes through importlib.metadata
exactly as for an installed pack.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import Kata, Packs
from helpers import assert_plain
from kata.state.plugins import BUILTIN, PluginLoadError, load_plugins
from kata.state.registry import load_registry

BROKEN_INIT = "raise ImportError('kata_brokenpack needs the module frobnicate, which is not installed')\n"

RAISING_INIT = '''
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    raise RuntimeError("this pack's metadata is broken")
'''


def _ids(kata: Kata, **kwargs) -> list[str]:
    return [row["id"] for row in kata.json("list", **kwargs)]


def test_a_pack_is_loaded_listed_and_owns_its_exercise(packs: Packs, kata: Kata) -> None:
    packs.add_exercise_pack()
    registry = load_registry()
    assert registry.owner["ta.901"] == "good"
    assert registry.owner["6.7"] == BUILTIN
    listed = kata.json("plugins")
    assert {"name": "good", "distribution": "kata-goodpack 0.1.0", "exercises": ["ta.901"]} in listed
    builtin = next(p for p in listed if p["name"] == BUILTIN)
    assert "6.7" in builtin["exercises"] and builtin["distribution"] == "transformer-kata"
    assert {"6.7", "ta.901"} <= set(_ids(kata))


def test_plugins_human_output_lists_the_packs(packs: Packs, kata: Kata) -> None:
    packs.add_exercise_pack()
    result = kata("plugins")
    assert result.exit_code == 0
    assert "kata-goodpack 0.1.0" in result.stdout and "ta.901" in result.stdout


def test_a_broken_pack_warns_naming_its_distribution_and_the_rest_load(packs: Packs, kata: Kata) -> None:
    packs.add_exercise_pack()
    packs.add("kata-broken-pack", "broken", "kata_brokenpack", BROKEN_INIT)
    loaded = load_plugins()
    assert "good" in loaded.info and "broken" not in loaded.info
    [warning] = loaded.warnings
    assert "kata-broken-pack 0.1.0" in warning and "frobnicate" in warning

    result = kata("list", "--json")
    assert result.exit_code == 0
    assert "kata: warning:" in result.stderr and "kata-broken-pack" in result.stderr
    assert_plain(result.stderr)
    assert '"ta.901"' in result.stdout and '"6.7"' in result.stdout


def test_a_pack_whose_hook_raises_warns_and_the_rest_load(packs: Packs, kata: Kata) -> None:
    packs.add_exercise_pack()
    packs.add("kata-raising-pack", "raising", "kata_raisingpack", RAISING_INIT)
    registry = load_registry()
    assert "ta.901" in registry.exercises and "6.7" in registry.exercises
    assert any("'raising'" in w and "metadata is broken" in w for w in registry.plugins.warnings)
    result = kata("list")
    assert result.exit_code == 0 and "raising" in result.stderr and "ta.901" in result.stdout


@pytest.mark.parametrize("init", [BROKEN_INIT, RAISING_INIT], ids=["import fails", "hook raises"])
def test_strict_plugins_makes_a_broken_pack_fatal(packs: Packs, kata: Kata, init: str) -> None:
    packs.add_exercise_pack()
    packs.add("kata-broken-pack", "broken", "kata_brokenpack", init)
    with pytest.raises(PluginLoadError, match="broken"):
        load_registry({"KATA_STRICT_PLUGINS": "1"})
    result = kata("list", env={"KATA_STRICT_PLUGINS": "1"})
    assert result.exit_code == 2
    assert result.stderr.startswith("kata: plugin 'broken'")
    assert "KATA_STRICT_PLUGINS=1 makes this fatal" not in result.stderr
    assert_plain(result.stderr)


@pytest.mark.parametrize("value", ["0", "", "false", "no"])
def test_strict_plugins_off_values_only_warn(packs: Packs, value: str) -> None:
    packs.add("kata-broken-pack", "broken", "kata_brokenpack", BROKEN_INIT)
    loaded = load_plugins({"KATA_STRICT_PLUGINS": value})
    assert len(loaded.warnings) == 1


def test_load_plugins_selects_packs(packs: Packs, kata: Kata) -> None:
    packs.add_exercise_pack()
    packs.add_exercise_pack("kata-otherpack", "other", "kata_otherpack", "ta.902")
    packs.add("kata-broken-pack", "broken", "kata_brokenpack", BROKEN_INIT)
    only_good = load_plugins({"KATA_LOAD_PLUGINS": "good"})
    assert set(only_good.info) == {BUILTIN, "good"} and only_good.warnings == []
    assert set(load_plugins({"KATA_LOAD_PLUGINS": " good , other "}).info) == {BUILTIN, "good", "other"}
    assert set(load_plugins({"KATA_LOAD_PLUGINS": ""}).info) == {BUILTIN}
    result = kata("list", "--json", env={"KATA_LOAD_PLUGINS": "other"})
    assert result.exit_code == 0 and result.stderr == ""
    ids = {row["id"] for row in json.loads(result.stdout)}
    assert "ta.902" in ids and "ta.901" not in ids and "6.7" in ids


def test_disable_plugins_skips_packs_and_builtins(packs: Packs, kata: Kata) -> None:
    packs.add_exercise_pack()
    packs.add("kata-broken-pack", "broken", "kata_brokenpack", BROKEN_INIT)
    skipped = load_plugins({"KATA_DISABLE_PLUGINS": "broken"})
    assert skipped.warnings == [] and set(skipped.info) == {BUILTIN, "good"}
    assert _ids(kata, env={"KATA_DISABLE_PLUGINS": "builtin,broken"}) == ["ta.901"]
    assert set(load_plugins({"KATA_DISABLE_PLUGINS": "builtin,good"}).info) == set()


def test_duplicate_ids_are_reported_and_the_first_kept(packs: Packs, kata: Kata) -> None:
    packs.add_exercise_pack()
    packs.add_exercise_pack("kata-copycat", "copycat", "kata_copycat", "ta.901")
    packs.add_exercise_pack("kata-shadow", "shadow", "kata_shadow", "6.7")
    registry = load_registry()
    assert registry.owner["6.7"] == BUILTIN
    assert registry.exercises["6.7"].package == "exercises.stage6_07_layer_norm"
    assert len(registry.duplicates) == 2
    assert any("'6.7'" in d and "builtin" in d and "shadow" in d for d in registry.duplicates)
    first = registry.owner["ta.901"]
    assert any("'ta.901'" in d and first in d for d in registry.duplicates)

    result = kata("plugins", "--json")
    assert result.exit_code == 0
    assert "exercise id '6.7' is declared by both builtin and shadow" in result.stderr
    owners = {p["name"]: p["exercises"] for p in json.loads(result.stdout)}
    assert owners["shadow"] == [] and sorted([owners["good"], owners["copycat"]]) == [[], ["ta.901"]]


def test_verify_reports_duplicate_ids(packs: Packs, kata: Kata) -> None:
    packs.add_exercise_pack()
    packs.add_exercise_pack("kata-copycat", "copycat", "kata_copycat", "ta.901")
    result = kata("verify", "ta.901", "--json")
    assert result.exit_code == 1
    [item] = json.loads(result.stdout)["exercises"]
    assert any("declared by both" in p for p in item["problems"])


def test_an_entry_point_may_name_an_object_in_a_module(packs: Packs) -> None:
    init = ('from kata.hookspecs import hookimpl\nfrom kata.exercise import Exercise\n\n\n'
            'class Pack:\n    @hookimpl\n    def kata_register_exercises(self, register):\n'
            '        register(Exercise(id="ta.903", title="t", track="ta", kind="concept", framework="python",\n'
            '                          points=1, package="kata_objectpack", hints=("h",)))\n\n\nPLUGIN = Pack()\n')
    packs.add("kata-objectpack", "object", "kata_objectpack", init, target="kata_objectpack:PLUGIN")
    registry = load_registry()
    assert registry.owner["ta.903"] == "object"


def test_a_pack_exercise_is_shown_started_graded_and_verified(packs: Packs, kata: Kata, workspace: Path) -> None:
    """The engine serves a pack's exercise like a built-in one: its own statement, stub, reference and checks."""
    packs.add_exercise_pack()
    assert "returns twice" in kata("show", "ta.901").stdout
    started = kata("start", "ta.901")
    target = workspace / "drills" / "kata_goodpack.py"
    assert started.exit_code == 0 and started.stdout.splitlines()[0] == str(target)
    stub_run = kata.json("check", "ta.901", expect=1)
    assert "not implemented yet" in stub_run["checks"][0]["message"]
    target.write_text("def double(x):\n    return 3 * x\n", encoding="utf-8")
    wrong = kata.json("check", "ta.901", expect=1)
    assert "known mistake (tripled)" in wrong["checks"][0]["message"]
    target.write_text("def double(x):\n    return x + x\n", encoding="utf-8")
    assert kata.json("check", "ta.901")["score"] == 2
    verified = kata.json("verify", "ta.901")
    assert verified == {"ok": True, "exercises": [{"id": "ta.901", "ok": True, "problems": [], "runs": 3}]}


def test_entry_point_cache_sees_a_newly_installed_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       packs: Packs) -> None:
    """With the cache on, installing a pack into a folder already on sys.path is still noticed."""
    monkeypatch.delenv("KATA_NO_CACHE")
    others = [p for p in sys.path if p != str(packs.site)]
    # sys.path[0] is the script's own folder; installed packs live in the folders after it
    monkeypatch.setattr(sys, "path", [str(tmp_path / "script-folder"), str(packs.site), *others])
    packs.add_exercise_pack()
    assert "good" in load_plugins().info
    packs.add_exercise_pack("kata-otherpack", "other", "kata_otherpack", "ta.902")
    assert {"good", "other"} <= set(load_plugins().info)
