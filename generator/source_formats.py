"""The formats of the sources ``falgen sync`` reads, and how long it waits for one by URL.

Kept apart from :mod:`falgen.sync` so the command line can offer them without loading it.
"""

from __future__ import annotations

from typing import Literal

Format = Literal["mdx", "text", "llms", "openapi", "typescript"]
FORMATS: tuple[Format, ...] = ("mdx", "text", "llms", "openapi", "typescript")
DEFAULT_TIMEOUT = 30.0
"""Seconds to wait for a source given by URL."""
