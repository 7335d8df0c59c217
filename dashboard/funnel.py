"""Exact Poisson funnel limits for observed-vs-expected counts by district, and the exact
binomial limit that says whether a moderation rate is significantly above its benchmark.

For an expected count E, the limits on the observed count O at two-sided level a are the
exact Poisson (Garwood) limits taken around E, as in Public Health England's funnel plots
of ratios: lower = chi2.ppf(a/2, 2E) / 2, upper = chi2.ppf(1 - a/2, 2(E + 1)) / 2.
Dividing by E gives the limits of the ratio O/E drawn on the funnel plot.

Both quantiles are taken from scipy.special, as scipy.stats computes them (chi2.ppf(q, 2E) / 2
is gammaincinv(E, q), beta.ppf(q, a, b) is betaincinv(a, b, q), the same numbers): importing
scipy.stats costs about half a second, paid by the first page to draw a funnel.
"""

import numpy as np
import pandas as pd
from scipy.special import betaincinv, gammaincinv

LEVELS = {"95": 0.05, "998": 0.002}

ALARM = "under-reached (alarm)"
ALERT = "under-reached (alert)"
IN_LINE = "in line"
OVER = "over-reached"
NOT_COMPUTABLE = "not computable"
UNDER_REACHED = (ALARM, ALERT)


def poisson_limits(expected, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper limits on the observed count for each expected count (NaN if E <= 0)."""
    e = np.asarray(expected, dtype=float)
    valid = np.isfinite(e) & (e > 0)
    lower = np.full(e.shape, np.nan)
    upper = np.full(e.shape, np.nan)
    lower[valid] = gammaincinv(e[valid], alpha / 2)
    upper[valid] = gammaincinv(e[valid] + 1, 1 - alpha / 2)
    return lower, upper


def rate_lower_bound(events: int, trials: int, confidence: float = 0.95) -> float | None:
    """Exact (Clopper-Pearson) lower limit of a rate seen as `events` out of `trials`, the
    two-sided `confidence` interval's: beta.ppf((1 - confidence) / 2, k, n - k + 1); 0 when
    nothing happened, None when there were no trials. For k = 1 it is 1 - (1 - a/2)^(1/n)."""
    if not trials:
        return None
    if not events:
        return 0.0
    return float(betaincinv(events, trials - events + 1, (1 - confidence) / 2))


def funnel_status(observed, expected) -> np.ndarray:
    """The district's place on the funnel, from its observed and expected counts."""
    o = np.asarray(observed, dtype=float)
    e = np.asarray(expected, dtype=float)
    low95, up95 = poisson_limits(e, LEVELS["95"])
    low998, _ = poisson_limits(e, LEVELS["998"])
    return np.select(
        [~np.isfinite(low95), o < low998, o < low95, o > up95],
        [NOT_COMPUTABLE, ALARM, ALERT, OVER],
        default=IN_LINE,
    )


def add_funnel(reach: pd.DataFrame) -> pd.DataFrame:
    """Add count and O/E limits at 95 % and 99.8 %, and the status, to district_reach rows."""
    expected = reach["expected"].astype(float).to_numpy()
    columns = {}
    with np.errstate(divide="ignore", invalid="ignore"):
        for level, alpha in LEVELS.items():
            lower, upper = poisson_limits(expected, alpha)
            columns[f"lower_{level}"] = lower
            columns[f"upper_{level}"] = upper
            columns[f"ratio_lower_{level}"] = lower / expected
            columns[f"ratio_upper_{level}"] = upper / expected
    columns["status"] = funnel_status(reach["participants"].to_numpy(), expected)
    return pd.concat([reach, pd.DataFrame(columns, index=reach.index)], axis=1)
