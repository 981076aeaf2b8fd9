"""Renderers: SARIF for code scanning; DPIA-style reports build on the same results."""
