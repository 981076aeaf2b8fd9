"""Detection: recognizers, field-name lexicon, and the column classifier (evidence combiner)."""
