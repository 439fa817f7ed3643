"""uvicorn's HTTP protocol with a Vietnamese answer to a request its parser refuses.

A malformed request line or header (e.g. `Content-Length: abc`) never reaches the app: uvicorn
answers it itself with the English text "Invalid HTTP request received.". This subclass of the
protocol uvicorn's "auto" picks (httptools, a dependency of the addin extra) answers the same 400
with the catalogue's message, in UTF-8, and closes the connection, as uvicorn does. It is named
to uvicorn by its import path, so workers in other processes find it too.
"""

from __future__ import annotations

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from ..messages import render


class VietnameseProtocol(HttpToolsProtocol):
    def send_400_response(self, msg: str) -> None:
        body = render("addin_bad_request").encode("utf-8")
        self.transport.write(b"HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=utf-8\r\n"
                             b"content-length: %d\r\nconnection: close\r\n\r\n" % len(body) + body)
        self.transport.close()
