"""Base classes of every generated model: strict types, declared rules, readable errors."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar, cast

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator
from pydantic._internal._model_construction import ModelMetaclass

from ._errors import KlingValidationError, worded
from ._rules import Check, compile_rule, fields_to_send

__all__ = ["InputModel", "KlingModel", "OutputModel"]

_M = TypeVar("_M", bound="KlingModel")


class _ReadableErrors(ModelMetaclass):
    # Re-wording errors of ``Model(...)`` here rather than in ``__init__``: pydantic
    # validates a model with its own ``__init__`` through Python even when it is nested.
    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except ValidationError as error:
            raise KlingValidationError.from_pydantic(
                error, cast("type[BaseModel]", cls)
            ) from None


class KlingModel(BaseModel, metaclass=_ReadableErrors):
    """A fal payload.  Types are strict: ``"0.5"`` is not a number and ``5`` is not ``"5"``."""

    model_config = ConfigDict(strict=True)

    __endpoint__: ClassVar[str | None] = None
    """The endpoint id, on an endpoint's input and output models."""
    __rules__: ClassVar[tuple[dict[str, Any], ...]] = ()
    """Cross-field rules in their spec form; see :mod:`fal_kling._rules`."""
    __checks__: ClassVar[tuple[Check, ...]] = ()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.__checks__ = tuple(compile_rule(rule) for rule in cls.__rules__)

    @classmethod
    def model_validate(cls: type[_M], obj: Any, **options: Any) -> _M:
        try:
            return super().model_validate(obj, **options)
        except ValidationError as error:
            raise KlingValidationError.from_pydantic(error, cls) from None

    @classmethod
    def model_validate_json(
        cls: type[_M], json_data: str | bytes | bytearray, **options: Any
    ) -> _M:
        try:
            return super().model_validate_json(json_data, **options)
        except ValidationError as error:
            raise KlingValidationError.from_pydantic(error, cls) from None

    @model_validator(mode="after")
    def _check_rules(self) -> Any:
        for check in self.__checks__:
            problem = check(self)
            if problem is not None:
                raise worded("fal_rule", problem)
        return self

    def to_arguments(self) -> dict[str, Any]:
        """The JSON arguments to send to fal.

        ``None`` and values equal to fal's defaults are left out, except fields a
        ``requires`` rule says must be provided.
        """
        arguments = self.model_dump(
            mode="json", exclude_none=True, exclude_defaults=True
        )
        needed = [
            name
            for name in fields_to_send(self.__rules__, self)
            if name not in arguments
        ]
        if needed:
            arguments.update(self.model_dump(mode="json", include=set(needed)))
        return arguments


class InputModel(KlingModel):
    """What is sent to an endpoint.  Unknown keys are rejected: fal would silently ignore them."""

    model_config = ConfigDict(extra="forbid")


class OutputModel(KlingModel):
    """What an endpoint returns.  Keys this version does not know yet are kept, not rejected."""

    model_config = ConfigDict(extra="allow")
