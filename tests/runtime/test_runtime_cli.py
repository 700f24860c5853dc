"""`fal-kling` (python -m fal_kling) against fal_kling.testing, through the real fal_client."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import fal_kling
from fal_kling._cli import main
from fal_kling.testing import FakeFal

T2V = "fal-ai/kling-video/v3/standard/text-to-video"
I2V = "fal-ai/kling-video/v3/standard/image-to-video"
FAST = ["--poll-interval", "0.01"]


def _out(capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_run_converts_values_per_field_and_prints_the_result(fake_fal: FakeFal, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shots = json.dumps([{"prompt": "one", "duration": "3"}])
    code = main(["run", I2V, "start_image_url=https://x/s.png", f"multi_prompt={shots}", "shot_type=customize", "duration=10", "cfg_scale=0.7", "generate_audio=false", "--download", str(tmp_path / "videos"), *FAST])
    out, err = _out(capsys)
    assert code == 0, err
    [sent] = fake_fal.submissions
    assert sent.payload == {"start_image_url": "https://x/s.png", "multi_prompt": [{"prompt": "one", "duration": "3"}], "shot_type": "customize", "duration": "10", "cfg_scale": 0.7, "generate_audio": False}
    result = json.loads(out)
    assert result["video"]["url"].startswith(fake_fal.url)
    assert f"request {sent.request_id}" in err and "queued (position 0)" in err and "running" in err and "  step 1 of 1" in err
    [saved] = (tmp_path / "videos").iterdir()
    assert f"saved {saved}" in err and saved.read_bytes().startswith(b"fal-kling stand-in file")


def test_run_uploads_local_paths_and_reads_an_input_file(fake_fal: FakeFal, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    image = tmp_path / "start.png"
    image.write_bytes(b"local image")
    arguments = tmp_path / "args.json"
    arguments.write_text(json.dumps({"prompt": "from the file", "start_image_url": str(image), "duration": "5"}))
    assert main(["run", I2V, "--input", str(arguments), "duration=7", *FAST]) == 0
    payload = fake_fal.submissions[0].payload
    assert payload["prompt"] == "from the file" and payload["duration"] == "7"  # pairs override the file
    assert fake_fal.uploads[payload["start_image_url"]] == b"local image"


def test_invalid_input_lists_every_error_and_sends_nothing(fake_fal: FakeFal, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", I2V, "duration=16", "cfg_scale=high", "colour=red"]) == 1
    out, err = _out(capsys)
    assert out == ""
    for expected in ("start_image_url: required field is missing", "duration: '16' is not one of", "cfg_scale: 'high'", "colour: unknown field", "give exactly one of prompt or multi_prompt"):
        assert expected in err
    assert fake_fal.submissions == []


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["run", "fal-ai/kling-video/v3/standard/text-to-vide", "prompt=p"], 2, "did you mean 'fal-ai/kling-video/v3/standard/text-to-video'?"),
        (["run", T2V, "prompt"], 2, "'prompt' is not key=value"),
        (["run", T2V, "=p"], 2, "'=p' is not key=value"),
        (["run", I2V, "prompt=p", "start_image_url=s", "multi_prompt=[oops"], 2, "multi_prompt takes a list or an object, written as JSON"),
        (["run", T2V, "--input", "/nonexistent/args.json"], 2, "cannot read /nonexistent/args.json: No such file or directory"),
        (["run", I2V, "prompt=p", "start_image_url=/nonexistent/start.png"], 1, "start_image_url: cannot read /nonexistent/start.png: No such file or directory"),
        (["run", T2V, "prompt=p", "--download", "/proc/version/videos"], 2, "--download /proc/version/videos: Not a directory"),
        (["run"], 2, "the following arguments are required: endpoint_id"),
        (["frobnicate"], 2, "invalid choice: 'frobnicate'"),
    ],
    ids=["unknown-endpoint", "no-equals", "no-key", "bad-json", "missing-input-file", "missing-local-file", "bad-download-dir", "no-endpoint", "unknown-command"],
)
def test_bad_arguments_get_one_clear_message_and_nothing_is_paid(fake_fal: FakeFal, capsys: pytest.CaptureFixture[str], argv: list[str], code: int, message: str) -> None:
    try:
        assert main(argv) == code
    except SystemExit as exit:  # argparse's own usage errors
        assert exit.code == code
    out, err = _out(capsys)
    assert message in err and "Traceback" not in err and out == ""
    assert fake_fal.submissions == [] and fake_fal.uploads == {}


def test_a_failed_job_exits_1_and_a_bad_output_is_still_printed(fake_fal: FakeFal, capsys: pytest.CaptureFixture[str]) -> None:
    fake_fal.fail(500, "worker crashed", on="result")
    assert main(["run", T2V, "prompt=p", *FAST]) == 1
    out, err = _out(capsys)
    assert "error: fal answered HTTP 500" in err and fake_fal.submissions[0].request_id in err and out == ""
    fake_fal.set_output(T2V, {"video": {"url": 7}})
    assert main(["run", T2V, "prompt=p", *FAST]) == 1
    out, err = _out(capsys)
    assert json.loads(out) == {"video": {"url": 7}}  # what was paid for is kept
    assert "does not fit its model" in err


def test_submit_status_result_cancel_by_request_id(fake_fal: FakeFal, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["submit", T2V, "prompt=p"]) == 0
    request_id = _out(capsys)[0].strip()
    assert request_id == fake_fal.submissions[0].request_id
    assert main(["status", T2V, request_id]) == 0
    assert _out(capsys)[0] == "Queued\n"
    assert main(["result", T2V, request_id, "--download", str(tmp_path), *FAST]) == 0
    assert json.loads(_out(capsys)[0])["video"]["url"].startswith(fake_fal.url)
    assert len(list(tmp_path.iterdir())) == 1
    fake_fal.queue_polls = 100
    assert main(["submit", T2V, "prompt=q"]) == 0
    second = _out(capsys)[0].strip()
    assert main(["cancel", T2V, second]) == 0
    assert fake_fal.cancelled == [second]
    assert main(["status", T2V, "no-such-request"]) == 1
    assert "HTTP 404" in _out(capsys)[1]


def test_schema_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", T2V]) == 0
    schema = json.loads(_out(capsys)[0])
    assert schema["x-fal-endpoint"] == T2V and "prompt" in schema["properties"]
    assert main(["schema", T2V, "--output"]) == 0
    assert json.loads(_out(capsys)[0])["title"] == "V3StandardTextToVideoOutput"
    with pytest.raises(SystemExit) as exit:
        main(["--version"])
    assert exit.value.code == 0 and _out(capsys)[0] == f"fal-kling {fal_kling.__version__}\n"


def test_the_console_script_and_python_m_run_the_same_command() -> None:
    script = shutil.which("fal-kling", path=os.path.dirname(sys.executable))
    assert script is not None, "pip install puts the fal-kling console script beside python"
    for command in ([script], [sys.executable, "-m", "fal_kling"]):
        done = subprocess.run([*command, "--version"], capture_output=True, text=True, check=False)
        assert (done.returncode, done.stdout) == (0, f"fal-kling {fal_kling.__version__}\n")
        usage = subprocess.run([*command, "run", T2V, "oops"], capture_output=True, text=True, check=False)
        assert usage.returncode == 2 and "'oops' is not key=value" in usage.stderr


# Batches.


def _jobs(path: Path, *lines: object) -> Path:
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines))
    return path


def test_a_batch_runs_every_good_line_and_reports_the_rest(fake_fal: FakeFal, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    jobs = _jobs(
        tmp_path / "jobs.jsonl",
        {"endpoint": T2V, "arguments": {"prompt": "one"}},
        "{not json",
        {"endpoint": T2V, "arguments": {"prompt": "two", "duration": "99"}},
        {"endpoint": "fal-ai/kling-video/v3/standard/text-to-vide", "arguments": {}},
        {"endpoint": "fal-ai/kling-video/v1/standard/effects", "arguments": {"effect_scene": "hug"}},
    )
    out = tmp_path / "out"
    assert main(["batch", str(jobs), "--out", str(out), "--concurrency", "2", *FAST]) == 1
    err = _out(capsys)[1]
    assert f"{jobs}:2: not a JSON object" in err and f"{jobs}:4: unknown endpoint" in err
    assert "line 3: failed: 1 validation error" in err
    assert "5 lines: 2 done (0 before this run), 1 failed, 2 unreadable" in err
    assert json.loads((out / "0001.json").read_text())["video"]["url"].startswith(fake_fal.url)
    assert len(list((out / "0005").iterdir())) == 1  # its video, downloaded
    assert "duration: '99' is not one of" in (out / "0003.error.txt").read_text()
    assert [s.payload for s in fake_fal.submissions] == [{"prompt": "one"}, {"effect_scene": "hug"}]
    recorded = [json.loads(line) for line in (out / "requests.jsonl").read_text().splitlines()]
    assert sorted(r["line"] for r in recorded if "request_id" in r) == [1, 5]
    assert sorted(r["line"] for r in recorded if "submitting" in r) == [1, 5]  # each intent, before its submit

    # A rerun sends nothing: done lines are skipped, the failed one is reported again.
    assert main(["batch", str(jobs), "--out", str(out), *FAST]) == 1
    assert "5 lines: 2 done (2 before this run), 1 failed" in _out(capsys)[1]
    assert len(fake_fal.submissions) == 2


def test_a_batch_refuses_an_out_directory_of_another_batch(fake_fal: FakeFal, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    first = _jobs(tmp_path / "a.jsonl", {"endpoint": T2V, "arguments": {"prompt": "a"}})
    assert main(["batch", str(first), "--out", str(out), *FAST]) == 0
    other = _jobs(tmp_path / "b.jsonl", {"endpoint": T2V, "arguments": {"prompt": "b"}})
    assert main(["batch", str(other), "--out", str(out), *FAST]) == 2
    assert "holds another batch's results" in _out(capsys)[1]
    assert main(["batch", str(tmp_path / "missing.jsonl"), "--out", str(out)]) == 2
    assert "cannot read" in _out(capsys)[1]
    assert len(fake_fal.submissions) == 1


def test_an_interrupted_batch_collects_its_requests_instead_of_paying_again(fake_fal: FakeFal, tmp_path: Path) -> None:
    count = 4
    jobs = _jobs(tmp_path / "jobs.jsonl", *({"endpoint": T2V, "arguments": {"prompt": f"shot {n}"}} for n in range(count)))
    out = tmp_path / "out"
    fake_fal.queue_polls = 1_000_000  # the jobs stay queued until the batch is interrupted
    batch = subprocess.Popen(
        [sys.executable, "-m", "fal_kling", "batch", str(jobs), "--out", str(out), "--concurrency", str(count), *FAST],
        env={**os.environ, **fake_fal.environment},
        stderr=subprocess.PIPE,
        text=True,
    )
    record = out / "requests.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not record.exists() or record.read_text().count('"request_id"') < count):
        time.sleep(0.05)
    batch.send_signal(signal.SIGINT)
    _, err = batch.communicate(timeout=60)
    assert batch.returncode == 130 and "run the same command again to collect them" in err
    assert len(fake_fal.submissions) == count

    fake_fal.queue_polls = 0
    assert main(["batch", str(jobs), "--out", str(out), *FAST]) == 0
    assert len(fake_fal.submissions) == count, "no job was submitted twice"
    assert sorted(p.name for p in out.glob("*.json")) == ["0001.json", "0002.json", "0003.json", "0004.json", "batch.json"]
