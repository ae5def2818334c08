#!/usr/bin/env python3
"""Sends raw HTTP/1.1 requests, one connection each, and records each answer's status.

Used by ApiAuthFuzzE2ETest from inside a network namespace: header values are arbitrary bytes, which
HTTP client libraries refuse to send. Input lines: METHOD PATH BASE64(authorization value, or "-" for
none). Output lines: INDEX STATUS (0 when the server closed or reset without an answer).
"""
import base64
import socket
import sys
import threading

host, port, cases_file, results_file, workers = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
cases = [line.rstrip("\n").split(" ") for line in open(cases_file)]
results = [None] * len(cases)


def status_of(method, path, auth):
    head = f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n".encode()
    if auth is not None:
        head += b"Authorization: " + auth + b"\r\n"
    body = b""
    if method in ("PUT", "POST"):
        body = b'{"name":"fuzz","validFor":"1h"}' if path.startswith("/tokens") else (
            b"type: MeshGatewayRoute\nmesh: default\nname: fuzz\nselectors: [{match: {kuma.io/service: edge}}]\n"
            b"conf: {http: {rules: [{matches: [{path: {match: PREFIX, value: /}}], backends: [{destination: {kuma.io/service: web}}]}]}}\n")
        head += b"Content-Type: application/yaml\r\nContent-Length: " + str(len(body)).encode() + b"\r\n"
    try:
        with socket.create_connection((host, port), timeout=10) as s:
            s.sendall(head + b"\r\n" + body)
            data = b""
            while b"\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            line = data.split(b"\r\n", 1)[0].split(b" ")
            return int(line[1]) if len(line) > 1 and line[1].isdigit() else 0
    except OSError:
        return 0


def work(start):
    for i in range(start, len(cases), workers):
        method, path, auth = cases[i]
        results[i] = status_of(method, path, None if auth == "-" else base64.b64decode(auth))


threads = [threading.Thread(target=work, args=(w,)) for w in range(workers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
with open(results_file, "w") as out:
    for i, status in enumerate(results):
        out.write(f"{i} {status}\n")
