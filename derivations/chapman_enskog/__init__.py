"""chapman_enskog derivations."""
