"""fal's TypeScript endpoint types: fal-js's ``src/types/endpoints.ts`` and the npm package's
``endpoints.d.ts``.

Both declare ``export type Name = { ... };`` objects (JSDoc comment, then ``name?: TYPE;``),
aliases (``export type A = B;``, possibly wrapped), and ``EndpointTypeMap``, which maps
each endpoint id to its input and output types.  They differ in layout only (indentation,
unions on one line or one member per line), so this reads tokens, not lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..page import EndpointFilter, PageError, RawEndpoint, RawField, RawPage, RawType, check_picked


@dataclass(frozen=True)
class TsType:
    """A TypeScript type expression, as far as fal's endpoint types use them."""

    kind: str
    """``primitive`` (``string``, ``number``, ``boolean``, ``unknown``, ``null``...), ``literal``,
    ``union``, ``array``, ``reference`` (a named type) or ``other`` (anything else)."""
    name: str = ""
    value: str | int | float | bool | None = None
    members: tuple[TsType, ...] = ()

    def text(self) -> str:
        """The type as TypeScript writes it, one line."""
        if self.kind == "literal":
            return (
                f'"{self.value}"'
                if isinstance(self.value, str)
                else str(self.value).lower() if isinstance(self.value, bool) else str(self.value)
            )
        if self.kind == "union":
            return " | ".join(member.text() for member in self.members)
        if self.kind == "array":
            return f"Array<{self.members[0].text()}>"
        return self.name


@dataclass(frozen=True)
class TsField:
    name: str
    required: bool
    type: TsType
    doc: str


@dataclass(frozen=True)
class TsModule:
    """The object types and aliases of a types file, and its endpoint map."""

    objects: dict[str, tuple[TsField, ...]]
    aliases: dict[str, TsType]
    endpoints: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Endpoint id → (input type name, output type name)."""

    def resolve(self, name: str) -> str:
        """The name an alias chain ends at (itself when it is not an alias)."""
        seen = {name}
        while name in self.aliases and self.aliases[name].kind == "reference":
            name = self.aliases[name].name
            if name in seen:
                break
            seen.add(name)
        return name


_TOKEN = re.compile(
    r"""\s*(?:
        (?P<doc>/\*\*.*?\*/)
      | (?P<comment>//[^\n]*|/\*.*?\*/)
      | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
      | (?P<number>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)
      | (?P<word>[A-Za-z_$][\w$]*)
      | (?P<punct>[{}()<>\[\];:?|=,&.])
    )""",
    re.S | re.X,
)


@dataclass
class _Token:
    kind: str
    text: str
    offset: int


def _tokens(source: str, text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            if not text[position:].strip():
                break
            line = text.count("\n", 0, position) + 1
            raise PageError(
                source,
                f"line {line}: TypeScript this reader does not understand: {text[position:position + 40].strip()!r}",
            )
        kind = match.lastgroup or ""
        if kind != "comment":
            tokens.append(_Token(kind, match[kind], match.start(kind)))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.text = text
        self.tokens = _tokens(source, text)
        self.at = 0

    def peek(self, offset: int = 0) -> _Token | None:
        index = self.at + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def next_is(self, *texts: str, offset: int = 0) -> bool:
        token = self.peek(offset)
        return token is not None and token.text in texts

    def take(self, expected: str | None = None) -> _Token:
        token = self.peek()
        if token is None:
            raise PageError(
                self.source, f"ends in the middle of a type{f'; expected {expected!r}' if expected else ''}"
            )
        if expected is not None and token.text != expected:
            line = self.text.count("\n", 0, token.offset) + 1
            raise PageError(self.source, f"line {line}: expected {expected!r}, found {token.text!r}")
        self.at += 1
        return token

    def module(self) -> TsModule:
        objects: dict[str, tuple[TsField, ...]] = {}
        aliases: dict[str, TsType] = {}
        endpoints: dict[str, tuple[str, str]] = {}
        while (token := self.peek()) is not None:
            if token.text == "export" and self.next_is("type", offset=1):
                self.at += 2
                name = self.take().text
                self.skip_generics()
                self.take("=")
                if self.next_is("{"):
                    if name == "EndpointTypeMap":
                        endpoints = self.endpoint_map()
                    else:
                        objects[name] = self.object()
                else:
                    aliases[name] = self.type()
                if self.next_is(";"):
                    self.at += 1
            else:
                self.skip_statement()
        return TsModule(objects, aliases, endpoints)

    def skip_generics(self) -> None:
        if self.next_is("<"):
            depth = 0
            while (token := self.take()) is not None:
                depth += {"<": 1, ">": -1}.get(token.text, 0)
                if depth == 0:
                    return

    def skip_statement(self) -> None:
        """Anything that is not an exported type: skipped to its end."""
        depth = 0
        while (token := self.peek()) is not None:
            self.at += 1
            depth += {"{": 1, "(": 1, "[": 1, "}": -1, ")": -1, "]": -1}.get(token.text, 0)
            if depth <= 0 and token.text in (";", "}"):
                return

    def object(self) -> tuple[TsField, ...]:
        self.take("{")
        fields: list[TsField] = []
        doc = ""
        while (token := self.peek()) is not None and token.text != "}":
            if token.kind == "doc":
                doc = _jsdoc(token.text)
                self.at += 1
                continue
            name = self.take().text.strip("\"'")
            optional = self.next_is("?")
            if optional:
                self.at += 1
            self.take(":")
            fields.append(TsField(name, not optional, self.type(), doc))
            doc = ""
            if self.next_is(";", ","):
                self.at += 1
        self.take("}")
        return tuple(fields)

    def endpoint_map(self) -> dict[str, tuple[str, str]]:
        self.take("{")
        found: dict[str, tuple[str, str]] = {}
        while (token := self.peek()) is not None and token.text != "}":
            if token.kind == "doc":
                self.at += 1
                continue
            endpoint = self.take().text.strip("\"'")
            self.take(":")
            members = {f.name: f.type for f in self.object()}
            if "input" in members and "output" in members:
                found[endpoint] = (members["input"].text(), members["output"].text())
            if self.next_is(";", ","):
                self.at += 1
        self.take("}")
        return found

    def type(self) -> TsType:
        if self.next_is("|"):
            self.at += 1  # a leading bar, as formatters write multi-line unions
        members = [self.single()]
        while self.next_is("|"):
            self.at += 1
            members.append(self.single())
        return members[0] if len(members) == 1 else TsType("union", members=tuple(members))

    def single(self) -> TsType:
        token = self.take()
        if token.kind == "string":
            return TsType("literal", value=token.text[1:-1])
        if token.kind == "number":
            return TsType("literal", value=float(token.text) if re.search(r"[.eE]", token.text) else int(token.text))
        if token.text in ("true", "false"):
            return TsType("literal", value=token.text == "true")
        if token.text == "(":
            inner = self.type()
            self.take(")")
            return self.suffix(inner)
        if token.text == "{":
            self.at -= 1
            self.object()
            return self.suffix(TsType("other", name="{...}"))
        if token.kind != "word":
            line = self.text.count("\n", 0, token.offset) + 1
            raise PageError(self.source, f"line {line}: expected a type, found {token.text!r}")
        name = token.text
        if self.next_is("<"):
            self.at += 1
            arguments = [self.type()]
            while self.next_is(","):
                self.at += 1
                arguments.append(self.type())
            self.take(">")
            if name == "Array" and len(arguments) == 1:
                return self.suffix(TsType("array", members=(arguments[0],)))
            return self.suffix(TsType("other", name=f"{name}<{', '.join(a.text() for a in arguments)}>"))
        kind = (
            "primitive"
            if name in ("string", "number", "boolean", "unknown", "any", "null", "undefined", "Blob", "File", "object")
            else "reference"
        )
        return self.suffix(TsType(kind, name=name))

    def suffix(self, base: TsType) -> TsType:
        while self.next_is("[") and self.next_is("]", offset=1):
            self.at += 2
            base = TsType("array", members=(base,))
        return base


def _jsdoc(comment: str) -> str:
    """A JSDoc comment's text, its lines joined."""
    body = comment[3:-2]
    lines = [re.sub(r"^\s*\*\s?", "", line).strip() for line in body.splitlines()]
    return " ".join(line for line in lines if line)


def read_module(source: str, text: str) -> TsModule:
    """Parse a TypeScript types file; raises :class:`PageError` for what it cannot read."""
    module = _Parser(source, text).module()
    if not module.endpoints:
        raise PageError(
            source,
            "TypeScript with no EndpointTypeMap: expected fal-js's src/types/endpoints.ts or @fal-ai/client's"
            " endpoints.d.ts",
        )
    return module


def is_typescript(content: str) -> bool:
    return "export type " in content[:200_000] and "EndpointTypeMap" in content


def read(source: str, content: str, wanted: EndpointFilter) -> RawPage:
    """The endpoints ``wanted`` picks from a types file, each with the nested types it uses."""
    module = read_module(source, content)
    picked = sorted(endpoint for endpoint in module.endpoints if wanted(endpoint))
    check_picked(source, picked)
    endpoints = tuple(_Endpoint(source, module, endpoint).read(module.endpoints[endpoint]) for endpoint in picked)
    return RawPage(source=source, format="typescript", endpoints=endpoints)


_FILE_UPLOAD = frozenset({"string", "Blob", "File"})
"""fal-js types a URL input as ``string | Blob | File``: a URL, or a file the client uploads."""


class _Endpoint:
    def __init__(self, source: str, module: TsModule, endpoint: str) -> None:
        self.source = source
        self.module = module
        self.endpoint = endpoint
        self.types: dict[str, RawType] = {}

    def error(self, message: str) -> PageError:
        return PageError(self.source, f"{self.endpoint}: {message}")

    def read(self, names: tuple[str, str]) -> RawEndpoint:
        inputs, outputs = (self.fields(name) for name in names)
        return RawEndpoint(
            endpoint=self.endpoint,
            title=None,
            title_is_stated=False,
            inputs=inputs,
            outputs=outputs,
            field_order_is_stated=False,
            types=dict(sorted(self.types.items())),
        )

    def fields(self, name: str) -> tuple[RawField, ...]:
        target = self.module.resolve(name)
        if target not in self.module.objects:
            raise self.error(f"type {name} is not an object type in this file")
        return tuple(self.field(f) for f in self.module.objects[target])

    def field(self, f: TsField) -> RawField:
        ts, nullable = _without_null(f.type)
        kind, values, file, loose = self.type(f.name, ts)
        return RawField(
            name=f.name,
            type=kind,
            required=f.required and not nullable,
            description=f.doc,
            values=values,
            file=file,
            number_precision_unknown=loose,
        )

    def type(self, field: str, ts: TsType) -> tuple[str, tuple[str, ...] | None, bool, bool]:
        """(type as pages write it, enum values, takes a file, number of unknown precision)."""
        if (
            ts.kind == "union"
            and {m.name for m in ts.members if m.kind == "primitive"} == _FILE_UPLOAD
            and len(ts.members) == 3
        ):
            return "string", None, True, False
        if ts.kind == "union" and all(m.kind == "literal" for m in ts.members):
            literals = [m.value for m in ts.members]
            if all(isinstance(v, str) for v in literals):
                return "string", tuple(str(v) for v in literals), False, False
            if all(isinstance(v, int) and not isinstance(v, bool) for v in literals):
                return "integer", tuple(str(v) for v in literals), False, False
        if ts.kind == "literal" and isinstance(ts.value, str):
            return "string", (ts.value,), False, False
        if ts.kind == "primitive" and ts.name in ("string", "boolean"):
            return ts.name, None, False, False
        if ts.kind == "primitive" and ts.name == "number":
            return "number", None, False, True
        if ts.kind == "array":
            inner, values, file, loose = self.type(field, _without_null(ts.members[0])[0])
            if values is not None:
                raise self.error(
                    f"field {field}: a list whose items are restricted to values is not something a spec can hold yet"
                )
            return f"list<{inner}>", None, file, loose
        if ts.kind == "reference" or (ts.kind == "primitive" and ts.name in self.module.objects):
            # fal's own `File` object shadows the browser's File outside `string | Blob | File`.
            target = self.module.resolve(ts.name)
            if target in self.module.objects:
                self.define(ts.name, target)
                return ts.name, None, False, False
            if target in self.module.aliases:
                return self.type(field, self.module.aliases[target])
        raise self.error(
            f"field {field}: type {ts.text()} is not one falgen can hold (a scalar, literal values, a list or an object"
            " type)"
        )

    def define(self, name: str, target: str) -> None:
        if name in self.types:
            return
        self.types[name] = RawType(name, "", ())  # claimed first: a type may refer to itself
        self.types[name] = RawType(name, "", tuple(self.field(f) for f in self.module.objects[target]))


def _without_null(ts: TsType) -> tuple[TsType, bool]:
    """A type without ``| null`` / ``| undefined``, and whether it had one."""
    if ts.kind != "union":
        return ts, False
    rest = tuple(m for m in ts.members if not (m.kind == "primitive" and m.name in ("null", "undefined")))
    if len(rest) == len(ts.members):
        return ts, False
    return (rest[0] if len(rest) == 1 else TsType("union", members=rest)), True
