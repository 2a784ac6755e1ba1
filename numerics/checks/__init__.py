"""Verification checks, one module per topic; each registers seed equations for `verify`."""
