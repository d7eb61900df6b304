"""Exercise 13.7: BERT versus GPT. `kata show 13.7` prints the statement and the options."""

# Map each aspect to the letter of the option that fits ("a", "b", ...).
BERT = {"objective": None, "architecture": None, "fine_tuning": None, "uses": None}
GPT = {"objective": None, "architecture": None, "fine_tuning": None, "uses": None}

# Optional and ungraded: your own words. After you pass, `kata check` shows it beside a model answer.
REFLECTION = ""
