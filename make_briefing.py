#!/usr/bin/env python3
"""Build briefings: `python make_briefing.py [build|check|schema] ...` (see --help)."""

from briefing.cli import run

if __name__ == "__main__":
    run()
