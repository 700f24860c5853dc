"""From parsed specs to the resolved API, checking everything a schema alone cannot."""

from __future__ import annotations

import difflib
import re
import sys
from decimal import Decimal
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problem, SpecError
from ..spec import EndpointSpec, ModelSpec, SpecFile
from ..spec import model as spec
from ..spec.constraints import CONSTRAINTS, PAIRS
from ..spec.loader import LoadedSpecs
from .model import (
    SCALAR_KINDS,
    Api,
    Condition,
    Direction,
    Endpoint,
    Field,
    FileInfo,
    Model,
    Price,
    Pricing,
    Rule,
    TypeRef,
)
from .naming import IMPORTED_NAMES, SEGMENT_NAMES, camel, is_field_name, python_names, segment_name, type_name_problem

TYPES_MODULE = "types"
_LIST = re.compile(r"^list\[(?P<item>.+)\]$")
_A = {"string": "a string", "integer": "an integer", "float": "a float", "boolean": "a boolean"}


_APPLIES = {"number": ("integer", "float"), "string": ("string",), "list": ("list",)}
_NEEDS = {"number": "an integer or float", "string": "a string", "list": "a list"}


def _words(names: tuple[str, ...], joiner: str) -> str:
    quoted = list(names)
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + f" {joiner} " + quoted[-1]


def _matches_type(value: Any, kind: str) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return False


@dataclass(frozen=True)
class _Place:
    """Where an endpoint goes: its attribute path on the client, its module and docs page."""

    path: tuple[str, ...]
    module: str
    slug: str


class _Resolver:
    def __init__(self, loaded: LoadedSpecs, root: Path, app: str | None) -> None:
        self.loaded = loaded
        self.root = root
        self.app = app
        self.problems: list[Problem] = []
        self.type_files = {f.name: f for f in loaded.types}
        self.types: dict[str, Model] = {}
        self.class_names: frozenset[str] = frozenset()

    def fail(self, file: SpecFile[Any], message: str, *loc: str | int) -> None:
        self.problems.append(file.problem(message, *loc))

    # -- types -----------------------------------------------------------------

    def parse_type(self, file: SpecFile[Any], text: str, loc: tuple[str | int, ...]) -> TypeRef | None:
        text = text.strip()
        if text in SCALAR_KINDS:
            return TypeRef(kind=text)
        match = _LIST.match(text)
        if match:
            item = self.parse_type(file, match["item"], loc)
            return TypeRef(kind="list", item=item) if item is not None else None
        if text in self.type_files:
            return TypeRef(kind="model", model=text)
        known = [*SCALAR_KINDS, *sorted(self.type_files)]
        close = difflib.get_close_matches(text, known, n=1)
        hint = (
            f"; did you mean '{close[0]}'?"
            if close
            else f"; expected one of {', '.join(SCALAR_KINDS)}, list[...] or a type in specs/types/"
        )
        self.fail(file, f"unknown type '{text}'{hint}", *loc, "type")
        return None

    # -- fields ----------------------------------------------------------------

    def check_value(
        self, file: SpecFile[Any], value: Any, f: spec.FieldSpec, ref: TypeRef, what: str, loc: tuple[str | int, ...]
    ) -> None:
        if ref.kind in SCALAR_KINDS and not _matches_type(value, ref.kind):
            self.fail(file, f"{what} {value!r} is not {_A[ref.kind]}", *loc)
        elif f.enum is not None and value not in f.enum:
            self.fail(file, f"{what} {value!r} is not one of the field's enum values {list(f.enum)!r}", *loc)
        elif f.minimum is not None and _matches_type(value, "float") and value < f.minimum:
            self.fail(file, f"{what} {value!r} is below the minimum {f.minimum!r}", *loc)
        elif f.maximum is not None and _matches_type(value, "float") and value > f.maximum:
            self.fail(file, f"{what} {value!r} is above the maximum {f.maximum!r}", *loc)
        elif f.min_length is not None and isinstance(value, str) and len(value) < f.min_length:
            self.fail(file, f"{what} {value!r} is shorter than the minimum length {f.min_length}", *loc)
        elif f.max_length is not None and isinstance(value, str) and len(value) > f.max_length:
            self.fail(file, f"{what} {value[:40]!r}… is longer than the maximum length {f.max_length}", *loc)

    def field(
        self, file: SpecFile[Any], name: str, python_name: str, f: spec.FieldSpec, loc: tuple[str | int, ...]
    ) -> Field | None:
        if not is_field_name(name):
            self.fail(
                file, f"field name '{name}' must be letters, digits and underscores, starting with a letter", *loc
            )
            return None
        ref = self.parse_type(file, f.type, loc)
        if ref is None:
            return None
        for key in ("default", "minimum", "maximum"):
            value = getattr(f, key)
            if (
                ref.kind == "float"
                and isinstance(value, int)
                and not isinstance(value, bool)
                and abs(value) > sys.float_info.max
            ):
                self.fail(file, f"{key} {value} is beyond the range of a float", *loc, key)
        if f.enum is not None:
            if ref.kind == "float":
                self.fail(
                    file,
                    "enum needs a string or integer field; a float field takes a range (minimum/maximum) instead",
                    *loc,
                    "enum",
                )
            elif ref.kind not in ("string", "integer"):
                self.fail(file, f"enum needs a string or integer field, not {ref.label}", *loc, "enum")
            elif len(set(f.enum)) != len(f.enum):
                self.fail(file, "enum lists a value twice", *loc, "enum")
            else:
                for index, value in enumerate(f.enum):
                    if not _matches_type(value, ref.kind):
                        self.fail(file, f"enum value {value!r} is not {_A[ref.kind]}", *loc, "enum", index)
        limits = {c.key: getattr(f, c.key) for c in CONSTRAINTS if getattr(f, c.key) is not None}
        for low, high in PAIRS:
            a, b = limits.get(low.key), limits.get(high.key)
            if (a is not None or b is not None) and ref.kind not in _APPLIES[low.applies_to]:
                self.fail(file, f"{low.key}/{high.key} need {_NEEDS[low.applies_to]} field, not {ref.label}", *loc)
            if a is not None and b is not None and a > b:
                self.fail(file, f"{low.key} {a!r} is greater than {high.key} {b!r}", *loc, low.key)
        if f.file is not None:
            self.check_file(file, f.file, ref, (*loc, "file"))
        if f.has_default:
            if f.required:
                self.fail(file, "a required field cannot have a default", *loc, "default")
            elif f.default is None:
                self.fail(file, "default: null says nothing; leave the default out", *loc, "default")
            elif ref.kind in SCALAR_KINDS:
                self.check_value(file, f.default, f, ref, "default", (*loc, "default"))
            else:
                self.fail(file, f"a {ref.label} field cannot have a default", *loc, "default")
        return Field(
            name=name,
            python_name=python_name,
            type=ref,
            description=" ".join(f.description.split()),
            required=f.required,
            has_default=f.has_default,
            default=f.default,
            enum=tuple(f.enum) if f.enum is not None else None,
            limits=limits,
            file=(
                FileInfo(
                    f.file.kind,
                    f.file.model_dump(exclude={"kind", "formats"}, exclude_none=True),
                    tuple(f.file.formats or ()),
                )
                if f.file is not None
                else None
            ),
        )

    def check_file(self, file: SpecFile[Any], f: spec.FileSpec, ref: TypeRef, loc: tuple[str | int, ...]) -> None:
        if ref.kind != "string" and not (ref.kind == "list" and ref.item is not None and ref.item.kind == "string"):
            self.fail(file, f"file needs a string (URL) field or a list of them, not {ref.label}", *loc)
        for low, high in (
            ("min_width", "max_width"),
            ("min_height", "max_height"),
            ("min_aspect_ratio", "max_aspect_ratio"),
            ("min_duration", "max_duration"),
            ("min_fps", "max_fps"),
        ):
            if getattr(f, low) is not None and getattr(f, high) is not None and getattr(f, low) > getattr(f, high):
                self.fail(
                    file, f"file {low} {getattr(f, low)!r} is greater than {high} {getattr(f, high)!r}", *loc, low
                )

    # -- rules -----------------------------------------------------------------

    def known(
        self, file: SpecFile[Any], fields: dict[str, Field], name: str, loc: tuple[str | int, ...], what: str = "rule"
    ) -> Field | None:
        if name in fields:
            return fields[name]
        close = difflib.get_close_matches(name, list(fields), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        self.fail(file, f"{what} names unknown field '{name}'{hint}", *loc)
        return None

    def condition(
        self,
        file: SpecFile[Any],
        fields: dict[str, Field],
        c: spec.Condition,
        specs: dict[str, spec.FieldSpec],
        loc: tuple[str | int, ...],
        what: str = "rule",
    ) -> Condition:
        target = self.known(file, fields, c.field, (*loc, "field"), what)
        if target is not None and "equals" in c.model_fields_set:
            self.check_value(file, c.equals, specs[c.field], target.type, "condition value", (*loc, "equals"))
        return Condition(field=c.field, equals=c.equals, present=c.present)

    def rule(
        self,
        file: SpecFile[Any],
        fields: dict[str, Field],
        specs: dict[str, spec.FieldSpec],
        r: spec.RuleSpec,
        loc: tuple[str | int, ...],
    ) -> Rule | None:
        data = r.model_dump(mode="json", exclude_unset=True, exclude={"description"})
        description = " ".join(r.description.split())
        if isinstance(r, (spec.ExactlyOneOf, spec.AtLeastOneOf, spec.MutuallyExclusive)):
            names = tuple(r.fields)
            for index, name in enumerate(names):
                self.known(file, fields, name, (*loc, "fields", index))
            if len(set(names)) != len(names):
                self.fail(file, "rule lists a field twice", *loc, "fields")
            quantity = {
                "exactly_one_of": "exactly one",
                "at_least_one_of": "at least one",
                "mutually_exclusive": "at most one",
            }[r.kind]
            summary = f"Give {quantity} of {_words(names, 'or')}."
            return Rule(kind=r.kind, fields=names, description=description, summary=summary, data=data)
        if isinstance(r, spec.Requires):
            self.known(file, fields, r.field, (*loc, "field"))
            for index, name in enumerate(r.requires):
                self.known(file, fields, name, (*loc, "requires", index))
                if name == r.field:
                    self.fail(file, f"field '{name}' cannot require itself", *loc, "requires", index)
            requires = tuple(r.requires)
            summary = f"When {r.field} is given, {_words(requires, 'and')} must be given too."
            return Rule(
                kind=r.kind, fields=(r.field,), requires=requires, description=description, summary=summary, data=data
            )
        if isinstance(r, spec.OnlyWhen):
            self.known(file, fields, r.field, (*loc, "field"))
            when = self.condition(file, fields, r.when, specs, (*loc, "when"))
            if when.field == r.field:
                self.fail(file, "a field's only_when condition must test another field", *loc, "when")
            summary = f"{r.field} may only be given when {when.words}."
            return Rule(kind=r.kind, fields=(r.field,), when=when, description=description, summary=summary, data=data)
        if isinstance(r, spec.MaxTotal):
            names = tuple(r.fields)
            for index, name in enumerate(names):
                self.known(file, fields, name, (*loc, "fields", index))
            if len(set(names)) != len(names):
                self.fail(file, "rule lists a field twice", *loc, "fields")
            summary = f"At most {r.max} in all across {_words(names, 'and')} (each item of a list counts)."
            return Rule(kind=r.kind, fields=names, max=r.max, description=description, summary=summary, data=data)
        if isinstance(r, spec.LimitWhen):
            target = self.known(file, fields, r.field, (*loc, "field"))
            when = self.condition(file, fields, r.when, specs, (*loc, "when"))
            if target is None:
                return None
            if target.file is None:
                self.fail(
                    file,
                    f"limit_when holds a file field to narrower limits, and '{r.field}' is not a file field",
                    *loc,
                    "field",
                )
                return None
            limits = FileInfo(
                target.file.kind, r.file.model_dump(exclude={"formats"}, exclude_none=True), tuple(r.file.formats or ())
            )
            if not limits.stated.keys() - {"kind"}:
                self.fail(file, "limit_when needs at least one file limit", *loc, "file")
            summary = f"When {when.words}, {r.field} takes {limits.summary}."
            return Rule(
                kind=r.kind,
                fields=(r.field,),
                when=when,
                file=limits,
                description=description,
                summary=summary,
                data=data,
            )
        assert isinstance(r, spec.MaxMatching)
        target = self.known(file, fields, r.field, (*loc, "field"))
        item = target.type.item if target is not None and target.type.kind == "list" else None
        if target is not None and (item is None or item.kind != "model" or item.model is None):
            self.fail(
                file, f"max_matching needs a list of objects, and '{r.field}' is {target.type.label}", *loc, "field"
            )
            return None
        if item is None or item.model is None or item.model not in self.types:
            return None
        item_fields = {f.name: f for f in self.types[item.model].fields}
        where = self.condition(file, item_fields, r.where, self.type_files[item.model].spec.fields, (*loc, "where"))
        noun = "item" if r.max == 1 else "items"
        summary = f"At most {r.max} {noun} of {r.field} may match: {where.words}."
        return Rule(
            kind=r.kind, fields=(r.field,), where=where, max=r.max, description=description, summary=summary, data=data
        )

    # -- models ----------------------------------------------------------------

    def model(
        self,
        file: SpecFile[Any],
        name: str,
        m: ModelSpec,
        direction: Direction,
        module: str,
        loc: tuple[str | int, ...],
    ) -> Model:
        fields: dict[str, Field] = {}
        python = python_names(list(m.fields), self.class_names)
        for field_name, f in m.fields.items():
            resolved = self.field(file, field_name, python[field_name], f, (*loc, "fields", field_name))
            if resolved is not None:
                fields[field_name] = resolved
        if not m.fields:
            self.fail(file, "a model needs at least one field", *loc, "fields")
        rules = []
        for index, r in enumerate(m.rules):
            resolved_rule = self.rule(file, fields, m.fields, r, (*loc, "rules", index))
            if resolved_rule is not None:
                rules.append(resolved_rule)
        return Model(
            name=name,
            description=" ".join(m.description.split()),
            fields=tuple(fields.values()),
            rules=tuple(rules),
            direction=direction,
            module=module,
        )

    def check_example(
        self, file: SpecFile[EndpointSpec], example: dict[str, Any] | None, model: Model, which: str
    ) -> None:
        known = {f.name for f in model.fields}
        for key in example or {}:
            if key not in known:
                close = difflib.get_close_matches(key, sorted(known), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                self.fail(file, f"{which} example has unknown field '{key}'{hint}", "examples", which, key)

    def endpoint(self, file: SpecFile[EndpointSpec], place: _Place) -> Endpoint:
        e = file.spec
        expected = spec.spec_path(e.endpoint)
        if file.path.relative_to(self.root).as_posix() != expected.as_posix():
            self.fail(file, f"endpoint '{e.endpoint}' belongs in specs/{expected.as_posix()}", "endpoint")
        prefix = camel(place.module)
        input = self.model(file, f"{prefix}Input", e.input, "input", place.module, ("input",))
        return Endpoint(
            id=e.endpoint,
            title=" ".join(e.title.split()),
            summary=" ".join(e.summary.split()),
            listed=e.listed,
            path=place.path,
            module=place.module,
            slug=place.slug,
            input=input,
            output=self.model(file, f"{prefix}Output", e.output, "output", place.module, ("output",)),
            example_input=e.examples.input,
            example_output=e.examples.output,
            curated_examples=tuple(e.examples.curated),
            source=file.path.relative_to(self.root),
            pricing=self.pricing(file, e.pricing, input, e.input) if e.pricing is not None else None,
        )

    def pricing(self, file: SpecFile[EndpointSpec], p: spec.PricingSpec, input: Model, specs: ModelSpec) -> Pricing:
        """The endpoint's price, its conditions and quantity checked against its input."""
        fields = {f.name: f for f in input.fields}
        prices = tuple(
            Price(
                when=tuple(
                    self.condition(file, fields, c, specs.fields, ("pricing", "prices", i, "when", j), "pricing")
                    for j, c in enumerate(entry.when)
                ),
                usd=_usd(entry.price),
            )
            for i, entry in enumerate(p.prices)
        )
        if p.quantity is not None:
            counted = self.known(file, fields, p.quantity, ("pricing", "quantity"), "pricing")
            numeric = counted is not None and (
                counted.type.kind in ("integer", "float")
                or (counted.enum is not None and all(_is_number(v) for v in counted.enum))
            )
            if counted is not None and not numeric:
                self.fail(
                    file,
                    f"pricing quantity '{p.quantity}' must be a number field, or a field whose values are all numbers",
                    "pricing",
                    "quantity",
                )
        elif p.unit in ("second", "image") and not p.note:
            self.fail(
                file,
                f"pricing per {p.unit} needs the field that counts the units (quantity), or a note saying on what the "
                "quantity depends",
                "pricing",
            )
        return Pricing(
            unit=p.unit,
            usd=_usd(p.price),
            quantity=p.quantity,
            prices=prices,
            currency=p.currency,
            source=p.source,
            stated=p.stated,
            note=" ".join(p.note.split()),
        )

    def family(self) -> str:
        """The app (``fal-ai/kling-video``) the package holds: the project's, or else the one
        most endpoints belong to; each endpoint of another is refused where it is defined."""
        apps = Counter(spec.app_of(f.spec.endpoint) for f in self.loaded.endpoints)
        if self.app is None and not apps:
            return ""
        family = self.app if self.app is not None else min(apps, key=lambda app: (-apps[app], app))
        for f in self.loaded.endpoints:
            app = spec.app_of(f.spec.endpoint)
            if app == family:
                continue
            if self.app is not None:
                why = f"but the project's package holds {family!r} ([tool.falgen] app in its pyproject.toml)"
            else:
                others = apps[family]
                why = f"but {others} {'endpoint belongs' if others == 1 else 'endpoints belong'} to {family!r}"
            self.fail(
                f,
                f"endpoint {f.spec.endpoint!r} belongs to app {app!r}, {why}; a package holds one app's endpoints",
                "endpoint",
            )
        return family

    def resolve(self) -> Api:
        family = self.family()

        files = sorted(self.loaded.endpoints, key=lambda f: f.spec.endpoint)
        places = {f.spec.endpoint: place for f in files if (place := self.place(f, family)) is not None}
        self.check_places(files, places)
        self.class_names = self.claim_class_names(files, places)

        directions = self.type_directions()
        for name in sorted(self.type_files):
            file = self.type_files[name]
            if name not in directions:
                self.fail(file, f"type '{name}' is not used by any endpoint")
            elif type_name_problem(name) is None:
                self.types[name] = self.model(file, name, file.spec, directions[name], TYPES_MODULE, ())
                self.check_fact_paths(file, {(): file.spec})

        endpoints = []
        for f in files:
            if f.spec.endpoint not in places:
                continue
            e = self.endpoint(f, places[f.spec.endpoint])
            self.check_example(f, e.example_input, e.input, "input")
            self.check_example(f, e.example_output, e.output, "output")
            self.check_enum_aliases(f, e)
            self.check_fact_paths(f, {("input",): f.spec.input, ("output",): f.spec.output})
            if e.example_output is None and "output" in e.curated_examples:
                self.fail(f, "examples.curated names the output example, but there is none", "examples", "curated")
            endpoints.append(e)
        if not endpoints and not self.problems:
            raise SpecError([Problem(self.root, None, "no endpoint specs found")])
        if self.problems:
            raise SpecError(self.problems)
        return Api(family=family, endpoints=tuple(endpoints), types=self.types)

    def check_fact_paths(self, file: SpecFile[Any], models: dict[tuple[str, ...], ModelSpec]) -> None:
        """Each recorded preference (``preferred``) and each fact whose sources are recorded
        (``stated_by``) names a fact the spec holds: ``PREFIX.description``,
        ``PREFIX.fields`` (their order), ``PREFIX.fields.NAME``, ``PREFIX.fields.NAME.KEY``
        or ``PREFIX.fields.NAME.file.LIMIT`` (the prefix ``input`` or ``output`` on an endpoint, none on a type), or an
        endpoint's ``examples.input`` / ``examples.output``."""
        keys = set(spec.FieldSpec.model_fields)
        limits = set(spec.FileSpec.model_fields)
        examples = {("examples", which) for prefix in models if prefix for which in ("input", "output")}

        def names_a_fact(parts: tuple[str, ...], prefix: tuple[str, ...], model: ModelSpec) -> bool:
            if parts[: len(prefix)] != prefix:
                return False
            rest = parts[len(prefix) :]
            if rest in (("description",), ("fields",)):  # a model's description, its field order
                return True
            if len(rest) < 2 or rest[0] != "fields" or rest[1] not in model.fields:
                return False
            return (
                len(rest) == 2
                or (len(rest) == 3 and rest[2] in keys)
                or (len(rest) == 4 and rest[2] == "file" and rest[3] in limits)
            )

        for key in ("preferred", "stated_by"):
            for path in getattr(file.spec, key):
                parts = tuple(path.split("."))
                if parts not in examples and not any(
                    names_a_fact(parts, prefix, model) for prefix, model in models.items()
                ):
                    self.fail(
                        file,
                        f"{key} names {path!r}, which is not a field, a field's fact or an example in this spec",
                        key,
                        path,
                    )

    # -- Python names ----------------------------------------------------------

    def place(self, file: SpecFile[EndpointSpec], family: str) -> _Place | None:
        """Where an endpoint goes on the client, by the segment rule of :mod:`naming`."""
        segments = file.spec.endpoint.removeprefix(family + "/").split("/")
        path: list[str] = []
        for segment in segments:
            name = segment_name(segment)
            if name is None:
                known = ", ".join(f"{k} → {v}" for k, v in sorted(SEGMENT_NAMES.items()))
                self.fail(
                    file,
                    f"segment '{segment}' of endpoint id '{file.spec.endpoint}' has no Python name: a name cannot start"
                    f" with a digit, and falgen's SEGMENT_NAMES (generator/ir/naming.py) names only {known}",
                    "endpoint",
                )
                return None
            path.append(name)
        slug = re.sub(r"[^a-z0-9]+", "-", "/".join(segments).lower()).strip("-")
        return _Place(tuple(path), "_".join(path), slug)

    def check_places(self, files: list[SpecFile[EndpointSpec]], places: dict[str, _Place]) -> None:
        """Two endpoints may not share a module, and none may sit where a group of others is."""
        by_path = {place.path: endpoint for endpoint, place in places.items()}
        modules: dict[str, str] = {}
        pages: dict[str, str] = {}
        for f in files:
            place = places.get(f.spec.endpoint)
            if place is None:
                continue
            if place.module in modules:
                self.fail(
                    f,
                    f"endpoint '{f.spec.endpoint}' and '{modules[place.module]}' would both generate module"
                    f" '{place.module}'",
                    "endpoint",
                )
            elif place.slug in pages:
                self.fail(
                    f,
                    f"endpoint '{f.spec.endpoint}' and '{pages[place.slug]}' would both generate docs page"
                    f" '{place.slug}.md'",
                    "endpoint",
                )
            modules.setdefault(place.module, f.spec.endpoint)
            pages.setdefault(place.slug, f.spec.endpoint)
            for depth in range(1, len(place.path)):
                inner = by_path.get(place.path[:depth])
                if inner is not None:
                    group = ".".join(place.path[:depth])
                    self.fail(
                        f,
                        f"endpoint '{f.spec.endpoint}' sits below endpoint '{inner}': client attribute {group} cannot"
                        " be both an endpoint and the group that holds this one",
                        "endpoint",
                    )

    def claim_class_names(self, files: list[SpecFile[EndpointSpec]], places: dict[str, _Place]) -> frozenset[str]:
        """Every class the generated package defines, each claimed once; type names checked."""
        owners: dict[str, list[tuple[SpecFile[Any], str]]] = {}
        for name, file in sorted(self.type_files.items()):
            problem = type_name_problem(name)
            if problem is not None:
                self.fail(file, problem)
            owners.setdefault(name, []).append((file, f"type '{name}'"))
        groups: dict[tuple[str, ...], SpecFile[Any]] = {}
        for f in files:
            place = places.get(f.spec.endpoint)
            if place is None:
                continue
            base = camel(place.module)
            for name in (base, f"Async{base}", f"{base}Input", f"{base}Output"):
                owners.setdefault(name, []).append((f, f"endpoint '{f.spec.endpoint}'"))
            for depth in range(1, len(place.path)):
                groups.setdefault(place.path[:depth], f)
        for path, f in sorted(groups.items()):
            base = camel("_".join(path)) + "Group"
            for name in (base, f"Async{base}"):
                owners.setdefault(name, []).append((f, f"group {'.'.join(path)}"))
        for name, claims in owners.items():
            users = list(dict.fromkeys(what for _, what in claims))
            if len(users) > 1:
                for file in {id(file): file for file, _ in claims}.values():
                    where = ("endpoint",) if isinstance(file.spec, EndpointSpec) else ()
                    self.fail(file, f"generated class name '{name}' would be used by {' and '.join(users)}", *where)
        return frozenset(owners)

    def check_enum_aliases(self, file: SpecFile[EndpointSpec], endpoint: Endpoint) -> None:
        """The ``Literal`` aliases an endpoint module defines are unique and shadow nothing."""
        seen: dict[str, str] = {}
        for f in endpoint.input.enum_fields:
            alias = f.enum_alias
            assert alias is not None
            if alias in seen:
                self.fail(
                    file,
                    f"fields '{seen[alias]}' and '{f.name}' would both name their values {alias}; rename one",
                    "input",
                    "fields",
                    f.name,
                )
            elif alias in self.class_names or alias in IMPORTED_NAMES:
                self.fail(
                    file,
                    f"the values of field '{f.name}' would be named {alias}, which is already a generated or imported"
                    " name",
                    "input",
                    "fields",
                    f.name,
                )
            seen.setdefault(alias, f.name)

    def type_directions(self) -> dict[str, Direction]:
        """Whether each nested type is sent (input) or received (output); it cannot be both."""
        directions: dict[str, Direction] = {}
        for file in self.loaded.endpoints:
            sides: tuple[tuple[Direction, ModelSpec], ...] = (("input", file.spec.input), ("output", file.spec.output))
            for direction, m in sides:
                pending = [name for f in m.fields.values() for name in self.nested_names(f.type)]
                while pending:
                    name = pending.pop()
                    seen = directions.setdefault(name, direction)
                    if seen != direction:
                        self.fail(
                            self.type_files[name], f"type '{name}' is used by both inputs and outputs; split it in two"
                        )
                    else:
                        for f in self.type_files[name].spec.fields.values():
                            pending.extend(n for n in self.nested_names(f.type) if n not in directions)
        return directions

    def nested_names(self, text: str) -> list[str]:
        match = _LIST.match(text.strip())
        if match:
            return self.nested_names(match["item"])
        return [text.strip()] if text.strip() in self.type_files else []


def resolve(loaded: LoadedSpecs, root: Path, app: str | None = None) -> Api:
    """Build the API model of ``app``'s endpoints (by default, of the app most of them
    belong to); raise :class:`SpecError` listing every problem found."""
    return _Resolver(loaded, root, app).resolve()


def _usd(value: int | float) -> str:
    """A price as exact decimal text: ``0.112`` → ``"0.112"``, never ``0.11200000000000000``."""
    return format(Decimal(repr(value)).normalize(), "f")


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    try:
        Decimal(str(value))
    except ArithmeticError:
        return False
    return True
