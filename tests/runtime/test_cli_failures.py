"""The command line never prints a traceback: every failure is one message that says what
to do, with the README's exit codes (0 done, 1 failed, 2 usage, 130 interrupted)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import fal_client.client as fal_module
import pytest

from fal_kling._cli import main
from fal_kling.testing import FakeFal

T2V = "fal-ai/kling-video/v3/standard/text-to-video"
FAST = ["--poll-interval", "0.01"]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _no_credentials(fake: FakeFal, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("FAL_KEY", "FAL_KEY_ID", "FAL_KEY_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("FAL_HOME_DIR", str(tmp_path))


def _unreachable(fake: FakeFal, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(fal_module, "QUEUE_URL_FORMAT", f"https://127.0.0.1:{_closed_port()}/")


def _fault(kind: str, on: str) -> Callable[[FakeFal, pytest.MonkeyPatch, Path], None]:
    return lambda fake, monkeypatch, tmp_path: fake.fault(kind, on=on)  # type: ignore[arg-type]


def _untrusted_output(fake: FakeFal, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake.set_output(T2V, {"video": {"url": "https://attacker.example/x.mp4"}})


def _nothing(fake: FakeFal, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pass


CASES: list[tuple[str, Callable[[FakeFal, pytest.MonkeyPatch, Path], None], list[str], int, str]] = [
    ("no credentials", _no_credentials, ["run", T2V, "prompt=p"], 2, "no fal credentials found: set the FAL_KEY environment variable"),
    ("unreachable", _unreachable, ["run", T2V, "prompt=p"], 1, "cannot reach fal for"),
    ("dropped submit", _fault("drop", "submit"), ["run", T2V, "prompt=p"], 1, "fal may have queued it, so it was not sent again"),
    ("garbled submit", _fault("garble", "submit"), ["submit", T2V, "prompt=p"], 1, "is not what its API sends: not JSON"),
    ("unknown status", _fault("unknown_status", "status"), ["run", T2V, "prompt=p"], 1, "Unknown status: SOMETHING_NEW"),
    ("dropped poll", _fault("drop", "status"), ["run", T2V, "prompt=p"], 1, "still queued or running: fetch its result later by its id"),
    ("garbled result", _fault("garble", "result"), ["run", T2V, "prompt=p"], 1, "not JSON"),
    ("status garbled", _fault("garble", "status"), ["status", T2V, "00000001-x"], 1, "not JSON"),
    ("unknown request", _nothing, ["result", T2V, "no-such-request"], 1, "fal answered HTTP 404"),
    ("untrusted download", _untrusted_output, ["run", T2V, "prompt=p", "--download", "videos"], 1, "attacker.example is not one of fal's media hosts"),
    ("bad start timeout", _nothing, ["run", T2V, "prompt=p", "--start-timeout", "0.5"], 2, "Timeout must be greater than 1 seconds"),
]


@pytest.mark.parametrize(("setup", "argv", "code", "message"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_every_failure_is_one_message_and_its_exit_code(
    fake_fal: FakeFal,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    setup: Callable[[FakeFal, pytest.MonkeyPatch, Path], None],
    argv: list[str],
    code: int,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    setup(fake_fal, monkeypatch, tmp_path)
    assert main([*argv, *(FAST if argv[0] in ("run", "result") else [])]) == code
    err = capsys.readouterr().err
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and message in errors[0], err


def _script(env: dict[str, str], *argv: str, **options: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "fal_kling", *argv], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **options
    )


def test_the_console_script_without_credentials_says_what_to_do(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAL_KEY")}
    env.update(HOME=str(tmp_path), FAL_HOME_DIR=str(tmp_path))
    done = _script(env, "run", T2V, "prompt=p")
    out, err = done.communicate(timeout=60)
    assert done.returncode == 2 and out == ""
    # What the call would have cost comes first, then the one error: nothing was sent.
    assert err.strip().splitlines() == [
        "cost: price unknown (no source states it; see https://fal.ai/pricing)",
        "error: no fal credentials found: set the FAL_KEY environment variable (a key from "
        "https://fal.ai/dashboard/keys), or pass Kling(key=...)",
    ]


def test_ctrl_c_during_a_run_is_one_line_and_exit_130(fake_fal: FakeFal) -> None:
    fake_fal.queue_polls = 1_000_000
    run = _script({**os.environ, **fake_fal.environment}, "run", T2V, "prompt=p", *FAST)
    deadline = time.monotonic() + 30
    while not fake_fal.submissions and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    run.send_signal(signal.SIGINT)
    out, err = run.communicate(timeout=30)
    assert run.returncode == 130 and "Traceback" not in err and out == ""
    request_id = fake_fal.submissions[0].request_id
    assert f"fal-kling result {T2V} {request_id}" in err and err.rstrip().endswith("interrupted")
