"""When the probabilistic models are worth fitting at all.

Below roughly 500 customers or 100 repeat buyers the BG/NBD-family estimates swing with a handful
of customers (the reference's 30-shop bike data is such a case), so the summary shows only the
rule-based figures — RFM, overdue ratio, lifecycle, health — and labels P(alive), expected orders
and CLV as unavailable rather than approximating them.
"""

from __future__ import annotations

from crm_core.loyalty.clv import MAX_SPEND_FREQUENCY_CORRELATION

MIN_CUSTOMERS = 500
MIN_REPEAT_BUYERS = 100


def enough_data_for_models(n_customers: int, n_repeat_buyers: int) -> bool:
    """True when a company-wide fit is meaningful (customers with a purchase; repeat buyers
    with at least two purchase days)."""
    if n_customers < 0 or n_repeat_buyers < 0 or n_repeat_buyers > n_customers:
        raise ValueError("counts must satisfy 0 ≤ repeat buyers ≤ customers")
    return n_customers >= MIN_CUSTOMERS and n_repeat_buyers >= MIN_REPEAT_BUYERS


def spend_model_usable(spend_frequency_correlation: float | None) -> bool:
    """Gamma-Gamma assumes spend per order is independent of frequency: |corr| < 0.3."""
    return (
        spend_frequency_correlation is not None
        and abs(spend_frequency_correlation) < MAX_SPEND_FREQUENCY_CORRELATION
    )
