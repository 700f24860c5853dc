"""Nested inputs as dict literals: each nested input type has a TypedDict the calls take,
so the docs' own examples, written with dicts, pass ``mypy --strict``."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import fal_kling.types
from fal_kling import Kling

from ..conftest import GENERATED

MUST_PASS = """
from fal_kling import Kling
from fal_kling.types import KlingV3MultiPromptElementParam

kling = Kling()
shots: list[KlingV3MultiPromptElementParam] = [{"prompt": "a", "duration": "5"}, {"prompt": "b"}]
kling.v3.standard.image_to_video(start_image_url="s", multi_prompt=shots)
kling.v3.standard.image_to_video(start_image_url="s", multi_prompt=[{"prompt": "a", "duration": "5"}])
kling.v3.standard.image_to_video(start_image_url="s", prompt="p", elements=[{"video_url": "v"}])

# Local files where fal takes a file's URL, at the top and in dict literals.
import io
from pathlib import Path

kling.v3.standard.image_to_video(
    start_image_url=Path("start.png"),
    end_image_url=io.BytesIO(b"png"),
    prompt="p",
    elements=[{"frontal_image_url": b"png", "reference_image_urls": ["https://x/r.png", Path("r.png")]}],
    client_timeout=600,
    start_timeout=None,
    priority="low",
    headers={"X-Trace": "t"},
)
saved: Path = kling.v3.standard.text_to_video(prompt="p").video.download("videos/")

# An estimate takes the call's own arguments.
from decimal import Decimal

cost: Decimal | None = kling.v3.pro.text_to_video.estimate(prompt="p", duration="10", generate_audio=False).usd
"""

_NOT_AN_ELEMENT = 'List item 0 has incompatible type "dict[str, str]"; expected "KlingV3MultiPromptElement | KlingV3MultiPromptElementParam"'
MUST_FAIL = {
    "an enum value": ('kling.v3.standard.image_to_video(start_image_url="s", multi_prompt=[{"prompt": "a", "duration": "16"}])', _NOT_AN_ELEMENT),
    "a misspelled key": ('kling.v3.standard.image_to_video(start_image_url="s", multi_prompt=[{"promt": "a"}])', _NOT_AN_ELEMENT),
    "a missing key": ('kling.v3.standard.image_to_video(start_image_url="s", multi_prompt=[{"duration": "5"}])', _NOT_AN_ELEMENT),
    "a number for a file": ('kling.v3.standard.image_to_video(start_image_url=7, prompt="p")', 'Argument "start_image_url" to "__call__" of "V3StandardImageToVideo" has incompatible type "int"'),
    "a text file object": (
        'kling.v3.standard.image_to_video(start_image_url=open("a.png"), prompt="p")',
        'Argument "start_image_url" to "__call__" of "V3StandardImageToVideo" has incompatible type "TextIOWrapper',
    ),
    "an estimate with a value the call refuses": (
        'kling.v3.pro.text_to_video.estimate(prompt="p", duration="16")',
        'Argument "duration" to "estimate" of "V3ProTextToVideo" has incompatible type',
    ),
    "an estimate with an option only a call takes": (
        'kling.v3.pro.text_to_video.estimate(prompt="p", priority="low")',
        'Unexpected keyword argument "priority" for "estimate" of "V3ProTextToVideo"',
    ),
    "an unknown priority": ('kling.v3.standard.text_to_video(prompt="p", priority="urgent")', 'Argument "priority" to "__call__" of "V3StandardTextToVideo" has incompatible type'),
    "an enum value, typed": (
        'from fal_kling.types import KlingV3MultiPromptElementParam\nshots: list[KlingV3MultiPromptElementParam] = [{"prompt": "a", "duration": "16"}]',
        'Incompatible types (expression has type "Literal[\'16\']", TypedDict item "duration" has type',
    ),
}


def _python_blocks(page: Path) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", page.read_text(encoding="utf-8"), re.S | re.M)


def test_every_python_example_in_the_docs_and_the_dict_literals_type_check(tmp_path: Path) -> None:
    files: dict[str, str | None] = {}
    pages = sorted((GENERATED / "docs").glob("*.md")) + [GENERATED / "README.md"]
    for page in pages:
        blocks = _python_blocks(page)
        if page.name == "README.md":
            # The README's showcase stands alone; its user guide runs in one namespace, in order.
            blocks = [blocks[0], "".join(blocks[1:])]
        for index, block in enumerate(blocks):
            name = f"doc_{page.stem.replace('-', '_')}_{index}.py"
            (tmp_path / name).write_text(block, encoding="utf-8")
            files[name] = None
    assert len(files) > len(fal_kling.ENDPOINTS)  # every endpoint's page has one
    (tmp_path / "must_pass.py").write_text(MUST_PASS, encoding="utf-8")
    files["must_pass.py"] = None
    for number, (case, (call, error)) in enumerate(MUST_FAIL.items()):
        (tmp_path / f"must_fail_{number}.py").write_text(f"from fal_kling import Kling\n\nkling = Kling()\n{call}\n", encoding="utf-8")
        files[f"must_fail_{number}.py"] = error
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / ".mypy_cache"), *sorted(files)],
        capture_output=True, text=True, cwd=tmp_path, env={"MYPYPATH": str(GENERATED), "PATH": "/usr/bin:/bin"},
    )
    for name, error in files.items():
        lines = [line for line in done.stdout.splitlines() if line.startswith(name + ":") and ": error:" in line]
        if error is None:
            assert not lines, (name, lines)
        else:
            assert any(error in line for line in lines), (name, done.stdout)


def test_the_types_module_holds_every_nested_type_and_each_inputs_typed_dict() -> None:
    from fal_kling.models import types as models

    for name in models.__all__:
        assert getattr(fal_kling.types, name) is getattr(models, name)
    assert set(fal_kling.types.__all__) == set(models.__all__)
    assert "KlingV3MultiPromptElementParam" in fal_kling.types.__all__
    assert "FileParam" not in fal_kling.types.__all__  # File is only ever received


def test_dict_literals_reach_fal_as_written(monkeypatch: object) -> None:
    model = Kling(key="k").v3.standard.image_to_video.validate(
        {"start_image_url": "s", "multi_prompt": [{"prompt": "a", "duration": "5"}], "shot_type": "customize"}
    )
    assert model.to_arguments()["multi_prompt"] == [{"prompt": "a", "duration": "5"}]
