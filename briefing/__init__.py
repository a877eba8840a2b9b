"""briefing: structured YAML summaries in, a printable PDF briefing out."""

__version__ = "0.1.0"
