"""Loyalty summaries: the service's read models are the API's (one contract, one definition)."""

from __future__ import annotations

from crm_core.loyalty.schemas import CustomerLoyalty, ModelKind, Portfolio

__all__ = ["CustomerLoyalty", "ModelKind", "Portfolio"]
