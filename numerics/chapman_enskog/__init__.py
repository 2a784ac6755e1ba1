"""chapman_enskog numerics."""
