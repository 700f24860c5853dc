"""Every code block of the docs that claims to run, runs.  The user guide (the package's
README, shipped in the wheel) holds the runnable ones: its Python blocks run in order, in
one namespace, and its ``sh`` commands through the command line, against the stand-in.
The project README and ``docs/`` say why each of their blocks is not run.

A block claims to run unless the line before it is ``<!-- not run: why -->``."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
import subprocess
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

import fal_kling
from fal_kling import _webhook
from fal_kling._cli import main
from fal_kling.testing import FakeFal

from ..conftest import ROOT

_BLOCK = re.compile(r"(?:^<!-- (not run:[^\n]*) -->\n)?^(`{3,})(\w*)\n(.*?)^\2$", re.S | re.M)
RUN = ("python", "sh")


GUIDE = ROOT / "generated" / "README.md"
DOCUMENTS = (ROOT / "README.md", GUIDE, *sorted((ROOT / "docs").glob("*.md")))


def _blocks(language: str, page: Path = GUIDE) -> list[str]:
    text = page.read_text(encoding="utf-8")
    return [body for skip, _, lang, body in _BLOCK.findall(text) if lang == language and not skip]


@pytest.mark.parametrize("page", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_runnable_looking_block_is_run_or_says_why_not(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    for skip, _, language, body in _BLOCK.findall(text):
        if language in ("console", "bash", "shell") or (page != GUIDE and language in RUN):
            assert skip, f"{page.name}: a {language} block neither runs nor says why: {body[:60]!r}"
        if skip:
            assert len(skip) > len("not run: ") + 10, "say why the block is not run"
    if page == GUIDE:
        assert len(_blocks("python")) >= 5 and len(_blocks("sh")) >= 2


def test_the_docs_are_split_by_audience() -> None:
    """The project README says what falgen is and where to read on; the user guide ships in
    the wheel; each of docs/ is one maintainer's topic."""
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 250
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for linked in re.findall(r"\]\(((?:docs|generated)/[^)#]+)\)", readme):
        assert (ROOT / linked).is_file(), linked
    assert {p.name for p in (ROOT / "docs").glob("*.md")} >= {"spec-language.md", "updating.md", "review.md", "performance.md", "architecture.md"}
    guide = GUIDE.read_text(encoding="utf-8")
    for topic in ("## Errors", "## Files", "## The command line", "## Batches", "## Webhooks", "## Testing your code offline"):
        assert topic in guide


@pytest.fixture
def fal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeFal]:
    """The stand-in, answering at once, in a directory holding the files the README names."""
    monkeypatch.chdir(tmp_path)
    for name in ("start.png", "glasses.png", "back.png"):
        (tmp_path / name).write_bytes(b"\x89PNG " + name.encode())
    (tmp_path / "more-args.json").write_text(json.dumps({"negative_prompt": "blur"}))
    (tmp_path / "payload.json").write_text(json.dumps({"prompt": "a fox"}))
    (tmp_path / "jobs.jsonl").write_text(
        "".join(json.dumps({"endpoint": "fal-ai/kling-video/v3/standard/text-to-video", "arguments": {"prompt": f"shot {n}"}}) + "\n" for n in range(1, 8))
    )
    with FakeFal(queue_polls=0, progress_polls=0) as fake:
        yield fake


def test_the_python_blocks_run_in_order(fal: FakeFal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    namespace: dict[str, Any] = {"__name__": "readme"}
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        for number, code in enumerate(_blocks("python")):
            exec(compile(code, f"README.md python block {number + 1}", "exec"), namespace)
    assert printed.getvalue().count(fal.url) >= 1, "the first call printed its video's URL"
    assert "duration: '16' is not one of" in printed.getvalue()  # the Errors block
    sent = [s.payload for s in fal.submissions]
    assert sent[0]["duration"] == "10" and sent[1]["effect_scene"] == "hug"
    assert set(fal.uploads.values()) == {b"\x89PNG start.png", b"\x89PNG glasses.png", b"\x89PNG back.png"}
    assert (tmp_path / "videos").is_dir() and (tmp_path / "clips/first.mp4").is_file()

    # The testing snippet's tests pass, each with its own stand-in, as the fixture gives them.
    for test in ("test_my_app", "test_my_app_on_failure", "test_my_webhook_receiver"):
        with FakeFal(queue_polls=0, progress_polls=0) as own:
            namespace[test](own)

    # The minimal receiver takes a delivery fal signed, and refuses a forged one.
    monkeypatch.setattr(_webhook, "JWKS_URL", fal.jwks_url)
    monkeypatch.setattr(_webhook, "_KEYS", _webhook._Keys())
    server = ThreadingHTTPServer(("127.0.0.1", 0), namespace["Receiver"])
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        hook = f"http://127.0.0.1:{server.server_address[1]}/hook"
        fal.set_output("fal-ai/kling-video/v3/standard/text-to-video", {"video": {"url": fal.host("hooked.mp4", b"video")}})
        handle = fal_kling.Kling().v3.standard.text_to_video.submit(prompt="hooked", webhook_url=hook)
        assert fal.deliver(handle.request_id) == 200
        assert (tmp_path / "videos/hooked.mp4").read_bytes() == b"video"
        import httpx

        body, headers = fal.webhook_delivery(handle.request_id)
        assert httpx.post(hook, content=body.replace(b"OK", b"ERROR"), headers=headers).status_code == 401
    finally:
        server.shutdown()
        server.server_close()


def _commands(block: str) -> Iterator[str]:
    for line in block.replace("\\\n", " ").splitlines():
        command = re.sub(r"\s+#\s.*$", "", line).strip()
        if command:
            yield command


def test_the_sh_blocks_run_through_the_command_line(fal: FakeFal, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ran = []
    for block in _blocks("sh"):
        for command in _commands(block):
            words, _, piped = command.partition(" | ")
            argv = shlex.split(words)
            assert argv[0] == "fal-kling", command
            code = main(argv[1:] + (["--poll-interval", "0.01"] if argv[1] in ("run", "batch") else []))
            out, err = capsys.readouterr()
            assert code == 0 and "Traceback" not in err, f"{command}\n{err}"
            if piped:
                assert subprocess.run(piped, shell=True, input=out, capture_output=True, text=True, check=True).stdout
            ran.append((argv[1], out))
    assert [name for name, _ in ran] == ["estimate", "run", "submit", "validate", "list", "batch", "batch", "batch"]
    assert dict(ran)["validate"].strip() == "ok"
    assert dict(ran)["estimate"].startswith("$1.68: 10 seconds × $0.168 per second (when generate_audio is true)")
    run = next(s for s in fal.submissions if s.endpoint_id.endswith("image-to-video"))
    assert run.payload["negative_prompt"] == "blur" and len(run.payload["multi_prompt"]) == 2
    assert fal.uploads[run.payload["start_image_url"]] == b"\x89PNG start.png"
    assert list((tmp_path / "videos").iterdir()) and len(list((tmp_path / "results").glob("0*.json"))) == 7
