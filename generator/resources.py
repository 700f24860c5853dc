"""Where falgen's own package data is: its templates (``templates/`` in the source tree)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

# A real directory in both editable and wheel installs: Jinja and the model generator read
# it by path, and the cache's fingerprint hashes what is in it.
TEMPLATE_ROOT = Path(str(files("falgen.templates")))
