"""Output files are downloaded only from trusted hosts, into one safe name inside the
destination, whole or not at all; every failure is a KlingFileError and leaves nothing."""

from __future__ import annotations

import asyncio
import os
import socket
import stat
from pathlib import Path
from typing import Any

import pytest

from fal_kling import AsyncKling, Kling, KlingError, KlingFileError, OutputFile
from fal_kling import _download
from fal_kling.testing import FakeFal

T2V = "fal-ai/kling-video/v3/standard/text-to-video"
FAST = 0.01
DATA = b"a video, or so it says\n" * 100


def _video(fake: FakeFal, url: str, kling: Kling | None = None, **fields: Any) -> OutputFile:
    fake.set_output(T2V, {"video": {"url": url, "content_type": "video/mp4", **fields}})
    video: OutputFile = (kling or Kling()).v3.standard.text_to_video(prompt="p", poll_interval=FAST).video
    return video


def _left(directory: Path) -> list[str]:
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*"))


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://attacker.example/x.mp4", "attacker.example is not one of fal's media hosts"),
        ("http://v3.fal.media/files/x.mp4", "only https URLs are fetched"),
        ("https://127.0.0.1:1/x.mp4", "127.0.0.1:1 is not one of fal's media hosts"),
        ("https://storage.googleapis.com/someone-elses-bucket/x.mp4", "storage.googleapis.com is not one"),
        ("file:///etc/passwd", "only https URLs are fetched"),
    ],
)
def test_only_https_on_fals_media_hosts_is_fetched(fake_fal: FakeFal, tmp_path: Path, url: str, message: str) -> None:
    video = _video(fake_fal, url)
    with pytest.raises(KlingFileError, match=message) as caught:
        video.download(tmp_path)
    assert "download_hosts" in str(caught.value) or "https" in str(caught.value)
    assert _left(tmp_path) == []


@pytest.mark.parametrize(
    "url",
    [
        "https://v3.fal.media/files/penguin/out.mp4",
        "https://v3b.fal.media/files/b/kling/out.mp4",
        "https://fal.media/files/out.mp4",
        "https://storage.googleapis.com/falserverless/example_outputs/out.mp4",
    ],
)
def test_fals_own_hosts_are_trusted(url: str) -> None:
    assert _download.Downloads().check(url).host in url


def test_other_hosts_are_trusted_when_the_client_or_the_environment_says_so(
    fake_fal: FakeFal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = fake_fal.host("out.mp4", DATA)
    host = url.split("/")[2]
    monkeypatch.setattr(_download, "testing_hosts", [])  # as if the stand-in were a stranger
    with pytest.raises(KlingFileError, match=f"{host} is not one of fal's media hosts"):
        _video(fake_fal, url).download(tmp_path)
    trusted = _video(fake_fal, url, Kling(download_hosts=[host]))
    assert trusted.download(tmp_path).read_bytes() == DATA
    monkeypatch.setenv("FAL_KLING_DOWNLOAD_HOSTS", f"cdn.example.com, {host}")
    assert _video(fake_fal, url).download(tmp_path / "again.mp4").read_bytes() == DATA


@pytest.mark.parametrize(
    ("hosted_as", "file_name", "saved"),
    [
        ("../../escaped.mp4", None, "escaped.mp4"),
        ("..%2F..%2Fescaped.mp4", None, "escaped.mp4"),
        ("out.mp4", "../../../etc/cron.d/job", "job"),
        ("out.mp4", "..\\..\\win.mp4", "win.mp4"),
        ("out.mp4", "/absolute/path.mp4", "path.mp4"),
        ("out.mp4", "..", "out.mp4"),
        ("out.mp4", ".bashrc", "bashrc"),
        ("out.mp4", "a\x00b\nc.mp4", "a_b_c.mp4"),
        ("...", None, "download"),
    ],
)
def test_the_saved_name_is_one_safe_component_inside_the_destination(
    fake_fal: FakeFal, tmp_path: Path, hosted_as: str, file_name: str | None, saved: str
) -> None:
    dest = tmp_path / "deep" / "dest"
    dest.mkdir(parents=True)
    extra = {} if file_name is None else {"file_name": file_name}
    video = _video(fake_fal, fake_fal.host(hosted_as, DATA), **extra)
    path = video.download(dest)
    assert path == dest / saved and path.read_bytes() == DATA
    assert _left(tmp_path) == ["deep", "deep/dest", f"deep/dest/{saved}"]


def test_an_existing_file_is_kept_unless_overwrite(fake_fal: FakeFal, tmp_path: Path) -> None:
    video = _video(fake_fal, fake_fal.host("out.mp4", DATA))
    (tmp_path / "out.mp4").write_bytes(b"mine")
    with pytest.raises(KlingFileError, match="exists; pass overwrite=True"):
        video.download(tmp_path)
    with pytest.raises(KlingFileError, match="exists; pass overwrite=True"):
        asyncio.run(video.adownload(tmp_path / "out.mp4"))
    assert (tmp_path / "out.mp4").read_bytes() == b"mine"
    assert video.download(tmp_path, overwrite=True).read_bytes() == DATA
    assert _left(tmp_path) == ["out.mp4"]


def test_a_destination_ending_in_a_slash_is_a_directory_made_if_missing(fake_fal: FakeFal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    video = _video(fake_fal, fake_fal.host("out.mp4", DATA))
    assert video.download("videos/") == Path("videos/out.mp4")
    assert (tmp_path / "videos").is_dir() and (tmp_path / "videos/out.mp4").read_bytes() == DATA
    assert video.download("named/file.mp4") == Path("named/file.mp4")  # a file path: its folder is made
    assert asyncio.run(video.adownload("more/")) == Path("more/out.mp4")


def test_new_files_get_the_umasks_mode(fake_fal: FakeFal, tmp_path: Path) -> None:
    video = _video(fake_fal, fake_fal.host("out.mp4", DATA))
    old = os.umask(0o027)
    try:
        path = video.download(tmp_path)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_a_body_cut_short_or_of_the_wrong_size_leaves_nothing(fake_fal: FakeFal, tmp_path: Path, is_async: bool) -> None:
    def fetch(video: OutputFile) -> Path:
        return asyncio.run(video.adownload(tmp_path)) if is_async else video.download(tmp_path)

    video = _video(fake_fal, fake_fal.host("out.mp4", DATA))
    fake_fal.fault("drop", on="file")
    with pytest.raises(KlingFileError, match="cannot download"):
        fetch(video)
    assert _left(tmp_path) == []
    wrong_size = _video(fake_fal, fake_fal.host("out.mp4", DATA), file_size=len(DATA) + 1)
    with pytest.raises(KlingFileError, match=f"fal said the file has {len(DATA) + 1}"):
        fetch(wrong_size)
    assert _left(tmp_path) == []
    assert fetch(_video(fake_fal, fake_fal.host("out.mp4", DATA), file_size=len(DATA))).read_bytes() == DATA


def test_redirects_are_followed_to_trusted_hosts_only(fake_fal: FakeFal, tmp_path: Path) -> None:
    good = fake_fal.redirect("good.mp4", fake_fal.host("out.mp4", DATA))
    assert _video(fake_fal, good).download(tmp_path / "good.mp4").read_bytes() == DATA
    bad = fake_fal.redirect("bad.mp4", "https://attacker.example/steal")
    with pytest.raises(KlingFileError, match="attacker.example is not one of fal's media hosts"):
        _video(fake_fal, bad).download(tmp_path)
    loop = fake_fal.redirect("loop.mp4", fake_fal.url + "/files/redirect/loop.mp4")
    with pytest.raises(KlingFileError, match="more than 5 redirects"):
        _video(fake_fal, loop).download(tmp_path)
    assert _left(tmp_path) == ["good.mp4"]


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_a_dead_server_is_a_file_error(fake_fal: FakeFal, tmp_path: Path, is_async: bool) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    kling = Kling(download_hosts=[f"127.0.0.1:{port}"])
    video = _video(fake_fal, f"https://127.0.0.1:{port}/out.mp4", kling)
    with pytest.raises(KlingFileError, match="cannot download .*ConnectError") as caught:
        asyncio.run(video.adownload(tmp_path)) if is_async else video.download(tmp_path)
    assert isinstance(caught.value, KlingError) and isinstance(caught.value, OSError)
    assert _left(tmp_path) == []


def test_one_client_downloads_through_one_pool(fake_fal: FakeFal, tmp_path: Path) -> None:
    async def scenario() -> list[Path]:
        async with AsyncKling() as kling:
            endpoint = kling.v3.standard.text_to_video
            outputs = [await endpoint(prompt="p", poll_interval=FAST) for _ in range(3)]
            pools = {id(o.video._downloader.async_client) for o in outputs}
            assert len(pools) == 1
            return [await o.video.adownload(tmp_path / f"{n}.mp4") for n, o in enumerate(outputs)]

    fake_fal.set_output(T2V, {"video": {"url": fake_fal.host("out.mp4", DATA)}})
    assert [p.read_bytes() for p in asyncio.run(scenario())] == [DATA] * 3
