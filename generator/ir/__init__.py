"""The resolved model of the API: what every renderer reads, built once from the specs."""

from generator.ir.model import Api, Condition, Endpoint, Field, Group, Model, Rule, TypeRef
from generator.ir.resolve import resolve

__all__ = ["Api", "Condition", "Endpoint", "Field", "Group", "Model", "Rule", "TypeRef", "resolve"]
