"""crm_core."""
