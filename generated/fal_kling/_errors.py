"""Every error fal-kling raises, under one root: ``except KlingError`` catches them all.

::

    KlingError                      the root; ``endpoint_id`` and ``request_id`` where known
    ├── KlingValidationError        invalid arguments (nothing was sent), or fal's own 422;
    │                               also a pydantic.ValidationError
    ├── KlingHTTPError              any other HTTP error from fal (status_code, detail)
    ├── KlingOutputError            fal's output does not fit its model; the raw output is kept
    ├── KlingResponseError          fal answered with something that is not its API: not JSON,
    │                               an unknown status, a missing key
    ├── KlingConnectionError        fal could not be reached, or the connection broke;
    │                               also a ConnectionError.  ``maybe_queued``: a submit went
    │                               out and no answer came back, so it was not sent again
    ├── KlingTimeoutError           a time limit passed; also a TimeoutError
    ├── KlingFileError              a local file cannot be read, a download cannot be fetched
    │                               or saved; also an OSError
    ├── KlingCredentialsError       no fal credentials (FAL_KEY) were found
    ├── KlingUsageError             the API or the command line was used wrongly; also a ValueError
    ├── UnknownEndpointError        an endpoint id the package does not know; also a KeyError
    └── WebhookError                a webhook delivery that is not verified or not fal's;
                                    also a ValueError

The clients translate whatever ``fal_client``, httpx and json raise into these, keeping the
request id, so no other exception leaves a call.  Validation errors name the endpoint, the
field, the bad value and what is allowed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

__all__ = [
    "KlingConnectionError",
    "KlingCredentialsError",
    "KlingError",
    "KlingFileError",
    "KlingHTTPError",
    "KlingOutputError",
    "KlingPriceUnknownError",
    "KlingResponseError",
    "KlingTimeoutError",
    "KlingUsageError",
    "KlingValidationError",
    "models_in",
    "shown",
    "worded",
]

REQUESTS_PAGE = "https://fal.ai/dashboard/requests"
"""Where fal lists an account's requests: where to look for a request that may be queued."""
_SHOWN_VALUES = 6
"""Enums longer than this are shown as their first and last value."""
_SHOWN_CHARS = 80
"""Values longer than this, written out, are cut short in messages."""


class KlingError(Exception):
    """The root of every error fal-kling raises.

    ``endpoint_id`` and ``request_id`` say which endpoint and which queued request the
    error is about, where that is known (``None`` otherwise): a request that was queued
    can be looked up, or its result fetched, by its id.
    """

    endpoint_id: str | None = None
    request_id: str | None = None


class KlingValidationError(ValidationError, KlingError):
    """A :class:`pydantic.ValidationError` whose messages say what to do.

    It is a real ``pydantic.ValidationError``: ``except pydantic.ValidationError``
    catches it and ``errors()`` lists every problem with its ``loc``, ``type`` and
    ``input``.  ``title`` is the endpoint id (or the nested type's name), and each
    ``msg`` names the bad value and what is allowed, for example::

        1 validation error for fal-ai/kling-video/v3/standard/image-to-video
          duration: '16' is not one of '3'…'15'

    When fal itself rejects a request (HTTP 422), ``request_id`` is the request's id
    (``None`` when fal refused it at submit) and ``rejected_by_fal`` is true.
    """

    endpoint_id: str | None = None
    request_id: str | None = None
    rejected_by_fal: bool = False

    def __str__(self) -> str:
        count = self.error_count()
        header = f"{count} validation error{'s' if count != 1 else ''} for {self.title}"
        if self.rejected_by_fal:
            by = f"; request {self.request_id}" if self.request_id else ""
            header += f" (rejected by fal{by})"
        lines = [header]
        for error in self.errors(include_url=False):
            where = ".".join(str(part) for part in error["loc"])
            lines.append(f"  {where}: {error['msg']}" if where else f"  {error['msg']}")
        return "\n".join(lines)

    @classmethod
    def from_fal(
        cls, detail: Any, endpoint_id: str, request_id: str | None = None
    ) -> KlingValidationError:
        """fal's 422 ``detail`` (``[{"loc": ["body", "duration"], "msg": …}]``) as an
        error whose ``loc`` names the field as the payload does: ``("duration",)``."""
        items = detail if isinstance(detail, list) else [{"msg": str(detail)}]
        details: list[InitErrorDetails] = []
        for item in items:
            item = item if isinstance(item, dict) else {"msg": str(item)}
            loc = [
                part for part in item.get("loc") or () if isinstance(part, (str, int))
            ]
            if loc[:1] == ["body"]:
                loc = loc[1:]
            details.append(
                {
                    "type": worded("fal_rejected", str(item.get("msg", "rejected"))),
                    "loc": tuple(loc),
                    "input": item.get("input"),
                }
            )
        error = cls.from_exception_data(endpoint_id, details)
        error.endpoint_id, error.request_id = endpoint_id, request_id
        error.rejected_by_fal = True
        return error

    @classmethod
    def from_pydantic(
        cls, error: ValidationError, model: type[BaseModel], data: Any = None
    ) -> KlingValidationError:
        """Re-word pydantic's errors for ``model`` (the outermost model validated).

        pydantic stops at the first broken rule of a model, and checks none while a field
        is invalid; with the payload ``data`` at hand, every broken rule whose fields are
        valid is reported, after the field errors.
        """
        from ._rules import rule_problems

        fields = [
            item
            for item in error.errors(include_url=False)
            if item["type"] != "fal_rule"
        ]
        details: list[InitErrorDetails] = [
            {
                "type": worded(item["type"], _message(item, model)),
                "loc": _fal_loc(model, item["loc"], item["type"]),
                "input": item["input"],
            }
            for item in fields
        ]
        rules = [
            item
            for item in error.errors(include_url=False)
            if item["type"] == "fal_rule"
        ]
        if data is not None:
            invalid = {tuple(detail["loc"]) for detail in details}
            problems = rule_problems(model, data, invalid)
            rules = [
                {"type": "fal_rule", "loc": loc, "msg": message, "input": None}
                for loc, message in problems
            ] or rules
        details += [
            {
                "type": worded("fal_rule", str(item["msg"])),
                "loc": tuple(item["loc"]),
                "input": item.get("input"),
            }
            for item in rules
        ]
        title = getattr(model, "__endpoint__", None) or model.__name__
        return cls.from_exception_data(title, details)


class KlingOutputError(KlingError):
    """fal returned an output this version of fal-kling does not accept.

    The request ran and was paid for, so what fal returned is kept: ``request_id``,
    ``output`` (the raw JSON) and ``error`` (the :class:`KlingValidationError` saying what
    did not fit).  Updating fal-kling usually fixes it: fal's output changed.
    """

    def __init__(
        self,
        endpoint_id: str,
        request_id: str,
        output: Any,
        error: KlingValidationError,
    ) -> None:
        super().__init__(
            f"{endpoint_id} returned an output that does not fit its model "
            f"(request {request_id}; the raw output is kept in .output):\n{error}"
        )
        self.endpoint_id = endpoint_id
        self.request_id = request_id
        self.output = output
        self.error = error


class KlingHTTPError(KlingError):
    """fal answered with an HTTP error other than a rejected input.

    ``status_code``, ``detail`` (fal's message), ``endpoint_id`` and ``request_id`` (when
    the request was queued) are kept; a failed job keeps its id, to look it up at fal.
    """

    def __init__(
        self,
        endpoint_id: str,
        status_code: int,
        detail: Any,
        request_id: str | None = None,
        error_type: str | None = None,
    ) -> None:
        where = f"request {request_id}" if request_id else "at submit"
        super().__init__(
            f"fal answered HTTP {status_code} for {endpoint_id} ({where}): {detail}"
        )
        self.endpoint_id = endpoint_id
        self.status_code = status_code
        self.detail = detail
        self.request_id = request_id
        self.error_type = error_type


class KlingTimeoutError(KlingError, TimeoutError):
    """A time limit passed.

    ``request_id`` is None when fal's answer to the submit never arrived: the request may
    have been queued (and may run, and be billed), so it was not sent again; look for it
    among your requests at fal before submitting it again.  With a ``request_id``, the
    request was queued: ``cancelled`` says whether ``client_timeout`` passed and it was
    cancelled, or fal stopped answering about it (it may still finish: fetch it by id).
    """

    def __init__(
        self,
        endpoint_id: str,
        timeout: float | None,
        request_id: str | None = None,
        *,
        cancelled: bool = False,
    ) -> None:
        after = f" within {timeout:g} s" if timeout is not None else ""
        if request_id is None:
            message = (
                f"fal did not answer the submit to {endpoint_id}{after}; the request may "
                "have been queued, so it was not sent again (it would be paid twice). "
                f"Look for it among your requests at {REQUESTS_PAGE} before submitting "
                "it again"
            )
        elif cancelled:
            message = f"request {request_id} to {endpoint_id} did not finish{after}; it was cancelled"
        else:
            message = (
                f"fal did not answer about request {request_id} to {endpoint_id}{after}; "
                "it is still queued or running: fetch it later by its id"
            )
        super().__init__(message)
        self.endpoint_id = endpoint_id
        self.timeout = timeout
        self.request_id = request_id
        self.cancelled = cancelled


class KlingConnectionError(KlingError, ConnectionError):
    """fal could not be reached, or the connection broke before its answer arrived.

    ``maybe_queued`` is true when a submit's body went out and no answer came back: fal
    may have queued the request (and may run and bill it), so it was not sent again.  The
    message says how to find it before submitting again.  With a ``request_id``, the
    request was queued: fetch its result later by that id.
    """

    def __init__(
        self,
        endpoint_id: str,
        reason: str,
        request_id: str | None = None,
        *,
        maybe_queued: bool = False,
    ) -> None:
        if maybe_queued:
            message = (
                f"the connection to fal broke after the submit to {endpoint_id} was sent "
                f"({reason}); fal may have queued it, so it was not sent again (it would be "
                f"paid twice). Look for it among your requests at {REQUESTS_PAGE} "
                "before submitting it again"
            )
        elif request_id is not None:
            message = (
                f"cannot reach fal about request {request_id} to {endpoint_id} ({reason}); "
                "it is still queued or running: fetch its result later by its id"
            )
        else:
            message = (
                f"cannot reach fal for {endpoint_id} ({reason}); nothing was queued. "
                "Check the network and try again"
            )
        super().__init__(message)
        self.endpoint_id = endpoint_id
        self.request_id = request_id
        self.reason = reason
        self.maybe_queued = maybe_queued


class KlingResponseError(KlingError):
    """fal answered with something its API does not send: a body that is not JSON, an
    unknown status, a missing key.  ``request_id`` names the request where there is one.
    """

    def __init__(
        self, endpoint_id: str, problem: str, request_id: str | None = None
    ) -> None:
        about = f"request {request_id} to {endpoint_id}" if request_id else endpoint_id
        super().__init__(
            f"fal's answer about {about} is not what its API sends: {problem}"
        )
        self.endpoint_id = endpoint_id
        self.request_id = request_id
        self.problem = problem


class KlingFileError(KlingError, OSError):
    """A local file given for a file field cannot be read, or a download cannot be fetched
    or saved (nothing is left behind)."""


class KlingCredentialsError(KlingError):
    """No fal credentials were found: set ``FAL_KEY``, or pass ``Kling(key=...)``."""


class KlingUsageError(KlingError, ValueError):
    """fal-kling was used in a way it does not support; the message says what to do."""


class KlingPriceUnknownError(KlingError, LookupError):
    """No source fal-kling was built from states the endpoint's price, so no estimate can
    be made; ``endpoint_id`` names it, and fal's pricing page has the figure."""


def worded(kind: str, message: str) -> PydanticCustomError:
    """An error whose message is final: converting it again keeps it as it is.

    Nested models are validated through their own constructors, so their errors reach
    the outer model already worded."""
    return PydanticCustomError(kind, "{" + _WORDED + "}", {_WORDED: message})


_WORDED = "fal_message"


def models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    """The model classes an annotation names, outermost first."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in get_args(annotation):
        yield from models_in(argument)


def shown(value: Any) -> str:
    """A value as messages show it: its ``repr``, cut short when long; never an exception."""
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value.bit_length() > 256
    ):
        return f"<an integer of about {int(value.bit_length() * 0.30103) + 1} digits>"
    try:
        text = repr(value)
    except (ValueError, RecursionError):
        return f"<a {type(value).__name__} too large to show>"
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


def _field(holder: type[BaseModel] | None, part: str) -> tuple[str, FieldInfo] | None:
    """A field of ``holder`` by its fal name or its attribute: (fal name, info)."""
    if holder is None:
        return None
    attributes: dict[str, str] = getattr(holder, "__attributes__", {})
    attribute = attributes.get(part, part)
    info = holder.model_fields.get(attribute)
    return (info.alias or attribute, info) if info is not None else None


def _fal_loc(
    model: type[BaseModel], loc: Sequence[int | str], kind: str
) -> tuple[int | str, ...]:
    """``loc`` with every field named as fal names it (pydantic names the key it was given);
    an unknown key keeps the name it was given."""
    holder: type[BaseModel] | None = model
    out: list[int | str] = []
    for index, part in enumerate(loc):
        unknown = kind == "extra_forbidden" and index == len(loc) - 1
        found = _field(holder, part) if isinstance(part, str) and not unknown else None
        if found is None:
            out.append(part)
            continue
        out.append(found[0])
        holder = next(models_in(found[1].annotation), None)
    return tuple(out)


def _literals_in(annotation: Any) -> tuple[Any, ...]:
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    return tuple(
        value for argument in get_args(annotation) for value in _literals_in(argument)
    )


def _locate(
    model: type[BaseModel], loc: Sequence[int | str]
) -> tuple[type[BaseModel] | None, FieldInfo | None]:
    """The model that holds the field at ``loc``, and that field."""
    holder: type[BaseModel] | None = model
    info: FieldInfo | None = None
    for part in loc:
        if isinstance(part, int):
            continue
        found = _field(holder, part)
        if found is None:
            return holder, None
        info = found[1]
        if part != loc[-1]:
            holder = next(models_in(info.annotation), None)
    return holder, info


def _did_you_mean(value: Any, choices: Sequence[Any]) -> str:
    import difflib  # only on the error path, which is not worth a slower import

    if not isinstance(value, str):
        matches = [
            choice
            for choice in choices
            if isinstance(value, (int, float)) and str(choice) == shown(value)
        ]
        return f"; did you mean {matches[0]!r}?" if matches else ""
    close = difflib.get_close_matches(
        value, [str(c) for c in choices], n=1, cutoff=0.75
    )
    return f"; did you mean {close[0]!r}?" if close else ""


def _allowed(values: tuple[Any, ...]) -> str:
    if len(values) <= _SHOWN_VALUES:
        return ", ".join(repr(v) for v in values)
    return f"{values[0]!r}…{values[-1]!r} ({len(values)} values)"


def _bound(info: FieldInfo | None, *names: str) -> Any:
    for constraint in info.metadata if info is not None else ():
        for name in names:
            if getattr(constraint, name, None) is not None:
                return getattr(constraint, name)
    return None


def _message(error: ErrorDetails, model: type[BaseModel]) -> str:
    kind, value, loc = error["type"], error["input"], error["loc"]
    holder, info = _locate(model, loc)
    ctx = error.get("ctx", {})
    if _WORDED in ctx:
        return str(ctx[_WORDED])
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        known = sorted(
            getattr(holder, "__attributes__", None)
            or (holder.model_fields if holder is not None else [])
        )
        return f"unknown field{_did_you_mean(str(loc[-1]), known)} (allowed: {', '.join(known)})"
    if kind == "literal_error":
        values = _literals_in(info.annotation) if info is not None else ()
        if values:
            return f"{shown(value)} is not one of {_allowed(values)}{_did_you_mean(value, values)}"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        low, high = _bound(info, "ge", "gt"), _bound(info, "le", "lt")
        if low is not None and high is not None:
            return f"{shown(value)} is out of range; allowed: {low} to {high}"
    if kind == "model_type":
        return f"expected an object ({ctx.get('class_name', 'fields by name')}), got {shown(value)}"
    if kind == "too_long":
        return f"{ctx.get('actual_length')} items given; at most {ctx.get('max_length')} allowed"
    if kind == "too_short":
        return f"{ctx.get('actual_length')} items given; at least {ctx.get('min_length')} required"
    return f"{shown(value)}: {error['msg']}"
