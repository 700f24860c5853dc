"""``falgen update``: bring the specs up to date from fal's live sources, unattended.

Fal's sources, fetched fresh:

- fal's Platform API model list (``GET {api}/models``, searched for the app, with
  ``expand=openapi-3.0``, page by page through ``next_cursor``): every endpoint of the
  app, with its OpenAPI document;
- each listed endpoint's ``llms.txt`` page (``{site}/models/{endpoint id}/llms.txt``);
- fal-js's published types: the latest ``@fal-ai/client`` on the npm registry (its
  metadata, then the tarball's ``endpoints.d.ts``);
- with ``FAL_KEY`` set, fal's pricing API (``GET {api}/models/pricing``): the unit price
  of each endpoint, dated the day it was read, for endpoints no page prices.

They are handed to :func:`falgen.sync.sync` as files, with fal's live sources first in
precedence (the OpenAPI documents, then the pages) over the types, which lag behind; every
fact one source settles over another is listed in the report.  Sync's rules hold: nothing
is written unless every source was read and every resulting spec is valid, and a second
run changes nothing.  Endpoints the specs have and fal no longer lists are reported, never
deleted: they are marked ``listed: false``, and the mark goes when fal lists them again.
"""

from __future__ import annotations

import io
import json
import os
import tarfile
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from ..errors import FalgenError
from ..sync import SyncReport, picked_by, specs_app, sync
from .fetch import DEFAULT_CONCURRENCY, Fetcher, joined

__all__ = ["DEFAULT_CONCURRENCY", "Bases", "UpdateReport", "update"]

PREFERENCE = ("openapi", "page", "typescript")
"""Which kind of source wins where they disagree: fal's live ones over its published types."""
PAGE_SIZE = 50
MAX_PAGES = 100
FIND_BATCH = 50
"""Endpoint ids one find-mode request of the model list may name (fal's limit)."""
TYPES_IN_TARBALL = ("package/src/types/endpoints.d.ts", "package/dist/src/types/endpoints.d.ts")


@dataclass(frozen=True)
class Bases:
    """Where fal's sources live: overridable for mirrors and local stand-ins (http is fine)."""

    api: str = "https://api.fal.ai/v1"
    site: str = "https://fal.ai"
    registry: str = "https://registry.npmjs.org"

    @classmethod
    def from_environment(cls) -> Bases:
        return cls(
            api=os.environ.get("FALGEN_FAL_API") or cls.api,
            site=os.environ.get("FALGEN_FAL_SITE") or cls.site,
            registry=os.environ.get("FALGEN_NPM_REGISTRY") or cls.registry,
        )


@dataclass(frozen=True)
class UpdateReport:
    sync: SyncReport
    fetched: tuple[str, ...]
    """What was read: the model list's pages, the pages, the types."""
    findings: tuple[str, ...]
    """What the sources themselves say: missing pages, endpoints fal no longer lists."""
    origins: tuple[tuple[str, str], ...] = ()
    """The scratch file each source was read from, and the URL it came from."""

    def lines(self) -> list[str]:
        return [
            *(f"source: {line}" for line in self.fetched),
            *self.findings,
            *(_named(line, self.origins) for line in self.sync.lines()),
        ]


def _named(text: str, origins: Sequence[tuple[str, str]]) -> str:
    """``text`` naming each source by its URL rather than the scratch file it was read from."""
    for scratch, url in origins:
        text = text.replace(scratch, url)
    return text


def update(
    specs: Path,
    *,
    dry_run: bool = False,
    only: Sequence[str] = (),
    concurrency: int = DEFAULT_CONCURRENCY,
    timeout: float = 30.0,
    bases: Bases | None = None,
    say: Callable[[str], None] | None = None,
    app: str | None = None,
) -> UpdateReport:
    """Fetch fal's sources for the specs' app (``app``, the project's, while the specs hold
    none yet) and sync the specs with them; all or nothing."""
    bases = bases or Bases.from_environment()
    app = specs_app(specs) or app
    if app is None:
        raise FalgenError(
            f"{specs}: no endpoint specs, so no app to update; name one with [tool.falgen] app, or sync a first source"
            " by hand"
        )
    key = os.environ.get("FAL_KEY")
    fetcher = Fetcher(
        concurrency=concurrency, timeout=timeout, say=say, headers={"Accept": "application/json, text/plain, */*"}
    )
    api_headers = {"Authorization": f"Key {key}"} if key else {}
    models, pages_read = _models(fetcher, bases, app, _spec_endpoints(specs), api_headers)
    wanted = picked_by(only, app)
    picked = [m for m in models if wanted(m["endpoint_id"])]
    findings: list[str] = []
    listed = {m["endpoint_id"] for m in models}
    unlisted = sorted(e for e in _spec_endpoints(specs) if e not in listed and wanted(e))
    for endpoint in unlisted:
        findings.append(
            f"{endpoint}: fal no longer lists it; its spec is kept and marked listed: false (remove it by hand once fal"
            " retires it)"
        )
    prices = _prices(fetcher, bases, [m["endpoint_id"] for m in picked], api_headers) if key else None
    if prices is None:
        findings.append("fal's pricing API needs FAL_KEY: prices were read from the pages alone")
    page_urls = [joined(bases.site, "models", m["endpoint_id"], "llms.txt") for m in picked]
    answers = fetcher.get_all(page_urls, "llms.txt pages")
    types = _types(fetcher, bases)
    with tempfile.TemporaryDirectory(prefix="falgen-update-") as scratch:
        origins: list[tuple[str, str]] = []
        documented = [m for m in picked if m.get("openapi")]
        if documented:
            catalogue = Path(scratch, "fal-models.json")
            catalogue.write_text(json.dumps({"models": documented}), encoding="utf-8")
            origins.append((str(catalogue), joined(bases.api, "models")))
        for model in picked:
            if not model.get("openapi"):
                findings.append(
                    f"{model['endpoint_id']}: fal's model list gives no OpenAPI document; updated from its other"
                    " sources"
                )
        for model, answer in zip(picked, answers, strict=True):
            if answer.missing:
                findings.append(
                    f"{model['endpoint_id']}: {answer.url} is not found (404); updated from its other sources"
                )
                continue
            page = Path(scratch, model["endpoint_id"].replace("/", "__") + ".llms.txt")
            page.write_bytes(answer.body)
            origins.append((str(page), answer.url))
        if types is not None:
            typed = Path(scratch, "endpoints.d.ts")
            typed.write_text(types[2], encoding="utf-8")
            origins.append((str(typed), f"{types[1]}:{TYPES_IN_TARBALL[0]}"))
        try:
            report = sync(
                [scratch_path for scratch_path, _ in origins],
                specs,
                dry_run=dry_run,
                only=list(only) or [f"{app}/*"],
                prefer=list(PREFERENCE),
                timeout=timeout,
                unlisted=unlisted,
                prices=prices,
                stated=datetime.now(timezone.utc).date().isoformat(),
            )
        except FalgenError as error:
            raise FalgenError(_named(str(error), origins)) from None
    fetched = (
        (
            f"{pages_read} page{'s' if pages_read != 1 else ''} of fal's model list at {bases.api}: "
            f"{len(models)} endpoints of {app}, {len(picked)} picked"
        ),
        f"{len(answers) - sum(a.missing for a in answers)} of {len(answers)} llms.txt pages from {bases.site}",
        f"@fal-ai/client {types[0]} from {bases.registry}" if types else f"no @fal-ai/client types at {bases.registry}",
        *((f"{len(prices)} prices from fal's pricing API at {bases.api}",) if prices is not None else ()),
    )
    return UpdateReport(report, fetched, tuple(findings), tuple(origins))


def _spec_endpoints(specs: Path) -> set[str]:
    """The endpoint ids the specs hold: each spec's path is its id."""
    return {
        path.relative_to(specs).as_posix().removesuffix(".yaml")
        for path in specs.rglob("*.yaml")
        if path.relative_to(specs).parts[0] != "types"
    }


def _json(body: bytes, url: str) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as error:
        raise FalgenError(f"{url}: not JSON ({error}); nothing was written") from None


def _models(
    fetcher: Fetcher, bases: Bases, app: str, known: set[str], headers: dict[str, str]
) -> tuple[list[dict[str, Any]], int]:
    """Every endpoint of ``app`` in fal's model list, with its OpenAPI document; and how many
    pages were read.  The list is searched for the app, page by page; the ``known``
    endpoints the search did not return are then asked for by id (find mode, 50 at a
    time), so a search that misses one cannot make it look retired.  Endpoints of other
    apps are left out."""
    models: dict[str, dict[str, Any]] = {}
    search = {"q": app.split("/", 1)[-1]}
    pages = _listing(fetcher, bases, search, app, headers, models)
    missing = sorted(known - set(models))
    for start in range(0, len(missing), FIND_BATCH):
        pages += _listing(fetcher, bases, {"endpoint_id": missing[start : start + FIND_BATCH]}, app, headers, models)
    return sorted(models.values(), key=lambda m: str(m["endpoint_id"])), pages


def _prices(fetcher: Fetcher, bases: Bases, endpoints: list[str], headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    """fal's unit price of each endpoint that has one (its Platform API, 50 ids a query)."""
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(endpoints), FIND_BATCH):
        url = (
            joined(bases.api, "models", "pricing")
            + "?"
            + urlencode({"endpoint_id": ",".join(endpoints[start : start + FIND_BATCH])})
        )
        answer = fetcher.get(url, headers=headers)
        if answer.missing:
            raise FalgenError(f"{url}: not found (404): is FALGEN_FAL_API right? nothing was written")
        data = _json(answer.body, url)
        if not isinstance(data, dict) or not isinstance(data.get("prices"), list):
            raise FalgenError(f'{url}: not fal\'s pricing answer (no "prices" list); nothing was written')
        for entry in data["prices"]:
            endpoint = entry.get("endpoint_id") if isinstance(entry, dict) else None
            if isinstance(endpoint, str) and endpoint in endpoints:
                found[endpoint] = entry
    return found


def _listing(
    fetcher: Fetcher,
    bases: Bases,
    query: dict[str, Any],
    app: str,
    headers: dict[str, str],
    into: dict[str, dict[str, Any]],
) -> int:
    """Read one query of the model list to its last page into ``into``; the pages read."""
    cursor: str | None = None
    for page in range(1, MAX_PAGES + 1):
        params = {**query, "expand": "openapi-3.0", "limit": str(PAGE_SIZE), **({"cursor": cursor} if cursor else {})}
        url = joined(bases.api, "models") + "?" + urlencode(params, doseq=True)
        answer = fetcher.get(url, headers=headers)
        if answer.missing:
            raise FalgenError(f"{url}: not found (404): is FALGEN_FAL_API right? nothing was written")
        data = _json(answer.body, url)
        if not isinstance(data, dict) or not isinstance(data.get("models"), list):
            raise FalgenError(f'{url}: not fal\'s model list (no "models" list); nothing was written')
        for model in data["models"]:
            endpoint = model.get("endpoint_id") if isinstance(model, dict) else None
            if isinstance(endpoint, str) and endpoint.startswith(app + "/"):
                into[endpoint] = {"endpoint_id": endpoint, "openapi": model.get("openapi")}
        cursor = data.get("next_cursor") if data.get("has_more") or data.get("next_cursor") else None
        if not isinstance(cursor, str) or not cursor:
            return page
    raise FalgenError(f"{bases.api}: fal's model list goes on past {MAX_PAGES} pages; nothing was written")


def _types(fetcher: Fetcher, bases: Bases) -> tuple[str, str, str] | None:
    """The latest ``@fal-ai/client``'s version, its tarball's URL and its ``endpoints.d.ts``."""
    url = joined(bases.registry, quote("@fal-ai/client", safe="@"))
    answer = fetcher.get(url)
    if answer.missing:
        return None
    metadata = _json(answer.body, url)
    try:
        version = metadata["dist-tags"]["latest"]
        tarball = metadata["versions"][version]["dist"]["tarball"]
    except (KeyError, TypeError):
        raise FalgenError(
            f"{url}: not npm's package metadata (no latest version and tarball); nothing was written"
        ) from None
    packed = fetcher.get(str(tarball))
    if packed.missing:
        raise FalgenError(f"{tarball}: not found (404); nothing was written")
    try:
        with tarfile.open(fileobj=io.BytesIO(packed.body), mode="r:gz") as archive:
            for name in TYPES_IN_TARBALL:
                try:
                    member = archive.getmember(name)
                except KeyError:
                    continue
                handle = archive.extractfile(member)
                if handle is not None:
                    return str(version), str(tarball), handle.read().decode("utf-8")
    except (tarfile.TarError, OSError, EOFError, UnicodeDecodeError) as error:
        raise FalgenError(f"{tarball}: not a readable npm tarball ({error}); nothing was written") from None
    raise FalgenError(f"{tarball}: holds no {TYPES_IN_TARBALL[0]}; nothing was written")
