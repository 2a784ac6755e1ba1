"""sky derivations."""
