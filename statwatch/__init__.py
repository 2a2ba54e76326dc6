"""statwatch: watch published numbers, extract facts, alert on events."""
__version__ = "0.1.0"
