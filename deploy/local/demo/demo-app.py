#!/usr/bin/env python3
"""The demo application behind the edge gateway: answers every request with what it received.

Usage: demo-app.py PORT [NAME]; NAME (default demo-app) is the "app" of every answer, so that a client
can tell instances apart (docs/multizone.md runs one as "echo-zone-2")."""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Echo(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"app": APP, "path": self.path, "host": self.headers.get("Host")}).encode() + b"\n"
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_PUT = do_DELETE = do_GET

    def log_message(self, *args):
        pass


APP = sys.argv[2] if len(sys.argv) > 2 else "demo-app"


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Echo).serve_forever()
