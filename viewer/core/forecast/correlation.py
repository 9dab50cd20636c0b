"""The published state correlation matrix, repaired to a true correlation matrix.

The Economist's ``state_correlation_matrix.csv`` (MIT licence, data/SOURCES_forecast.md)
is symmetric with a unit diagonal but not positive semi-definite: four eigenvalues are
clearly negative (about -1.27, -0.89, -0.58, -0.41), so no set of random errors can have
those correlations and a Cholesky factorisation fails. We replace it by the *nearest*
correlation matrix in the Frobenius norm, computed with Higham's alternating projections
with Dykstra's correction (N. J. Higham, "Computing the nearest correlation matrix — a
problem from finance", IMA J. Numer. Anal. 22 (2002) 329–343, Algorithm 3.3 with W = I):
alternately project onto the positive semi-definite matrices (clip negative eigenvalues to
zero) and onto the matrices with a unit diagonal, correcting each semi-definite step by the
previous step's increment, which is what makes the limit the nearest point of the
intersection rather than just some point of it. Districts take their state's row and
column (a district's correlation with its own state is 1; its own unit error keeps it
apart).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from viewer.core.errors import InputError
from viewer.core.safe_read import read_capped
from viewer.core.units import STATE_CODES, UNIT_CODES, UNITS

FloatArray = npt.NDArray[np.float64]

MAX_MATRIX_BYTES = 200_000  # the 51 × 51 file is about 32 KB
_ALIASES = {"KA": "KS"}  # the published file spells Kansas "KA"


@dataclass(frozen=True, eq=False)
class StateCorrelation:
    """A correlation matrix over the 51 states (DC included), rows in ``states`` order."""

    states: tuple[str, ...]
    matrix: FloatArray
    source: str = ""

    def unit_matrix(self) -> FloatArray:
        """The 56 × 56 matrix over UNIT_CODES: districts take their state's row and column,
        the diagonal stays 1."""
        idx = self.unit_rows()
        out: FloatArray = self.matrix[np.ix_(idx, idx)].copy()
        np.fill_diagonal(out, 1.0)
        return out

    def unit_rows(self) -> npt.NDArray[np.intp]:
        """For each unit (UNIT_CODES order), the row of its state."""
        pos = {s: i for i, s in enumerate(self.states)}
        return np.array([pos[UNITS[u].state] for u in UNIT_CODES], dtype=np.intp)


@dataclass(frozen=True, eq=False)
class Repair:
    """The outcome of repairing a matrix to the nearest correlation matrix."""

    matrix: FloatArray  # symmetric, unit diagonal, eigenvalues >= 0
    iterations: int
    distance: float  # Frobenius norm of (repaired - original)
    min_eigenvalue_before: float
    min_eigenvalue_after: float


def nearest_correlation(a: FloatArray, *, tol: float = 1e-9, max_iterations: int = 2000,
                        ) -> Repair:
    """The correlation matrix nearest to the symmetric matrix ``a`` (Frobenius norm), by
    Higham's alternating projections with Dykstra's correction (module docstring).

    Stops when successive iterates move less than ``tol`` relative to their size. The
    result's eigenvalues are clipped at 0 once more and its diagonal rescaled to 1 (a
    change of the order of ``tol``), so a factor of it exists for drawing errors.
    """
    a = np.asarray(a, dtype=np.float64)
    if a.ndim != 2 or a.shape[0] != a.shape[1] or not np.allclose(a, a.T, atol=1e-12):
        raise ValueError("nearest_correlation needs a square symmetric matrix")
    y = a.copy()
    correction = np.zeros_like(a)
    x = a
    iterations = 0
    for iterations in range(1, max_iterations + 1):  # noqa: B007 (reported afterwards)
        r = y - correction
        x = _psd_part(r)
        correction = x - r
        y_next = x.copy()
        np.fill_diagonal(y_next, 1.0)
        moved = float(np.linalg.norm(y_next - y)) / max(float(np.linalg.norm(y_next)), 1.0)
        y = y_next
        if moved < tol and np.linalg.norm(y - x) / np.linalg.norm(y) < 10 * tol:
            break
    out = _psd_part(y)
    d = np.sqrt(np.diag(out))
    out = out / np.outer(d, d)
    out = 0.5 * (out + out.T)
    np.fill_diagonal(out, 1.0)
    return Repair(out, iterations, float(np.linalg.norm(out - a)),
                  float(np.linalg.eigvalsh(a)[0]), float(np.linalg.eigvalsh(out)[0]))


def _psd_part(m: FloatArray) -> FloatArray:
    """The nearest positive semi-definite matrix (Frobenius): negative eigenvalues to 0."""
    vals, vecs = np.linalg.eigh(0.5 * (m + m.T))
    out: FloatArray = (vecs * np.maximum(vals, 0.0)) @ vecs.T
    return out


def factor(corr: FloatArray) -> FloatArray:
    """F with F @ F.T == corr for a positive semi-definite ``corr`` (from its
    eigenvectors; unlike Cholesky it works when some eigenvalues are 0)."""
    vals, vecs = np.linalg.eigh(corr)
    out: FloatArray = vecs * np.sqrt(np.maximum(vals, 0.0))
    return out


def load_state_correlation(path: str | Path) -> StateCorrelation:
    """Read a state correlation matrix: the bundled form (a ``state`` column, then one
    column per state) or the published one (a header of 51 codes, rows in the same
    order). Refuses, with the line named, a matrix that is not square over the 51 states,
    not symmetric, without a unit diagonal or with values outside -1..1."""
    path = Path(path)
    name = str(path)
    text = read_capped(path, MAX_MATRIX_BYTES, "correlation matrix").decode("utf-8-sig",
                                                                          "replace")
    return parse_state_correlation(text, name)


def parse_state_correlation(text: str, source: str = "<correlation>") -> StateCorrelation:
    rows = [r for r in csv.reader(io.StringIO(text)) if r and not r[0].startswith("#")]
    first_line = next((n for n, line in enumerate(text.splitlines(), 1)
                       if line.strip() and not line.startswith("#")), 1)
    if not rows:
        raise InputError(source, "a header row of state codes", line=1)
    header = [h.strip() for h in rows[0]]
    labelled = header[0].lower() == "state"
    codes = [_ALIASES.get(c, c) for c in (header[1:] if labelled else header)]
    if sorted(codes) != sorted(STATE_CODES):
        unknown = sorted(set(codes) - set(STATE_CODES)) or sorted(set(STATE_CODES) - set(codes))
        raise InputError(source, "the 51 state codes (DC included), each once",
                         line=first_line, got=", ".join(unknown[:5]) or "a code twice")
    n = len(codes)
    if len(rows) - 1 != n:
        raise InputError(source, f"{n} rows after the header", got=f"{len(rows) - 1} rows")
    m = np.empty((n, n))
    for i, row in enumerate(rows[1:]):
        line = first_line + 1 + i
        cells = row[1:] if labelled else row
        if labelled and _ALIASES.get(row[0].strip(), row[0].strip()) != codes[i]:
            raise InputError(source, f"the row for {codes[i]} (rows in the header's order)",
                             line=line, field="state", got=row[0])
        if len(cells) != n:
            raise InputError(source, f"{n} values", line=line, got=f"{len(cells)} values")
        try:
            m[i] = [float(c) for c in cells]
        except ValueError:
            raise InputError(source, "numbers", line=line, got=",".join(cells)[:60]) from None
        if not np.all(np.abs(m[i]) <= 1.0) or m[i, i] != 1.0:
            raise InputError(source, "correlations from -1 to 1 with 1 on the diagonal",
                             line=line, field=codes[i])
    if not np.allclose(m, m.T, atol=1e-9):
        ri, rj = (int(k) for k in np.unravel_index(np.argmax(np.abs(m - m.T)), m.shape))
        raise InputError(source, "a symmetric matrix", line=first_line + 1 + ri,
                         field=codes[rj], got=f"{m[ri, rj]} against {m[rj, ri]}")
    return StateCorrelation(tuple(codes), m, source)


@lru_cache(maxsize=4)
def repaired_correlation(path: str) -> tuple[StateCorrelation, Repair]:
    """The matrix in ``path`` and its repair (cached: the repair takes a fraction of a
    second and the matrix never changes while the program runs)."""
    published = load_state_correlation(path)
    repair = nearest_correlation(published.matrix)
    repaired = StateCorrelation(published.states, repair.matrix, published.source)
    return repaired, repair


def unit_factor(corr: StateCorrelation) -> FloatArray:
    """A 56 × 51 matrix whose rows give each unit's correlated error from 51 independent
    standard draws (districts share their state's row)."""
    out: FloatArray = factor(corr.matrix)[corr.unit_rows()]
    return out


def as_state_order(corr: StateCorrelation, states: Sequence[str]) -> FloatArray:
    """The matrix re-ordered to ``states`` (e.g. STATE_CODES)."""
    pos = {s: i for i, s in enumerate(corr.states)}
    idx = [pos[s] for s in states]
    out: FloatArray = corr.matrix[np.ix_(idx, idx)]
    return out
