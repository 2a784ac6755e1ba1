"""beam derivations."""
