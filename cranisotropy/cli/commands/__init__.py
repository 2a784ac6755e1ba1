"""Command modules: each defines ``register(cli)`` (see cranisotropy.cli.CommandSet)."""
