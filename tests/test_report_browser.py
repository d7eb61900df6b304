"""The HTML class report in a real browser: headless Chromium loads the sample class's page without a script error.

The class is the one ``examples/class_report_sample.py`` makes (20 submissions of 6.7: the reference, the stub,
each declared mistake, a syntax error), graded once for the module by a real ``kata grade --format html``.
Skipped where no Chromium binary exists (Debian: ``apt-get install -y chromium``).
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import kata_script, subprocess_env

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome", "chrome")
                 if (found := shutil.which(name))), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium binary on PATH (Debian: apt-get install -y "
                                "chromium), so the HTML report is not opened in a browser")
BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--hide-scrollbars", "--virtual-time-budget=5000"]


def _sample():
    spec = importlib.util.spec_from_file_location("class_report_sample", ROOT / "examples" / "class_report_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample class's report, graded once (about half a minute on two cores)."""
    folder = tmp_path_factory.mktemp("sample")
    students = _sample().make_class(folder / "class")
    out = folder / "report.html"
    done = subprocess.run([kata_script(), "grade", "6.7", *map(str, students), "-j", "2", "--format", "html",
                           "-o", str(out)], capture_output=True, text=True, timeout=600,
                          env=subprocess_env(KATA_PLAIN="1"))
    assert done.returncode == 3, done.stderr  # the broken file could not be run; the 19 others were graded
    assert "graded 20 submissions of 6.7" in done.stderr
    return out


def _browser(*args: str, profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *BROWSER_FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                          text=True, timeout=180)


def test_the_page_renders_with_its_charts_and_mistakes_and_no_script_error(report: Path, tmp_path: Path) -> None:
    done = _browser("--enable-logging=stderr", "--v=0", "--dump-dom", report.as_uri(), profile=tmp_path / "profile")
    dom = done.stdout
    assert "<html" in dom, done.stderr[-3000:]
    root = re.search(r"<html[^>]*>", dom).group(0)
    assert 'data-ready="yes"' in root, "the page's script did not run to its end"
    assert "data-errors" not in root, root  # window.onerror saw nothing
    console = [line for line in done.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert not console, console
    assert "<title>kata class report: 6.7 LayerNorm" in dom
    assert re.search(r'<figure id="histogram"><svg', dom) and re.search(r'<figure id="pass-rates"><svg', dom)
    assert re.search(r'id="count-submissions">20<', dom) and re.search(r'id="count-could-not-run">1<', dom)
    mistakes = dom[dom.index('id="mistakes"'):]
    mistakes = mistakes[:mistakes.index("</table>")]
    for name in ("axis 0", "eps outside the sqrt", "ddof=1", "no keepdims"):  # 6.7's declared forward mistakes
        assert f"<b>{name}</b>" in mistakes, name
    assert dom.count('class="submission"') == 20


def test_a_screenshot_shows_a_drawn_page(report: Path, tmp_path: Path) -> None:
    from PIL import Image

    shot = tmp_path / "report.png"
    done = _browser(f"--screenshot={shot}", "--window-size=1280,2200", report.as_uri(), profile=tmp_path / "profile")
    assert shot.exists(), done.stderr[-3000:]
    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 2200)
    colours = image.getcolors(maxcolors=1 << 20)
    assert len(colours) > 50, "the screenshot is (nearly) blank"
