"""Kernel declarations, one module per topic; each function is decorated with ``@kernel``."""
