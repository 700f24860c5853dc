"""``falgen sync``: read fal's docs pages and bring the specs up to date with them.

Stages: :mod:`source` (fetch and sanity-check a page) → :mod:`formats` (parse one of
the three page shapes into :mod:`page` records) → :mod:`facts` (interpret them) →
:mod:`merge` (update a spec without losing curation) → :mod:`spec_yaml` (edit the file
in place).  Every page is read and every result validated before any file is written.
"""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
import tempfile
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..errors import FalgenError, SpecError
from ..api import load_api
from ..files import UnreadableFile, read_text
from ..files import write_files
from ..source_formats import DEFAULT_TIMEOUT, Format
from ..spec.loader import MAX_SPEC_BYTES
from ..spec.model import app_of, spec_path
from .combine import Disagreement, Outcome, Policy, Stated, combine_endpoint, combine_model
from .facts import EndpointFacts, ModelFacts, PageFacts, page_facts
from .formats import read_page
from .merge import merge_endpoint, merge_type
from .provenance import Provenance, recorded
from .page import KINDS, EndpointFilter, PageError
from .placeholder import placeholder
from .pricing import api_pricing
from .source import read_source
from .spec_yaml import render, same

__all__ = ["EndpointReport", "SyncReport", "picked_by", "specs_app", "sync"]


@dataclass(frozen=True)
class EndpointReport:
    endpoint: str
    path: Path
    created: bool
    changes: tuple[str, ...]


@dataclass(frozen=True)
class SyncReport:
    endpoints: tuple[EndpointReport, ...]
    notes: tuple[str, ...]
    dry_run: bool
    overrides: tuple[str, ...] = ()
    """Each fact one source's word settled over another's, by ``--prefer``."""
    kept: tuple[str, ...] = ()
    """Each fact kept because only sources of other kinds than those that stated it left it out or changed it."""

    @property
    def changed(self) -> tuple[EndpointReport, ...]:
        return tuple(e for e in self.endpoints if e.changes)

    def lines(self) -> list[str]:
        verb = "would change" if self.dry_run else "changed"
        out: list[str] = []
        for e in self.endpoints:
            if e.created:
                out.append(f"{e.endpoint}: {'would create' if self.dry_run else 'created'} {e.path}")
            elif e.changes:
                out.append(
                    f"{e.endpoint}: {verb} {e.path} ({len(e.changes)} {'change' if len(e.changes) == 1 else 'changes'})"
                )
            else:
                out.append(f"{e.endpoint}: up to date")
            out.extend(f"  {change}" for change in e.changes if not e.created)
        out.extend(f"override: {override}" for override in self.overrides)
        out.extend(f"kept: {fact}" for fact in self.kept)
        out.extend(f"note: {note}" for note in self.notes)
        written = len(self.changed)
        tail = (
            "nothing to change"
            if not written
            else (
                f"{written} spec {'file' if written == 1 else 'files'}"
                f" {'would be written (dry run)' if self.dry_run else 'written'}"
            )
        )
        out.append(tail)
        return out


@dataclass
class _Spec:
    path: Path
    text: str | None
    before: dict[str, Any] | None
    data: dict[str, Any] = field(default_factory=dict)


def sync(
    locations: Sequence[str],
    specs: Path,
    *,
    dry_run: bool = False,
    page_format: Format | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    only: Sequence[str] = (),
    prefer: Sequence[str] = (),
    unlisted: Collection[str] | None = None,
    app: str | None = None,
    prices: Mapping[str, Mapping[str, Any]] | None = None,
    stated: str | None = None,
) -> SyncReport:
    """Update the specs under ``specs`` from the sources at ``locations``; all or nothing.

    ``only`` picks endpoints by glob (default: those of the specs' own app); ``prefer``
    names the kinds of source (``typescript``, ``openapi``, ``page``) or the sources that
    win where sources disagree, first first.  ``unlisted``, when the caller knows fal's
    model list (``falgen update``), names the endpoints it no longer lists: their specs are
    marked ``listed: false``, and the mark leaves every other spec of the run.  ``app`` is
    the project's app, which picks the endpoints while the specs hold none yet.
    ``prices`` (by endpoint id, entries of fal's pricing API, read on ``stated``) give the
    price of an endpoint no page prices.
    """
    if not specs.is_dir():
        raise FalgenError(f"{specs}: specs directory not found")
    unknown = [choice for choice in prefer if choice not in KINDS and choice not in locations]
    if unknown:
        raise FalgenError(
            f"--prefer {unknown[0]}: name a kind of source ({', '.join(KINDS)}) or one of the sources given"
        )
    family = specs_app(specs) or app
    wanted = picked_by(only, family)
    sources, notes = _read_sources(locations, page_format, timeout, wanted)
    if not sources:
        if only:
            raise FalgenError(f"--only {' '.join(only)}: no endpoint of the sources given matches; nothing was written")
        raise FalgenError(
            f"no endpoint of the sources given belongs to {family}, the specs' app; pick endpoints with --only GLOB;"
            " nothing was written"
        )
    _check_family(sources, family)
    notes += [f"{s.source}: {note}" for s in sources for note in s.notes]
    sources = _distinct_types(sources, notes)

    state: dict[str, _Spec] = {}
    disagreements: list[Disagreement] = []
    overrides: list[Disagreement] = []
    kept: list[str] = []
    by_endpoint: dict[str, list[EndpointFacts]] = {}
    for source in sources:
        for facts in source.endpoints:
            by_endpoint.setdefault(facts.endpoint, []).append(facts)
    for endpoint, stated_facts in by_endpoint.items():
        spec = _load(specs, specs / spec_path(endpoint))
        outcome = Outcome()
        policy = Policy(
            tuple(prefer), dict((spec.data or {}).get("preferred") or {}), spec.data or {}, Provenance.of(spec.data)
        )
        combined = combine_endpoint(stated_facts, policy, outcome)
        if prices is not None and endpoint in prices and stated is not None:
            combined = _priced(combined, prices[endpoint], stated, notes)
        merged = merge_endpoint(spec.data or None, combined, outcome.decisions)
        spec.data = {
            **merged,
            **recorded(
                spec.data, merged, ("input.", "output."), outcome.stated, frozenset(e.kind for e in stated_facts)
            ),
        }
        state[endpoint] = spec
        disagreements += outcome.disagreements
        overrides += outcome.overrides
        kept += outcome.kept
        notes += outcome.notes

    if unlisted is not None:
        for endpoint in sorted({*unlisted, *state}):
            spec = state.get(endpoint) or _load(specs, specs / spec_path(endpoint))
            if spec.data:
                spec.data = _marked(spec.data, listed=endpoint not in unlisted)
                state[endpoint] = spec

    types: dict[str, _Spec] = {}
    for name, stated_types in _types(sources).items():
        spec = _load(specs, _type_path(specs, name))
        outcome = Outcome()
        policy = Policy(
            tuple(prefer), dict((spec.data or {}).get("preferred") or {}), spec.data or {}, Provenance.of(spec.data)
        )
        type_facts = combine_model(f"types/{name}", "", stated_types, policy, outcome)
        merged = merge_type(spec.data or None, type_facts, outcome.decisions)
        spec.data = {
            **merged,
            **recorded(spec.data, merged, ("",), outcome.stated, frozenset(s.kind for s in stated_types)),
        }
        types[name] = spec
        disagreements += outcome.disagreements
        overrides += outcome.overrides
        kept += outcome.kept
        notes += outcome.notes
    if disagreements:
        lines = [
            f"the sources disagree on {len(disagreements)} {'fact' if len(disagreements) == 1 else 'facts'}:",
            *(f"  {d}" for d in disagreements),
        ]
        raise FalgenError(
            "\n".join([
                *lines,
                (
                    f"nothing was written; say which source wins with --prefer KIND ({', '.join(KINDS)}) or --prefer"
                    " SOURCE"
                ),
            ])
        )
    _check_named_types(sources, types, specs)
    _fill_examples(state, types, specs, notes)

    every = {**state, **{f"types/{name}": spec for name, spec in types.items()}}
    # What the report lists is what is written: a spec whose data differs only in the key
    # order of an example (which sources write in their own orders) is left as it is.
    texts = {s.path: render(s.text, s.data) for s in every.values() if s.before is None or changes(s.before, s.data)}
    for spec in every.values():
        if spec.path in texts and yaml.safe_load(texts[spec.path]) != spec.data:
            raise FalgenError(
                f"{spec.path}: internal error: the written YAML would not read back as intended; nothing was written"
            )
    _validate(specs, texts)
    if not dry_run:
        write_files(texts)
    reports = tuple(
        EndpointReport(subject, spec.path, spec.before is None, tuple(changes(spec.before or {}, spec.data)))
        for subject, spec in every.items()
    )
    settled = tuple(dict.fromkeys(f"{o}; {o.statements[0].kind} wins" for o in overrides))
    return SyncReport(reports, tuple(dict.fromkeys(notes)), dry_run, settled, tuple(dict.fromkeys(kept)))


def _read_sources(
    locations: Sequence[str], page_format: Format | None, timeout: float, wanted: EndpointFilter
) -> tuple[list[PageFacts], list[str]]:
    """Every source read and interpreted (every error reported together); sources with no
    endpoint ``wanted`` picks are left out, with a note."""
    sources: list[PageFacts] = []
    notes: list[str] = []
    errors: list[str] = []
    for location in locations:
        try:
            source = read_source(location, timeout=timeout)
            raw = read_page(source.name, source.text, page_format, wanted)
            if raw.endpoints:
                sources.append(page_facts(raw))
            else:
                notes.append(f"{location}: no endpoint on it is picked (--only or the specs' app); left out")
        except PageError as error:
            errors.append(str(error))
    if errors:
        raise FalgenError("\n".join([*errors, "no spec was changed"]))
    return sources, notes


def _priced(facts: EndpointFacts, answer: Mapping[str, Any], stated: str, notes: list[str]) -> EndpointFacts:
    """``facts`` with the price fal's pricing API states, where no page prices the endpoint;
    where one does, the page's conditional prices stand, and a base price the API does not
    state is reported."""
    pricing, problems = api_pricing(answer, facts.input.fields, stated)
    notes.extend(f"{facts.endpoint}: {problem}" for problem in problems)
    if pricing is None:
        return facts
    if facts.pricing is None:
        return replace(facts, pricing=pricing)
    stated_prices = {
        Decimal(str(facts.pricing["price"])),
        *(Decimal(str(p["price"])) for p in facts.pricing.get("prices", ())),
    }
    if Decimal(str(pricing["price"])) not in stated_prices or pricing["unit"] != facts.pricing["unit"]:
        notes.append(
            f"{facts.endpoint}: fal's pricing API states ${pricing['price']} per {pricing['unit']}, which its page does"
            " not: the page's prices are kept; check them"
        )
    return facts


def specs_app(specs: Path) -> str | None:
    """The app (``fal-ai/kling-video``) of the specs already there: their ids' first two segments."""
    for path in sorted(specs.rglob("*.yaml")):
        relative = path.relative_to(specs)
        if relative.parts[0] != "types" and len(relative.parts) > 2:
            return "/".join(relative.parts[:2])
    return None


def picked_by(only: Sequence[str], family: str | None) -> EndpointFilter:
    """Which endpoints a run takes: those ``--only`` globs match, else those of the specs' app."""
    if only:
        return lambda endpoint: any(fnmatch.fnmatchcase(endpoint, pattern) for pattern in only)
    if family is not None:
        return lambda endpoint: endpoint.startswith(family + "/")
    return lambda endpoint: True


def _check_family(sources: Sequence[PageFacts], family: str | None) -> None:
    """One package holds one app's endpoints: name the source that would bring another's."""
    apps: dict[str, str] = {}
    for source in sources:
        for e in source.endpoints:
            apps.setdefault(app_of(e.endpoint), source.source)
    if family is not None:
        apps.setdefault(family, "the specs")
    if len(apps) > 1:
        named = ", ".join(f"{app} (from {where})" for app, where in sorted(apps.items()))
        raise FalgenError(
            f"the endpoints would span {len(apps)} apps: {named}; falgen keeps one app's endpoints, so pick them with"
            " --only; nothing was written"
        )


def _distinct_types(sources: Sequence[PageFacts], notes: list[str]) -> list[PageFacts]:
    """One type name given different shapes gets distinct names.  Two definitions are one
    type when they have the same shape, or when the same endpoint uses both (its sources
    then describe one type, and where they differ they disagree); the name stays with the
    type of the first endpoint (by id), the others get ``2``, ``3``…"""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def root(node: tuple[str, str]) -> tuple[str, str]:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    users: dict[tuple[str, str], set[str]] = {}
    by_endpoint: dict[tuple[str, str], tuple[str, str]] = {}
    for source in sources:
        for e in source.endpoints:
            for name, model in e.types.items():
                node = (name, _shape(model))
                users.setdefault(node, set()).add(e.endpoint)
                other = by_endpoint.setdefault((e.endpoint, name), node)
                parent[root(node)] = root(other)
    groups: dict[str, dict[tuple[str, str], set[str]]] = {}
    for node, endpoints in users.items():
        groups.setdefault(node[0], {}).setdefault(root(node), set()).update(endpoints)
    taken = set(groups)
    renames: dict[tuple[str, str], str] = {}
    for name, variants in sorted(groups.items()):
        if len(variants) == 1:
            continue
        number = 2
        for endpoints in sorted(variants.values(), key=min)[1:]:
            while f"{name}{number}" in taken:
                number += 1
            taken.add(f"{name}{number}")
            renames.update({(endpoint, name): f"{name}{number}" for endpoint in endpoints})
            notes.append(
                f"type {name} has {len(variants)} shapes; the one used by {', '.join(sorted(endpoints))} is named"
                f" {name}{number}"
            )
    if not renames:
        return list(sources)
    return [
        replace(
            source,
            endpoints=tuple(
                _renamed(e, {old: new for (endpoint, old), new in renames.items() if endpoint == e.endpoint})
                for e in source.endpoints
            ),
        )
        for source in sources
    ]


def _shape(model: ModelFacts) -> str:
    """What makes two definitions of a type the same type: fields, their facts, rules; not wording."""
    fields = {name: {k: v for k, v in facts.items() if k != "description"} for name, facts in model.fields.items()}
    return json.dumps(
        [fields, [{k: v for k, v in r.items() if k != "description"} for r in model.rules]], sort_keys=True
    )


def _renamed(endpoint: EndpointFacts, names: dict[str, str]) -> EndpointFacts:
    if not names:
        return endpoint

    def model(m: ModelFacts) -> ModelFacts:
        fields = {
            n: {**f, "type": re.sub(r"\b(\w+)\b", lambda t: names.get(t[1], t[1]), f["type"])}
            for n, f in m.fields.items()
        }
        return replace(m, fields=fields)

    types = {names.get(name, name): model(m) for name, m in endpoint.types.items()}
    return replace(endpoint, input=model(endpoint.input), output=model(endpoint.output), types=types)


def _types(sources: Sequence[PageFacts]) -> dict[str, list[Stated]]:
    """Each nested type the sources define, with one statement per source."""
    found: dict[str, dict[str, Stated]] = {}
    for source in sources:
        for e in source.endpoints:
            for name, model in e.types.items():
                found.setdefault(name, {}).setdefault(source.source, Stated(source.source, source.kind, model))
    return {name: list(by_source.values()) for name, by_source in sorted(found.items())}


def _type_path(specs: Path, name: str) -> Path:
    existing = (
        sorted(path for path in (specs / "types").rglob(f"{name}.y*ml") if path.stem == name)
        if (specs / "types").is_dir()
        else []
    )
    return existing[0] if existing else specs / "types" / f"{name}.yaml"


def _fill_examples(state: dict[str, _Spec], types: dict[str, _Spec], specs: Path, notes: list[str]) -> None:
    """An endpoint no source gives an example for gets one made from its fields, marked curated."""
    known = (
        {p.stem: _load(specs, p).data for p in (specs / "types").rglob("*.y*ml")} if (specs / "types").is_dir() else {}
    )
    known.update({name: spec.data for name, spec in types.items()})
    for endpoint, spec in state.items():
        examples = dict(spec.data.get("examples") or {})
        made = [which for which in ("input", "output") if which not in examples]
        if not made:
            continue
        for which in made:
            examples[which] = placeholder(spec.data[which], known)
        examples["curated"] = [*examples.get("curated", []), *made]
        spec.data["examples"] = {k: examples[k] for k in ("input", "output", "curated")}
        notes.append(
            f"{endpoint}: no source gives an {' or '.join(made)} example; one was made from the fields and marked"
            " curated: review it"
        )


def _check_named_types(sources: Sequence[PageFacts], types: dict[str, _Spec], specs: Path) -> None:
    """A source naming a type that neither the specs nor any given source define is refused."""
    defined = set(types) | (
        {p.stem for p in (specs / "types").rglob("*.y*ml")} if (specs / "types").is_dir() else set()
    )
    missing: dict[str, set[str]] = {}
    for source in sources:
        for e in source.endpoints:
            for model in (e.input, e.output, *e.types.values()):
                for facts in model.fields.values():
                    for name in re.findall(r"\b[A-Z]\w*\b", facts["type"]):
                        if name not in defined:
                            missing.setdefault(name, set()).add(source.source)
    if missing:
        lines = [
            f"{', '.join(sorted(where))}: names type {name}, which {specs / 'types'} does not define and no source"
            " given defines"
            for name, where in sorted(missing.items())
        ]
        raise FalgenError(
            "\n".join([
                *lines,
                (
                    "add the type, or pass a source that defines it too (fal's endpoints.ts or an OpenAPI document);"
                    " nothing was written"
                ),
            ])
        )


def _marked(data: dict[str, Any], *, listed: bool) -> dict[str, Any]:
    """A spec's data with ``listed: false`` after its title and summary, or without the key."""
    kept = {key: value for key, value in data.items() if key != "listed"}
    if listed:
        return kept
    head = [key for key in ("endpoint", "title", "summary") if key in kept]
    return {**{key: kept[key] for key in head}, "listed": False, **{k: v for k, v in kept.items() if k not in head}}


def _load(specs: Path, path: Path) -> _Spec:
    if not path.exists():
        return _Spec(path, None, None)
    try:
        text = read_text(path, MAX_SPEC_BYTES)
    except UnreadableFile as error:
        raise FalgenError(f"{path}: {error}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise FalgenError(f"{path}: not valid YAML, fix it before syncing: {error}") from None
    if not isinstance(data, dict):
        raise FalgenError(f"{path}: expected a YAML mapping at the top level; fix it before syncing")
    return _Spec(path, text, data, data)


def _validate(specs: Path, texts: dict[Path, str]) -> None:
    """Load and check the specs as they would be after writing, in a scratch copy."""
    with tempfile.TemporaryDirectory(prefix="falgen-sync-") as scratch:
        copy = Path(scratch) / "specs"
        shutil.copytree(specs, copy)
        for path, text in texts.items():
            target = copy / path.relative_to(specs)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        try:
            load_api(copy)
        except SpecError as error:
            raise FalgenError(
                f"the synced specs would not be valid, so nothing was written:\n{error.relocated(copy, specs)}"
            ) from None


def changes(before: Any, after: Any, path: str = "") -> list[str]:
    """What differs between two versions of a spec, one line per changed value."""
    if isinstance(before, dict) and isinstance(after, dict):
        lines = [f"+ {path}{key}: {_show(after[key])}" for key in after if key not in before]
        lines += [f"- {path}{key}" for key in before if key not in after]
        for key in (k for k in after if k in before):
            lines += changes(before[key], after[key], f"{path}{key}.")
        shared = [k for k in after if k in before]
        if path.endswith("fields.") and shared != [k for k in before if k in after]:
            lines.append(f"~ {path.rstrip('.')}: order now {', '.join(shared)}")
        return lines
    if isinstance(before, list) and isinstance(after, list) and any(isinstance(v, dict) for v in before + after):
        lines = []
        for i in range(max(len(before), len(after))):
            if i >= len(before):
                lines.append(f"+ {path.rstrip('.')}[{i}]: {_show(after[i])}")
            elif i >= len(after):
                lines.append(f"- {path.rstrip('.')}[{i}]")
            else:
                lines += changes(before[i], after[i], f"{path.rstrip('.')}[{i}].")
        return lines
    if isinstance(before, list) and isinstance(after, list) and not same(before, after):
        added = [_show(v) for v in after if v not in before]
        removed = [_show(v) for v in before if v not in after]
        parts = ([f"added {', '.join(added)}"] if added else []) + (
            [f"removed {', '.join(removed)}"] if removed else []
        )
        return [f"~ {path.rstrip('.')}: {'; '.join(parts) or 'order changed'}"]
    if not same(before, after):
        return [f"~ {path.rstrip('.')}: {_show(before)} → {_show(after)}"]
    return []


def _show(value: Any, limit: int = 70) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"
