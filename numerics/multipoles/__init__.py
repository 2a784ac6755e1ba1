"""multipoles numerics."""
