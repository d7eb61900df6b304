"""The signed result: the child writes its result with an HMAC under a token the parent passes on stdin, so a
result written by learner code does not count."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any


def seal(result: dict[str, Any], token: bytes, *, _dumps=json.dumps, _new=hmac.new, _sha=hashlib.sha256) -> bytes:
    """The bytes the child writes: the result as JSON and its HMAC under the parent's token."""
    payload = _dumps(result)
    signature = _new(token, payload.encode("utf-8"), _sha).hexdigest()
    return _dumps({"result": payload, "hmac": signature}).encode("utf-8")


def unseal(data: bytes, token: bytes) -> tuple[dict[str, Any] | None, bool]:
    """``(result, forged)``: ``(None, False)`` when nothing readable came back, ``forged`` when the signature fails."""
    try:
        outer = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None, False
    if not isinstance(outer, dict) or not all(isinstance(outer.get(k), str) for k in ("result", "hmac")):
        return None, True
    try:  # a lone surrogate (from a \ud800 escape) cannot be encoded: not a result the child wrote
        expected = hmac.new(token, outer["result"].encode("utf-8"), hashlib.sha256).hexdigest()
    except UnicodeEncodeError:
        return None, True
    if not hmac.compare_digest(expected.encode("ascii"), outer["hmac"].encode("utf-8", "replace")):
        return None, True
    try:
        result = json.loads(outer["result"])
    except ValueError:
        return None, True
    return (result, False) if isinstance(result, dict) else (None, True)
