"""multipoles derivations."""
