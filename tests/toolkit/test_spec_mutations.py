"""Seeded random mutations of real specs: each ends in a clean refusal or a correct package.

One mutation per case: a key deleted, a type changed, a hostile string, an odd field,
type or segment name, an odd number or enum, a truncated file or a stray byte.  Then:

- refused: `lint` and `generate` both exit 2, print only `file[:line]: message` lines
  (no traceback), and leave the specs and the output directory as they were;
- accepted: `generate` writes a package whose every module imports, whose schemas are
  strict JSON, which sends the example to fal under the spec's field names, and which
  passes `mypy --strict` (checked for all accepted packages in one run at the end).

The cases are a fixed function of their seed, so a failure names a reproducible case.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import io
import json
import pkgutil
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from falgen.cli import main

from ..conftest import ROOT, SPECS, tree

CASES = 40
# The seed endpoints, which between them use every kind of field, rule and nested type; the
# rest of the catalogue adds only more of the same, and would make each case 8 times slower.
MUTATED = ["v1/standard", "v3/standard", "v3/pro/text-to-video.yaml"]

HOSTILE_STRINGS = [
    'say "hi"', "it's", "back\\slash \\n", '"""', "'''", "{{ 7*7 }}", "{% raw %}", "`tick` ```fence```", "a | b",
    "<script>alert(1)</script>", "line\nbreak", "tab\there", "ünïcödé ✓ 中文 🎬", "\u2028", "x" * 3000, "", " ", "#",
    "- item", "null", "true", "1e3", "16:9", "*alias", "&anchor", "!tag", "\x07bell", "\ud800", "\x00",
]
ODD_NAMES = [
    "class", "str", "int", "self", "json", "model_config", "model_dump", "to_arguments", "webhook_url", "with_logs",
    "Field", "Literal", "types", "x__y", "_private", "__init__", "9lives", "with-dash", "", "ñandú", "a" * 200,
    "copy", "dict", "validate", "None", "True", "async", "match", "type", "File",
]
ODD_TYPE_NAMES = ["Field", "types", "lowercase", "With_Underscore", "Ünicode", "A" * 100, "InputModel", "Kling", "V3StandardImageToVideoInput", "Integer", "List", "Shot"]
ODD_SEGMENTS = ["class", "4k", "8k", "0", "v2.5-turbo", "a..b", "UPPER", "x_y", "-lead", "trail-", "ñ", "import", "kling"]
ODD_NUMBERS: list[Any] = [-1, 0, 10**30, -(10**30), 1e308, 0.5, "5", True, None, 2**70, [], 7]
ODD_ENUMS: list[Any] = [[], [1, "a"], [0.5, 1.5], ["a", "a"], [True], [None], [[1]], [{"a": 1}], ["x" * 1000], [1, 2]]
ODD_TYPES = ["string", "integer", "float", "boolean", "list[string]", "list[list[string]]", "list[File]", "File", "Nope", "list[", "", "List[str]", "dict"]
STRAY_BYTES = [b"\x00", b"\x07", b"\xff", b"\xc3", b"\t", b":", b"[", b"{", b"&", b"*", b"!", b"%", b"@", b"`", b"\n  x: 1\n"]

Data = Any


def _places(data: Data, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key and item position in a YAML document."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            found.append((*path, key))
            found += _places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.append((*path, index))
            found += _places(value, (*path, index))
    return found


def _parent(data: Data, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def _fields(data: Data) -> list[dict[str, Any]]:
    """The fields mappings of a spec: an endpoint's input and output, or a type's."""
    models = [data] if "fields" in data else [data.get("input", {}), data.get("output", {})]
    return [m["fields"] for m in models if isinstance(m, dict) and isinstance(m.get("fields"), dict)]


def _mutate(rng: random.Random, specs: Path) -> str:
    """Apply one mutation to one spec file below ``specs``; returns what was done."""
    files = sorted(specs.rglob("*.yaml"))
    path = rng.choice(files)
    name = path.relative_to(specs).as_posix()
    kind = rng.choice(["delete", "type", "string", "field-name", "type-name", "segment", "number", "enum", "truncate", "byte"])
    if kind == "truncate":
        data = path.read_bytes()
        cut = rng.randrange(len(data))
        path.write_bytes(data[:cut])
        return f"{name}: cut at byte {cut}"
    if kind == "byte":
        data = path.read_bytes()
        at, stray = rng.randrange(len(data)), rng.choice(STRAY_BYTES)
        path.write_bytes(data[:at] + stray + data[at:])
        return f"{name}: {stray!r} inserted at byte {at}"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fields = [field for group in _fields(data) for field in group.values() if isinstance(field, dict)]
    if kind == "delete":
        where = rng.choice(_places(data))
        del _parent(data, where)[where[-1]]
        done = f"deleted {'.'.join(map(str, where))}"
    elif kind == "type":
        field, value = rng.choice(fields), rng.choice(ODD_TYPES)
        field["type"] = value
        done = f"a field's type is now {value!r}"
    elif kind == "string":
        strings = [p for p in _places(data) if isinstance(_parent(data, p)[p[-1]], str)]
        where, value = rng.choice(strings), rng.choice(HOSTILE_STRINGS)
        _parent(data, where)[where[-1]] = value
        done = f"{'.'.join(map(str, where))} is now {value[:40]!r}"
    elif kind == "field-name":
        group, value = rng.choice(_fields(data)), rng.choice(ODD_NAMES)
        old = rng.choice(sorted(group))
        group[value] = group.pop(old)
        done = f"field {old!r} renamed {value!r}"
    elif kind == "type-name" and "endpoint" not in data:
        value = rng.choice(ODD_TYPE_NAMES)
        old = path.stem
        path.unlink()
        path = path.with_name(value + ".yaml")
        for spec in specs.rglob("*.yaml"):
            text = spec.read_text(encoding="utf-8")
            spec.write_text(text.replace(f"type: {old}\n", f"type: {value}\n").replace(f"[{old}]", f"[{value}]"), encoding="utf-8")
        done = f"type {old!r} renamed {value!r}"
    elif kind in ("segment", "type-name") and "endpoint" in data:
        segments = data["endpoint"].split("/")
        index = rng.randrange(2, len(segments))
        segments[index] = rng.choice(ODD_SEGMENTS)
        data["endpoint"] = "/".join(segments)
        path.unlink()
        path = specs / (data["endpoint"] + ".yaml") if rng.random() < 0.8 else path
        done = f"endpoint id now {data['endpoint']!r}, at {path.relative_to(specs).as_posix() if path.is_relative_to(specs) else path}"
    elif kind == "number":
        field, key, value = rng.choice(fields), rng.choice(["minimum", "maximum", "default", "min_items", "max_items"]), rng.choice(ODD_NUMBERS)
        field[key] = value
        done = f"a field's {key} is now {value!r}"
    else:
        field, value = rng.choice(fields), rng.choice(ODD_ENUMS)
        field["enum"] = value
        done = f"a field's enum is now {str(value)[:40]}"
    if not path.resolve().is_relative_to(specs.resolve()):
        return f"{name}: {done} (outside the specs: not written)"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return f"{name}: {done}"


def _run(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--project", str(ROOT), *args])
    return code, err.getvalue()


def _check_package(package: Path, alias: str, specs: Path) -> None:
    """Import every module, read every schema strictly, send the example under spec names."""
    spec = importlib.util.spec_from_file_location(alias, package / "__init__.py", submodule_search_locations=[str(package)])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[alias] = module
    try:
        spec.loader.exec_module(module)
        for info in pkgutil.walk_packages([str(package)], f"{alias}."):
            if not info.name.endswith("__main__"):
                importlib.import_module(info.name)

        def refuse(constant: str) -> None:
            raise AssertionError(f"{constant} in a shipped schema is not JSON")

        for schema in sorted((package / "schemas").glob("*.json")):
            json.loads(schema.read_text(encoding="utf-8"), parse_constant=refuse)
        from falgen.api import load_api

        for endpoint in load_api(specs).endpoints:
            sent = module.ENDPOINTS[endpoint.id].validate(endpoint.example_input).to_arguments()
            assert set(sent) <= {f.name for f in endpoint.input.fields}, f"{endpoint.id} sends {sorted(sent)}"
    finally:
        for name in [n for n in sys.modules if n == alias or n.startswith(alias + ".")]:
            del sys.modules[name]


def _copy_mutated_specs(specs: Path) -> None:
    """The :data:`MUTATED` endpoints, and the types they use (an unused type is refused)."""
    for part in MUTATED:
        source, target = SPECS / "fal-ai/kling-video" / part, specs / "fal-ai/kling-video" / part
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    (specs / "types").mkdir()
    pending = [p.read_text(encoding="utf-8") for p in specs.rglob("*.yaml")]
    while pending:
        for name in re.findall(r"type: (?:list\[)?([A-Z]\w*)", pending.pop()):
            source, target = SPECS / "types" / f"{name}.yaml", specs / "types" / f"{name}.yaml"
            if not target.exists():
                shutil.copyfile(source, target)
                pending.append(source.read_text(encoding="utf-8"))


def test_every_mutation_is_refused_cleanly_or_makes_a_correct_package(tmp_path: Path) -> None:
    mutants = tmp_path / "mutants"
    mutants.mkdir()
    (mutants / "__init__.py").write_text("")
    accepted: list[str] = []
    failures: list[str] = []
    for seed in range(CASES):
        rng = random.Random(f"spec-mutation-{seed}")
        specs, output = tmp_path / f"specs-{seed}", tmp_path / f"out-{seed}"
        _copy_mutated_specs(specs)
        what = _mutate(rng, specs)
        before = tree(specs)
        lint, lint_err = _run("--specs", str(specs), "lint")
        code, err = _run("--specs", str(specs), "generate", "--output", str(output))
        case = f"seed {seed} ({what})"
        if (lint, code) == (2, 2):
            lines = err.splitlines()
            if not lines or any(not line.startswith(str(specs)) for line in lines) or "Traceback" in err:
                failures.append(f"{case}: refusal is not file[:line]: message lines:\n{err}")
            if tree(specs) != before or output.exists():
                failures.append(f"{case}: a refused run changed the specs or wrote output")
        elif (lint, code) == (0, 0):
            package = mutants / f"m{seed}"
            shutil.copytree(output / "fal_kling", package / "fal_kling")
            (package / "__init__.py").write_text("")
            try:
                _check_package(package / "fal_kling", f"mutant_{seed}", specs)
            except Exception as error:  # noqa: BLE001 - any failure of the package is the finding
                failures.append(f"{case}: accepted, but the package is broken: {type(error).__name__}: {error}")
            accepted.append(case)
        else:
            failures.append(f"{case}: lint exited {lint}, generate {code}:\n{lint_err}{err}")
    assert not failures, "\n\n".join(failures)
    assert 5 <= len(accepted) < CASES, f"{len(accepted)} of {CASES} mutations were accepted; the cases should exercise both outcomes"
    typed = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "mutants"], cwd=tmp_path, capture_output=True, text=True)
    assert typed.returncode == 0, f"accepted mutations that fail mypy --strict ({', '.join(accepted)}):\n{typed.stdout}"
