"""What the harness's HTTP servers share (the sample publisher and the feed farm, which does not import the
publisher): writing one response."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler


def reply(handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str], *,
          head: bool = False) -> None:
    """Status, headers, Content-Length (none on a 304) and the body (none on a 304 or for HEAD)."""
    handler.send_response(status)
    for k, v in headers.items():
        handler.send_header(k, v)
    if status != 304:
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if not head and status != 304:
        handler.wfile.write(body)
