"""confinement numerics."""
