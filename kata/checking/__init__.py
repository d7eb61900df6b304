"""What a check module uses: comparisons and their messages, naming the mistake, contracts, gradients, probes.

Check modules import the facade, :mod:`kata.testing` (and :mod:`kata.torch_testing` for torch exercises); this
room holds the code behind it: :mod:`.compare` (the comparisons and their messages, with :mod:`.visual_diff`
for small 2-D results), :mod:`.naming` (which declared mistake an output shows), :mod:`.declaration` and
:mod:`.contracts` (the properties a statement implies), :mod:`.gradients` (finite differences),
:mod:`.mutation` (grading the learner's own tests), :mod:`.torch_testing`, and the behavioural probes of a
learner's transformer (:mod:`.model_probes`, :mod:`.breakdown`). The old public paths (``kata.compare``,
``kata.contracts``, ``kata.model_probes``, ...) re-export these modules' names.

It runs inside the grading child, beside the learner's code: it may import numpy, torch, pytest, the
declarations (:mod:`kata.mistakes`, :mod:`kata.choices`, :mod:`kata.exercise`) and, lazily, the grading
plugin's learner module (:mod:`.mutation`); never the verbs, the CLI state, the reports, the trainer or the
authoring tools.
"""
