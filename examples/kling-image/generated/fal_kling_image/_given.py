"""``NOT_GIVEN``: the default of every call parameter that fal gives a default.

A parameter left at ``NOT_GIVEN`` is not sent, so fal applies its own default; a value
the caller passes is sent as it is, even when it equals fal's default today (fal may
change its default; the caller's choice stands).
"""

from __future__ import annotations

from typing import Any, Final, final

__all__ = ["NOT_GIVEN", "NotGiven", "given"]


@final
class NotGiven:
    """The type of :data:`NOT_GIVEN`; falsy, and one instance only."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()
"""A parameter the caller did not pass: not sent, so fal's default applies."""


def given(**arguments: Any) -> dict[str, Any]:
    """The arguments the caller passed: those not left at :data:`NOT_GIVEN`.

    A list parameter of nested inputs is typed ``Sequence`` (so a ``list`` of the
    TypedDict type-checks); a tuple given there becomes the list the models take.
    """
    return {
        name: list(value) if isinstance(value, tuple) else value
        for name, value in arguments.items()
        if value is not NOT_GIVEN
    }
