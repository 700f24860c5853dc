"""A local stand-in for fal's live sources, built from the real files in ``../shared/fal``:
its Platform API model list (paginated, with OpenAPI documents), its ``llms.txt`` pages and
the npm registry's ``@fal-ai/client``, on plain HTTP on loopback.  Faults on demand: a
status answered a number of times before the real answer, and a small delay per page so
that concurrency shows."""

from __future__ import annotations

import base64
import io
import json
import re
import tarfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from ..conftest import ROOT, SAMPLES, SHARED

OPENAPI = SHARED / "fal" / "openapi"
TYPES = SHARED / "fal" / "endpoints.ts"
PAGES = (SHARED / "fal" / "pages", SAMPLES, ROOT / "tests" / "fixtures" / "pages")
VERSION = "9.9.9"


def openapi_documents() -> dict[str, dict[str, Any]]:
    """fal's OpenAPI documents by endpoint id (the file name is the id with ``/`` as ``__``)."""
    return {p.name.removesuffix(".openapi.json").replace("__", "/"): json.loads(p.read_text()) for p in sorted(OPENAPI.glob("*.openapi.json"))}


def llms_pages() -> dict[str, str]:
    """The real, complete llms.txt pages at hand, by the endpoint id they name."""
    found = {}
    for folder in PAGES:
        for page in sorted(folder.glob("*.llms.txt")):
            if page.name.startswith("truncated"):
                continue
            text = page.read_text(encoding="utf-8")
            match = re.search(r"\*\*Model ID\*\*: `([^`]+)`", text)
            if match:
                found[match[1]] = text
    return found


@dataclass
class FalSources:
    models: list[dict[str, Any]]
    pages: dict[str, str]
    types: str
    page_size: int = 10
    delay: float = 0.02
    prices: dict[str, dict[str, Any]] = field(default_factory=dict)
    """What fal's pricing API answers, by endpoint id."""
    faults: dict[str, list[int]] = field(default_factory=dict)
    """Path prefix → statuses answered, one per request, before the real answer."""
    requests: list[str] = field(default_factory=list)
    authorizations: list[str | None] = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0
    url: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def real(cls) -> FalSources:
        """Every endpoint of fal's types for the app and every one a real page names (fal
        serves endpoints its published types predate), with its OpenAPI document where
        fal's catalogue has one, another app's endpoint, the real pages and the real types."""
        documents = openapi_documents()
        types = TYPES.read_text(encoding="utf-8")
        pages = llms_pages()
        ids = sorted({*re.findall(r'"(fal-ai/kling-video/[^"]+)"', types), *(e for e in pages if e.startswith("fal-ai/kling-video/"))})
        models = [{"endpoint_id": e, "metadata": {"status": "active"}, "openapi": documents.get(e)} for e in ids]
        models.append({"endpoint_id": "fal-ai/flux/dev", "metadata": {"status": "active"}, "openapi": {"openapi": "3.0.4"}})
        return cls(models, pages, types)

    def tarball(self) -> bytes:
        data = self.types.encode("utf-8")
        packed = io.BytesIO()
        with tarfile.open(fileobj=packed, mode="w:gz") as archive:
            member = tarfile.TarInfo("package/src/types/endpoints.d.ts")
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
        return packed.getvalue()

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, str, bytes]:
        with self._lock:
            self.requests.append(path)
            for prefix, statuses in self.faults.items():
                if path.startswith(prefix) and statuses:
                    status = statuses.pop(0)
                    return status, "text/plain", f"HTTP {status}".encode()
        if path == "/v1/models/pricing":
            asked = {e for value in query.get("endpoint_id", []) for e in value.split(",")}
            body = {"prices": [{"endpoint_id": e, **p} for e, p in self.prices.items() if e in asked], "next_cursor": None, "has_more": False}
            return 200, "application/json", json.dumps(body).encode()
        if path == "/v1/models":
            page = int(base64.b64decode(query.get("cursor", ["MQ=="])[0]))
            wanted = query.get("endpoint_id")
            term = query.get("q", [""])[0]
            found = [m for m in self.models if (m["endpoint_id"] in wanted if wanted else term in m["endpoint_id"] and not m.get("unsearchable"))]
            chunk = found[(page - 1) * self.page_size : page * self.page_size]
            more = page * self.page_size < len(found)
            body = {"models": chunk, "has_more": more, "next_cursor": base64.b64encode(str(page + 1).encode()).decode() if more else None}
            return 200, "application/json", json.dumps(body).encode()
        if path.startswith("/models/") and path.endswith("/llms.txt"):
            with self._lock:  # counted while the client waits: its own bound shows
                self.in_flight += 1
                self.most_in_flight = max(self.most_in_flight, self.in_flight)
            time.sleep(self.delay)
            with self._lock:
                self.in_flight -= 1
            text = self.pages.get(path.removeprefix("/models/").removesuffix("/llms.txt"))
            return (200, "text/plain", text.encode()) if text is not None else (404, "text/plain", b"Not Found")
        if unquote(path) == "/@fal-ai/client":
            metadata = {"dist-tags": {"latest": VERSION}, "versions": {VERSION: {"dist": {"tarball": f"{self.url}/tarballs/client-{VERSION}.tgz"}}}}
            return 200, "application/json", json.dumps(metadata).encode()
        if path == f"/tarballs/client-{VERSION}.tgz":
            return 200, "application/octet-stream", self.tarball()
        return 404, "text/plain", b"Not Found"

    @contextmanager
    def serving(self) -> Iterator[FalSources]:
        sources = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                with sources._lock:
                    sources.authorizations.append(self.headers.get("Authorization"))
                status, kind, body = sources.answer(parts.path, parse_qs(parts.query))
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        self.url = f"http://127.0.0.1:{server.server_address[1]}"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield self
        finally:
            server.shutdown()
            server.server_close()

    def environment(self) -> dict[str, str]:
        return {"FALGEN_FAL_API": self.url + "/v1", "FALGEN_FAL_SITE": self.url, "FALGEN_NPM_REGISTRY": self.url}
