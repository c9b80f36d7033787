# A Python HTTP server on the listening socket wasmrun passes it (--listen,
# --forward), with the standard library's http.server. On WASI, CPython
# cannot create a socket or ask one its address family, so the server is
# given the inherited one, with family and type said explicitly. The same
# routes as the Go guest (testdata/httpserver).
import http.server
import json
import os
import socket
import socketserver

first, count = map(int, os.environ["WASMRUN_LISTEN_FDS"].split(":"))


class Server(http.server.HTTPServer):
    """An HTTPServer on a socket it is given (TCPServer would make one)."""

    def __init__(self, sock, handler):
        socketserver.BaseServer.__init__(self, ("", 0), handler)
        self.socket = sock
        self.server_name, self.server_port = "localhost", 0
        self.done = False


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def send(self, code, body, ctype="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/api/hello":
            self.send(200, {"hello": "python", "listenFDs": os.environ["WASMRUN_LISTEN_FDS"], "names": os.environ["LISTEN_FDNAMES"]})
        elif self.path == "/file":
            with open("message.txt", "rb") as f:
                self.send(200, f.read(), "text/plain")
        else:
            self.send(404, {"error": "not found", "path": self.path})

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path == "/api/echo":
            got = json.loads(body)
            self.send(200, {"got": got, "sum": got.get("a", 0) + got.get("b", 0)})
        elif self.path == "/quit":
            self.send(200, b"bye", "text/plain")
            self.server.done = True
        else:
            self.send(404, {"error": "not found", "path": self.path})

    def log_message(self, format, *args):
        pass


server = Server(socket.socket(socket.AF_INET, socket.SOCK_STREAM, fileno=first), Handler)
while not server.done:
    server.handle_request()
