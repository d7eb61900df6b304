"""Exercise 13.8: in-context learning. `kata show 13.8` prints the statement."""

# Set each constant to the letter of your answer ("a", "b", "c" or "d").
WHAT_IT_IS = None
WHY_REMARKABLE = None
WHERE_IT_HAPPENS = None

# Optional and ungraded: your own words. After you pass, `kata check` shows it beside a model answer.
REFLECTION = ""
