"""Instructor grading: `kata grade` in its three formats, and the Gradescope bundle of `kata export gradescope`.

The class is three submissions of 6.7: the reference (what `kata solution 6.7 --force` prints, in a folder under
the workspace file's name), the untouched stub (a file), and a syntax error (the only .py file of a folder).
"""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from conftest import EXERCISE_ID, LAYER_NORM_POINTS, Kata
from helpers import kata_script, subprocess_env

from kata.commands.grade import pick_file, submission_names
from kata.exercise import Exercise
from kata.reporting.reports import RUNS_CHECK, VISIBILITIES

CHECK_KEYS = {"id", "status", "score", "max_score", "checks", "duration_s"}
CHECK_ENTRY_KEYS = {"name", "status", "points", "max_points", "message"}
CHECK_OPTIONAL_KEYS = {"mistake", "grid"}  # the known mistake a failure names; a small visual diff
GRADESCOPE_TOP = {"score": (int, float), "execution_time": (int, float), "output": str, "stdout_visibility": str,
                  "tests": list}
GRADESCOPE_TEST = {"name": str, "score": (int, float), "max_score": (int, float), "output": str, "visibility": str}


@pytest.fixture
def class_folder(tmp_path: Path, layer_norm: Exercise, stub_source: str) -> Path:
    """Three submissions: reference/<workspace file name>, stub.py, broken/mine.py (a syntax error)."""
    folder = tmp_path / "class"
    reference = folder / "reference" / Path(layer_norm.filename).name
    reference.parent.mkdir(parents=True)
    shown = Kata(tmp_path / "instructor")("solution", EXERCISE_ID, "--force")
    assert shown.exit_code == 0, shown.output
    reference.write_text(shown.stdout, encoding="utf-8")
    (folder / "stub.py").write_text(stub_source, encoding="utf-8")
    (folder / "broken").mkdir()
    (folder / "broken" / "mine.py").write_text("import numpy as np\n\nclass LayerNorm(:\n    pass\n", encoding="utf-8")
    return folder


def _submissions(folder: Path) -> list[str]:
    return [str(folder / "reference"), str(folder / "stub.py"), str(folder / "broken")]


def assert_gradescope(data: dict, max_score: float) -> None:
    """``data`` is a results.json with only the fields we promise, of the right types, whose scores add up."""
    assert set(data) <= set(GRADESCOPE_TOP) and {"score", "execution_time", "tests"} <= set(data), sorted(data)
    for key, kind in GRADESCOPE_TOP.items():
        assert key not in data or (isinstance(data[key], kind) and not isinstance(data[key], bool)), (key, data[key])
    assert data["execution_time"] >= 0
    assert data.get("stdout_visibility", "visible") in VISIBILITIES
    assert data["tests"], "every submission has at least one test"
    for test in data["tests"]:
        assert set(test) == set(GRADESCOPE_TEST), sorted(test)
        for key, kind in GRADESCOPE_TEST.items():
            assert isinstance(test[key], kind) and not isinstance(test[key], bool), (key, test)
        assert 0 <= test["score"] <= test["max_score"], test
        assert test["visibility"] in VISIBILITIES
    assert data["score"] == pytest.approx(sum(t["score"] for t in data["tests"]))
    assert sum(t["max_score"] for t in data["tests"]) == pytest.approx(max_score)


# ---- kata grade -------------------------------------------------------------------------------------------

def test_json_report_has_the_check_contract_per_submission(kata: Kata, class_folder: Path, workspace: Path,
                                                            layer_norm: Exercise, layer_norm_checks: list[str]) -> None:
    result = kata("grade", EXERCISE_ID, *_submissions(class_folder), "-j", "2")
    assert result.exit_code == 3, result.output  # the syntax error could not be run; the others were graded
    data = json.loads(result.stdout)  # stdout is the report alone; progress went to stderr
    assert set(data) == {"exercise", "submissions", "summary"} and data["exercise"] == EXERCISE_ID
    report = data["submissions"]
    summary = data["summary"]
    assert (summary["submissions"], summary["passed"], summary["failed"], summary["could_not_run"]) == (3, 1, 1, 1)
    assert summary["median_score"] == 0 and summary["max_score"] == layer_norm.points
    assert len(summary["checks"]) == len(layer_norm_checks) > 1
    assert summary["mistakes"] == []  # the stub makes no known mistake
    assert [r["name"] for r in report] == ["reference", "stub", "broken"]
    assert [r["submission"] for r in report] == _submissions(class_folder)
    assert [r["result"]["status"] for r in report] == ["pass", "fail", "error"]
    assert report[0]["file"].endswith(Path(layer_norm.filename).name) and report[2]["file"].endswith("mine.py")
    for entry in report:
        graded = entry["result"]
        assert CHECK_KEYS <= set(graded) and graded["id"] == EXERCISE_ID
        assert graded["max_score"] == layer_norm.points
        for check in graded["checks"]:
            assert CHECK_ENTRY_KEYS <= set(check) <= CHECK_ENTRY_KEYS | CHECK_OPTIONAL_KEYS
            assert check["status"] in ("pass", "fail", "error")
        assert graded["score"] == pytest.approx(sum(c["points"] for c in graded["checks"]))
    assert report[0]["result"]["score"] == layer_norm.points
    assert report[1]["result"]["score"] == 0 and all(c["message"] for c in report[1]["result"]["checks"])
    assert "syntax error on line 3" in report[2]["result"]["message"]
    assert "3 submissions of 6.7: 1 passed, 1 failed, 1 could not be run" in result.stderr
    # Grading a class never touches a progress store: not the --workspace one, not the current folder's.
    assert not (workspace / ".kata").exists() and not (Path.cwd() / ".kata").exists()


@pytest.fixture
def mistaken_class(class_folder: Path, reference_source: str) -> list[str]:
    """The class of three, plus two students who used the sample variance (the known mistake "ddof=1")."""
    ddof = reference_source.replace("var = x.var(axis=-1, keepdims=True)",
                                    "var = x.var(axis=-1, ddof=1, keepdims=True)")
    assert ddof != reference_source
    for name in ("=cmd()", "erin"):
        (class_folder / name).mkdir()
        (class_folder / name / "stage6_07_layer_norm.py").write_text(ddof, encoding="utf-8")
    return [*_submissions(class_folder), str(class_folder / "=cmd()"), str(class_folder / "erin")]


def test_csv_gradebook_has_a_row_per_submission_and_a_column_per_check(kata: Kata, mistaken_class: list[str],
                                                                       tmp_path: Path, layer_norm_checks: list[str]) -> None:
    import csv

    out = tmp_path / "grades.csv"
    result = kata("grade", EXERCISE_ID, *mistaken_class, "-j", "2", "--format", "csv", "-o", out)
    assert result.exit_code == 3, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [r["name"] for r in rows] == ["reference", "stub", "broken", "'=cmd()", "erin"]  # no formula runs
    header = list(rows[0])
    assert header[:5] == ["name", "submission", "score", "max_score", "status"] and header[-1] == "mistakes"
    assert len(header) == 5 + len(layer_norm_checks) + 1
    assert (rows[0]["score"], rows[0]["max_score"], rows[0]["status"]) == (str(LAYER_NORM_POINTS), str(LAYER_NORM_POINTS), "pass")
    assert rows[2]["status"] == "error" and all(rows[2][name] == "" for name in header[5:-1])
    assert rows[4]["mistakes"] == "ddof=1" and float(rows[4]["score"]) < LAYER_NORM_POINTS
    assert sum(float(rows[4][name]) for name in header[5:-1]) == pytest.approx(float(rows[4]["score"]))


def test_html_report_ranks_the_mistakes_and_needs_nothing_else(kata: Kata, mistaken_class: list[str],
                                                              tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = kata("grade", EXERCISE_ID, *mistaken_class, "-j", "2", "--format", "html", "-o", out)
    assert result.exit_code == 3, result.output
    page = out.read_text(encoding="utf-8")
    assert "<title>kata class report: 6.7 " in page and page.count("<svg") >= 2
    mistakes = page[page.index('id="mistakes"'):page.index("</table>", page.index('id="mistakes"'))]
    assert "<b>ddof=1</b>" in mistakes and "2 (40%)" in mistakes and "population variance" in mistakes
    assert "=cmd()" in page and "<script>alert" not in page
    for external in ("http://", "https://", "<link", "src="):  # self-contained: no network, no asset
        assert external not in page.replace('xmlns="http://www.w3.org/2000/svg"', "").replace(
            'xmlns:xlink="http://www.w3.org/1999/xlink"', ""), external


def test_junit_report_parses_back_with_failures_and_errors_counted(kata: Kata, class_folder: Path, tmp_path: Path,
                                                                   layer_norm_checks: list[str]) -> None:
    out = tmp_path / "reports" / "class.xml"
    result = kata("grade", EXERCISE_ID, *_submissions(class_folder), "-j", "2", "--format", "junit", "-o", out)
    assert result.exit_code == 3, result.output
    assert result.stdout == ""
    root = ET.parse(out).getroot()
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["reference", "stub", "broken"]
    for suite in suites:
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == len(suite.findall("testcase/failure"))
        assert int(suite.get("errors")) == len(suite.findall("testcase/error"))
        assert float(suite.get("time")) >= 0
        assert all(c.get("classname") == EXERCISE_ID and c.get("name") for c in cases)
    reference, stub, broken = suites
    assert (int(reference.get("tests")), int(reference.get("failures")), int(reference.get("errors"))) == (len(layer_norm_checks), 0, 0)
    assert (int(stub.get("tests")), int(stub.get("failures")), int(stub.get("errors"))) == (len(layer_norm_checks),) * 2 + (0,)
    assert all(f.get("message") and f.text for f in stub.iter("failure"))
    assert (int(broken.get("tests")), int(broken.get("failures")), int(broken.get("errors"))) == (1, 0, 1)
    error = broken.find("testcase/error")
    assert broken.find("testcase").get("name") == RUNS_CHECK and "syntax error" in error.get("message")
    for key in ("tests", "failures", "errors"):
        assert int(root.get(key)) == sum(int(s.get(key)) for s in suites)
    assert float(root.get("time")) == pytest.approx(sum(float(s.get("time")) for s in suites), abs=0.01)
    score = {p.get("name"): p.get("value") for p in reference.iter("property")}
    assert (score["score"], score["max_score"], score["status"]) == (str(LAYER_NORM_POINTS), str(LAYER_NORM_POINTS), "pass")


def test_gradescope_results_for_a_class_are_one_file_each(kata: Kata, class_folder: Path, tmp_path: Path,
                                                          layer_norm: Exercise, layer_norm_checks: list[str]) -> None:
    out = tmp_path / "gradescope"
    result = kata("grade", EXERCISE_ID, *_submissions(class_folder), "-j", "2", "--format", "gradescope", "-o", out)
    assert result.exit_code == 3, result.output
    files = sorted(p.name for p in out.iterdir())
    assert files == ["broken.json", "reference.json", "stub.json"]
    results = {name: json.loads((out / name).read_text(encoding="utf-8")) for name in files}
    for data in results.values():
        assert_gradescope(data, layer_norm.points)
    assert results["reference.json"]["score"] == layer_norm.points
    assert results["stub.json"]["score"] == 0 and len(results["stub.json"]["tests"]) == len(layer_norm_checks)
    broken = results["broken.json"]
    assert broken["score"] == 0 and [t["name"] for t in broken["tests"]] == [RUNS_CHECK]
    assert "syntax error on line 3" in broken["tests"][0]["output"] and "could not be run" in broken["output"]


def test_gradescope_one_submission_is_the_results_file(kata: Kata, class_folder: Path, layer_norm: Exercise) -> None:
    result = kata("grade", EXERCISE_ID, class_folder / "stub.py", "--format", "gradescope", "--visibility", "hidden")
    assert result.exit_code == 0, result.output  # a failing student is not a grader error
    data = json.loads(result.stdout)
    assert_gradescope(data, layer_norm.points)
    assert {t["visibility"] for t in data["tests"]} == {"hidden"}


def test_junit_survives_control_characters_in_a_learners_output(kata: Kata, tmp_path: Path) -> None:
    noisy = tmp_path / "noisy.py"
    noisy.write_text('print("\\x1b[31mred\\x00")\nraise RuntimeError("boom")\n', encoding="utf-8")
    result = kata("grade", EXERCISE_ID, noisy, "--format", "junit")
    assert result.exit_code == 3, result.output
    error = ET.fromstring(result.stdout.encode()).find("testsuite/testcase/error")
    assert "RuntimeError: boom" in error.text and "red" in error.text


def test_usage_errors_exit_2_and_grade_nothing(kata: Kata, class_folder: Path, tmp_path: Path) -> None:
    unknown = kata("grade", "6.70", class_folder / "stub.py")
    assert unknown.exit_code == 2 and "Did you mean" in unknown.output
    missing = kata("grade", EXERCISE_ID, class_folder / "stub.py", tmp_path / "nope.py")
    assert missing.exit_code == 2 and "nope.py" in missing.output and "does not exist" in missing.output
    assert kata("grade", EXERCISE_ID).exit_code == 2  # no submission at all
    assert kata("grade", EXERCISE_ID, class_folder / "stub.py", "--format", "xml").exit_code == 2
    folder_for_xml = kata("grade", EXERCISE_ID, class_folder / "stub.py", "--format", "junit", "-o", tmp_path)
    assert folder_for_xml.exit_code == 2 and "is a folder" in folder_for_xml.output
    taken = tmp_path / "taken.json"
    taken.write_text("{}", encoding="utf-8")
    one_file_for_many = kata("grade", EXERCISE_ID, *_submissions(class_folder), "--format", "gradescope", "-o", taken)
    assert one_file_for_many.exit_code == 2 and "give a folder" in one_file_for_many.output
    assert taken.read_text(encoding="utf-8") == "{}"


def test_a_folder_with_no_clear_file_is_reported_not_fatal(kata: Kata, tmp_path: Path) -> None:
    folder = tmp_path / "dave"
    folder.mkdir()
    (folder / "a.py").write_text("x = 1\n", encoding="utf-8")
    (folder / "b.py").write_text("y = 2\n", encoding="utf-8")
    result = kata("grade", EXERCISE_ID, folder)
    assert result.exit_code == 3
    [entry] = json.loads(result.stdout)["submissions"]
    assert entry["file"] is None and entry["result"]["status"] == "error" and entry["result"]["score"] == 0
    message = entry["result"]["message"]
    assert "cannot decide which file to grade" in message and "a.py, b.py" in message
    assert "stage6_07_layer_norm.py" in message


def test_pick_file_prefers_the_workspace_name_then_the_only_py(tmp_path: Path, layer_norm: Exercise) -> None:
    expected = Path(layer_norm.filename).name

    def folder(*names: str) -> Path:
        root = tmp_path / str(len(list(tmp_path.iterdir())))
        for name in names:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text("", encoding="utf-8")
        return root

    top = folder(expected, "helper.py")
    assert pick_file(top, layer_norm) == (top / expected, "")
    nested = folder(f"stage6/{expected}", "notes.py")
    assert pick_file(nested, layer_norm) == (nested / "stage6" / expected, "")
    only = folder("mine.py", "README.md", "__MACOSX/._mine.py", ".hidden/x.py", "__pycache__/mine.cpython-311.py")
    assert pick_file(only, layer_norm) == (only / "mine.py", "")
    twice = folder(f"a/{expected}", f"b/{expected}")
    file, why = pick_file(twice, layer_norm)
    assert file is None and "2 files are named" in why
    empty = folder("README.md")
    file, why = pick_file(empty, layer_norm)
    assert file is None and "no .py file" in why and expected in why


def test_submission_names_are_short_and_unique(tmp_path: Path, layer_norm: Exercise) -> None:
    expected = Path(layer_norm.filename).name
    paths = [tmp_path / "a" / "alice", tmp_path / "b" / "alice", tmp_path / "bob" / expected, tmp_path / "carol.py"]
    for path in paths:
        if path.suffix:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("", encoding="utf-8")
        else:
            path.mkdir(parents=True)
    assert submission_names(paths, layer_norm) == ["alice", "alice-2", "bob", "carol"]


# ---- kata export gradescope -------------------------------------------------------------------------------

@pytest.fixture
def bundle(kata: Kata, tmp_path: Path) -> Path:
    out = tmp_path / "bundle"
    result = kata("export", "gradescope", EXERCISE_ID, "--output", out)
    assert result.exit_code == 0, result.output
    return out


def test_export_writes_valid_scripts_and_a_flat_zip(bundle: Path) -> None:
    bash = shutil.which("bash")
    assert bash, "bash is needed to check the scripts"
    for name in ("setup.sh", "run_autograder"):
        path = bundle / name
        assert path.stat().st_mode & stat.S_IXUSR, f"{name} is not executable"
        checked = subprocess.run([bash, "-n", str(path)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
    setup = (bundle / "setup.sh").read_text(encoding="utf-8")
    assert "download.pytorch.org/whl/cpu" in setup and "transformer-kata==" in setup
    run = (bundle / "run_autograder").read_text(encoding="utf-8")
    assert f"grade {EXERCISE_ID} " in run and "--format gradescope" in run
    with zipfile.ZipFile(bundle / "autograder.zip") as archive:
        infos = {i.filename: i for i in archive.infolist()}
        assert set(infos) == {"setup.sh", "run_autograder", "README.md"}  # at the root, not in a folder
        assert (infos["run_autograder"].external_attr >> 16) & stat.S_IXUSR
        assert archive.read("run_autograder").decode() == run


@pytest.mark.parametrize("built", ["transformer_kata-0.1.0-py3-none-any.whl", "transformer-kata-0.1.0.tar.gz"])
def test_export_bundles_a_wheel_instead_of_pypi(kata: Kata, tmp_path: Path, built: str) -> None:
    wheel = tmp_path / built
    wheel.write_bytes(b"not really a wheel")
    out = tmp_path / "bundle"
    result = kata("export", "gradescope", EXERCISE_ID, "-o", out, "--wheel", wheel, "--no-zip")
    assert result.exit_code == 0, result.output
    setup = (out / "setup.sh").read_text(encoding="utf-8")
    assert f'"$SOURCE"/{wheel.name}' in setup and "transformer-kata==" not in setup
    assert (out / wheel.name).read_bytes() == wheel.read_bytes() and not (out / "autograder.zip").exists()
    assert kata("export", "gradescope", "6.70").exit_code == 2


def test_export_of_a_pack_exercise_installs_the_pack(packs, kata: Kata, tmp_path: Path) -> None:
    packs.add_exercise_pack()
    out = tmp_path / "bundle"
    result = kata("export", "gradescope", "ta.901", "-o", out, "--no-zip")
    assert result.exit_code == 0, result.output
    setup = (out / "setup.sh").read_text(encoding="utf-8")
    assert "kata-goodpack==0.1.0" in setup and "transformer-kata==" in setup
    assert "grade ta.901 " in (out / "run_autograder").read_text(encoding="utf-8")


def test_run_autograder_writes_results_json_for_the_reference(bundle: Path, class_folder: Path, tmp_path: Path,
                                                              layer_norm: Exercise) -> None:
    def run_autograder(submitted: Path) -> dict:
        root = tmp_path / f"autograder-{submitted.name}"
        shutil.copytree(submitted, root / "submission")
        env = subprocess_env(KATA_AUTOGRADER_ROOT=str(root), KATA_BIN=kata_script())
        done = subprocess.run(["bash", str(bundle / "run_autograder")], cwd=root, env=env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))

    passed = run_autograder(class_folder / "reference")
    assert_gradescope(passed, layer_norm.points)
    assert passed["score"] == layer_norm.points
    broken = run_autograder(class_folder / "broken")  # exit 3 from kata grade is a graded zero, not a failure
    assert_gradescope(broken, layer_norm.points)
    assert broken["score"] == 0 and broken["tests"][0]["name"] == RUNS_CHECK
