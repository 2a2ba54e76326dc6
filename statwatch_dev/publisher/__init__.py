"""The sample publisher: a generated site of rail bulletins and statistics releases on a simulated clock."""

from statwatch_dev.publisher.server import FAULTS, Publisher

__all__ = ["FAULTS", "Publisher"]
