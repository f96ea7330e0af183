"""Table definitions per template variant, one module each."""
