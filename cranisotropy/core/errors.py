"""Exceptions that the CLI turns into exit codes.

``UsageError`` (exit 2): the user gave a bad value; the message names it, in one line.
``CheckFailed`` (exit 1): a check ran and did not pass.
"""


class UsageError(ValueError):
    """Bad user input: reported on one line, exit code 2, never a traceback.

    It is a ``ValueError``: Python callers catch it as one.

    Examples
    --------
    >>> from cranisotropy import diffusion_tensor
    >>> try:
    ...     diffusion_tensor(-1.0, 0.0)
    ... except ValueError as exc:
    ...     print(isinstance(exc, UsageError), exc)
    True nu must be > 0, got -1.0
    """


class CheckFailed(RuntimeError):
    """A verification or validation check failed: exit code 1."""


def require(condition: bool, message: str) -> None:
    """Raise :class:`UsageError` with ``message`` unless ``condition`` holds.

    >>> require(2 > 1, "never shown")
    """
    if not condition:
        raise UsageError(message)
