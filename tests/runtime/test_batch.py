"""Batches never pay twice: killed at random and resumed, every line is sent at most once
and ends done or reported; failures stay local; the record survives crashes and full disks."""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from fal_kling import Kling
from fal_kling._cli import main
from fal_kling.testing import FakeFal

T2V = "fal-ai/kling-video/v3/standard/text-to-video"
FAST = ["--poll-interval", "0.02"]


def _jobs(path: Path, count: int, tag: str = "shot") -> Path:
    path.write_text("".join(json.dumps({"endpoint": T2V, "arguments": {"prompt": f"{tag} {n}"}}) + "\n" for n in range(1, count + 1)))
    return path


def _posts_per_line(fake: FakeFal, tag: str = "shot") -> Counter[str]:
    """POSTs that reached the queue, by the prompt that names their line."""
    return Counter(s.payload["prompt"] for s in fake.submissions if isinstance(s.payload, dict) and s.payload.get("prompt", "").startswith(tag))


def _records(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "requests.jsonl").read_text().splitlines()]


def _child(jobs: Path, out: Path, fake: FakeFal, *extra: str, **options: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "fal_kling", "batch", str(jobs), "--out", str(out), *FAST, *extra],
        env={**os.environ, **fake.environment},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **options,
    )


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_a_batch_killed_at_random_never_pays_twice(fake_fal: FakeFal, tmp_path: Path, seed: int, capsys: pytest.CaptureFixture[str]) -> None:
    chance = random.Random(seed)
    count = 8
    jobs, out = _jobs(tmp_path / "jobs.jsonl", count), tmp_path / "out"
    fake_fal.queue_polls = 2
    fake_fal.drip_interval = 0.002  # submits are answered slowly: some are in flight at the kill
    fake_fal.fault("drip", on="submit", times=None)
    batch = _child(jobs, out, fake_fal, "--concurrency", "4")
    time.sleep(chance.uniform(0.3, 2.5))
    batch.kill()
    batch.communicate(timeout=30)

    fake_fal.reset()  # the resumed run meets a healthy fal
    code = main(["batch", str(jobs), "--out", str(out), "--concurrency", "4", *FAST])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    posts = _posts_per_line(fake_fal)
    assert max(posts.values(), default=0) <= 1, f"a line was paid for twice: {posts}"
    unknown = {n for n in range(1, count + 1) if f"line {n}: unknown" in err}
    done = {n for n in range(1, count + 1) if (out / f"{n:04d}.json").exists()}
    assert done | unknown == set(range(1, count + 1)) and not done & unknown, err
    assert code == (1 if unknown else 0)
    if unknown:  # the user checked: these never reached fal, so they are sent now, once
        assert main(["batch", str(jobs), "--out", str(out), "--resend", ",".join(map(str, sorted(unknown))), *FAST]) == 0
        assert max(_posts_per_line(fake_fal).values()) == 1
    assert all((out / f"{n:04d}.json").exists() for n in range(1, count + 1))
    assert not list(out.rglob("*.part"))


def test_a_line_whose_submit_went_unanswered_is_found_at_fal_not_sent_again(fake_fal: FakeFal, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    jobs, out = _jobs(tmp_path / "jobs.jsonl", 2), tmp_path / "out"
    fake_fal.fault("drop", on="submit")  # line 1 or 2 reaches the queue; its answer is lost
    assert main(["batch", str(jobs), "--out", str(out), "--concurrency", "1", *FAST]) == 1
    first = capsys.readouterr().err
    assert "may have queued it, so it was not sent again" in first
    failed = next(n for n in (1, 2) if (out / f"{n:04d}.error.txt").exists())
    (out / f"{failed:04d}.error.txt").unlink()  # the user retries it
    assert main(["batch", str(jobs), "--out", str(out), *FAST]) == 0
    err = capsys.readouterr().err
    assert f"line {failed}: found at fal as" in err
    assert _posts_per_line(fake_fal) == Counter({"shot 1": 1, "shot 2": 1})


def test_an_unknown_line_is_sent_again_only_when_named(fake_fal: FakeFal, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    jobs, out = _jobs(tmp_path / "jobs.jsonl", 2), tmp_path / "out"
    assert main(["batch", str(jobs), "--out", str(out), *FAST]) == 0
    # As if a crash had come between line 2's intent and fal: no result, no request id.
    (out / "0002.json").unlink()
    kept = [r for r in _records(out) if not (r["line"] == 2 and "request_id" in r)]
    (out / "requests.jsonl").write_text("".join(json.dumps(r) + "\n" for r in kept))
    fake_fal._queue.state.submissions = [s for s in fake_fal.submissions if s.payload != {"prompt": "shot 2"}]
    capsys.readouterr()
    assert main(["batch", str(jobs), "--out", str(out), *FAST]) == 1
    err = capsys.readouterr().err
    assert "line 2: unknown" in err and "--resend 2" in err and "1 unknown" in err
    assert _posts_per_line(fake_fal)["shot 2"] == 0
    assert main(["batch", str(jobs), "--out", str(out), "--resend", "2", *FAST]) == 0
    assert _posts_per_line(fake_fal) == Counter({"shot 1": 1, "shot 2": 1})
    assert main(["batch", str(jobs), "--out", str(out), "--resend", "9", *FAST]) == 2
    assert "not jobs: [9]" in capsys.readouterr().err


def test_a_torn_record_is_repaired_and_leftover_parts_removed(fake_fal: FakeFal, tmp_path: Path) -> None:
    jobs, out = _jobs(tmp_path / "jobs.jsonl", 3), tmp_path / "out"
    assert main(["batch", str(jobs), "--out", str(out), *FAST]) == 0
    (out / "0003.json").unlink()
    lines = (out / "requests.jsonl").read_text().splitlines(keepends=True)
    kept = [line for line in lines if not (json.loads(line)["line"] == 3)]
    (out / "requests.jsonl").write_text("".join(kept) + '{"line": 3, "endpoint": "fal-ai/kl')  # a crash mid-write
    (out / ".0003.json.part").write_text("half")
    (out / "0001").mkdir(exist_ok=True)
    (out / "0001" / ".output.mp4.0badc0de.part").write_text("half")
    assert main(["batch", str(jobs), "--out", str(out), *FAST]) == 0
    records = _records(out)  # every line parses: nothing glued onto the torn one
    assert [r["line"] for r in records if "request_id" in r].count(3) == 1
    assert not list(out.rglob("*.part"))


def test_a_failing_line_fails_alone(fake_fal: FakeFal, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    jobs, out = _jobs(tmp_path / "jobs.jsonl", 4), tmp_path / "out"
    fake_fal.fault("drop", on="file")  # one download is cut short
    fake_fal.fail(500, "worker crashed", on="result")  # one job fails at fal
    assert main(["batch", str(jobs), "--out", str(out), "--concurrency", "2", *FAST]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "4 lines: 2 done (0 before this run), 2 failed" in err
    errors = sorted(p.read_text() for p in out.glob("*.error.txt"))
    assert any("HTTP 500" in text for text in errors) and any("cannot download" in text for text in errors)
    for path in out.glob("*.error.txt"):
        path.unlink()
    # Retried, both are collected by id: the download succeeds now, and fal's failed job fails again.
    assert main(["batch", str(jobs), "--out", str(out), *FAST]) == 1
    assert "4 lines: 3 done (2 before this run), 1 failed" in capsys.readouterr().err
    assert max(_posts_per_line(fake_fal).values()) == 1


def test_one_client_and_one_pool_serve_the_whole_batch(fake_fal: FakeFal, tmp_path: Path) -> None:
    count = 12
    jobs, out = _jobs(tmp_path / "jobs.jsonl", count), tmp_path / "out"
    before = fake_fal.connections
    assert main(["batch", str(jobs), "--out", str(out), "--concurrency", "3", *FAST]) == 0
    opened = fake_fal.connections - before
    assert opened <= 8, f"{opened} connections for {count} jobs: a client per job would open 3 per job"


def _limit_file_size(size: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


def test_a_full_disk_stops_the_batch_with_one_message_keeping_the_ids(fake_fal: FakeFal, tmp_path: Path) -> None:
    jobs, out = _jobs(tmp_path / "jobs.jsonl", 8), tmp_path / "out"
    batch = _child(jobs, out, fake_fal, "--concurrency", "1", preexec_fn=lambda: _limit_file_size(700))
    _, err = batch.communicate(timeout=120)
    assert batch.returncode == 1, err
    assert "Traceback" not in err
    [message] = [line for line in err.splitlines() if line.startswith("error:")]
    assert "requests.jsonl: File too large" in message and "nothing more was submitted" in message
    records = _records(out)
    intents = [r for r in records if "submitting" in r]
    assert intents and len(fake_fal.submissions) <= len(intents), "a submit went out without its intent on disk"
    assert all("request_id" in r or "submitting" in r for r in records)


def test_the_batch_command_line_refuses_bad_resend_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    jobs = _jobs(tmp_path / "jobs.jsonl", 1)
    with pytest.raises(SystemExit) as exit:
        main(["batch", str(jobs), "--out", str(tmp_path / "out"), "--resend", "two"])
    assert exit.value.code == 2 and "not a list of line numbers" in capsys.readouterr().err


def test_kling_handles_are_not_needed_for_a_batch(fake_fal: FakeFal) -> None:
    """The stand-in lists an endpoint's requests as fal's Platform API does."""
    handle = Kling().v3.standard.text_to_video.submit(prompt="listed")
    import httpx

    listed = httpx.get(f"{fake_fal.url}/v1/models/requests/by-endpoint", params={"endpoint_id": T2V}).json()
    assert [(i["request_id"], i["json_input"]) for i in listed["items"]] == [(handle.request_id, {"prompt": "listed"})]
