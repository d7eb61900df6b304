"""Tamper resistance in the grading child, where the learner's code shares one process with the checks.

Layers, all in place before the learner's file runs (the child loads it only after pytest, the checks and
everything they import are loaded, so those are the real ones):

* :func:`forbidden_imports`: a static scan refuses a file that imports the reference, the checks, the exercise's
  package or the grader's own ``kata`` modules (``kata.parts`` and ``kata.debug_models`` are for learners).
* :func:`arm` refuses the same imports at run time when learner code asks (the ``import`` audit event, a meta path
  finder, and wrappers of ``builtins.__import__`` and ``importlib.import_module``, since modules already loaded
  never reach a finder); and installs an audit hook, which cannot be removed, that refuses from anyone: writes into
  a ``.kata`` folder, the grading files (result, spec, pytest.ini) or the installed code, SQLite, new processes,
  tracing, ``gc`` introspection, new audit hooks, and replacing the code or defaults of a function the grade depends
  on; and from learner code: ``ctypes``, reading the reference's or the checks' files, reaching stack frames, and
  the audited attributes (``__bases__``, ...) of the grader's classes. Every refusal makes the result an error,
  even when the learner's code catches it.
* a snapshot of the identities of every attribute of the modules the grade depends on (numpy, torch, pytest,
  pluggy, kata, the reference and checks, builtins, ...) and of their classes' attributes, re-checked after the
  file loads, after every check and at the end; any change is named.
* :func:`seal` / :func:`unseal`: the result is signed with a token the parent passes on stdin.

Learner code is code from the learner's folder or module, or any thread started after arming. What an in-process
guard cannot stop (raw memory writes, through numpy or ctypes, by someone who sets out to) is in the README's
threat model: grading that must hold against a determined cheat also needs a container.

The layers are one module each: :mod:`.policy` (what is protected), :mod:`.scan` (the static scan),
:mod:`.imports` and :mod:`.judge` (the run-time import guards and the audit hook), :mod:`.arming` (installing
them, with the snapshot of :mod:`kata.grading.snapshot`), :mod:`.signature` (the signed result). Every frame in
this package counts as the guard's own. Imports only the standard library and :mod:`kata.grading.snapshot`;
imported by the grading parent and child (:mod:`kata.grading`), never by learner code.
"""

from __future__ import annotations

from kata.grading.guard.arming import WATCHED_ROOTS, Watch, arm, tampering_message
from kata.grading.guard.judge import Refused
from kata.grading.guard.policy import GRADER_PACKAGES, LEARNER_KATA, Policy, policy_for
from kata.grading.guard.scan import forbidden_imports, learner_source, refusal_message
from kata.grading.guard.signature import seal, unseal

__all__ = ["GRADER_PACKAGES", "LEARNER_KATA", "WATCHED_ROOTS", "Policy", "Refused", "Watch", "arm",
           "forbidden_imports", "learner_source", "policy_for", "refusal_message", "seal", "tampering_message",
           "unseal"]
