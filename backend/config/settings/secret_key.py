"""The signing key of an install that was given none (`make run`, `make dev`): generated once,
kept in VAR_DIR (git-ignored), shared by every process of the install.

The web server and the job worker start together and may both find no key: the file is created
with O_EXCL, so exactly one process writes it and the others read what it wrote (waiting the few
milliseconds until the line is complete)."""

import os
import secrets
import time
from pathlib import Path

FILE_NAME = "secret_key"


class SecretKeyFileError(RuntimeError):
    pass


def _read_complete(path: Path, timeout: float = 5.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        text = path.read_text(encoding="ascii")
        # the writer writes "<key>\n" in one call: a line without its newline is still being written
        if text.endswith("\n") and len(text.strip()) >= 50:
            return text.strip()
        if time.monotonic() > deadline:
            raise SecretKeyFileError(f"{path} does not hold a key; delete it to generate a new one.")
        time.sleep(0.01)


def install_secret_key(var_dir: Path) -> str:
    path = Path(var_dir) / FILE_NAME
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_complete(path)
    key = secrets.token_urlsafe(64)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return key
