"""Shared core of cranisotropy: errors, the restricted expression parser, the verify registry, paths, progress."""
