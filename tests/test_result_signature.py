"""Properties of the signed grading result (kata.grading.guard.seal / unseal), over many generated inputs.

The parent accepts a child's result only with a valid HMAC of the token it sent: any result round-trips
under its own token, and no change of the bytes, and no other token, is ever accepted as a result.
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from kata.grading.guard import seal, unseal

TOKENS = st.binary(min_size=16, max_size=64)
JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                           max_leaves=20)
RESULTS = st.dictionaries(st.text(max_size=10), JSON_VALUES, max_size=6)


@settings(max_examples=100, deadline=None)
@given(result=RESULTS, token=TOKENS)
def test_a_sealed_result_round_trips_under_its_token(result: dict, token: bytes) -> None:
    assert unseal(seal(result, token), token) == (json.loads(json.dumps(result)), False)


@settings(max_examples=100, deadline=None)
@given(result=RESULTS, token=TOKENS, other=TOKENS)
def test_another_token_never_opens_a_result(result: dict, token: bytes, other: bytes) -> None:
    if other != token:
        assert unseal(seal(result, token), other) == (None, True)


@settings(max_examples=150, deadline=None)
@given(result=RESULTS, token=TOKENS, data=st.data())
def test_a_changed_byte_is_never_taken_for_a_result(result: dict, token: bytes, data: st.DataObject) -> None:
    sealed = bytearray(seal(result, token))
    where = data.draw(st.integers(0, len(sealed) - 1))
    sealed[where] = data.draw(st.integers(0, 255).filter(lambda b: b != sealed[where]))
    opened, forged = unseal(bytes(sealed), token)
    # a change that keeps the same JSON meaning (e.g. in insignificant whitespace) may still open; nothing else
    assert opened is None or opened == json.loads(json.dumps(result)), (opened, forged)


@settings(max_examples=100, deadline=None)
@given(junk=st.binary(max_size=200), token=TOKENS)
def test_junk_is_never_a_result(junk: bytes, token: bytes) -> None:
    assert unseal(junk, token)[0] is None
