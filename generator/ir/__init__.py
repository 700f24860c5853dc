"""The resolved model of the API: what every renderer reads, built once from the specs."""

from .model import Api, Condition, Endpoint, Field, FileInfo, Group, Model, Price, Pricing, Rule, TypeRef
from .resolve import resolve

__all__ = [
    "Api",
    "Condition",
    "Endpoint",
    "Field",
    "FileInfo",
    "Group",
    "Model",
    "Price",
    "Pricing",
    "Rule",
    "TypeRef",
    "resolve",
]
