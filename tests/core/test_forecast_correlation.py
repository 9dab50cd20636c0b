"""The published state correlation matrix: read, repaired to the nearest correlation
matrix, expanded to districts, and used."""

from __future__ import annotations

import numpy as np
import pytest

from viewer.core.forecast import (
    ErrorModel,
    Forecaster,
    bundled_inputs,
    edit_units,
    load_state_correlation,
    nearest_correlation,
)
from viewer.core.forecast.bundled import correlation_path, default_correlation
from viewer.core.units import UNIT_CODES


def test_higham_gives_the_papers_answer_on_its_example():
    # Higham (2002), section 4: the nearest correlation matrix to this 3 × 3 matrix
    a = np.array([[1.0, 1.0, 0.0], [1.0, 1.0, 1.0], [0.0, 1.0, 1.0]])
    out = nearest_correlation(a).matrix
    expected = np.array([[1.0, 0.7607, 0.1573], [0.7607, 1.0, 0.7607],
                         [0.1573, 0.7607, 1.0]])
    assert out == pytest.approx(expected, abs=1e-4)


def test_the_repaired_matrix_is_a_correlation_matrix_close_to_the_published_one():
    published = load_state_correlation(correlation_path())
    assert np.linalg.eigvalsh(published.matrix)[0] < -1.0  # as published: not PSD
    repair = nearest_correlation(published.matrix)
    m = repair.matrix
    assert np.allclose(m, m.T) and np.all(np.diag(m) == 1.0)
    assert np.linalg.eigvalsh(m)[0] > -1e-10
    np.linalg.cholesky(m + 1e-9 * np.eye(len(m)))  # usable for drawing
    # closer than the usual quick fix (clip the eigenvalues, rescale the diagonal)
    vals, vecs = np.linalg.eigh(published.matrix)
    clipped = (vecs * np.maximum(vals, 0)) @ vecs.T
    d = np.sqrt(np.diag(clipped))
    quick = clipped / np.outer(d, d)
    assert repair.distance < np.linalg.norm(quick - published.matrix)
    # and close overall: under a tenth of the matrix's size, no entry moved more than 0.35
    assert repair.distance < 0.1 * np.linalg.norm(published.matrix)
    assert np.abs(m - published.matrix).max() < 0.35


def test_the_bundled_matrix_is_the_published_one(shared_dir):
    ref = load_state_correlation(shared_dir / "reference/forecast/state_correlation_matrix.csv")
    ours = load_state_correlation(correlation_path())
    assert ref.states == ours.states and "KS" in ours.states
    assert np.array_equal(ref.matrix, ours.matrix)


def test_districts_take_their_states_row():
    full = default_correlation().unit_matrix()
    me, me2 = UNIT_CODES.index("ME"), UNIT_CODES.index("ME-2")
    others = [i for i in range(len(UNIT_CODES)) if i not in (me, me2)]
    assert np.array_equal(full[me, others], full[me2, others])
    assert full[me, me2] == pytest.approx(1.0)


def test_with_the_matrix_conditioning_moves_the_states_the_matrix_ties_to_the_pick():
    corr = default_correlation()
    # every unit a toss-up, only the matrix part of the error: nothing else moves them
    even = edit_units(bundled_inputs(2024), dict.fromkeys(UNIT_CODES, 0.0))
    fc = Forecaster(even, ErrorModel(structure="matrix", national_sd=0.0,
                                          unit_scale=0.0), seed=2)
    before = fc.forecast()
    after = fc.condition({"PA": "DEM"}).forecast
    assert after is not None
    row = corr.matrix[corr.states.index("PA")]
    ranked = [corr.states[i] for i in np.argsort(-row) if corr.states[i] != "PA"]
    for s in ranked[:3]:  # OH, NJ, CT in the Economist's matrix: up
        assert after.unit_probability[s] > before.unit_probability[s] + 0.05, s
    for s in ranked[-3:]:  # its most negative correlations: down
        assert after.unit_probability[s] < before.unit_probability[s] - 0.05, s
