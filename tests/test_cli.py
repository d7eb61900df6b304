"""Every verb of the ``kata`` CLI through CliRunner, in a tmp workspace, with the contracts of DESIGN.md."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from conftest import LAYER_NORM_POINTS, Kata
from helpers import assert_plain
from kata.exercise import Exercise

CHECK_KEYS = {"id", "status", "score", "max_score", "checks", "duration_s"}
CHECK_EXTRA_KEYS = {"message", "reflection"}  # beyond DESIGN.md: why an error, the ungraded REFLECTION
CHECK_ITEM_KEYS = {"name", "status", "points", "max_points", "message"}
CHECK_OPTIONAL_KEYS = {"mistake", "grid"}  # the known mistake a failure names; a small visual diff
VERBS = ("list", "show", "start", "check", "hint", "progress", "solution", "reset", "verify", "plugins")


def _backups(workspace: Path) -> list[Path]:
    return sorted((workspace / ".kata" / "backups").glob("*.py"))


def _events(workspace: Path, kind: str) -> list[tuple[str, str]]:
    with sqlite3.connect(workspace / ".kata" / "progress.sqlite3") as conn:
        return conn.execute("SELECT exercise, detail FROM events WHERE kind = ? ORDER BY at", (kind,)).fetchall()


def _row(rows: list[dict], exercise_id: str = "6.7") -> dict:
    return next(r for r in rows if r["id"] == exercise_id)


def _assert_check_shape(data: dict) -> None:
    assert CHECK_KEYS <= set(data) <= CHECK_KEYS | CHECK_EXTRA_KEYS, sorted(data)
    assert data["status"] in ("pass", "fail", "error")
    assert isinstance(data["score"], (int, float)) and isinstance(data["max_score"], (int, float))
    assert isinstance(data["duration_s"], (int, float)) and data["duration_s"] >= 0
    for item in data["checks"]:
        assert CHECK_ITEM_KEYS <= set(item) <= CHECK_ITEM_KEYS | CHECK_OPTIONAL_KEYS, sorted(item)
        assert item["status"] in ("pass", "fail", "error") and isinstance(item["message"], str)
        assert 0 <= item["points"] <= item["max_points"]
    assert data["score"] == pytest.approx(sum(c["points"] for c in data["checks"]))


# ---- help, list, show ---------------------------------------------------------------------------------

def test_help_lists_every_verb(kata: Kata) -> None:
    result = kata("--help")
    assert result.exit_code == 0
    for verb in VERBS:
        assert re.search(rf"^\s+{verb}\s", result.stdout, re.M), verb
    assert kata("--version").stdout.startswith("kata, version ")


def test_list_json_shape(kata: Kata) -> None:
    rows = kata.json("list")
    assert isinstance(rows, list) and rows
    for row in rows:
        assert {"id", "title", "track", "kind", "status"} <= set(row)
        assert row["status"] in ("done", "in_progress", "not_started")
    assert _row(rows) == {**_row(rows), "id": "6.7", "title": "LayerNorm: forward and backward", "track": "6",
                          "kind": "implement", "status": "not_started"}
    assert len({r["id"] for r in rows}) == len(rows)


def test_list_filters_by_track_kind_and_status(kata: Kata, reference_source: str, write_learner) -> None:
    every = kata.json("list")
    assert {r["id"] for r in kata.json("list", "--track", "6")} == {r["id"] for r in every if r["track"] == "6"}
    assert {r["id"] for r in kata.json("list", "--kind", "implement")} == {
        r["id"] for r in every if r["kind"] == "implement"}
    assert "6.7" in {r["id"] for r in kata.json("list", "--status", "not_started")}
    assert kata.json("list", "--status", "done") == []

    kata("start", "6.7")
    assert [r["id"] for r in kata.json("list", "--status", "in_progress")] == ["6.7"]
    write_learner(reference_source)
    assert kata("check", "6.7").exit_code == 0
    assert [r["id"] for r in kata.json("list", "--status", "done")] == ["6.7"]
    assert [r["id"] for r in kata.json("list", "--status", "done", "--track", "6", "--kind", "implement")] == ["6.7"]
    assert kata.json("list", "--status", "done", "--kind", "concept") == []


def test_list_rejects_an_unknown_filter_value(kata: Kata) -> None:
    result = kata("list", "--track", "99")
    assert result.exit_code == 2 and "99" in result.stderr


def test_list_human_output(kata: Kata) -> None:
    result = kata("list")
    assert result.exit_code == 0
    assert re.search(r"^6\.7\s+LayerNorm: forward and backward\s+implement\s+numpy\s+" + str(LAYER_NORM_POINTS) + r"\s+not started$",
                     result.stdout, re.M), result.stdout


def test_show_prints_the_statement(kata: Kata, layer_norm: Exercise) -> None:
    result = kata("show", "6.7")
    assert result.exit_code == 0
    assert result.stdout.startswith("# 6.7 LayerNorm: forward and backward")
    assert layer_norm.statement().strip().splitlines()[0] in result.stdout
    assert "stage6/stage6_07_layer_norm.py" in result.stdout


# ---- workspace selection --------------------------------------------------------------------------------

def test_start_writes_the_stub_and_prints_its_path(kata: Kata, learner_path: Path, stub_source: str) -> None:
    result = kata("start", "6.7")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == str(learner_path)
    assert learner_path.read_text(encoding="utf-8") == stub_source
    assert (learner_path.parents[1] / ".kata" / "progress.sqlite3").is_file()


def test_kata_workspace_environment_variable(kata_plain: Kata, tmp_path: Path) -> None:
    ws = tmp_path / "from-env"
    result = kata_plain("start", "6.7", env={"KATA_WORKSPACE": str(ws)})
    assert result.exit_code == 0 and result.stdout.splitlines()[0] == str(ws / "stage6" / "stage6_07_layer_norm.py")
    assert kata_plain.json("progress", env={"KATA_WORKSPACE": str(ws)})["workspace"] == str(ws)


def test_workspace_option_beats_the_environment(kata: Kata, workspace: Path, tmp_path: Path) -> None:
    data = kata.json("progress", env={"KATA_WORKSPACE": str(tmp_path / "elsewhere")})
    assert data["workspace"] == str(workspace)


def test_nearest_enclosing_workspace_else_current_folder(kata_plain: Kata, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "course"
    deep = root / "stage6" / "notes"
    deep.mkdir(parents=True)
    monkeypatch.chdir(root)
    assert kata_plain("start", "6.7").exit_code == 0  # creates the workspace here
    monkeypatch.chdir(deep)
    assert kata_plain.json("progress")["workspace"] == str(root)
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    monkeypatch.chdir(lonely)
    assert kata_plain.json("progress")["workspace"] == str(lonely)


# ---- start -----------------------------------------------------------------------------------------------

def test_start_refuses_to_overwrite_without_force(kata: Kata, write_learner, learner_path: Path) -> None:
    kata("start", "6.7")
    write_learner("# my work\n")
    result = kata("start", "6.7")
    assert result.exit_code == 2
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert learner_path.read_text(encoding="utf-8") == "# my work\n"


def test_start_force_replaces_and_keeps_a_backup(kata: Kata, write_learner, learner_path: Path,
                                                 workspace: Path, stub_source: str) -> None:
    kata("start", "6.7")
    write_learner("# my work\n")
    result = kata("start", "6.7", "--force")
    assert result.exit_code == 0
    assert learner_path.read_text(encoding="utf-8") == stub_source
    [backup] = _backups(workspace)
    assert backup.read_text(encoding="utf-8") == "# my work\n"
    assert str(backup) in result.stdout
    write_learner("# second try\n")
    kata("start", "6.7", "--force")
    assert sorted(b.read_text(encoding="utf-8") for b in _backups(workspace)) == ["# my work\n", "# second try\n"]


# ---- check -----------------------------------------------------------------------------------------------

def test_check_json_on_the_untouched_stub_fails_with_exit_1(kata: Kata) -> None:
    kata("start", "6.7")
    data = kata.json("check", "6.7", expect=1)
    _assert_check_shape(data)
    assert (data["id"], data["status"], data["score"], data["max_score"]) == ("6.7", "fail", 0, LAYER_NORM_POINTS)
    assert all(c["status"] == "fail" and c["message"] for c in data["checks"])


def test_check_json_on_the_reference_passes_with_exit_0(kata: Kata, write_learner, reference_source: str) -> None:
    write_learner(reference_source)
    data = kata.json("check", "6.7", expect=0)
    _assert_check_shape(data)
    assert (data["status"], data["score"], data["max_score"]) == ("pass", LAYER_NORM_POINTS, LAYER_NORM_POINTS)
    assert all(c["status"] == "pass" and c["message"] == "" for c in data["checks"])
    assert sum(c["max_points"] for c in data["checks"]) == LAYER_NORM_POINTS


def test_check_json_when_the_file_cannot_run_is_exit_3(kata: Kata, write_learner) -> None:
    write_learner("def oops(:\n")
    data = kata.json("check", "6.7", expect=3)
    _assert_check_shape(data)
    assert data["status"] == "error" and data["score"] == 0 and data["max_score"] == LAYER_NORM_POINTS
    assert "syntax error on line 1" in data["message"]


def test_check_human_output(kata: Kata, write_learner, reference_source: str, learner_path: Path) -> None:
    write_learner(reference_source)
    result = kata("check", "6.7")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"6.7 LayerNorm: forward and backward: PASS  {LAYER_NORM_POINTS}/{LAYER_NORM_POINTS} points")
    assert f"graded file: {learner_path}" in result.stdout
    assert "Passed." in result.stdout
    write_learner(reference_source.replace("var + self.eps", "var"))
    failed = kata("check", "6.7")
    assert failed.exit_code == 1 and ": FAIL  " in failed.stdout and "kata hint 6.7" in failed.stdout
    assert_plain(failed.output)


def test_check_file_option_grades_that_file(kata: Kata, tmp_path: Path, reference_source: str,
                                            learner_path: Path) -> None:
    kata("start", "6.7")
    elsewhere = tmp_path / "my_layer_norm.py"
    elsewhere.write_text(reference_source, encoding="utf-8")
    data = kata.json("check", "6.7", "--file", elsewhere, expect=0)
    assert data["status"] == "pass"
    assert "NotImplementedError" in learner_path.read_text(encoding="utf-8")  # the workspace file is untouched
    assert next(t for t in kata.json("progress")["tracks"] if t["track"] == "6")["exercises"]


def test_check_file_outside_any_workspace(kata_plain: Kata, tmp_path: Path, reference_source: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """An instructor grades a loose file: it is graded, and no workspace is created for it."""
    folder = tmp_path / "submissions"
    folder.mkdir()
    (folder / "alice.py").write_text(reference_source, encoding="utf-8")
    monkeypatch.chdir(folder)
    data = kata_plain.json("check", "6.7", "--file", "alice.py", expect=0)
    assert data["status"] == "pass"
    assert sorted(p.name for p in folder.iterdir()) == ["alice.py"]


def test_check_with_a_workspace_that_does_not_exist_is_a_usage_error(kata_plain: Kata, tmp_path: Path,
                                                                    reference_source: str) -> None:
    solution = tmp_path / "solution.py"
    solution.write_text(reference_source, encoding="utf-8")
    missing = tmp_path / "no-such-workspace"
    result = kata_plain("--workspace", missing, "check", "6.7", "--file", solution)
    assert result.exit_code == 2
    assert str(missing) in result.stderr and "does not exist" in result.stderr
    assert_plain(result.output)
    assert not missing.exists()


def test_check_missing_workspace_file_is_a_usage_error(kata: Kata) -> None:
    result = kata("check", "6.7")
    assert result.exit_code == 2
    assert "no file to grade" in result.stderr and "kata start 6.7" in result.stderr


def test_check_missing_file_option_is_a_usage_error(kata: Kata, tmp_path: Path) -> None:
    result = kata("check", "6.7", "--file", tmp_path / "nope.py")
    assert result.exit_code == 2
    assert "nope.py does not exist" in result.stderr
    assert_plain(result.output)


# ---- hint ------------------------------------------------------------------------------------------------

def test_hint_gives_the_next_hint_each_time(kata: Kata, layer_norm: Exercise) -> None:
    total = len(layer_norm.hints)
    assert total >= 3
    for n in range(1, total + 1):
        result = kata("hint", "6.7")
        assert result.exit_code == 0
        assert result.stdout.startswith(f"Hint {n}/{total}: {layer_norm.hints[n - 1]}")
        assert f"Hint {n - 1}/" not in result.stdout
    assert "last hint" in result.stdout
    again = kata("hint", "6.7")
    assert again.stdout.startswith(f"Hint {total}/{total}:")
    progress = next(t for t in kata.json("progress")["tracks"] if t["track"] == "6")["exercises"]
    assert next(e for e in progress if e["id"] == "6.7")["hints_shown"] == total


def test_hint_all_shows_every_hint(kata: Kata, layer_norm: Exercise) -> None:
    kata("hint", "6.7")
    result = kata("hint", "6.7", "--all")
    assert result.exit_code == 0
    for n, text in enumerate(layer_norm.hints, start=1):
        assert f"Hint {n}/{len(layer_norm.hints)}: {text}" in result.stdout
    assert [detail for _, detail in _events(kata.workspace, "hint")] == [
        str(n) for n in range(1, len(layer_norm.hints) + 1)]


# ---- progress --------------------------------------------------------------------------------------------

def test_progress_json_shape(kata: Kata, write_learner, reference_source: str) -> None:
    empty = kata.json("progress")
    assert set(empty) >= {"workspace", "tracks", "score", "max_score"}
    assert empty["score"] == 0 and empty["max_score"] == sum(t["max_score"] for t in empty["tracks"])
    track = next(t for t in empty["tracks"] if t["track"] == "6")
    assert {"track", "title", "done", "in_progress", "not_started", "total", "score", "max_score",
            "exercises"} <= set(track)
    assert track["done"] + track["in_progress"] + track["not_started"] == track["total"] == len(track["exercises"])
    assert next(e for e in track["exercises"] if e["id"] == "6.7") == {
        "id": "6.7", "status": "not_started", "best_score": 0, "max_score": LAYER_NORM_POINTS, "attempts": 0,
        "hints_shown": 0, "solution_revealed": False}

    write_learner(reference_source)
    kata("check", "6.7")
    track = next(t for t in kata.json("progress")["tracks"] if t["track"] == "6")
    item = next(e for e in track["exercises"] if e["id"] == "6.7")
    assert (item["status"], item["best_score"], item["attempts"]) == ("done", LAYER_NORM_POINTS, 1)
    assert track["done"] == 1 and track["score"] == LAYER_NORM_POINTS


def test_progress_human_output(kata: Kata) -> None:
    kata("start", "6.7")
    result = kata("progress")
    assert result.exit_code == 0
    assert f"workspace: {kata.workspace}" in result.stdout
    assert re.search(r"Stage 6: the transformer block\n  \[\.+\] 0/\d+ done, 1 in progress", result.stdout)


def test_progress_in_a_fresh_folder_creates_nothing(kata: Kata, workspace: Path) -> None:
    assert kata("progress").exit_code == 0 and kata("list").exit_code == 0
    assert list(workspace.iterdir()) == []


# ---- solution --------------------------------------------------------------------------------------------

def test_solution_is_refused_before_a_pass(kata: Kata) -> None:
    kata("start", "6.7")
    result = kata("solution", "6.7")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "pass 6.7 first" in result.stderr and "--force" in result.stderr


def test_solution_force_prints_the_reference_and_is_recorded(kata: Kata, reference_source: str) -> None:
    result = kata("solution", "6.7", "--force")
    assert result.exit_code == 0
    assert result.stdout == reference_source
    assert "class LayerNorm" in result.stdout
    for hidden in ("known mistakes", "MISTAKES", "kata.mistakes", "_Axis0"):
        assert hidden not in result.stdout
    assert _events(kata.workspace, "solution") == [("6.7", "forced")]
    item = next(t for t in kata.json("progress")["tracks"] if t["track"] == "6")["exercises"]
    assert next(e for e in item if e["id"] == "6.7")["solution_revealed"] is True


def test_solution_after_a_pass_needs_no_force(kata: Kata, write_learner, reference_source: str) -> None:
    write_learner(reference_source.replace("np.sqrt(var + self.eps)", "(var + self.eps) ** 0.5"))
    assert kata("check", "6.7").exit_code == 0
    result = kata("solution", "6.7")
    assert result.exit_code == 0 and result.stdout == reference_source
    assert "known mistakes" not in result.stdout
    assert _events(kata.workspace, "solution") == [("6.7", "after pass")]


# ---- reset -----------------------------------------------------------------------------------------------

def test_reset_restores_the_stub_and_keeps_a_backup(kata: Kata, write_learner, learner_path: Path,
                                                    workspace: Path, stub_source: str) -> None:
    kata("start", "6.7")
    write_learner("# half done\n")
    result = kata("reset", "6.7")
    assert result.exit_code == 0
    assert learner_path.read_text(encoding="utf-8") == stub_source
    [backup] = _backups(workspace)
    assert backup.read_text(encoding="utf-8") == "# half done\n"
    assert f"backup of your file: {backup}" in result.stdout
    assert _events(workspace, "reset") == [("6.7", "")]


def test_reset_without_a_file_writes_the_stub(kata: Kata, learner_path: Path, workspace: Path,
                                              stub_source: str) -> None:
    assert kata("reset", "6.7").exit_code == 0
    assert learner_path.read_text(encoding="utf-8") == stub_source
    assert _backups(workspace) == []


# ---- verify ----------------------------------------------------------------------------------------------

def test_verify_6_7_json(kata: Kata, layer_norm: Exercise) -> None:
    data = kata.json("verify", "6.7")
    assert data == {"ok": True, "exercises": [
        {"id": "6.7", "ok": True, "problems": [], "runs": 2 + len(layer_norm.mistakes)}]}


# ---- usage errors ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [["show", "6.70"], ["start", "6.70"], ["check", "6.70"], ["hint", "6.70"],
                                  ["solution", "6.70"], ["reset", "6.70"], ["verify", "6.70"],
                                  ["verify", "6.7", "6.70"]], ids=" ".join)
def test_unknown_ids_exit_2_with_a_suggestion(kata: Kata, argv: list[str], workspace: Path) -> None:
    result = kata(*argv)
    assert result.exit_code == 2
    assert result.stderr.startswith("kata: Unknown exercise '6.70'. Did you mean 6.7")
    assert result.stdout == ""
    assert_plain(result.stderr)
    assert not (workspace / ".kata").exists()


def test_an_unknown_verb_is_a_usage_error(kata: Kata) -> None:
    result = kata("chekc", "6.7")
    assert result.exit_code == 2 and "No such command" in result.stderr
