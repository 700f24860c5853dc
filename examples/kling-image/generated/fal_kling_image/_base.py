"""Base classes of every generated model: strict types, declared rules, readable errors.

Payloads name fields as fal does.  A field whose name Python cannot use as an attribute
(``class``, or ``json``, which pydantic owns) is an attribute with a trailing ``_`` and
keeps fal's name as its alias: payloads are read and written by alias only, and keyword
construction (``Model(class_=...)``) takes either name.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, TypeVar, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    GetCoreSchemaHandler,
    ValidationError,
    model_validator,
)
from pydantic._internal._model_construction import ModelMetaclass
from pydantic_core import PydanticCustomError, core_schema

from ._errors import KlingImageValidationError, worded
from ._rules import Check, Getter, Holds, compile_holds, compile_rule, fields_to_send

__all__ = ["InputModel", "Integer", "KlingImageModel", "OutputModel", "Rules"]

_M = TypeVar("_M", bound="KlingImageModel")


def _whole_number(value: float) -> int:
    if value.is_integer():
        return int(value)
    raise PydanticCustomError(
        "int_from_float",
        "Input should be a valid integer, got a number with a fractional part",
    )


class _WholeNumber:
    """Validation for ``Integer``: an int, or a float without a fractional part (``3.0``),
    which JSON Schema's ``integer`` accepts too; either way the value is an ``int``."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.union_schema(
            [
                core_schema.int_schema(strict=True),
                core_schema.chain_schema(
                    [
                        core_schema.float_schema(strict=True, allow_inf_nan=False),
                        core_schema.no_info_plain_validator_function(_whole_number),
                    ]
                ),
            ],
            custom_error_type="int_type",
        )


Integer = Annotated[int, _WholeNumber()]
"""The type of integer fields in the models."""


class _ReadableErrors(ModelMetaclass):
    # Re-wording errors of ``Model(...)`` here rather than in ``__init__``: pydantic
    # validates a model with its own ``__init__`` through Python even when it is nested.
    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except ValidationError as error:
            raise KlingImageValidationError.from_pydantic(
                error, cast("type[KlingImageModel]", cls), kwargs
            ) from None


class KlingImageModel(BaseModel, metaclass=_ReadableErrors):
    """A fal payload.  Types are strict: ``"0.5"`` is not a number and ``5`` is not ``"5"``."""

    model_config = ConfigDict(
        strict=True,
        allow_inf_nan=False,
        # fal's field names are its own: model_name is a field here, not pydantic's business.
        protected_namespaces=(),
        validate_by_alias=True,
        validate_by_name=True,
        serialize_by_alias=True,
    )

    __endpoint__: ClassVar[str | None] = None
    """The endpoint id, on an endpoint's input and output models."""
    __rules__: ClassVar[tuple[dict[str, Any], ...]] = ()
    """Cross-field rules in their spec form; see :mod:`fal_kling_image._rules`."""
    __checks__: ClassVar[tuple[Check, ...]] = ()
    __attributes__: ClassVar[dict[str, str]] = {}
    """Each field's attribute by its fal name."""
    __defaults__: ClassVar[dict[str, Any]] = {}
    """The default of each optional field, by its fal name."""
    __renamed__: ClassVar[bool] = False
    """Whether any field's attribute differs from its fal name."""
    __files__: ClassVar[dict[str, dict[str, Any]]] = {}
    """The fields that take the URL of a file, by fal name: its kind and fal's limits."""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.__checks__ = tuple(compile_rule(rule) for rule in cls.__rules__)
        cls.__attributes__ = {
            info.alias or name: name for name, info in cls.model_fields.items()
        }
        cls.__defaults__ = {
            info.alias or name: info.default
            for name, info in cls.model_fields.items()
            if not info.is_required()
        }
        cls.__renamed__ = any(
            fal != attribute for fal, attribute in cls.__attributes__.items()
        )

    @classmethod
    def model_validate(cls: type[_M], obj: Any, **options: Any) -> _M:
        try:
            if not options:  # the common call, straight to pydantic-core
                return cast(
                    _M, cls.__pydantic_validator__.validate_python(obj, by_name=False)
                )
            options.setdefault("by_name", False)  # a payload names fields as fal does
            return super().model_validate(obj, **options)
        except ValidationError as error:
            raise KlingImageValidationError.from_pydantic(error, cls, obj) from None

    @classmethod
    def model_validate_json(
        cls: type[_M], json_data: str | bytes | bytearray, **options: Any
    ) -> _M:
        options.setdefault("by_name", False)
        try:
            return super().model_validate_json(json_data, **options)
        except ValidationError as error:
            try:
                data = json.loads(json_data)
            except (ValueError, RecursionError):
                data = None
            raise KlingImageValidationError.from_pydantic(error, cls, data) from None

    @property
    def _get(self) -> Getter:
        """This model's getter: where no field is renamed, its values by name as they are stored."""
        if self.__renamed__:
            return lambda name: getattr(self, self.__attributes__[name])
        return self.__dict__.__getitem__

    def _items(self, name: str) -> list[Getter]:
        return [
            item.__dict__.__getitem__ if not item.__renamed__ else item._get
            for item in self._get(name) or ()
        ]

    @classmethod
    def _getter_for(cls, data: Any) -> Getter | None:
        """A getter over ``data``, a model or a payload for this model (even an invalid one)."""
        if isinstance(data, KlingImageModel):
            return data._get
        if not isinstance(data, Mapping):
            return None
        attributes, defaults = cls.__attributes__, cls.__defaults__

        def get(name: str) -> Any:
            if name in data:
                return data[name]
            attribute = attributes.get(name, name)
            return data[attribute] if attribute in data else defaults.get(name)

        return get

    @classmethod
    def _item_getter(cls, name: str, item: Any) -> Getter | None:
        nested = cls._nested_models().get(name)
        return nested._getter_for(item) if nested is not None else None

    @classmethod
    def _nested_models(cls) -> dict[str, type[KlingImageModel]]:
        """The model of each field that holds one (or a list of them), by fal name."""
        from ._errors import models_in

        found: dict[str, type[KlingImageModel]] = {}
        for name, info in cls.model_fields.items():
            nested = next(
                (
                    m
                    for m in models_in(info.annotation)
                    if issubclass(m, KlingImageModel)
                ),
                None,
            )
            if nested is not None:
                found[info.alias or name] = nested
        return found

    def to_arguments(self) -> dict[str, Any]:
        """The JSON arguments to send to fal, by fal's field names.

        What was given is sent, even a value equal to fal's default; what was not given
        (and ``None``) is left out, so fal applies its default, except fields a
        ``requires`` rule says must be provided.
        """
        arguments = self.model_dump(
            mode="json", by_alias=True, exclude_none=True, exclude_unset=True
        )
        needed = [
            name
            for name in fields_to_send(self.__rules__, self._get)
            if name not in arguments
        ]
        if needed:
            include = {self.__attributes__[name] for name in needed}
            arguments.update(
                self.model_dump(mode="json", by_alias=True, include=include)
            )
        return arguments


class Rules(KlingImageModel):
    """The base of a model with cross-field rules (``__rules__``), checked once its fields
    are valid; models without rules do not pay for the check."""

    __holds__: ClassVar[Holds | None] = None
    """All rules as one compiled test, made on first use (nested types may be defined later)."""

    @model_validator(mode="after")
    def _check_rules(self) -> Any:
        model = type(self)
        holds = model.__dict__.get("__holds__")  # this class's own, never a base's
        if holds is None:
            holds = model.__holds__ = compile_holds(self.__rules__, model)
        if holds(self.__dict__):
            return self
        get = self.__dict__.__getitem__ if not self.__renamed__ else self._get
        for check in self.__checks__:
            problem = check(get, self._items)
            if problem is not None:
                raise worded("fal_rule", problem)
        return self


class InputModel(KlingImageModel):
    """What is sent to an endpoint.  Unknown keys are rejected: fal would silently ignore them."""

    model_config = ConfigDict(extra="forbid")


class OutputModel(KlingImageModel):
    """What an endpoint returns.  Keys this version does not know yet are kept, not rejected."""

    model_config = ConfigDict(extra="allow")
