"""``falgen diff``: what changed between two versions of the specs, and what it breaks."""

from .changes import SEVERITIES, Change, SpecSet, diff_specs
from .report import as_json, markdown
from .sources import load_spec_set

__all__ = ["SEVERITIES", "Change", "SpecSet", "as_json", "diff_specs", "load_spec_set", "markdown"]
