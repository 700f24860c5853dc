"""Prices are spec facts: read from the pricing paragraphs of fal's real pages, checked
against the page's own worked example, shipped as ``x-fal-pricing``, shown in the docs,
and reported by ``falgen diff`` in a category of their own."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from falgen.cli import main
from falgen.sync.pricing import read_pricing

from ..conftest import ROOT, SHARED, SPECS, run_sync

PAGES = ROOT / "tests/fixtures/pages"
VIDEO = {"duration": {"type": "string", "enum": ["5", "10"]}, "generate_audio": {"type": "boolean"}}
IMAGE = {"num_images": {"type": "integer"}, "resolution": {"type": "string", "enum": ["1K", "2K", "4K"]}}


def _paragraph(page: Path) -> str:
    found = re.search(r"^## Pricing\n(.*?)(?=^## )", page.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)
    assert found, page
    return found[1]


def _source(endpoint: str) -> str:
    return f"https://fal.ai/models/{endpoint}/llms.txt"


AUDIO = {"field": "generate_audio", "equals": True}


@pytest.mark.parametrize(
    ("page", "fields", "expected"),
    [
        ("kling-video-v3-turbo-pro-text-to-video.llms.txt", VIDEO, {"unit": "second", "price": 0.14, "quantity": "duration"}),
        ("kling-video-v3-turbo-standard-image-to-video.llms.txt", VIDEO, {"unit": "second", "price": 0.112, "quantity": "duration"}),
        (
            "kling-video-v3-pro-text-to-video.llms.txt",
            VIDEO,
            {"unit": "second", "price": 0.112, "quantity": "duration", "prices": [{"when": [AUDIO], "price": 0.168}]},
        ),
        (
            "kling-video-v3-pro-text-to-video.llms.txt",
            {**VIDEO, "voice_ids": {"type": "list[string]"}},
            {
                "unit": "second",
                "price": 0.112,
                "quantity": "duration",
                "prices": [
                    {"when": [AUDIO, {"field": "voice_ids", "present": True}], "price": 0.196},
                    {"when": [AUDIO], "price": 0.168},
                ],
            },
        ),
        (
            "kling-video-v2.6-pro-text-to-video.llms.txt",
            VIDEO,
            {"unit": "second", "price": 0.07, "quantity": "duration", "prices": [{"when": [AUDIO], "price": 0.14}]},
        ),
        (
            "kling-video-o3-4k-video-to-video-edit.llms.txt",
            {"video_url": {"type": "string"}},
            {"unit": "second", "price": 0.42, "note": "Billed per second of the output, which is known only after the run."},
        ),
        (
            "kling-video-lipsync-audio-to-video.llms.txt",
            {"video_url": {"type": "string"}, "audio_url": {"type": "string"}},
            {
                "unit": "second",
                "price": 0.014,
                "note": "Billed per second of the input video (video_url), rounded up to a multiple of 5 s, which is known "
                "only after the run.",
            },
        ),
        (
            "kling-video-v2.5-turbo-pro-text-to-video.llms.txt",
            VIDEO,
            {"unit": "second", "price": 0.07, "quantity": "duration"},
        ),
        ("kling-image-v3-text-to-image.llms.txt", IMAGE, {"unit": "image", "price": 0.028, "quantity": "num_images"}),
        (
            "kling-image-o3-text-to-image.llms.txt",
            IMAGE,
            {
                "unit": "image",
                "price": 0.028,
                "quantity": "num_images",
                "prices": [{"when": [{"field": "resolution", "equals": "4K"}], "price": 0.056}],
            },
        ),
    ],
)
def test_each_real_pricing_paragraph_is_read(page: str, fields: dict[str, dict[str, object]], expected: dict[str, object]) -> None:
    pricing, _ = read_pricing(_paragraph(PAGES / page), "fal-ai/x/y", fields)
    assert pricing == {**expected, "source": _source("fal-ai/x/y")}


def test_the_shared_pages_price_line_is_read() -> None:
    page = SHARED / "fal/pages/truncated-kling-video-v1-standard-image-to-video.llms.txt"
    pricing, notes = read_pricing(_paragraph(page), "fal-ai/x/y", VIDEO)
    assert pricing == {"unit": "second", "price": 0.045, "quantity": "duration", "source": _source("fal-ai/x/y")} and not notes


def test_what_the_endpoint_cannot_select_is_reported_not_guessed() -> None:
    page = _paragraph(PAGES / "kling-video-v3-pro-text-to-video.llms.txt")
    pricing, notes = read_pricing(page, "fal-ai/x/y", VIDEO)
    assert notes == ["pricing: voice control ($0.196 per second) has no voice_ids input on this endpoint to select it (voice set inside a nested element is not read); left out"]
    pricing, notes = read_pricing(page, "fal-ai/x/y", {"duration": {"type": "string"}})
    assert pricing is None and notes == ["pricing depends on audio, and the endpoint has no generate_audio input; left out"]
    doubled = _paragraph(PAGES / "kling-image-o3-text-to-image.llms.txt")
    assert read_pricing(doubled, "fal-ai/x/y", {"num_images": {"type": "integer"}})[0] is None, "no resolution input: no 4K price"


@pytest.mark.parametrize(
    ("paragraph", "why"),
    [
        (
            "For every second of video you generate, you will be charged **$0.14**. For example, a **5s** video will cost **$0.75**.",
            "disagrees with its own example",
        ),
        ("Text tokens (per 1M): **$5.00** input, **$1.25** cached, **$10.00** output.", "is not a phrasing falgen reads"),
        ("**$0.03** for the first megapixel of output, plus **$0.01** per extra megapixel", "is not a phrasing falgen reads"),
        (
            "For **5s** video your request will cost **$0.35**. For every additional second you will be charged **$0.08**.",
            "is not a price per second",
        ),
    ],
)
def test_a_paragraph_that_does_not_prove_a_price_gives_none(paragraph: str, why: str) -> None:
    pricing, notes = read_pricing(paragraph, "fal-ai/x/y", VIDEO)
    assert pricing is None and len(notes) == 1 and why in notes[0]


def test_a_price_per_second_read_from_its_first_seconds() -> None:
    paragraph = "For **5s** video your request will cost **$0.35**. For every additional second you will be charged **$0.07.**"
    assert read_pricing(paragraph, "fal-ai/x/y", VIDEO)[0] == {
        "unit": "second",
        "price": 0.07,
        "quantity": "duration",
        "source": _source("fal-ai/x/y"),
    }


def test_sync_writes_the_price_keeps_it_when_a_source_is_silent_and_diff_reports_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(SPECS, specs)
    spec = specs / "fal-ai/kling-video/v3/turbo/pro/text-to-video.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("  price: 0.14\n", "  price: 0.12\n"), encoding="utf-8")
    assert main(["diff", str(SPECS), str(specs), "--format", "json"]) == 0
    [change] = json.loads(capsys.readouterr().out)
    assert (change["severity"], change["path"], change["message"]) == (
        "price", "pricing", "price: $0.14 per second → $0.12 per second"
    )
    assert run_sync(specs, PAGES / "kling-video-v3-turbo-pro-text-to-video.llms.txt") == 0
    assert spec.read_text(encoding="utf-8") == text, "the page's price replaces the spec's"
    assert run_sync(specs, SHARED / "fal/endpoints.ts", "--only", "fal-ai/kling-video/v3/turbo/pro/*") == 0
    assert spec.read_text(encoding="utf-8") == text, "fal's types state no price: the spec's is kept"


def test_the_price_reaches_the_schema_and_the_docs() -> None:
    schema = json.loads((ROOT / "generated/fal_kling/schemas/v3_pro_text_to_video.input.json").read_text())
    assert schema["x-fal-pricing"] == {
        "unit": "second",
        "usd": "0.112",
        "currency": "USD",
        "quantity": "duration",
        "prices": [{"when": [{"field": "generate_audio", "equals": True}], "usd": "0.168"}],
        "source": _source("fal-ai/kling-video/v3/pro/text-to-video"),
    }
    docs = (ROOT / "generated/docs/v3-pro-text-to-video.md").read_text()
    assert "| generate\\_audio is true | $0.168 per second |\n| otherwise | $0.112 per second |" in docs
    unpriced = (ROOT / "generated/docs/v3-standard-text-to-video.md").read_text()
    assert "No source this package was built from states this endpoint's price" in unpriced
