"""beam numerics."""
