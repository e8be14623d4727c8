"""Loyalty summaries: descriptive figures in SQL, models in numpy/scipy."""
