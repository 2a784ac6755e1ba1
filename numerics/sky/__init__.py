"""sky numerics."""
