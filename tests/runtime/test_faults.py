"""The real world's faults, through the real fal_client over HTTPS against the stand-in:
a submit is sent once unless it provably never reached the queue, every wait is bounded,
and every failure is a fal-kling error that keeps the request id.  POSTs are counted."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

import fal_client.client as fal_module
import pytest

from fal_kling import (
    AsyncKling,
    Kling,
    KlingConnectionError,
    KlingCredentialsError,
    KlingError,
    KlingResponseError,
    KlingTimeoutError,
    KlingUsageError,
)
from fal_kling.testing import FakeFal

T2V = "fal-ai/kling-video/v3/standard/text-to-video"
FAST = 0.01


def _call(is_async: bool, **client: Any) -> Any:
    if is_async:
        return asyncio.run(AsyncKling(**client).v3.standard.text_to_video(prompt="p", poll_interval=FAST))
    return Kling(**client).v3.standard.text_to_video(prompt="p", poll_interval=FAST)


both = pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])


@both
def test_a_connection_dropped_after_the_submit_is_not_sent_again(fake_fal: FakeFal, is_async: bool) -> None:
    fake_fal.fault("drop", on="submit")
    with pytest.raises(KlingConnectionError) as caught:
        _call(is_async)
    error = caught.value
    assert error.maybe_queued and error.request_id is None and error.endpoint_id == T2V
    assert "not sent again" in str(error) and "https://fal.ai/dashboard/requests" in str(error)
    [sent] = fake_fal.submissions
    assert sent.request_id is not None, "fal queued it: a re-send would have been a second paid job"


@both
def test_an_ingress_error_or_429_before_the_queue_is_sent_again(fake_fal: FakeFal, is_async: bool) -> None:
    fake_fal.fault("ingress", on="submit")
    fake_fal.fail(429, "Too many requests", times=1)
    result = _call(is_async)
    assert result.video.url.startswith(fake_fal.url)
    codes = [s.status_code for s in fake_fal.submissions]
    assert sorted(codes) == [200, 429, 502] and codes[-1] == 200
    assert [s.request_id is not None for s in fake_fal.submissions].count(True) == 1, "one job queued"


def test_an_ingress_error_that_does_not_end_is_reported_after_a_few_tries(fake_fal: FakeFal) -> None:
    fake_fal.fault("ingress", on="submit", times=None)
    from fal_kling import KlingHTTPError

    with pytest.raises(KlingHTTPError) as caught:
        _call(False)
    assert caught.value.status_code == 502 and caught.value.request_id is None
    assert len(fake_fal.submissions) == 5 and all(s.request_id is None for s in fake_fal.submissions)


@both
@pytest.mark.parametrize(("kind", "message"), [("garble", "not JSON"), ("missing_keys", "no 'request_id' in it")])
def test_a_garbled_submit_answer_is_a_response_error(fake_fal: FakeFal, is_async: bool, kind: str, message: str) -> None:
    fake_fal.fault(kind, on="submit")  # type: ignore[arg-type]
    with pytest.raises(KlingResponseError, match=message):
        _call(is_async)
    assert len(fake_fal.submissions) == 1


@both
@pytest.mark.parametrize(
    ("kind", "on", "error", "message"),
    [
        ("garble", "status", KlingResponseError, "not JSON"),
        ("unknown_status", "status", KlingResponseError, "Unknown status: SOMETHING_NEW"),
        ("missing_keys", "status", KlingResponseError, "no 'status' in it"),
        ("drop", "status", KlingConnectionError, "still queued or running"),
        ("garble", "result", KlingResponseError, "not JSON"),
        ("drop", "result", KlingConnectionError, "still queued or running"),
    ],
)
def test_a_broken_answer_about_a_queued_request_keeps_its_id(
    fake_fal: FakeFal, is_async: bool, kind: str, on: str, error: type[KlingError], message: str
) -> None:
    fake_fal.fault(kind, on=on)  # type: ignore[arg-type]
    with pytest.raises(error, match=message) as caught:
        _call(is_async)
    [sent] = fake_fal.submissions
    assert caught.value.request_id == sent.request_id and caught.value.endpoint_id == T2V
    assert not getattr(caught.value, "maybe_queued", False)


@both
def test_default_timeout_bounds_every_request_even_one_that_drips(fake_fal: FakeFal, is_async: bool) -> None:
    fake_fal.drip_interval = 0.2  # an answer of ~100 bytes would take 20 s
    fake_fal.fault("drip", on="status")
    started = time.monotonic()
    with pytest.raises(KlingTimeoutError) as caught:
        _call(is_async, default_timeout=1)
    assert time.monotonic() - started < 5
    [sent] = fake_fal.submissions
    assert caught.value.request_id == sent.request_id and not caught.value.cancelled


@both
def test_client_timeout_bounds_the_call_through_a_dripping_answer(fake_fal: FakeFal, is_async: bool) -> None:
    fake_fal.drip_interval = 0.2
    fake_fal.fault("drip", on="status")
    started = time.monotonic()
    with pytest.raises(KlingTimeoutError) as caught:
        if is_async:
            asyncio.run(AsyncKling().v3.standard.text_to_video(prompt="p", client_timeout=1.5, poll_interval=FAST))
        else:
            Kling().v3.standard.text_to_video(prompt="p", client_timeout=1.5, poll_interval=FAST)
    assert time.monotonic() - started < 5
    [sent] = fake_fal.submissions
    assert caught.value.request_id == sent.request_id and caught.value.cancelled
    assert fake_fal.cancelled == [sent.request_id]


@pytest.fixture
def unreachable(fake_fal: FakeFal, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """fal's queue on a port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setattr(fal_module, "QUEUE_URL_FORMAT", f"https://127.0.0.1:{port}/")
    yield f"127.0.0.1:{port}"


@both
def test_an_unreachable_fal_is_reported_within_seconds(unreachable: str, is_async: bool, caplog: pytest.LogCaptureFixture) -> None:
    started = time.monotonic()
    with pytest.raises(KlingConnectionError) as caught:
        _call(is_async)
    assert time.monotonic() - started < 5, "not a minute of retries"
    assert not caught.value.maybe_queued and caught.value.request_id is None
    assert "nothing was queued" in str(caught.value)
    assert not [r for r in caplog.records if "etry" in r.getMessage()]


def test_no_credentials_is_one_clear_error(fake_fal: FakeFal, monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.delenv("FAL_KEY", raising=False)
    monkeypatch.delenv("FAL_KEY_ID", raising=False)
    monkeypatch.delenv("FAL_KEY_SECRET", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("FAL_HOME_DIR", str(tmp_path))
    with pytest.raises(KlingCredentialsError, match="FAL_KEY"):
        _call(False)
    assert fake_fal.submissions == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"key": "k", "client": fal_module.SyncClient(key="k")}, "either key or client"),
        ({"default_timeout": 0}, "positive number of seconds"),
        ({"download_hosts": "cdn.example.com"}, "a list of host names"),
    ],
)
def test_misused_options_are_usage_errors(options: dict[str, Any], message: str) -> None:
    with pytest.raises(KlingUsageError, match=message):
        Kling(**options)


@pytest.mark.parametrize(
    "step",
    [
        lambda kling: kling.v3.standard.text_to_video.submit(prompt="p").status(),
        lambda kling: kling.v3.standard.text_to_video.handle("nope").get(interval=FAST),
        lambda kling: kling.v3.standard.text_to_video.handle("nope").cancel(),
    ],
    ids=["status", "result", "cancel"],
)
def test_no_raw_exception_leaves_a_handle(fake_fal: FakeFal, step: Callable[[Kling], Any]) -> None:
    for kind in ("garble", "drop"):
        fake_fal.fault(kind, on="status")  # type: ignore[arg-type]
        fake_fal.fault(kind, on="result")  # type: ignore[arg-type]
        with pytest.raises(KlingError):
            step(Kling())


@both
def test_a_call_sends_no_more_requests_than_it_needs(is_async: bool) -> None:
    """One submit, one status poll when fal has finished, one result: as fal_client's own
    subscribe, over one connection."""
    with FakeFal(queue_polls=0, progress_polls=0) as fake:
        _call(is_async)
        [request] = fake._queue.state.requests.values()
        assert request.polls == 1 and fake.connections == 1


def test_reset_ends_every_arranged_fault(fake_fal: FakeFal) -> None:
    fake_fal.fault("drop", on="submit", times=None)
    fake_fal.fail(500, on="result", times=None)
    fake_fal.hang()
    fake_fal.reset()
    assert _call(False).video.url.startswith(fake_fal.url)
    assert len(fake_fal.submissions) == 1
