"""confinement derivations."""
