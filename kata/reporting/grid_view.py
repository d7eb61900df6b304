"""Drawing a visual diff (a check's ``grid``): the learner's matrix beside the expected one, differences marked.

Three forms of one picture: plain characters for a pipe or a log (differing cells in ``[brackets]``), a Rich
renderable for a terminal (differing cells in red), and an HTML snippet for Jupyter and the class report.
No NumPy: the grid arrives as JSON from the grading child.
"""

from __future__ import annotations

import html
import shutil
from typing import Any

GAP = "    "


def _wrong(grid: dict[str, Any], i: int, j: int) -> bool:
    row = grid["wrong"][i] if i < len(grid["wrong"]) else ""
    return j < len(row) and row[j] == "x"


def caption(grid: dict[str, Any]) -> str:
    """What the picture shows: how many cells differ, and which slice of a larger array it is."""
    count = sum(row.count("x") for row in grid["wrong"])
    text = f"{count} cell{'s' if count != 1 else ''} differ"
    if grid.get("slice"):
        where = ", ".join(str(i) for i in grid["slice"])
        text += f"; showing [{where}, :, :] of shape {tuple(grid.get('shape', []))}"
        if grid.get("elsewhere"):
            text += f", {grid['elsewhere']} more differing entries in other slices"
    return text


def _block(grid: dict[str, Any], key: str, title: str, width: int) -> list[str]:
    cells = grid[key]
    label = len(str(len(cells) - 1))
    head = " " * (label + 1) + "".join(f" {j:>{width}} " for j in range(len(cells[0]) if cells else 0))
    lines = [title, head]
    for i, row in enumerate(cells):
        body = "".join(f"[{c:>{width}}]" if _wrong(grid, i, j) else f" {c:>{width}} " for j, c in enumerate(row))
        lines.append(f"{i:>{label}} {body}")
    return lines


def text_lines(grid: dict[str, Any], columns: int | None = None) -> list[str]:
    """Plain text: side by side when both fit in ``columns`` (the terminal's width), else one above the other."""
    width = max((len(c) for key in ("yours", "expected") for row in grid[key] for c in row), default=1)
    mine = _block(grid, "yours", "yours", width)
    right = _block(grid, "expected", "expected", width)
    wide = max(len(line) for line in mine)
    columns = columns or shutil.get_terminal_size((80, 24)).columns
    note = f"({caption(grid)}, marked [ ])"
    if 2 * wide + len(GAP) <= columns:
        return [f"{a:<{wide}}{GAP}{b}".rstrip() for a, b in zip(mine, right)] + [note]
    return mine + [""] + right + [note]


def rich_renderable(grid: dict[str, Any]) -> Any:
    """Two Rich tables side by side (they wrap under each other on a narrow terminal)."""
    from rich.columns import Columns
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    def table(key: str, title: str, style: str) -> Table:
        cells = grid[key]
        shown = Table(title=title, show_edge=False, box=None, padding=(0, 1), pad_edge=False)
        shown.add_column("", style="dim", justify="right")
        for j in range(len(cells[0]) if cells else 0):
            shown.add_column(str(j), justify="right", header_style="dim")
        for i, row in enumerate(cells):
            shown.add_row(str(i), *(Text(c, style=style if _wrong(grid, i, j) else "") for j, c in enumerate(row)))
        return shown

    return Group(Columns([table("yours", "yours", "bold white on red"),
                          table("expected", "expected", "bold green")], padding=(0, 4)),
                 Text(f"({caption(grid)}, in red)", style="dim"))


STYLE = ("<style>.kata-grid{display:flex;gap:2em;flex-wrap:wrap;font-family:monospace;margin:.4em 0}"
         ".kata-grid table{border-collapse:collapse}.kata-grid td,.kata-grid th{padding:1px 5px;text-align:right;"
         "border:1px solid #ddd}.kata-grid th{color:#888;font-weight:normal}.kata-grid td.bad{background:#f8c9c4;"
         "font-weight:bold}.kata-grid caption{font-weight:bold}.kata-grid-note{color:#666;font-size:90%}</style>")


def html_table(grid: dict[str, Any], key: str, title: str) -> str:
    cells = grid[key]
    head = "".join(f"<th>{j}</th>" for j in range(len(cells[0]) if cells else 0))
    rows = "".join(
        f"<tr><th>{i}</th>" + "".join(
            f'<td class="bad">{html.escape(c)}</td>' if _wrong(grid, i, j) else f"<td>{html.escape(c)}</td>"
            for j, c in enumerate(row)) + "</tr>"
        for i, row in enumerate(cells))
    return f"<table><caption>{title}</caption><tr><th></th>{head}</tr>{rows}</table>"


def html_snippet(grid: dict[str, Any], style: bool = True) -> str:
    """Both matrices as HTML tables, differing cells shaded; ``style`` adds the CSS (once per page is enough)."""
    body = (f'<div class="kata-grid">{html_table(grid, "yours", "yours")}{html_table(grid, "expected", "expected")}'
            f'</div><div class="kata-grid-note">{html.escape(caption(grid))}, shaded</div>')
    return (STYLE if style else "") + body
