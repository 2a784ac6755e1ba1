"""backtrack derivations."""
