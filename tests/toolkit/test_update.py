"""`falgen update` against a local stand-in of fal's Platform API, its pages and the npm
registry, built from the real files in ../shared/fal: new endpoints and fields arrive, the
live sources win over stale ones (and say so), flaky sources are retried, failing ones
write nothing, concurrency is bounded, and a second run changes nothing."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml

from falgen.cli import main
from falgen.update import fetch

from ..conftest import tree
from .fal_sources import FalSources

T2V = "fal-ai/kling-video/v2.1/master/text-to-video"
NEW = "fal-ai/kling-video/v9/pro/text-to-video"


@pytest.fixture
def fal(monkeypatch: pytest.MonkeyPatch) -> Iterator[FalSources]:
    monkeypatch.setattr(fetch, "BACKOFF", 0.01)
    with FalSources.real().serving() as sources:
        for name, value in sources.environment().items():
            monkeypatch.setenv(name, value)
        yield sources


def _update(specs: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--specs", str(specs), "update", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _model(fal: FalSources, endpoint: str) -> dict[str, Any]:
    return next(m for m in fal.models if m["endpoint_id"] == endpoint)


def _spec(specs: Path, endpoint: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((specs / f"{endpoint}.yaml").read_text())
    return data


def test_the_real_catalogue_is_current_and_a_second_run_changes_nothing(fal: FalSources, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tree(spec_copy)
    code, out, err = _update(spec_copy, capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"source: 7 pages of fal's model list at {fal.url}/v1: 70 endpoints of fal-ai/kling-video, 70 picked"
    assert f"source: @fal-ai/client 9.9.9 from {fal.url}" in lines
    assert lines[-1] == "nothing to change" and tree(spec_copy) == before
    assert "fetching 70 llms.txt pages (8 at a time)" in err and "70/70 llms.txt pages" in err
    assert not [r for r in fal.requests if "flux" in r], "another app's endpoints are not fetched"
    assert _update(spec_copy, capsys)[1].splitlines()[-1] == "nothing to change"


def test_a_new_endpoint_and_a_new_field_arrive(fal: FalSources, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = _model(fal, T2V)["openapi"]
    text = json.dumps(document).replace(T2V, NEW)
    fal.models.append({"endpoint_id": NEW, "openapi": json.loads(text)})
    changed = copy.deepcopy(document)
    schemas = changed["components"]["schemas"]
    [name] = [n for n, s in schemas.items() if "cfg_scale" in s.get("properties", {})]
    schemas[name]["properties"]["seed"] = {"type": "integer", "title": "Seed", "description": "The seed for reproducible results."}
    _model(fal, T2V)["openapi"] = changed
    code, out, err = _update(spec_copy, capsys)
    assert code == 0, err
    assert f"{NEW}: created {spec_copy / (NEW + '.yaml')}" in out
    assert _spec(spec_copy, NEW)["endpoint"] == NEW
    assert f"{T2V}: changed" in out and "  + input.fields.seed:" in out
    assert _spec(spec_copy, T2V)["input"]["fields"]["seed"]["type"] == "integer"
    assert _update(spec_copy, capsys)[1].splitlines()[-1] == "nothing to change"


def test_a_stale_source_loses_to_the_live_one_and_the_report_says_so(fal: FalSources, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = _model(fal, T2V)["openapi"]
    schemas = document["components"]["schemas"]
    [name] = [n for n, s in schemas.items() if "cfg_scale" in s.get("properties", {})]
    schemas[name]["properties"]["cfg_scale"]["default"] = 0.6  # fal changed it; its types still say 0.5
    code, out, err = _update(spec_copy, capsys)
    assert code == 0, err
    assert f"override: {T2V}: input.fields.cfg_scale.default:" in out and "openapi wins" in out
    assert "  ~ input.fields.cfg_scale.default: 0.5 → 0.6" in out
    assert _spec(spec_copy, T2V)["input"]["fields"]["cfg_scale"]["default"] == 0.6


def test_the_model_list_is_read_page_by_page_and_a_503_is_retried(fal: FalSources, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fal.page_size = 4
    fal.faults["/v1/models"] = [503, 429]
    fal.faults[f"/models/{T2V}/llms.txt"] = [502]
    code, out, err = _update(spec_copy, capsys, "--dry-run")
    assert code == 0, err
    assert out.splitlines()[0].startswith("source: 18 pages of fal's model list") and "70 endpoints" in out
    assert fal.requests.count("/v1/models") == 18 + 2
    assert fal.requests.count(f"/models/{T2V}/llms.txt") == 2


def test_a_source_that_keeps_failing_ends_the_run_naming_it_and_writes_nothing(fal: FalSources, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = _model(fal, T2V)["openapi"]
    document["components"]["schemas"][next(iter(document["components"]["schemas"]))]["description"] = "Changed."
    before = tree(spec_copy)
    fal.faults[f"/models/{T2V}/llms.txt"] = [500] * 10
    code, out, err = _update(spec_copy, capsys)
    assert code == 2 and out == ""
    assert f"{fal.url}/models/{T2V}/llms.txt: the server answered HTTP 500" in err and "tried 4 times" in err
    assert "Traceback" not in err and tree(spec_copy) == before


def test_a_missing_page_is_reported_and_its_endpoint_updated_from_the_rest(fal: FalSources, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    del fal.pages[T2V]
    code, out, _ = _update(spec_copy, capsys)
    assert code == 0
    assert f"{T2V}: {fal.url}/models/{T2V}/llms.txt is not found (404); updated from its other sources" in out
    assert f"{T2V}: up to date" in out


def test_an_endpoint_fal_no_longer_lists_is_reported_kept_and_marked(fal: FalSources, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listed = fal.models
    fal.models = [m for m in listed if m["endpoint_id"] != T2V]
    code, out, _ = _update(spec_copy, capsys)
    assert code == 0
    assert f"{T2V}: fal no longer lists it; its spec is kept and marked listed: false" in out
    assert f"{T2V}: changed" in out and "  + listed: false" in out
    text = (spec_copy / f"{T2V}.yaml").read_text()
    assert _spec(spec_copy, T2V)["listed"] is False and text.index("listed: false") < text.index("input:")
    assert _update(spec_copy, capsys)[1].splitlines()[-1] == "nothing to change"
    fal.models = listed  # fal lists it again: the mark goes
    code, out, _ = _update(spec_copy, capsys)
    assert code == 0 and "  - listed\n" in out and "listed" not in _spec(spec_copy, T2V)


@pytest.mark.parametrize(("args", "bound"), [((), 8), (("--concurrency", "3"), 3)])
def test_requests_at_once_are_bounded(fal: FalSources, spec_copy: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], bound: int) -> None:
    fal.delay = 0.05
    assert _update(spec_copy, capsys, "--dry-run", *args)[0] == 0
    assert 2 <= fal.most_in_flight <= bound


def test_fals_key_goes_to_its_api_only(fal: FalSources, spec_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAL_KEY", "secret-key")
    assert _update(spec_copy, capsys, "--dry-run")[0] == 0
    sent = {path: auth for path, auth in zip(fal.requests, fal.authorizations)}
    assert sent["/v1/models"] == sent["/v1/models/pricing"] == "Key secret-key"
    assert all(auth is None for path, auth in sent.items() if not path.startswith("/v1/models"))


def test_fals_pricing_api_prices_what_no_page_does(
    fal: FalSources, spec_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    priced = "fal-ai/kling-video/v2.6/pro/text-to-video"  # its page prices it: $0.07, or $0.14 with audio
    fal.prices = {
        T2V: {"unit_price": 0.084, "unit": "second", "currency": "USD"},
        priced: {"unit_price": 0.08, "unit": "second", "currency": "USD"},
        "fal-ai/kling-video/v1/tts": {"unit_price": 0.5, "unit": "1000 characters", "currency": "USD"},
    }
    monkeypatch.delenv("FAL_KEY", raising=False)
    assert _update(spec_copy, capsys)[0] == 0  # without FAL_KEY the API is not asked
    assert "pricing:" not in (spec_copy / f"{T2V}.yaml").read_text()
    assert "/v1/models/pricing" not in fal.requests
    monkeypatch.setenv("FAL_KEY", "secret-key")
    code, out, _ = _update(spec_copy, capsys)
    assert code == 0 and "prices from fal's pricing API" in out
    spec = yaml.safe_load((spec_copy / f"{T2V}.yaml").read_text())
    today = datetime.now(timezone.utc).date().isoformat()
    assert spec["pricing"] == {
        "unit": "second", "price": 0.084, "quantity": "duration", "source": "https://api.fal.ai/v1/models/pricing", "stated": today
    }
    assert yaml.safe_load((spec_copy / f"{priced}.yaml").read_text())["pricing"]["price"] == 0.07, "the page's prices stand"
    assert f"{priced}: fal's pricing API states $0.08 per second, which its page does not" in out
    assert "is not a price per unit in US dollars falgen reads" in out
    assert "pricing:" not in (spec_copy / "fal-ai/kling-video/v1/tts.yaml").read_text()
    # The next day, the same price: the date it was first stated stays, and nothing changes.
    text = (spec_copy / f"{T2V}.yaml").read_text()
    assert f'stated: "{today}"' in text
    (spec_copy / f"{T2V}.yaml").write_text(text.replace(f'stated: "{today}"', 'stated: "2026-01-01"'))
    before = tree(spec_copy)
    code, out, _ = _update(spec_copy, capsys)
    assert code == 0 and tree(spec_copy) == before


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda fal: fal.faults.update({"/v1/models": [404]}), "not found (404): is FALGEN_FAL_API right?"),
        (lambda fal: setattr(fal, "types", "not typescript at all"), "client-9.9.9.tgz:package/src/types/endpoints.d.ts: no endpoint id found"),
    ],
    ids=["no model list", "types that are not fal's"],
)
def test_sources_that_are_not_fals_are_refused(fal: FalSources, spec_copy: Path, capsys: pytest.CaptureFixture[str], setup: Any, message: str) -> None:
    setup(fal)
    before = tree(spec_copy)
    code, _, err = _update(spec_copy, capsys)
    assert code == 2 and message in err and tree(spec_copy) == before


def test_an_endpoint_the_search_misses_is_asked_for_by_id(fal: FalSources, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _model(fal, T2V)["unsearchable"] = True
    code, out, _ = _update(spec_copy, capsys, "--dry-run")
    assert code == 0
    assert "fal no longer lists it" not in out and f"{T2V}: up to date" in out
    assert out.splitlines()[0].startswith("source: 8 pages of fal's model list") and "70 endpoints" in out


def test_a_model_list_without_openapi_documents_still_updates_from_the_rest(fal: FalSources, spec_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for model in fal.models:
        model["openapi"] = None
    code, out, err = _update(spec_copy, capsys, "--dry-run", "--only", T2V)
    assert code == 0, err
    assert f"{T2V}: fal's model list gives no OpenAPI document; updated from its other sources" in out
    assert out.splitlines()[-1] == "nothing to change"


@pytest.mark.parametrize(
    ("answer", "message"),
    [((404, b"Not Found"), "models/pricing?endpoint_id="), ((200, b"<html>"), "models/pricing?endpoint_id=")],
    ids=["missing", "not JSON"],
)
def test_a_pricing_api_that_is_not_fals_writes_nothing(
    fal: FalSources, spec_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, answer: tuple[int, bytes], message: str
) -> None:
    monkeypatch.setenv("FAL_KEY", "secret-key")
    original = fal.answer

    def broken(path: str, query: dict[str, list[str]]) -> tuple[int, str, bytes]:
        return (answer[0], "text/plain", answer[1]) if path == "/v1/models/pricing" else original(path, query)

    monkeypatch.setattr(fal, "answer", broken)
    before = tree(spec_copy)
    code, _, err = _update(spec_copy, capsys)
    assert code == 2 and message in err and "nothing was written" in err and tree(spec_copy) == before

