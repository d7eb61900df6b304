"""The choice question of 13.13 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHY_SIX",
        question="Why 6 FLOPs per parameter per training token?",
        options={
            "a": "2 for the forward pass, 2 for the backward pass and 2 for the optimizer's update, since every "
                 "weight is read, differentiated and rewritten for each token.",
            "b": "2 for the forward pass (a multiply and an add per weight) and 4 for the backward pass, which "
                 "computes gradients for both the activations and the weights.",
            "c": "Adam keeps 6 numbers per parameter (weight, gradient, two moments and two mixed-precision "
                 "copies), and each one costs a FLOP per token.",
            "d": "Attention computes Q, K and V for each token, each in a forward and a backward pass, giving "
                 "3 x 2 = 6 operations for every parameter of the model.",
        },
        answer="b",
        why={
            "a": "the backward pass is about twice the forward, not equal to it; and the optimizer's update happens "
                 "once per step, not once per token, so it is negligible next to N D.",
            "b": "right: the backward pass runs two matrix products per layer where the forward runs one, so it "
                 "costs about twice as much: 2 + 4 = 6 (Kaplan et al., 2020, section 2.1).",
            "c": "optimizer state costs memory, not per-token compute: the update runs once per step, whatever the "
                 "number of tokens in the batch.",
            "d": "the rule counts every weight of the model, the feed-forward ones included (two thirds of them); "
                 "it says nothing about Q, K and V in particular.",
        },
    ),
)
