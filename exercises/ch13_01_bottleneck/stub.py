"""Exercise 13.1: the fixed-context bottleneck and attention. `kata show 13.1` prints the statement."""

# Set each constant to the letter of your answer ("a", "b", "c" or "d").
WHY_BOTTLENECK = None
WHAT_ATTENTION_CHANGES = None
WHAT_IT_COSTS = None

# Optional and ungraded: your own words. After you pass, `kata check` shows it beside a model answer.
REFLECTION = ""
