"""Render the nginx server template exactly as the nginx image does (envsubst over a fixed list of
names), plus a minimal main nginx.conf around it, into a prefix directory that `nginx -p` can run.

The container uses the image's own nginx.conf (which includes conf.d/*.conf inside http {}); the
native wrapper written here mirrors it, so the server block under test is byte-for-byte the one
the image serves."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import REPO_DIR

NGINX_DIR = REPO_DIR / "frontend" / "nginx"
TEMPLATE = NGINX_DIR / "templates" / "default.conf.template"
SNIPPETS = NGINX_DIR / "snippets"

# The names the template may use; the image's NGINX_ENVSUBST_FILTER lists the same ones.
VARIABLES = ("LISTEN_PORT", "SERVER_NAME", "BACKEND_UPSTREAM", "REALTIME_UPSTREAM", "SPA_ROOT", "MEDIA_ROOT",
             "PRIVATE_MEDIA_ROOT", "ACCESS_LOG")
_PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")

MAIN_CONF = """\
# Written by deploy/mpdeploy/nginx_render.py: the nginx image's main config, for a local prefix.
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;

events {{
    worker_connections 256;
}}

http {{
    include mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    access_log {prefix}/logs/access.log;
    client_body_temp_path {prefix}/temp/client_body;
    proxy_temp_path {prefix}/temp/proxy;
    fastcgi_temp_path {prefix}/temp/fastcgi;
    uwsgi_temp_path {prefix}/temp/uwsgi;
    scgi_temp_path {prefix}/temp/scgi;
    include conf.d/*.conf;
}}
"""


class RenderError(ValueError):
    pass


def render_template(text: str, values: dict[str, str]) -> str:
    """envsubst semantics restricted to VARIABLES; an unknown or missing name is an error rather
    than an empty string (envsubst would silently leave a broken config)."""
    unknown = sorted({name for name in _PLACEHOLDER.findall(text) if name not in VARIABLES})
    if unknown:
        raise RenderError(f"template uses names outside the allowed list: {', '.join(unknown)}")
    missing = sorted({name for name in _PLACEHOLDER.findall(text) if not values.get(name)})
    if missing:
        raise RenderError(f"no value for: {', '.join(missing)}")
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def find_mime_types() -> Path:
    for candidate in (Path("/etc/nginx/mime.types"), Path("/usr/local/nginx/conf/mime.types")):
        if candidate.is_file():
            return candidate
    raise RenderError("mime.types not found (is nginx installed?)")


@dataclass(frozen=True)
class RenderedNginx:
    prefix: Path
    conf: Path          # the main nginx.conf to pass to `nginx -c`
    server_conf: Path   # the rendered server template

    def command(self, *extra: str) -> list[str]:
        return [nginx_binary(), "-p", str(self.prefix), "-c", str(self.conf), *extra]


def nginx_binary() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None)
    if not found:
        raise RenderError("nginx is not installed (apt-get install -y nginx)")
    return found


def render(prefix: Path, values: dict[str, str], *, template: Path = TEMPLATE, snippets: Path = SNIPPETS,
           template_text: str | None = None) -> RenderedNginx:
    """Lay out `prefix` as nginx expects: conf/nginx.conf, conf/conf.d/default.conf, conf/snippets,
    conf/mime.types, logs/, temp/. Directories are world-readable so that nginx's workers (which
    drop to `nobody` when started as root, as the image's run as uid 101) can read through them."""
    prefix = prefix.resolve()
    conf_dir = prefix / "conf"
    for path in (prefix, conf_dir, conf_dir / "conf.d", prefix / "logs", prefix / "temp"):
        path.mkdir(parents=True, exist_ok=True)
        path.chmod(0o755)
    text = template_text if template_text is not None else template.read_text()
    server_conf = conf_dir / "conf.d" / "default.conf"
    server_conf.write_text(render_template(text, values))
    if (conf_dir / "snippets").exists():
        shutil.rmtree(conf_dir / "snippets")
    shutil.copytree(snippets, conf_dir / "snippets")
    shutil.copyfile(find_mime_types(), conf_dir / "mime.types")
    main = conf_dir / "nginx.conf"
    main.write_text(MAIN_CONF.format(prefix=prefix))
    return RenderedNginx(prefix=prefix, conf=main, server_conf=server_conf)


def local_values(*, port: int, backend: str, spa_root: Path, media_root: Path, private_media_root: Path,
                 prefix: Path, realtime: str | None = None) -> dict[str, str]:
    """The template's values for nginx on this machine (the smoke test and `nginx -t`)."""
    return {
        "LISTEN_PORT": f"127.0.0.1:{port}",
        "SERVER_NAME": "localhost",
        "BACKEND_UPSTREAM": backend,
        "REALTIME_UPSTREAM": realtime or backend,
        "SPA_ROOT": str(spa_root),
        "MEDIA_ROOT": str(media_root),
        "PRIVATE_MEDIA_ROOT": str(private_media_root),
        "ACCESS_LOG": str(prefix.resolve() / "logs" / "access.log"),
    }


def nginx_test(rendered: RenderedNginx) -> subprocess.CompletedProcess:
    """`nginx -t` on the rendered config (it also resolves the upstream and opens the log files)."""
    return subprocess.run(rendered.command("-t", "-q"), capture_output=True, text=True, timeout=60, check=False)
