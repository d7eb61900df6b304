"""What the person reads: the terminal report of a check, and the class reports of ``kata grade``.

:mod:`.render` (Rich on a terminal, plain text when piped) with :mod:`.grid_view` (a visual diff drawn),
:mod:`.reports` (JSON, JUnit, Gradescope), :mod:`.class_summary` (what a class got wrong, as data and CSV) and
:mod:`.class_report` (the HTML page, from ``templates/``).

It turns results into text and pages: it may import the declarations, the result types of the grader
(:mod:`kata.grading.runner`, for type hints) and, lazily, Rich, matplotlib and Jinja2; never the verbs, the CLI
state, the check helpers or the trainer.
"""
