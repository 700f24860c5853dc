"""A page's pricing paragraph, read as a ``pricing`` block.

fal writes prices as prose for people, in a few shapes::

    - **Price**: $0.045 per seconds
    Your request will cost **$0.028** per image for **1K/2K**, price will be double for **4K**
    For every second of video you generate, you will be charged **$0.14** . For example, …
    For every second of video you generated, you will be charged **$0.112** (audio off) or **$0.168** (audio on),
      if voice control is used while generating audio you will be charged **$0.196**. …
    For every second of video you generated, you will be charged **$0.42** regardless of whether audio is on or off.
    Your request will be priced **$0.014** per input **video seconds**, rolling up to closest **5 second increment**. …

Only these shapes are read, and only where the endpoint has the inputs they speak of
(``duration``, ``generate_audio``, ``voice_ids``, ``resolution``, ``num_images``); anything
else is reported and left out, since a wrong price is worse than none.  A worked example
("a 5s video with audio on will cost $0.70") is checked against the prices read: a
paragraph that disagrees with its own example is left out too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

_USD = r"\$(\d+(?:\.\d+)?)"
_UNITS = {
    **dict.fromkeys(("second", "seconds"), "second"),
    **dict.fromkeys(("image", "images"), "image"),
    **dict.fromkeys(("video", "videos"), "video"),
    **dict.fromkeys(("request", "requests"), "request"),
}
_LISTED = re.compile(rf"^- Price: {_USD} per (\w+)$")
_PER_UNIT = re.compile(rf"^Your request will cost {_USD} per (\w+)(?: for 1K/2K, price will be double for 4K)?\.?$")
_PER_SECOND = re.compile(
    rf"^For every second of video you generated?, you will be charged {_USD}"
    rf"(?: \(audio off\) or {_USD} \(audio on\)"
    rf"(?:, if voice control is used while generating audio you will be charged {_USD})?"
    rf"| regardless of whether audio is on or off)? ?\.?"
    rf"(?: For example, an? (\d+)s video(?: with (audio on(?: and voice control)?|audio off))? will cost {_USD}\.?)?$"
)
_INPUT_SECONDS = re.compile(
    rf"^Your request will be priced {_USD} per input video seconds"
    rf"(?:, rolling up to closest (\d+) second increment)?\.?(?: For example, .*)?$"
)
_FIRST_SECONDS = re.compile(
    rf"^For (\d+)s video your request will cost {_USD}\. For every add?itional second you will be charged {_USD}\.?$"
)


def read_pricing(
    text: str, endpoint: str, fields: Mapping[str, Mapping[str, Any]]
) -> tuple[dict[str, Any] | None, list[str]]:
    """The ``pricing`` block the paragraph states for ``endpoint`` (whose input ``fields``
    are spec-shaped), or None; and notes on what was left out."""
    paragraph = _plain(text)
    if not paragraph:
        return None, []
    notes: list[str] = []
    pricing = (
        _listed(paragraph, fields)
        or _per_unit(paragraph, fields)
        or _per_second(paragraph, fields, notes)
        or _first_seconds(paragraph, fields, notes)
        or _input_seconds(paragraph, fields, notes)
    )
    if pricing is None and not notes:
        notes.append(f'pricing "{_cut(paragraph)}" is not a phrasing falgen reads; left out')
    if pricing is not None:
        pricing["source"] = f"https://fal.ai/models/{endpoint}/llms.txt"
    return pricing, notes


def _plain(text: str) -> str:
    """The paragraph's sentences, without Markdown emphasis, links or the pointer to fal's pricing page."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("For more details")]
    return re.sub(r"\s+", " ", " ".join(lines).replace("**", "")).strip()


def _listed(paragraph: str, fields: Mapping[str, Mapping[str, Any]]) -> dict[str, Any] | None:
    match = _LISTED.match(paragraph)
    return _counted(match[2], match[1], fields) if match else None


def _per_unit(paragraph: str, fields: Mapping[str, Mapping[str, Any]]) -> dict[str, Any] | None:
    match = _PER_UNIT.match(paragraph)
    if match is None:
        return None
    pricing = _counted(match[2], match[1], fields)
    if pricing is not None and "double for 4K" in paragraph:
        if "4K" not in (fields.get("resolution", {}).get("enum") or ()):
            return None
        doubled = Decimal(match[1]) * 2
        pricing["prices"] = [{"when": [{"field": "resolution", "equals": "4K"}], "price": _number(doubled)}]
    return pricing


def _counted(unit_word: str, usd: str, fields: Mapping[str, Mapping[str, Any]]) -> dict[str, Any] | None:
    """A price per unit, with the field that counts the units where the endpoint has it."""
    unit = _UNITS.get(unit_word.lower())
    if unit is None:
        return None
    pricing: dict[str, Any] = {"unit": unit, "price": _number(Decimal(usd))}
    counter = {"second": "duration", "image": "num_images"}.get(unit)
    if counter is not None and counter in fields:
        pricing["quantity"] = counter
        if unit == "image" and "series_amount" in fields:
            pricing["note"] = "A series (result_type 'series') is billed per image of it: series_amount images."
    elif counter is not None:
        pricing["note"] = f"Billed per {unit} of the output, which is known only after the run."
    return pricing


def _per_second(paragraph: str, fields: Mapping[str, Mapping[str, Any]], notes: list[str]) -> dict[str, Any] | None:
    match = _PER_SECOND.match(paragraph)
    if match is None:
        return None
    base, audio_on, voice, seconds, example_with, example_total = match.groups()
    pricing = _counted("second", base, fields)
    assert pricing is not None
    prices: list[dict[str, Any]] = []
    if audio_on is not None:
        if fields.get("generate_audio", {}).get("type") != "boolean":
            notes.append("pricing depends on audio, and the endpoint has no generate_audio input; left out")
            return None
        audio = {"field": "generate_audio", "equals": True}
        if voice is not None and "voice_ids" in fields:
            prices.append({"when": [audio, {"field": "voice_ids", "present": True}], "price": _number(Decimal(voice))})
        elif voice is not None:
            notes.append(
                f"pricing: voice control (${voice} per second) has no voice_ids input on this endpoint to select it"
                " (voice set inside a nested element is not read); left out"
            )
        prices.append({"when": [audio], "price": _number(Decimal(audio_on))})
    if prices:
        pricing["prices"] = prices
    if example_total is not None and not _example_holds(pricing, int(seconds), example_with, Decimal(example_total)):
        notes.append(f'pricing "{_cut(paragraph)}" disagrees with its own example; left out')
        return None
    return pricing


def _input_seconds(
    paragraph: str, fields: Mapping[str, Mapping[str, Any]], notes: list[str]
) -> dict[str, Any] | None:
    """A price per second of the *input* video, which only the run measures."""
    match = _INPUT_SECONDS.match(paragraph)
    if match is None:
        return None
    if "video_url" not in fields:
        notes.append("pricing is per second of an input video, and the endpoint has no video_url input; left out")
        return None
    rounded = f", rounded up to a multiple of {match[2]} s" if match[2] else ""
    return {
        "unit": "second",
        "price": _number(Decimal(match[1])),
        "note": f"Billed per second of the input video (video_url){rounded}, which is known only after the run.",
    }


def _first_seconds(paragraph: str, fields: Mapping[str, Mapping[str, Any]], notes: list[str]) -> dict[str, Any] | None:
    match = _FIRST_SECONDS.match(paragraph)
    if match is None:
        return None
    seconds, first, each = int(match[1]), Decimal(match[2]), Decimal(match[3])
    if first != each * seconds:
        notes.append(f'pricing "{_cut(paragraph)}" is not a price per second; left out')
        return None
    return _counted("second", match[3], fields)


def _example_holds(pricing: Mapping[str, Any], seconds: int, says: str | None, total: Decimal) -> bool:
    """Whether the paragraph's worked example is what its prices give."""
    audio, voice = says is not None and says.startswith("audio on"), says is not None and "voice" in says
    price = Decimal(str(pricing["price"]))
    for entry in pricing.get("prices", ()):
        tests = {c["field"]: c for c in entry["when"]}
        if tests.get("generate_audio", {}).get("equals") is True and audio and ("voice_ids" in tests) == voice:
            price = Decimal(str(entry["price"]))
            break
    if voice and not any("voice_ids" in {c["field"] for c in e["when"]} for e in pricing.get("prices", ())):
        return True  # the example prices an input the endpoint does not take: nothing to check
    return price * seconds == total


def _number(value: Decimal) -> int | float:
    """A price as the YAML number fal wrote: ``0.112``, ``2``."""
    normal = value.normalize()
    return int(normal) if normal == normal.to_integral_value() else float(format(normal, "f"))


def _cut(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


API_SOURCE = "https://api.fal.ai/v1/models/pricing"
"""fal's Platform API pricing route, named as the source of the prices it states."""
_API_UNITS = {**_UNITS, "video_second": "second", "video_seconds": "second"}


def api_pricing(
    answer: Mapping[str, Any], fields: Mapping[str, Mapping[str, Any]], stated: str
) -> tuple[dict[str, Any] | None, list[str]]:
    """The ``pricing`` block one entry of fal's pricing API states (``unit_price``, ``unit``,
    ``currency``) on ``stated``; fal's API gives one price per endpoint, so none that
    depends on the input."""
    unit = _API_UNITS.get(str(answer.get("unit", "")).lower())
    price = answer.get("unit_price")
    if (
        answer.get("currency") != "USD"
        or unit is None
        or isinstance(price, bool)
        or not isinstance(price, (int, float))
    ):
        shown = {key: answer.get(key) for key in ("unit_price", "unit", "currency")}
        return None, [f"fal's pricing API states {shown}, which is not a price per unit in US dollars falgen reads"]
    pricing = _counted(unit, repr(price), fields)
    assert pricing is not None
    pricing.update(source=API_SOURCE, stated=stated)
    return pricing, []
