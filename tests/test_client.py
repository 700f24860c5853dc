"""The generated clients drive the real fal_client code; only httpx's transport is faked."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import fal_client
import httpx
import pytest

from fal_kling import AsyncKling, Kling, KlingValidationError
from fal_kling.models import V3StandardImageToVideoOutput

I2V = "fal-ai/kling-video/v3/standard/image-to-video"
QUEUE = "https://queue.fal.run/"
VIDEO = {"video": {"url": "https://v.fal.media/out.mp4", "content_type": "video/mp4", "file_size": 42}}


@dataclass
class FakeQueue:
    """fal's queue API as fal_client speaks to it, answering from memory."""

    output: dict[str, Any] = field(default_factory=lambda: dict(VIDEO))
    submit_status: int = 200
    requests: list[httpx.Request] = field(default_factory=list)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        url = str(request.url)
        base = f"{QUEUE}fal-ai/kling-video/requests/req-1"
        if request.method == "POST":
            if self.submit_status != 200:
                return httpx.Response(self.submit_status, json={"detail": "fal rejected the request"})
            return httpx.Response(
                200,
                json={"request_id": "req-1", "response_url": base, "status_url": base + "/status", "cancel_url": base + "/cancel"},
            )
        if request.method == "GET" and url.startswith(base + "/status"):
            return httpx.Response(200, json={"status": "COMPLETED", "logs": [{"message": "done"}], "metrics": {}})
        if request.method == "GET" and url == base:
            return httpx.Response(200, json=self.output)
        if request.method == "PUT" and url == base + "/cancel":
            return httpx.Response(202, json={"status": "CANCELLATION_REQUESTED"})
        return httpx.Response(404, json={"detail": f"unexpected {request.method} {url}"})

    @property
    def submitted(self) -> httpx.Request:
        posts = [r for r in self.requests if r.method == "POST"]
        assert len(posts) == 1
        return posts[0]


@pytest.fixture
def queue(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeQueue]:
    fake = FakeQueue()

    def sync_handler(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        request.read()
        return fake.handle(request)

    async def async_handler(self: httpx.AsyncHTTPTransport, request: httpx.Request) -> httpx.Response:
        await request.aread()
        return fake.handle(request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", sync_handler)
    monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", async_handler)
    monkeypatch.setenv("FAL_KEY", "env-key")
    yield fake


def test_call_sends_only_given_arguments_and_returns_typed_output(queue: FakeQueue) -> None:
    updates: list[fal_client.Status] = []
    result = Kling().v3.standard.image_to_video(
        start_image_url="https://x/start.png",
        prompt="a fox",
        duration="10",
        cfg_scale=0.5,
        on_queue_update=updates.append,
        with_logs=True,
    )
    assert isinstance(result, V3StandardImageToVideoOutput)
    assert result.video.url == "https://v.fal.media/out.mp4"
    assert result.video.file_size == 42
    request = queue.submitted
    assert str(request.url) == QUEUE + I2V
    # What was passed is sent, cfg_scale too although it equals fal's default; nothing else.
    assert json.loads(request.content) == {"start_image_url": "https://x/start.png", "prompt": "a fox", "duration": "10", "cfg_scale": 0.5}
    assert request.headers["authorization"] == "Key env-key"
    assert any(isinstance(u, fal_client.Completed) and u.logs == [{"message": "done"}] for u in updates)
    status_polls = [r for r in queue.requests if r.url.path.endswith("/status")]
    assert status_polls[0].url.params["logs"] == "true"  # the polls that feed on_queue_update ask for logs


def test_explicit_key_and_nested_arguments(queue: FakeQueue) -> None:
    Kling(key="explicit").v3.standard.image_to_video(
        start_image_url="s",
        multi_prompt=[{"prompt": "one", "duration": "3"}, {"prompt": "two"}],
        elements=[{"frontal_image_url": "f", "reference_image_urls": ["r"]}],
    )
    request = queue.submitted
    assert request.headers["authorization"] == "Key explicit"
    assert json.loads(request.content) == {
        "start_image_url": "s",
        "multi_prompt": [{"prompt": "one", "duration": "3"}, {"prompt": "two"}],
        "elements": [{"frontal_image_url": "f", "reference_image_urls": ["r"]}],
        "shot_type": "customize",  # required with multi_prompt, so sent although it is the default
    }


def test_invalid_arguments_send_nothing(queue: FakeQueue) -> None:
    with pytest.raises(KlingValidationError, match="give exactly one of prompt or multi_prompt"):
        Kling().v3.standard.image_to_video(start_image_url="s")
    with pytest.raises(KlingValidationError, match=r"duration: '16' is not one of '3'…'15'"):
        Kling().v3.standard.text_to_video(prompt="p", duration="16")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="promt"):
        Kling().v3.standard.text_to_video(promt="p")  # type: ignore[call-arg]
    assert queue.requests == []


def test_submit_returns_a_typed_handle(queue: FakeQueue) -> None:
    handle = Kling().v1.standard.effects.submit(effect_scene="hug", webhook_url="https://hook/x")
    assert handle.request_id == "req-1"
    assert "fal_webhook=https%3A%2F%2Fhook%2Fx" in str(queue.submitted.url)
    assert isinstance(handle.status(), fal_client.Completed)
    output = handle.get()
    assert output.video.url == "https://v.fal.media/out.mp4"
    handle.cancel()
    assert queue.requests[-1].method == "PUT"


def test_reattach_to_a_request_by_id(queue: FakeQueue) -> None:
    handle = Kling().v3.standard.image_to_video.handle("req-1")
    assert handle.get().video.file_size == 42
    assert queue.requests[0].url.path == "/fal-ai/kling-video/requests/req-1/status"


def test_output_that_breaks_the_contract_is_reported(queue: FakeQueue) -> None:
    queue.output = {"video": {"content_type": "video/mp4"}}
    with pytest.raises(KlingValidationError, match=r"video\.url: required field is missing"):
        Kling().v1.standard.text_to_video(prompt="p")


def test_http_errors_from_fal_surface_as_fal_client_errors(queue: FakeQueue) -> None:
    queue.submit_status = 422
    with pytest.raises(fal_client.FalClientHTTPError, match="fal rejected the request"):
        Kling().v1.standard.ai_avatar(image_url="i", audio_url="a")


def test_async_client(queue: FakeQueue) -> None:
    async def scenario() -> None:
        kling = AsyncKling(key="async-key")
        result = await kling.v3.standard.motion_control(image_url="i", video_url="v", character_orientation="video")
        assert result.video.url.endswith("out.mp4")
        handle = await kling.v3.pro.text_to_video.submit(prompt="p", aspect_ratio="9:16")
        assert (await handle.get()).video.file_size == 42
        await handle.cancel()

    asyncio.run(scenario())
    posts = [r for r in queue.requests if r.method == "POST"]
    assert [str(r.url) for r in posts] == [QUEUE + "fal-ai/kling-video/v3/standard/motion-control", QUEUE + "fal-ai/kling-video/v3/pro/text-to-video"]
    assert json.loads(posts[1].content) == {"prompt": "p", "aspect_ratio": "9:16"}
    assert posts[0].headers["authorization"] == "Key async-key"


def test_key_and_client_are_exclusive() -> None:
    with pytest.raises(ValueError, match="either key or client"):
        Kling(key="k", client=fal_client.SyncClient(key="k"))


def test_signatures_mark_what_fal_gives_a_default() -> None:
    import inspect

    from fal_kling import NOT_GIVEN

    parameters = inspect.signature(Kling().v3.standard.image_to_video.__call__).parameters
    assert parameters["duration"].default is NOT_GIVEN  # fal's default ("5") is in the docstring
    assert parameters["cfg_scale"].default is NOT_GIVEN
    assert parameters["start_image_url"].default is inspect.Parameter.empty
    assert parameters["prompt"].default is None
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for name, p in parameters.items() if name != "self")


@pytest.mark.parametrize("client", [Kling, AsyncKling])
def test_help_shows_the_version_namespaces_with_their_id_prefixes(client: type[Kling] | type[AsyncKling]) -> None:
    import pydoc

    text = pydoc.render_doc(client, renderer=pydoc.plaintext)
    for attribute, prefix in (("v2_1", "fal-ai/kling-video/v2.1"), ("v2_5_turbo", "fal-ai/kling-video/v2.5-turbo"), ("ai_avatar", "fal-ai/kling-video/ai-avatar")):
        assert f"{attribute} = " in text and f"Endpoints under ``{prefix}``." in text
    kling = client(key="k")
    assert kling.v3.pro is kling.v3.pro  # each namespace is built once per client


def test_an_unknown_id_in_the_registry_names_the_closest() -> None:
    from fal_kling import ENDPOINTS, UnknownEndpointError

    with pytest.raises(UnknownEndpointError, match=r"did you mean 'fal-ai/kling-video/v3/pro/text-to-video'\?") as caught:
        ENDPOINTS["fal-ai/kling-video/v3/pro/text-to-vide"]
    assert isinstance(caught.value, KeyError)
    assert "fal-ai/kling-video/v3/pro/text-to-vide" not in ENDPOINTS and ENDPOINTS.get("nope") is None
    assert ENDPOINTS[I2V].endpoint_id == I2V and len(ENDPOINTS) == len(list(ENDPOINTS)) == len(set(ENDPOINTS))


def test_a_parameter_not_passed_is_not_sent_and_one_passed_is_even_at_fals_default(queue: FakeQueue) -> None:
    Kling().v3.standard.text_to_video(prompt="a fox")
    Kling().v3.standard.text_to_video(prompt="a fox", duration="5", generate_audio=True)
    first, second = (json.loads(r.content) for r in queue.requests if r.method == "POST")
    assert first == {"prompt": "a fox"}  # fal applies its own defaults
    assert second == {"prompt": "a fox", "duration": "5", "generate_audio": True}


def test_help_shows_fals_default_and_the_allowed_values() -> None:
    import pydoc

    from fal_kling import NOT_GIVEN
    from fal_kling.endpoints import V3StandardTextToVideo

    text = pydoc.render_doc(V3StandardTextToVideo.__call__, renderer=pydoc.plaintext)
    assert "duration: The duration of the generated video in seconds. One of 13 values, \"3\" … \"15\". fal's default: ``\"5\"``." in text
    assert "aspect_ratio: The aspect ratio of the generated video frame. One of \"16:9\", \"9:16\" or \"1:1\"." in text
    assert "duration: 'DurationEnum | NotGiven' = NOT_GIVEN" in text
    assert not NOT_GIVEN and repr(NOT_GIVEN) == "NOT_GIVEN" and type(NOT_GIVEN)() is NOT_GIVEN
