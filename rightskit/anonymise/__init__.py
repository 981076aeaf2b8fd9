"""Anonymised releases: plans, operators, writers and the manifest. Inputs are never modified."""
