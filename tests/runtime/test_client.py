"""The generated clients through the real fal_client, over HTTPS, against fal_kling.testing."""

from __future__ import annotations

import asyncio
import io
import time
from pathlib import Path

import fal_client
import pytest

from fal_kling import (
    AsyncKling,
    Kling,
    KlingFileError,
    KlingHTTPError,
    KlingOutputError,
    KlingTimeoutError,
    KlingValidationError,
)
from fal_kling.models import V3StandardImageToVideoOutput
from fal_kling.testing import FakeFal

I2V = "fal-ai/kling-video/v3/standard/image-to-video"
T2V = "fal-ai/kling-video/v3/standard/text-to-video"
FAST = 0.01
"""Poll interval for the tests: the stand-in answers at once."""
DURATION_REJECTED = [{"loc": ["body", "duration"], "msg": "duration not available for this model", "type": "value_error"}]


def test_call_sends_only_given_arguments_and_returns_typed_output(fake_fal: FakeFal) -> None:
    updates: list[fal_client.Status] = []
    enqueued: list[str] = []
    result = Kling().v3.standard.image_to_video(
        start_image_url="https://x/start.png",
        prompt="a fox",
        duration="10",
        cfg_scale=0.5,
        on_queue_update=updates.append,
        on_enqueue=enqueued.append,
        with_logs=True,
        poll_interval=FAST,
    )
    assert isinstance(result, V3StandardImageToVideoOutput)
    assert result.video.file_name == "out.mp4" and result.video.url.startswith(fake_fal.url)
    [sent] = fake_fal.submissions
    # What was passed is sent, cfg_scale too although it equals fal's default; nothing else.
    assert sent.payload == {"start_image_url": "https://x/start.png", "prompt": "a fox", "duration": "10", "cfg_scale": 0.5}
    assert sent.endpoint_id == I2V and enqueued == [sent.request_id]
    assert sent.headers["Authorization"] == "Key fake-fal-key"
    assert [type(u).__name__ for u in updates] == ["Queued", "InProgress", "Completed"]
    assert isinstance(updates[1], fal_client.InProgress) and updates[1].logs == [
        {"message": "step 1 of 1", "level": "INFO", "source": "user", "timestamp": "2026-01-01T00:00:00"}
    ]


def test_a_parameter_not_passed_is_not_sent_and_one_passed_is_even_at_fals_default(fake_fal: FakeFal) -> None:
    Kling().v3.standard.text_to_video(prompt="a fox", poll_interval=FAST)
    Kling().v3.standard.text_to_video(prompt="a fox", duration="5", generate_audio=True, poll_interval=FAST)
    first, second = (s.payload for s in fake_fal.submissions)
    assert first == {"prompt": "a fox"}  # fal applies its own defaults
    assert second == {"prompt": "a fox", "duration": "5", "generate_audio": True}


def test_explicit_key_and_nested_arguments(fake_fal: FakeFal) -> None:
    Kling(key="explicit").v3.standard.image_to_video(
        start_image_url="https://x/s.png",
        multi_prompt=[{"prompt": "one", "duration": "3"}, {"prompt": "two"}],
        elements=[{"frontal_image_url": "https://x/f.png", "reference_image_urls": ["https://x/r.png"]}],
        poll_interval=FAST,
    )
    [sent] = fake_fal.submissions
    assert sent.headers["Authorization"] == "Key explicit"
    assert sent.payload == {
        "start_image_url": "https://x/s.png",
        "multi_prompt": [{"prompt": "one", "duration": "3"}, {"prompt": "two"}],
        "elements": [{"frontal_image_url": "https://x/f.png", "reference_image_urls": ["https://x/r.png"]}],
        "shot_type": "customize",  # required with multi_prompt, so sent although it is the default
    }


def test_invalid_arguments_send_nothing(fake_fal: FakeFal) -> None:
    with pytest.raises(KlingValidationError, match="give exactly one of prompt or multi_prompt"):
        Kling().v3.standard.image_to_video(start_image_url="s")
    with pytest.raises(KlingValidationError, match=r"duration: '16' is not one of '3'…'15'"):
        Kling().v3.standard.text_to_video(prompt="p", duration="16")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="promt"):
        Kling().v3.standard.text_to_video(promt="p")  # type: ignore[call-arg]
    assert fake_fal.submissions == []


def test_submit_returns_a_typed_handle(fake_fal: FakeFal) -> None:
    handle = Kling().v1.standard.effects.submit(effect_scene="hug", webhook_url="https://hook/x")
    [sent] = fake_fal.submissions
    assert handle.request_id == sent.request_id
    assert isinstance(handle.status(), fal_client.Queued)
    output = handle.get(interval=FAST)
    assert output.video.url.startswith(fake_fal.url) and output.video.url.endswith(".mp4")
    with pytest.raises(KlingHTTPError) as caught:
        handle.cancel()  # too late: fal says it is done
    assert caught.value.status_code == 400 and caught.value.request_id == handle.request_id


def test_a_queued_request_is_cancelled_and_reattached_by_id(fake_fal: FakeFal) -> None:
    fake_fal.queue_polls = 100
    handle = Kling().v3.standard.text_to_video.submit(prompt="p")
    again = Kling().v3.standard.text_to_video.handle(handle.request_id)
    assert isinstance(again.status(), fal_client.Queued)
    again.cancel()
    assert fake_fal.cancelled == [handle.request_id]


def test_call_options_reach_fal_as_headers(fake_fal: FakeFal) -> None:
    Kling().v3.standard.text_to_video(prompt="p", start_timeout=90, priority="low", hint="gpu-a", headers={"X-Trace": "t1"}, poll_interval=FAST)
    Kling().v3.standard.text_to_video.submit(prompt="p", start_timeout=None)
    first, second = (s.headers for s in fake_fal.submissions)
    assert (first["X-Fal-Request-Timeout"], first["X-Fal-Queue-Priority"], first["X-Fal-Runner-Hint"], first["X-Trace"]) == ("90.0", "low", "gpu-a", "t1")
    assert "X-Fal-Request-Timeout" not in second  # the caller chose no limit


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_a_submit_whose_answer_never_comes_is_sent_once(fake_fal: FakeFal, is_async: bool) -> None:
    fake_fal.hang()
    started = time.monotonic()
    with pytest.raises(KlingTimeoutError) as caught:
        if is_async:
            asyncio.run(AsyncKling(default_timeout=2).v3.standard.text_to_video(prompt="p"))
        else:
            Kling(default_timeout=2).v3.standard.text_to_video(prompt="p")
    assert caught.value.request_id is None and "not sent again" in str(caught.value)
    assert time.monotonic() - started < 20  # fal_client's re-sends would take about a minute
    assert len(fake_fal.submissions) == 1, "one call, one POST: never two paid jobs"
    assert fake_fal.submissions[0].headers["X-Fal-Request-Timeout"] == "3600.0"


def test_client_timeout_cancels_a_request_that_runs_too_long(fake_fal: FakeFal) -> None:
    fake_fal.queue_polls = 10_000
    with pytest.raises(KlingTimeoutError) as caught:
        Kling().v3.standard.text_to_video(prompt="p", client_timeout=1.5, poll_interval=FAST)
    [sent] = fake_fal.submissions
    assert caught.value.request_id == sent.request_id and caught.value.cancelled
    assert sent.headers["X-Fal-Request-Timeout"] == "1.5"  # within the client's own limit
    assert fake_fal.cancelled == [sent.request_id]


def test_fals_422_names_the_field_the_endpoint_and_the_request(fake_fal: FakeFal) -> None:
    fake_fal.fail(422, DURATION_REJECTED, on="result")
    with pytest.raises(KlingValidationError) as caught:
        Kling().v3.standard.text_to_video(prompt="p", poll_interval=FAST)
    error = caught.value
    [sent] = fake_fal.submissions
    assert [e["loc"] for e in error.errors()] == [("duration",)]
    assert error.endpoint_id == T2V and error.request_id == sent.request_id and error.rejected_by_fal
    assert str(error).splitlines() == [
        f"1 validation error for {T2V} (rejected by fal; request {sent.request_id})",
        "  duration: duration not available for this model",
    ]
    fake_fal.fail(422, DURATION_REJECTED)  # refused at submit: no request id
    with pytest.raises(KlingValidationError) as caught:
        Kling().v3.standard.text_to_video(prompt="p")
    assert caught.value.request_id is None and caught.value.errors()[0]["loc"] == ("duration",)


def test_the_stand_in_checks_payloads_against_the_schema(fake_fal: FakeFal) -> None:
    """Sent around the models with raw fal_client, a bad payload gets fal's 422."""
    with pytest.raises(fal_client.FalClientHTTPError) as caught:
        fal_client.SyncClient().submit(T2V, {"prompt": "p", "duration": "16"})
    assert caught.value.status_code == 422
    assert caught.value.message[0]["loc"] == ["body", "duration"]


def test_other_http_errors_keep_status_and_request_id(fake_fal: FakeFal) -> None:
    fake_fal.fail(500, "worker crashed", on="result")
    with pytest.raises(KlingHTTPError) as caught:
        Kling().v3.standard.text_to_video(prompt="p", poll_interval=FAST)
    assert (caught.value.status_code, caught.value.request_id, caught.value.detail) == (500, fake_fal.submissions[0].request_id, "worker crashed")
    fake_fal.fail(403, "no credits")
    with pytest.raises(KlingHTTPError, match=r"HTTP 403 .* \(at submit\): no credits") as caught:
        Kling().v3.standard.text_to_video(prompt="p")
    assert caught.value.request_id is None


def test_an_output_that_breaks_the_contract_keeps_what_was_paid_for(fake_fal: FakeFal) -> None:
    fake_fal.set_output("fal-ai/kling-video/v1/standard/text-to-video", {"video": {"content_type": "video/mp4"}})
    with pytest.raises(KlingOutputError) as caught:
        Kling().v1.standard.text_to_video(prompt="p", poll_interval=FAST)
    error = caught.value
    assert not isinstance(error, KlingValidationError)
    assert error.request_id == fake_fal.submissions[0].request_id
    assert error.output == {"video": {"content_type": "video/mp4"}}
    assert "video.url: required field is missing" in str(error)


def test_local_files_are_uploaded_and_their_urls_sent(fake_fal: FakeFal, tmp_path: Path) -> None:
    start = tmp_path / "start.png"
    start.write_bytes(b"PNG start")
    back = tmp_path / "back.png"
    back.write_bytes(b"PNG back")
    Kling().v3.standard.image_to_video(
        start_image_url=start,
        end_image_url=io.BytesIO(b"raw end"),
        prompt="p",
        elements=[{"frontal_image_url": b"front bytes", "reference_image_urls": ["https://x/r.png", back]}],
        poll_interval=FAST,
    )
    uploads = fake_fal.uploads
    assert sorted(uploads.values()) == [b"PNG back", b"PNG start", b"front bytes", b"raw end"]
    payload = fake_fal.submissions[0].payload
    assert uploads[payload["start_image_url"]] == b"PNG start" and payload["start_image_url"].endswith("/start.png")
    assert uploads[payload["end_image_url"]] == b"raw end"
    element = payload["elements"][0]
    assert uploads[element["frontal_image_url"]] == b"front bytes"
    assert element["reference_image_urls"][0] == "https://x/r.png" and uploads[element["reference_image_urls"][1]] == b"PNG back"


def test_async_upload(fake_fal: FakeFal, tmp_path: Path) -> None:
    image = tmp_path / "a.png"
    image.write_bytes(b"async image")
    asyncio.run(AsyncKling().v3.standard.motion_control(image_url=image, video_url="https://x/v.mp4", character_orientation="video", poll_interval=FAST))
    assert list(fake_fal.uploads.values()) == [b"async image"]
    assert fake_fal.uploads[fake_fal.submissions[0].payload["image_url"]] == b"async image"


def test_nothing_is_uploaded_or_sent_for_a_bad_call_or_a_missing_file(fake_fal: FakeFal, tmp_path: Path) -> None:
    image = tmp_path / "a.png"
    image.write_bytes(b"image")
    with pytest.raises(KlingValidationError, match="duration"):
        Kling().v3.standard.image_to_video(start_image_url=image, prompt="p", duration="99")  # type: ignore[arg-type]
    with pytest.raises(KlingFileError, match=r"^end_image_url: cannot read .*missing.png: No such file or directory$"):
        Kling().v3.standard.image_to_video(start_image_url=image, end_image_url=tmp_path / "missing.png", prompt="p")
    with pytest.raises(KlingFileError, match="open it with 'rb'"):
        with (tmp_path / "a.png").open() as text:
            Kling().v3.standard.image_to_video(start_image_url=text, prompt="p")  # type: ignore[arg-type]
    assert fake_fal.uploads == {} and fake_fal.submissions == []


def test_a_local_file_fal_would_refuse_is_refused_before_anything_is_uploaded(fake_fal: FakeFal, tmp_path: Path) -> None:
    """fal states formats and sizes (``.mp4``/``.mov`` up to 200 MB for O3 edits, 10 MB for
    v2.6 pro images): a local file outside them never reaches an upload or a paid request."""
    clip = tmp_path / "clip.mkv"
    clip.write_bytes(b"matroska")
    with pytest.raises(KlingFileError, match=r"^video_url: .*clip.mkv is not .mp4 or .mov, the formats fal takes here; convert it first$"):
        Kling().o3.standard.video_to_video.edit(video_url=clip, prompt="p")
    large = tmp_path / "large.png"
    large.write_bytes(b"\0" * (10 * 1024 * 1024 + 1))
    with pytest.raises(KlingFileError, match=r"^start_image_url: .*large.png is 10,485,761 bytes; fal takes at most 10 MB \(10,485,760 bytes\) here$"):
        Kling().v2_6.pro.image_to_video(start_image_url=large, prompt="p")
    with pytest.raises(KlingFileError, match=r"^start_image_url: <file upload.bin> is over 10,485,760 bytes; fal takes at most 10 MB"):
        Kling().v2_6.pro.image_to_video(start_image_url=io.BytesIO(b"\0" * (11 * 1024 * 1024)), prompt="p")
    assert fake_fal.uploads == {} and fake_fal.submissions == []
    good = tmp_path / "clip.MOV"
    good.write_bytes(b"quicktime")
    Kling().o3.standard.video_to_video.edit(video_url=good, prompt="p", poll_interval=FAST)
    assert list(fake_fal.uploads.values()) == [b"quicktime"]


def test_output_files_download_to_a_directory_or_a_path(fake_fal: FakeFal, tmp_path: Path) -> None:
    video = Kling().v3.standard.text_to_video(prompt="p", poll_interval=FAST).video
    saved = video.download(tmp_path)
    assert video.file_name == "output.mp4"  # the spec's example output
    assert saved == tmp_path / "output.mp4" and saved.read_bytes().startswith(b"fal-kling stand-in file ")
    assert video.download(tmp_path / "mine.mp4").read_bytes() == saved.read_bytes()
    assert asyncio.run(video.adownload(tmp_path / "async.mp4")).read_bytes() == saved.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["async.mp4", "mine.mp4", "output.mp4"]  # no partial files left


def test_download_problems_are_reported_and_leave_nothing(fake_fal: FakeFal, tmp_path: Path) -> None:
    video = Kling().v3.standard.text_to_video(prompt="p", poll_interval=FAST).video
    (tmp_path / "a-file").write_text("in the way")
    with pytest.raises(KlingFileError, match=r"cannot save into .*a-file/out.mp4: (File exists|Not a directory)"):
        video.download(tmp_path / "a-file" / "out.mp4")
    gone = video.model_copy(update={"url": fake_fal.url + "/files/none/gone.mp4"})
    with pytest.raises(KlingFileError, match="HTTP 404"):
        gone.download(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["a-file"]


def test_async_client(fake_fal: FakeFal) -> None:
    async def scenario() -> None:
        kling = AsyncKling(key="async-key")
        result = await kling.v3.standard.motion_control(image_url="https://x/i.png", video_url="https://x/v.mp4", character_orientation="video", poll_interval=FAST)
        assert result.video.url.startswith("https://127.0.0.1")
        handle = await kling.v3.pro.text_to_video.submit(prompt="p", aspect_ratio="9:16")
        assert isinstance(await handle.status(), fal_client.Queued)
        await handle.cancel()

    asyncio.run(scenario())
    first, second = fake_fal.submissions
    assert (first.endpoint_id, second.endpoint_id) == ("fal-ai/kling-video/v3/standard/motion-control", "fal-ai/kling-video/v3/pro/text-to-video")
    assert second.payload == {"prompt": "p", "aspect_ratio": "9:16"}
    assert first.headers["Authorization"] == "Key async-key"
    assert fake_fal.cancelled == [second.request_id]


def test_the_fixture_is_registered_for_every_pytest_user(pytestconfig: pytest.Config) -> None:
    import fal_kling.testing

    assert pytestconfig.pluginmanager.is_registered(fal_kling.testing)
    from importlib.metadata import entry_points

    assert [e.value for e in entry_points(group="pytest11") if e.name == "fal_kling"] == ["fal_kling.testing"]


def test_the_stand_in_restores_fal_client_when_it_stops() -> None:
    import os

    import fal_client.client as module

    before = (module.QUEUE_URL_FORMAT, module.REST_URL, module.CDN_URL, os.environ.get("SSL_CERT_FILE"))
    with FakeFal() as fal:
        assert module.QUEUE_URL_FORMAT == fal.url + "/"
    assert (module.QUEUE_URL_FORMAT, module.REST_URL, module.CDN_URL, os.environ.get("SSL_CERT_FILE")) == before
    with pytest.raises(RuntimeError, match="not running"):
        fal.url


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


def test_help_shows_fals_default_and_the_allowed_values() -> None:
    import pydoc

    from fal_kling import NOT_GIVEN
    from fal_kling.endpoints import V3StandardTextToVideo

    text = pydoc.render_doc(V3StandardTextToVideo.__call__, renderer=pydoc.plaintext)
    assert "duration: The duration of the generated video in seconds. One of 13 values, \"3\" … \"15\". fal's default: ``\"5\"``." in text
    assert "aspect_ratio: The aspect ratio of the generated video frame. One of \"16:9\", \"9:16\" or \"1:1\"." in text
    assert "duration: 'DurationEnum | NotGiven' = NOT_GIVEN" in text
    assert not NOT_GIVEN and repr(NOT_GIVEN) == "NOT_GIVEN" and type(NOT_GIVEN)() is NOT_GIVEN
