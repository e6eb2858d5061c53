"""A stand-in for the Convex dashboard, for the deploy drill: NOT the dashboard.

Serves GET / on $HOSTNAME:$PORT (6791, as the real image's ENV says), naming itself and the port in the
Convex-Stand-In header and showing the NEXT_PUBLIC_DEPLOYMENT_URL it was given.
"""

import html
import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(os.environ.get("PORT", "6791"))
DEPLOYMENT_URL = os.environ.get("NEXT_PUBLIC_DEPLOYMENT_URL", "")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        body = (
            "<!doctype html><title>Convex dashboard stand-in</title>"
            f"<p>Stand-in for the Convex dashboard (not the dashboard). Deployment: "
            f"<code id=deployment-url>{html.escape(DEPLOYMENT_URL)}</code></p>\n"
        ).encode()
        self.send_response(200 if self.path.split("?", 1)[0] == "/" else 404)
        self.send_header("Convex-Stand-In", f"dashboard:{PORT}")
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


server = ThreadingHTTPServer((os.environ.get("HOSTNAME", "0.0.0.0"), PORT), Handler)
print(f"[stand-in dashboard, not Convex] listening on {PORT}, deployment {DEPLOYMENT_URL or '(none)'}", flush=True)
stopped = threading.Event()
for signum in (signal.SIGINT, signal.SIGTERM):
    signal.signal(signum, lambda *_: stopped.set())
threading.Thread(target=server.serve_forever, daemon=True).start()
stopped.wait()
server.shutdown()
