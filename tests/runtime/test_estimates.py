"""What a call will cost, before it is sent: estimates from the prices fal states, each
page's worked example reproduced, every price condition taken both ways, and the batch
guard, run against the stand-in."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

import fal_golden
import fal_kling
import fal_kling_image
from fal_kling import Kling, KlingPriceUnknownError, KlingValidationError
from fal_kling._batch import _Budget
from fal_kling._cli import main
from fal_kling.testing import FakeFal

from ..conftest import ROOT

PAGES = ROOT / "tests/fixtures/pages"
GOLDEN = "fal-ai/golden/v1.5-turbo/4k/class"
BASE = {"prompt": "p", "image_urls": ["i"]}
_EXAMPLE = re.compile(
    r"For example, an? \**(?P<seconds>\d+)s\** video(?: with (?P<with>audio on(?: and voice control)?|audio off))? "
    r"will cost \**\$(?P<usd>[\d.]+)"
)


def _worked_examples() -> list[tuple[str, re.Match[str]]]:
    found = []
    for page in sorted(PAGES.glob("kling-video-*.llms.txt")):
        text = page.read_text(encoding="utf-8")
        example = _EXAMPLE.search(text)
        if example is not None:
            [endpoint_id] = re.findall(r"\*\*Model ID\*\*: `([^`]+)`", text)
            found.append((endpoint_id, example))
    return found


WORKED = _worked_examples()


def test_every_page_with_a_worked_example_is_here() -> None:
    assert len(WORKED) == 5, [e for e, _ in WORKED]


@pytest.mark.parametrize(("endpoint_id", "example"), WORKED, ids=[e for e, _ in WORKED])
def test_the_estimate_reproduces_each_pages_worked_example(endpoint_id: str, example: re.Match[str]) -> None:
    """"A 5s video with audio on will cost $0.70": that payload's estimate is $0.70."""
    info = fal_kling.ENDPOINTS[endpoint_id]
    fields = info.input_schema["properties"]
    arguments = dict(info.input_schema["examples"][0])
    if "duration" in fields:
        arguments["duration"] = example["seconds"]
    if "generate_audio" in fields:
        arguments["generate_audio"] = example["with"] is None or example["with"].startswith("audio on")
    estimate = fal_kling.estimate(endpoint_id, arguments)
    page_total = Decimal(example["usd"])
    if example["with"] and "voice control" in example["with"]:
        # The page prices voice control, which this endpoint takes no input for: sync left that
        # price out (tests/toolkit/test_pricing.py), and the audio price applies.
        assert "voice_ids" not in fields and estimate.usd == Decimal("0.168") * 5 and page_total == Decimal("0.196") * 5
    elif "duration" in fields:
        assert estimate.usd == page_total and estimate.exact
    else:
        # Billed per second of a video only the run knows: the page's figure is its price × 5 s.
        assert estimate.usd is None and not estimate.exact and estimate.unit_usd * int(example["seconds"]) == page_total


@pytest.mark.parametrize(
    ("arguments", "usd", "rule"),
    [
        ({**BASE}, "2.00", "the base price"),
        ({**BASE, "mode": "fast", "steps": 10}, "1.00", "the base price"),
        ({**BASE, "mode": "quality", "steps": 50}, "10.00", "when mode is 'quality'"),
        ({**BASE, "mode": "quality", "camera": {"x": 1, "y": 2}, "steps": 10}, "3.00", "when mode is 'quality' and camera is given"),
    ],
    ids=["defaults", "base", "value", "value and given"],
)
def test_each_price_condition_both_ways(arguments: dict[str, object], usd: str, rule: str) -> None:
    estimate = fal_golden.estimate(GOLDEN, arguments)
    assert (estimate.usd, estimate.rule, estimate.unit) == (Decimal(usd), rule, "second")
    assert ("steps not given: fal's default, 20, is assumed" in estimate.notes) == ("steps" not in arguments)


def test_audio_on_off_and_by_default() -> None:
    v26 = Kling().v2_6.pro.text_to_video
    assert v26.estimate(prompt="p", duration="10", generate_audio=False).usd == Decimal("0.70")
    assert v26.estimate(prompt="p", duration="10", generate_audio=True).usd == Decimal("1.40")
    by_default = v26.estimate(prompt="p")
    assert by_default.usd == Decimal("0.70") and by_default.notes == (
        "generate_audio not given: fal's default, true, applies",
        "duration not given: fal's default, '5', is assumed".replace("'5'", "5"),
    )
    assert str(by_default).startswith("$0.70: 5 seconds × $0.14 per second (when generate_audio is true)")


def test_images_are_counted_and_4k_costs_double() -> None:
    o3 = fal_kling_image.KlingImage().o3.text_to_image
    assert o3.estimate(prompt="p", num_images=3).usd == Decimal("0.084")
    assert o3.estimate(prompt="p", num_images=3, resolution="4K").usd == Decimal("0.168")
    assert str(o3.estimate(prompt="p")).startswith("$0.028: 1 image × $0.028 per image (the base price)")


def test_a_quantity_only_the_run_knows_gives_a_price_per_unit_and_no_total() -> None:
    lipsync = Kling().lipsync.audio_to_video.estimate(video_url="https://x.test/v.mp4", audio_url="https://x.test/a.mp3")
    assert (lipsync.usd, lipsync.quantity, lipsync.unit_usd, lipsync.exact) == (None, None, Decimal("0.014"), False)
    assert str(lipsync) == (
        "$0.014 per second (the base price); the total is not known before the run; Billed per second of the input "
        "video (video_url), rounded up to a multiple of 5 s, which is known only after the run."
    )


def test_an_unknown_price_and_an_invalid_call_are_errors_nothing_is_guessed() -> None:
    with pytest.raises(KlingPriceUnknownError) as unknown:
        Kling().v3.standard.text_to_video.estimate(prompt="p")
    assert unknown.value.endpoint_id == "fal-ai/kling-video/v3/standard/text-to-video"
    assert "no price is known for this endpoint" in str(unknown.value) and "https://fal.ai/pricing" in str(unknown.value)
    with pytest.raises(KlingValidationError):
        fal_kling.estimate("fal-ai/kling-video/v3/pro/text-to-video", {"prompt": "p", "duration": "16"})


def test_a_local_file_is_checked_not_uploaded(tmp_path: Path) -> None:
    with FakeFal() as fal:
        estimate = Kling().v3.turbo.standard.image_to_video.estimate(prompt="p", image_url=b"png", duration="10")
        assert estimate.usd == Decimal("1.12") and fal.uploads == {} and fal.submissions == []


def test_the_command_line_estimates_and_run_says_the_cost_first(capsys: pytest.CaptureFixture[str]) -> None:
    with FakeFal() as fal:
        assert main(["estimate", "fal-ai/kling-video/v2.6/pro/text-to-video", "prompt=a fox", "duration=10"]) == 0
        out, _ = capsys.readouterr()
        assert out.startswith("$1.40: 10 seconds × $0.14 per second (when generate_audio is true)") and fal.submissions == []
        assert main(["run", "fal-ai/kling-video/v3/turbo/pro/text-to-video", "prompt=a fox", "--poll-interval", "0.01"]) == 0
        err = capsys.readouterr().err.splitlines()
        assert err[0].startswith("cost: $0.70: 5 seconds × $0.14 per second") and err[1].startswith("request ")
        assert main(["estimate", "fal-ai/kling-video/v3/standard/text-to-video", "prompt=x"]) == 1
        assert "no price is known" in capsys.readouterr().err
        assert main(["list"]) == 0
        listing = capsys.readouterr().out
        assert re.search(r"^fal-ai/kling-video/v3/pro/text-to-video +kling\.v3\.pro\.text_to_video +\$0\.112–\$0\.168 per second$", listing, re.M)
        assert re.search(r"^fal-ai/kling-video/v3/standard/text-to-video +kling\.v3\.standard\.text_to_video +price unknown$", listing, re.M)


def _jobs(path: Path, *lines: tuple[str, dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps({"endpoint": e, "arguments": a}) + "\n" for e, a in lines), encoding="utf-8")
    return path


TWO = (
    ("fal-ai/kling-video/v3/pro/text-to-video", {"prompt": "a fox", "duration": "5"}),
    ("fal-ai/kling-video/v3/turbo/pro/text-to-video", {"prompt": "a cat", "duration": "10"}),
)


def test_a_batch_says_its_total_and_over_its_limit_sends_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    jobs = _jobs(tmp_path / "jobs.jsonl", *TWO)
    with FakeFal() as fal:
        assert main(["batch", str(jobs), "--out", str(tmp_path / "out"), "--max-cost", "2.23"]) == 1
        err = capsys.readouterr().err
        assert "estimate: $2.24 for 2 lines to submit" in err
        assert "error: the batch's estimate, $2.24, passes --max-cost $2.23; nothing was submitted" in err
        assert fal.submissions == []


def test_a_batch_with_a_line_of_unknown_price_cannot_be_held_to_a_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    jobs = _jobs(tmp_path / "jobs.jsonl", *TWO, ("fal-ai/kling-video/v3/standard/text-to-video", {"prompt": "x"}))
    with FakeFal() as fal:
        assert main(["batch", str(jobs), "--out", str(tmp_path / "out"), "--max-cost", "100"]) == 1
        err = capsys.readouterr().err
        assert "1 lines have no estimate (lines 3)" in err and "--max-cost $100.00 cannot be kept: lines 3 have no cost estimate" in err
        assert fal.submissions == []


def test_a_resumed_batch_counts_what_it_spent_before(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    jobs = _jobs(tmp_path / "jobs.jsonl", *TWO)
    out = tmp_path / "out"
    with FakeFal() as fal:
        assert main(["batch", str(jobs), "--out", str(out), "--max-cost", "2.24", "--poll-interval", "0.01"]) == 0
        assert len(fal.submissions) == 2
        capsys.readouterr()
        assert main(["batch", str(jobs), "--out", str(out), "--max-cost", "2.24", "--poll-interval", "0.01"]) == 0
        assert "estimate: $0.00 for 0 lines to submit, $2.24 for 2 submitted before" in capsys.readouterr().err
        assert len(fal.submissions) == 2
        # The same batch, resumed under a lower limit: what it spent already passes it.
        assert main(["batch", str(jobs), "--out", str(out), "--max-cost", "2", "--poll-interval", "0.01"]) == 1
        assert "the batch's estimate, $2.24, passes --max-cost $2.00" in capsys.readouterr().err


def test_mid_batch_no_line_is_submitted_past_the_limit() -> None:
    """The guard each submit passes: a line is counted as spent before it is sent, and one
    that would take the spend past the limit is held, not sent."""
    budget = _Budget(Decimal("1.50"), {1: Decimal("0.84"), 2: Decimal("0.56"), 3: Decimal("0.56"), 4: None}, Decimal(0))
    assert budget.claim(1) is None and budget.claim(2) is None and budget.spent == Decimal("1.40")
    assert budget.claim(3) == "it would take the spend to $1.96, past --max-cost $1.50"
    assert budget.claim(4) == "it has no cost estimate, and --max-cost is set"
    assert budget.spent == Decimal("1.40")
    free = _Budget(None, {1: None, 2: Decimal("0.56")})
    assert free.claim(1) is None and free.claim(2) is None and free.spent == Decimal("0.56")


@pytest.mark.parametrize(("limit", "why"), [("abc", "is not an amount of US dollars"), ("0", "give a positive amount"), ("NaN", "give a positive amount")])
def test_a_limit_that_is_not_an_amount_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], limit: str, why: str) -> None:
    jobs = _jobs(tmp_path / "jobs.jsonl", *TWO)
    with FakeFal() as fal, pytest.raises(SystemExit) as exited:
        main(["batch", str(jobs), "--out", str(tmp_path / "out"), "--max-cost", limit])
    assert exited.value.code == 2 and why in capsys.readouterr().err and fal.submissions == []
    assert not (tmp_path / "out").exists()

