"""A cap on request bodies, enforced while they arrive rather than after they are read whole."""

from __future__ import annotations

import json

from fastapi import HTTPException

MAX_BODY = 2 * 1024 * 1024
TOO_LARGE = f"the request body is larger than {MAX_BODY // (1024 * 1024)} MB; send one article at a time"


class BodyTooLarge(HTTPException):
    # An HTTPException, so that FastAPI's body parsing passes it on instead of calling it a parse error.
    def __init__(self) -> None:
        super().__init__(status_code=413, detail=TOO_LARGE)


class BodyLimit:
    """ASGI middleware: 413 for a declared Content-Length over the limit, and for a body
    (chunked or lying about its length) whose streamed bytes pass it."""

    def __init__(self, app, max_body: int = MAX_BODY):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.strip().isdigit() or int(declared) > self.max_body):
            return await _refuse(send, 413 if declared.strip().isdigit() else 400,
                                 TOO_LARGE if declared.strip().isdigit() else "Content-Length is not a number")
        seen = 0
        started = False

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge()
            return message

        async def watched(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if started:
                raise
            await _refuse(send, 413, TOO_LARGE)


async def _refuse(send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
