"""Specs that would crash falgen, hang it, or generate a broken package are refused.

Each case edits a copy of the real specs.  Both `falgen lint` and `falgen generate` must
exit 2 with the exact `file:line: message`, print no traceback, leave the specs as they
were and write no output.  What the naming rule *accepts* (keywords, dotted versions,
4k, builtin-named fields) is proven by the golden record (tests/golden_record/test_golden.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from falgen.cli import main

from ..conftest import ROOT, tree

I2V = Path("fal-ai/kling-video/v3/standard/image-to-video.yaml")
T2V = Path("fal-ai/kling-video/v3/standard/text-to-video.yaml")
PRICED = Path("fal-ai/kling-video/v3/turbo/pro/text-to-video.yaml")


@dataclass(frozen=True)
class Case:
    name: str
    edit: Callable[[Path], None]
    file: Path
    marker: str | None
    """Text that starts on the line the problem is reported at; None: no line, the whole file."""
    message: str


def _replace(relative: Path, old: str, new: str) -> Callable[[Path], None]:
    def edit(specs: Path) -> None:
        path = specs / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture drifted: {old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _write(relative: str, text: str) -> Callable[[Path], None]:
    def edit(specs: Path) -> None:
        path = specs / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    return edit


def _copy(source: Path, target: str, old: str = "", new: str = "") -> Callable[[Path], None]:
    def edit(specs: Path) -> None:
        path = specs / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text((specs / source).read_text(encoding="utf-8").replace(old, new, 1) if old else (specs / source).read_text(encoding="utf-8"))

    return edit


def _both(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def edit(specs: Path) -> None:
        for one in edits:
            one(specs)

    return edit


def _nul(specs: Path) -> None:
    path = specs / I2V
    path.write_bytes(path.read_bytes().replace(b"title: Kling", b"title: \x00Kling", 1))


BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
DEEP = "[" * 3000 + "]" * 3000
GOLDEN_TYPE = "fields:\n  url: {type: string, required: true}\n"

CASES = [
    # 1. Control characters
    Case("NUL byte in the file", _nul, I2V, "title:", "invalid YAML: character U+0000 is not allowed in a YAML file"),
    Case("control character in a string", _replace(I2V, "title: Kling Video V3 Standard — Image To Video", 'title: "Kling \\x07Video"'), I2V, "title:",
         "control character U+0007; spec text may hold tabs and line breaks but no other control characters"),
    # 2. Endpoint ids the naming rule cannot map
    Case("digit-led segment", _copy(I2V, "fal-ai/kling-video/0/1.yaml", "endpoint: fal-ai/kling-video/v3/standard/image-to-video", "endpoint: fal-ai/kling-video/0/1"), Path("fal-ai/kling-video/0/1.yaml"), "endpoint:",
         "segment '0' of endpoint id 'fal-ai/kling-video/0/1' has no Python name: a name cannot start with a digit, and falgen's SEGMENT_NAMES (generator/ir/naming.py) names only 4k → uhd_4k"),
    Case("endpoint that is also a group", _copy(T2V, "fal-ai/kling-video/v3/standard.yaml", "endpoint: fal-ai/kling-video/v3/standard/text-to-video", "endpoint: fal-ai/kling-video/v3/standard"), I2V, "endpoint:",
         "endpoint 'fal-ai/kling-video/v3/standard/image-to-video' sits below endpoint 'fal-ai/kling-video/v3/standard': client attribute v3.standard cannot be both an endpoint and the group that holds this one"),
    # 3. Lone surrogates
    Case("lone surrogate in a title", _replace(I2V, "title: Kling Video V3 Standard — Image To Video", 'title: "\\ud800 Kling"'), I2V, "title:", "invalid YAML: found invalid Unicode character escape code"),
    Case("lone surrogate in an example", _replace(I2V, "    shot_type: customize\n    negative_prompt", '    shot_type: "\\udfff"\n    negative_prompt'), I2V, "udfff", "invalid YAML: found invalid Unicode character escape code"),
    # 4. Nesting and alias bombs
    Case("example nested 3,000 deep", _replace(I2V, "    cfg_scale: 0.5\n  output:", f"    cfg_scale: 0.5\n    deep: {DEEP}\n  output:"), I2V, "deep:", "invalid YAML: collections nested more than 64 levels deep"),
    Case("alias bomb in examples", _replace(I2V, "examples:\n", "bomb:\n  " + BOMB.replace("\n", "\n  ") + "\nexamples:\n"), I2V, "a5:", "invalid YAML: aliases expand this document to more than 100,000 values"),
    Case("self-referencing alias", _replace(I2V, "    cfg_scale: 0.5\n  output:", "    cfg_scale: 0.5\n    loop: &loop [*loop]\n  output:"), I2V, "loop:", "invalid YAML: an alias refers to a collection that contains it"),
    # 5. Non-finite numbers
    Case("NaN default", _replace(I2V, "      default: 0.5\n", "      default: .nan\n"), I2V, ".nan", ".nan is not a finite number; specs hold JSON numbers only"),
    Case("infinite minimum in a nested type", _replace(Path("types/CameraControl.yaml"), "    minimum: -10\n", "    minimum: -.inf\n"), Path("types/CameraControl.yaml"), "-.inf",
         "-.inf is not a finite number; specs hold JSON numbers only"),
    Case("integer too long to read", _replace(I2V, "      maximum: 1\n", "      maximum: " + "9" * 5000 + "\n"), I2V, "9999", "integer with more than 4300 digits"),
    # 6. Float enums
    Case("float enum", _replace(I2V, "      default: 0.5\n", "      enum: [0.5, 1.0]\n      default: 0.5\n"), I2V, "enum: [0.5",
         "enum needs a string or integer field; a float field takes a range (minimum/maximum) instead"),
    # 7. Generated names that would collide
    Case("two fields, one enum alias", _replace(I2V, "    generate_audio:\n", "    shot__type:\n      type: string\n      enum: [a]\n    generate_audio:\n"), I2V, "    shot_type:",
         "fields 'shot__type' and 'shot_type' would both name their values ShotTypeEnum; rename one"),
    Case("type named Field", _both(_write("types/Field.yaml", GOLDEN_TYPE), _replace(I2V, "      type: File\n", "      type: Field\n")), Path("types/Field.yaml"), "fields:",
         "type name 'Field' is a name the generated modules import; rename the file"),
    Case("type named InputModel", _both(_write("types/InputModel.yaml", GOLDEN_TYPE), _replace(I2V, "      type: File\n", "      type: InputModel\n")), Path("types/InputModel.yaml"), "fields:",
         "type name 'InputModel' is a name the generated modules import; rename the file"),
    Case("type file named types", _both(_write("types/types.yaml", GOLDEN_TYPE), _replace(I2V, "      type: File\n", "      type: types\n")), Path("types/types.yaml"), "fields:",
         "type name 'types' (the file name) must be PascalCase: a capital letter, then letters and digits"),
    Case("type named like an endpoint model", _both(_write("types/V3StandardTextToVideoInput.yaml", GOLDEN_TYPE), _replace(I2V, "      type: File\n", "      type: V3StandardTextToVideoInput\n")),
         Path("types/V3StandardTextToVideoInput.yaml"), "fields:",
         "generated class name 'V3StandardTextToVideoInput' would be used by type 'V3StandardTextToVideoInput' and endpoint 'fal-ai/kling-video/v3/standard/text-to-video'"),
    # 9. Two files, one type
    Case("type in a subdirectory", _copy(Path("types/File.yaml"), "types/sub/File.yaml"), Path("types/File.yaml"), None, "type 'File' is defined in 2 files: types/File.yaml, types/sub/File.yaml; keep one"),
    Case("type as .yml", _copy(Path("types/File.yaml"), "types/File.yml"), Path("types/File.yml"), None, "type 'File' is defined in 2 files: types/File.yaml, types/File.yml; keep one"),
    # JSON data only
    Case("a YAML date", _replace(I2V, "    shot_type: customize\n    negative_prompt", "    shot_type: 2024-01-01\n    negative_prompt"), I2V, "2024-01-01",
         "'2024-01-01' is read as YAML type 'timestamp', which is not JSON data; quote it"),
    Case("a key YAML reads as a boolean", _replace(I2V, "    generate_audio: true\n", "    generate_audio: true\n    on: 1\n"), I2V, "on: 1", "key 'on' is not a string (YAML reads it as bool); quote it"),
    # 12. Examples checked against the models they describe
    Case("example of the wrong type", _replace(I2V, "    prompt:\n      type: string\n", "    prompt:\n      type: float\n"), I2V, "  input:\n    prompt:",
         "input example at prompt: 'Camera slowly orbits around the vase. Soft light shifts across the ceramic surface. The pampas grass sways gently. Shadows move elegantly. Smooth continuous m…"),
    Case("example breaking a rule", _replace(I2V, "    multi_prompt: null\n", "    multi_prompt: [{prompt: again}]\n"), I2V, "examples:\n  input:", "input example: breaks the rule: Give exactly one of prompt or multi_prompt."),
    Case("output example breaking a nested type", _replace(I2V, "      file_size: 3149129", "      file_size: 31.5"), I2V, "file_size: 31.5", "output example at video.file_size: 31.5 is not of type 'integer'"),
    # Prices: only what the input can select and count
    Case("price counted by an unknown field", _replace(PRICED, "  quantity: duration\n", "  quantity: seconds\n"), PRICED, "  quantity: seconds",
         "pricing names unknown field 'seconds'"),
    Case("price counted by a text field", _replace(PRICED, "  quantity: duration\n", "  quantity: prompt\n"), PRICED, "  quantity: prompt",
         "pricing quantity 'prompt' must be a number field, or a field whose values are all numbers"),
    Case("price per second with nothing to count", _replace(PRICED, "  quantity: duration\n", ""), PRICED, "pricing:",
         "pricing per second needs the field that counts the units (quantity), or a note saying on what the quantity depends"),
    Case("price chosen by a value the field cannot take", _replace(PRICED, "  quantity: duration\n", "  quantity: duration\n  prices:\n    - when: [{field: aspect_ratio, equals: '4:5'}]\n      price: 1\n"), PRICED, "    - when:",
         "condition value '4:5' is not one of the field's enum values ['16:9', '9:16', '1:1']"),
    Case("a negative price", _replace(PRICED, "  price: 0.14\n", "  price: -0.14\n"), PRICED, "  price: -0.14", "pricing.price: Input should be greater than 0"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_spec_is_refused_by_file_and_line(case: Case, spec_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case.edit(spec_copy)
    before = tree(spec_copy)
    output = tmp_path / "generated"
    where = str(spec_copy / case.file)
    if case.marker is not None:
        text = (spec_copy / case.file).read_text(encoding="utf-8", errors="replace")
        where += f":{text.count(chr(10), 0, text.index(case.marker)) + 1 + case.marker.count(chr(10))}"
    for command in (["lint"], ["generate", "--output", str(output), "--no-cache"]):
        code = main(["--project", str(ROOT), "--specs", str(spec_copy), *command])
        err = capsys.readouterr().err
        assert code == 2, err
        assert "Traceback" not in err
        assert f"{where}: {case.message}" in err.splitlines(), err
    assert tree(spec_copy) == before
    assert not output.exists()


def test_a_fifo_among_the_specs_is_refused_not_read(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = spec_copy / "fal-ai/kling-video/v3/waiting.yaml"
    import os

    os.mkfifo(fifo)
    assert main(["--project", str(ROOT), "--specs", str(spec_copy), "lint"]) == 2
    assert f"{fifo}: is not a regular file (a FIFO, device or socket?); only regular files are read" in capsys.readouterr().err


def test_a_spec_larger_than_the_limit_is_refused(spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = spec_copy / I2V
    with path.open("a", encoding="utf-8") as handle:
        handle.write("# " + "x" * (1 << 20) + "\n")
    assert main(["--project", str(ROOT), "--specs", str(spec_copy), "lint"]) == 2
    assert f"{path}: is larger than 1 MiB, the most falgen reads from one file" in capsys.readouterr().err
