"""The statwatch exception tree: one root, a few children that carry evidence."""


class StatwatchError(Exception):
    """Root of every error statwatch raises on purpose."""


class ConfigError(StatwatchError, ValueError):
    """A configuration file is missing, malformed or inconsistent."""


class SourceUnavailable(StatwatchError):
    """A source could not be fetched (network, HTTP status, timeout)."""


class FetchRejected(StatwatchError, ValueError):
    """A fetched body was refused (host not allowed, too large, truncated, undecodable)."""


class ParseError(StatwatchError, ValueError):
    """A document could not be read or parsed."""


class ValidationFailed(StatwatchError):
    """A staged batch failed a critical expectation."""

    def __init__(self, message: str, *, batch_id: str = "", failed: list[str] | None = None):
        super().__init__(message)
        self.batch_id = batch_id
        self.failed = failed or []


class DeliveryFailed(StatwatchError):
    """One or more notifications could not be delivered; they stay pending."""
