"""What a call will cost, before it is sent.

Each endpoint's price is what a fal source states (its page's pricing paragraph, fal's
pricing API), recorded in the spec and shipped in the input JSON Schema as
``x-fal-pricing``: a unit (a second of output video, an image, a video, a request), a
base price per unit, the prices the input selects ("$0.168 (audio on)"), and the input
field that counts the units.  An estimate validates the arguments first, so it describes
exactly the call that would be sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ._base import InputModel
from ._errors import GoldenPriceUnknownError

__all__ = ["Estimate", "estimate_model", "money", "price_words"]

_PLURAL = {
    "second": "seconds",
    "image": "images",
    "video": "videos",
    "request": "requests",
}
PRICING_PAGE = "https://fal.ai/pricing"


@dataclass(frozen=True)
class Estimate:
    """What one call will cost, in US dollars."""

    endpoint_id: str
    usd: Decimal | None
    """The charge; None where the quantity billed is known only after the run (``notes`` says
    on what it depends), so no total can be promised."""
    unit: str
    """What fal bills by: ``second`` (of output video), ``image``, ``video`` or ``request``."""
    unit_usd: Decimal
    """The price per unit the arguments select."""
    quantity: Decimal | None
    """How many units: the seconds, the images; 1 for a video or a request."""
    rule: str
    """Which price applied: ``"the base price"``, or the condition that selected it."""
    exact: bool
    """True when the arguments fix the charge: fal bills this, if the call succeeds."""
    notes: tuple[str, ...] = ()
    """What the estimate assumed or cannot know."""

    def __str__(self) -> str:
        per = f"{money(self.unit_usd)} per {self.unit}"
        if self.usd is None or self.quantity is None:
            head = f"{per} ({self.rule}); the total is not known before the run"
        else:
            units = self.unit if self.quantity == 1 else _PLURAL[self.unit]
            head = f"{money(self.usd)}: {_text(self.quantity)} {units} × {per} ({self.rule})"
        return "; ".join((head, *self.notes))


def estimate_model(
    endpoint_id: str, pricing: Mapping[str, Any] | None, model: InputModel
) -> Estimate:
    """The estimate for a validated input ``model``, from the endpoint's ``x-fal-pricing``."""
    if pricing is None:
        error = GoldenPriceUnknownError(
            f"{endpoint_id}: no price is known for this endpoint (no source fal-golden was built "
            f"from states one); see {PRICING_PAGE}"
        )
        error.endpoint_id = endpoint_id
        raise error
    values = model.model_dump(mode="json", by_alias=True)
    given = model.model_dump(by_alias=True, exclude_unset=True).keys()
    unit = str(pricing["unit"])
    unit_usd, rule = Decimal(pricing["usd"]), "the base price"
    notes: list[str] = []
    for entry in pricing.get("prices", ()):
        if all(_holds(condition, values) for condition in entry["when"]):
            unit_usd = Decimal(entry["usd"])
            rule = "when " + " and ".join(_condition_words(c) for c in entry["when"])
            notes.extend(
                f"{c['field']} not given: fal's default, {_shown(values[c['field']])}, applies"
                for c in entry["when"]
                if c["field"] not in given and values.get(c["field"]) is not None
            )
            break
    quantity: Decimal | None
    counted = pricing.get("quantity")
    if unit in ("video", "request"):
        quantity = Decimal(1)
    elif counted is None:
        quantity = None
    else:
        quantity = _number(values.get(counted))
        if quantity is not None and counted not in given:
            notes.append(
                f"{counted} not given: fal's default, {values[counted]}, is assumed"
            )
        elif quantity is None:
            notes.append(
                f"{counted} is not given, so the quantity is known only after the run"
            )
    if pricing.get("note"):
        notes.append(str(pricing["note"]))
    return Estimate(
        endpoint_id=endpoint_id,
        usd=None if quantity is None else unit_usd * quantity,
        unit=unit,
        unit_usd=unit_usd,
        quantity=quantity,
        rule=rule,
        exact=quantity is not None and not pricing.get("note"),
        notes=tuple(notes),
    )


def price_words(pricing: Mapping[str, Any] | None) -> str:
    """The price in a few words, for listings: ``$0.084–$0.154 per second``."""
    if pricing is None:
        return "price unknown"
    prices = sorted(
        {
            Decimal(pricing["usd"]),
            *(Decimal(p["usd"]) for p in pricing.get("prices", ())),
        }
    )
    span = (
        money(prices[0])
        if len(prices) == 1
        else f"{money(prices[0])}–{money(prices[-1])}"
    )
    return f"{span} per {pricing['unit']}"


def _holds(condition: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    value = values.get(condition["field"])
    if "present" in condition:
        return (value is not None and value != []) == bool(condition["present"])
    return bool(value == condition["equals"])


def _condition_words(condition: Mapping[str, Any]) -> str:
    if "present" in condition:
        return f"{condition['field']} is {'given' if condition['present'] else 'not given'}"
    return f"{condition['field']} is {_shown(condition['equals'])}"


def _shown(value: Any) -> str:
    return "true" if value is True else "false" if value is False else repr(value)


def _number(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def money(value: Decimal) -> str:
    """Dollars with at least cents: ``$0.7`` → ``$0.70``, ``$0.028`` as it is."""
    cents = value.quantize(Decimal("0.01"))
    return f"${cents if cents == value else _text(value)}"


def _text(value: Decimal) -> str:
    """A decimal without an exponent or trailing zeros: ``0.840`` → ``0.84``."""
    return format(value.normalize(), "f")
