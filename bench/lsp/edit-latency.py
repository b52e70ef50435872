#!/usr/bin/env python3
"""Edit-to-diagnostics latency of `kfc lsp` (issue 17).

Opens the KubeFlower example widened to N clients (`let n = N`) in a real `kfc lsp` process over
pipes, then makes EDITS edits one after another (alternating `rounds: 10` and `rounds: 9`, which
changes what the budget proof solves) and times each from writing `didChange` to reading the
`publishDiagnostics` of that version: the whole check (compile, budgets, the objects of both
layers, every proof) and the framing. Each edit follows the previous one's diagnostics, so it
comes after a quiet spell longer than the default debounce and is checked at once (the
debounce's leading edge). Then a burst of 5 edits written at once: only the last version's
diagnostics are published (the stale checks are cancelled, the later edits wait out the
debounce).

    bench/lsp/edit-latency.py KFC [N=1000] [EDITS=20] [kfc lsp flags...]
"""
import json
import os
import select
import statistics
import subprocess
import sys
import time

kfc = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
edits = int(sys.argv[3]) if len(sys.argv) > 3 else 20
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
path = os.path.join(root, "examples/kubeflower/topology.kf")
text = open(path, encoding="utf-8").read().replace("let n = 10\n", "let n = %d\n" % n)
uri = "file://" + path
proc = subprocess.Popen([kfc, "lsp"] + sys.argv[4:], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
buf = b""


def send(obj):
    obj["jsonrpc"] = "2.0"
    body = json.dumps(obj).encode()
    proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    proc.stdin.flush()


def read():
    global buf
    while True:
        i = buf.find(b"\r\n\r\n")
        if i >= 0:
            length = int(buf[:i].split(b":")[1])
            if len(buf) >= i + 4 + length:
                msg = json.loads(buf[i + 4:i + 4 + length])
                buf = buf[i + 4 + length:]
                return msg
        ready, _, _ = select.select([proc.stdout], [], [], 120)
        if not ready:
            sys.exit("no answer in 120 s")
        chunk = os.read(proc.stdout.fileno(), 1 << 20)
        if not chunk:
            sys.exit("kfc lsp closed its output")
        buf += chunk


def diagnostics():
    while True:
        m = read()
        if m.get("method") == "textDocument/publishDiagnostics":
            return m["params"]


send({"id": 1, "method": "initialize", "params": {"capabilities": {}}})
read()
send({"method": "initialized", "params": {}})
start = time.perf_counter()
send({"method": "textDocument/didOpen",
      "params": {"textDocument": {"uri": uri, "languageId": "kf", "version": 1, "text": text}}})
first = diagnostics()
assert first["version"] == 1 and first["diagnostics"] == [], first
print("open (first check, %d clients): %.1f ms" % (n, (time.perf_counter() - start) * 1000))

line = text.split("\n").index("  rounds: 10")
times = []
for k in range(edits):
    value = "9" if k % 2 == 0 else "10"
    old = "10" if k % 2 == 0 else "9"
    change = {"range": {"start": {"line": line, "character": 10},
                        "end": {"line": line, "character": 10 + len(old)}}, "text": value}
    start = time.perf_counter()
    send({"method": "textDocument/didChange",
          "params": {"textDocument": {"uri": uri, "version": k + 2}, "contentChanges": [change]}})
    d = diagnostics()
    times.append((time.perf_counter() - start) * 1000)
    assert d["version"] == k + 2 and d["diagnostics"] == [], d
times.sort()
print("edit -> diagnostics over %d edits: min %.1f ms, median %.1f ms, max %.1f ms"
      % (edits, times[0], statistics.median(times), times[-1]))

# A burst: five edits at once; only the last version is published.
version = edits + 1
for k in range(5):
    version += 1
    value = "9" if (version % 2) else "10"
    send({"method": "textDocument/didChange",
          "params": {"textDocument": {"uri": uri, "version": version},
                     "contentChanges": [{"text": text.replace("  rounds: 10\n", "  rounds: %s\n" % value)}]}})
d = diagnostics()
print("burst of 5 edits: first diagnostics published are of version %d (the last is %d)" % (d["version"], version))
send({"id": 2, "method": "shutdown"})
read()
send({"method": "exit"})
print("exit status:", proc.wait(30))
