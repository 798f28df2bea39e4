"""`make run`'s launcher: starts the Procfile (web + jobs) with honcho, keeps its output in
var/log/server.log, shows only what needs a person's attention, says once where to open the site
when it actually answers, and stops cleanly on Ctrl-C (exit status 0).

Standard library only: it runs before anything else is known to work."""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import datetime
from pathlib import Path

BACKEND = Path(__file__).resolve().parent
REPO = BACKEND.parent
HOST = os.environ.get("HOST") or "127.0.0.1"
PORT = int(os.environ.get("PORT") or 8000)
PROCFILE = os.environ.get("PROCFILE") or "Procfile"
LOG = Path(os.environ.get("VAR_DIR") or REPO / "var") / "log" / "server.log"
STARTUP_TIMEOUT = 90

# Lines the terminal does not need (they all stay in the log): honcho's own bookkeeping, routine
# 4xx warnings of the SPA's first visit (a signed-out /me/ is a 401, not a problem).
QUIET = [
    re.compile(r"\bsystem\s+\|"),
    re.compile(r"\|\s*$"),  # empty lines
    # Celery's warning when started as root (containers, CI), and kombu's about the filesystem broker
    re.compile(r"SecurityWarning: You're running the worker with superuser|absolutely not recommended!|"
               r"Please specify a different user using the --uid|User information: uid=|"
               r"_warn_or_raise_security_error|No hostname was supplied"),
    re.compile(r"WARNING django\.request .*(Unauthorized|Not Found|Forbidden|Bad Request|Conflict|Too Many "
               r"Requests|Method Not Allowed|Unsupported Media Type|Gone):"),
]


def _lan_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback, as a phone on the same network sees it:
    from the host name, else from the interfaces (`ip` on Linux, `ifconfig` on macOS/BSD)."""
    found: list[str] = []
    with contextlib.suppress(OSError):
        found += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    for command in (["ip", "-4", "-o", "addr", "show", "scope", "global"], ["ifconfig"]):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            output = subprocess.run(command, capture_output=True, text=True, timeout=3).stdout  # noqa: S603
            found += re.findall(r"\binet (?:addr:)?(\d+\.\d+\.\d+\.\d+)", output)
            if output:
                break
    return [a for a in dict.fromkeys(found) if not a.startswith("127.")]


def _environment() -> dict[str, str]:
    env = dict(os.environ, HOST=HOST, PORT=str(PORT), PYTHONUNBUFFERED="1")
    # The websocket server's port (Procfile `ws`); the ticket endpoint tells the SPA where it is.
    env.setdefault("REALTIME_WS_PORT", str(PORT + 1))
    if HOST in ("0.0.0.0", "::") and not env.get("ALLOWED_HOSTS"):  # noqa: S104  (the owner asked for it)
        # Reachable from the network: let the site answer to this machine's addresses.
        env["ALLOWED_HOSTS"] = ",".join(["127.0.0.1", "localhost", *_lan_addresses()])
    return env


def _get(path: str) -> bytes | None:
    url = f"http://127.0.0.1:{PORT}{path}" if HOST in ("0.0.0.0", "::", "127.0.0.1", "localhost") \
        else f"http://{HOST}:{PORT}{path}"  # noqa: S104
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  (our own server)
            return response.read() if response.status == 200 else None
    except (OSError, ValueError):
        return None


def _announce(started: float) -> None:
    """Wait until the site answers, then say where to open it."""
    while time.monotonic() - started < STARTUP_TIMEOUT:
        if _get("/healthz") is not None:
            break
        time.sleep(0.2)
    else:
        print(f"The server did not answer within {STARTUP_TIMEOUT} s; see {LOG}", flush=True)
        return
    status = _get("/api/v1/auth/bootstrap-status/") or b""
    first_visit = b'"needs_bootstrap":true' in status.replace(b" ", b"")
    shown = "127.0.0.1" if HOST in ("0.0.0.0", "::") else HOST  # noqa: S104
    hint = "first visit creates the admin" if first_visit else "sign in"
    print(f"Open http://{shown}:{PORT} — {hint} (Ctrl-C stops; log: {LOG.relative_to(REPO)})", flush=True)
    if HOST in ("0.0.0.0", "::"):  # noqa: S104
        for address in _lan_addresses():
            print(f"     on a phone on the same network: http://{address}:{PORT}", flush=True)


class Terminal:
    """With a terminal, the server runs in a process group of its own that holds the terminal, so
    Ctrl-C reaches it and not `make` (which would report an interrupt and fail)."""

    def __init__(self) -> None:
        self.fd = None
        self.previous = None
        if not sys.stdin.isatty():
            return
        with contextlib.suppress(OSError):
            self.fd = sys.stdin.fileno()
            self.previous = os.tcgetpgrp(self.fd)
            os.setpgid(0, 0)
            self._give(os.getpgrp())

    def _give(self, group: int) -> None:
        old = signal.signal(signal.SIGTTOU, signal.SIG_IGN)  # a background group may not take it otherwise
        try:
            os.tcsetpgrp(self.fd, group)
        finally:
            signal.signal(signal.SIGTTOU, old)

    def restore(self) -> None:
        if self.fd is not None and self.previous is not None:
            with contextlib.suppress(OSError):
                self._give(self.previous)


def main() -> int:
    LOG.parent.mkdir(parents=True, exist_ok=True)
    terminal = Terminal()
    stopping = threading.Event()

    def stop(signum, _frame) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    started = time.monotonic()
    with LOG.open("a", encoding="utf-8") as log:
        log.write(f"\n===== {datetime.now().isoformat(timespec='seconds')} make run on {HOST}:{PORT}\n")
        log.flush()
        honcho = subprocess.Popen(  # noqa: S603
            [str(Path(sys.executable).with_name("honcho")), "-f", PROCFILE, "start", "-p", str(PORT)],
            cwd=BACKEND, env=_environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            bufsize=1, errors="replace",
        )
        threading.Thread(target=_announce, args=(started,), daemon=True).start()

        def pump() -> None:
            for line in honcho.stdout:
                log.write(line)
                log.flush()
                if not stopping.is_set() and not any(pattern.search(line) for pattern in QUIET):
                    sys.stdout.write(line)
                    sys.stdout.flush()

        reader = threading.Thread(target=pump, daemon=True)
        reader.start()
        while honcho.poll() is None and not stopping.is_set():
            time.sleep(0.2)
        if stopping.is_set():
            print("\nStopping…", flush=True)
            if honcho.poll() is None:
                honcho.send_signal(signal.SIGTERM)
            try:
                honcho.wait(timeout=20)
            except subprocess.TimeoutExpired:
                honcho.kill()
                honcho.wait()
            reader.join(timeout=2)
            terminal.restore()
            print("Stopped.", flush=True)
            return 0
        reader.join(timeout=2)
    terminal.restore()
    print(f"The server stopped (exit status {honcho.returncode}); see {LOG}", flush=True)
    return honcho.returncode or 1


if __name__ == "__main__":
    sys.exit(main())
