"""Checks for 13.16: rope_rotation(m, omega), against the reference and as a rotation."""

import numpy as np
import pytest

from kata.testing import expect_close, expect_same, points

CASES = [(0, 1.0), (1, 1.0), (2, 1.0), (5, 1.0), (7, 0.1), (100, 0.01), (3, 1e-4), (13, 2.5)]
# exp(i m omega) or an angle reduced mod 2 pi differ from the reference by 1e-15 (atol 1e-12); R^T R and det R are
# within 2e-16 of I and 1. R_m R_n against R_(m+n) at angles up to 4096 rad: 3e-13 (atol 1e-9), since m omega +
# n omega and (m + n) omega round differently. The smallest mistake moves an entry by 1.3 (composition: 2.0).


@points(2)
@pytest.mark.parametrize("m, omega", CASES, ids=str)
def test_matches_reference(solution, reference, m, omega):
    """rope_rotation matches the reference, the book's omega_0 = 1 included"""
    R = expect_same(lambda mod: mod.rope_rotation(m, omega), solution, reference, atol=1e-12,
                    what=f"rope_rotation({m}, {omega})")
    expect_close(R @ np.array([1.0, 0.0]), [np.cos(m * omega), np.sin(m * omega)], atol=1e-12,
                 what=f"rope_rotation({m}, {omega}) applied to (1, 0) (counter-clockwise: (cos, sin))")


@points(1)
@pytest.mark.parametrize("trial", range(4))
def test_is_a_rotation(solution, trial, rng):
    """R^T R = I, det R = 1, and R_0 = I"""
    m, omega = int(rng.integers(0, 4096)), float(rng.uniform(1e-4, 1.0))
    R = np.asarray(solution.rope_rotation(m, omega))
    expect_close(R.T @ R, np.eye(2), atol=1e-12, what=f"R^T R for rope_rotation({m}, {omega:.4g})")
    expect_close(np.linalg.det(R), 1.0, atol=1e-12, what=f"det rope_rotation({m}, {omega:.4g})")
    expect_close(solution.rope_rotation(0, omega), np.eye(2), atol=1e-12,
                 what=f"rope_rotation(0, {omega:.4g}) (position 0 turns nothing: the identity)")


@points(2)
@pytest.mark.parametrize("trial", range(4))
def test_composition(solution, trial, rng):
    """R_m R_n = R_(m+n): rotations by positions add"""
    m, n = (int(v) for v in rng.integers(0, 2048, size=2))
    omega = float(rng.uniform(1e-3, 1.0))
    both = np.asarray(solution.rope_rotation(m, omega)) @ np.asarray(solution.rope_rotation(n, omega))
    expect_close(both, solution.rope_rotation(m + n, omega), atol=1e-9,
                 what=f"rope_rotation({m}, w) @ rope_rotation({n}, w) vs rope_rotation({m + n}, w), w={omega:.4g}")
