"""The spec language: how endpoint and type specs are written in YAML, and how they are read."""

from .loader import SpecFile, load_spec_dir
from .model import (
    Condition,
    EndpointSpec,
    FieldSpec,
    ModelSpec,
    RuleSpec,
    TypeSpec,
)

__all__ = [
    "Condition",
    "EndpointSpec",
    "FieldSpec",
    "ModelSpec",
    "RuleSpec",
    "SpecFile",
    "TypeSpec",
    "load_spec_dir",
]
