"""Readers: turn inputs into Tables of Arrow batches, in bounded memory. No detection here."""
