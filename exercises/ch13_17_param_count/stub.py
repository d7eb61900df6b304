"""Exercise 13.17: a parameter count within 5%. `kata show 13.17` prints the statement."""


def param_count(V, d, L):
    """Parameters of the GPT-like model in the statement: vocabulary V, width d, L blocks."""
    # TODO
    raise NotImplementedError("param_count")
