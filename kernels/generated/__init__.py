"""Generated kernel modules (written by ``cranisotropy regenerate``; do not edit by hand)."""
