"""Check docker-compose.yml and docker-compose.prod.yml where no Docker engine runs: each file must
validate against the Compose Specification schema (deploy/schemas/compose-spec.json, vendored)
and keep the topology the deployment relies on (services, healthchecks, commands, volumes,
env files), and .env.example must document every setting.

    python -m mpdeploy.compose_check          (from deploy/; exit status 1 on any problem)
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import yaml

from . import DEPLOY_DIR, REPO_DIR

SCHEMA = DEPLOY_DIR / "schemas" / "compose-spec.json"
DEV_FILE = REPO_DIR / "docker-compose.yml"
PROD_FILE = REPO_DIR / "docker-compose.prod.yml"
ENV_EXAMPLE = REPO_DIR / ".env.example"
README = REPO_DIR / "README.md"
SETTINGS_DIR = REPO_DIR / "backend" / "config" / "settings"

Compose = dict


def load(path: Path) -> Compose:
    with path.open() as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: not a YAML mapping")
    return data


def schema_errors(compose: Compose, schema: dict | None = None) -> list[str]:
    schema = schema or json.loads(SCHEMA.read_text())
    validator = jsonschema.Draft7Validator(schema)
    return [f"schema: {'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}"
            for error in sorted(validator.iter_errors(compose), key=lambda e: list(map(str, e.absolute_path)))]


# --- helpers over one service ---------------------------------------------------------------------

def _words(value) -> str:
    """A command or healthcheck test (string or list) as one string."""
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(str(part) for part in value)
    return str(value)


def _healthcheck(service: dict) -> dict | None:
    check = service.get("healthcheck")
    if not check or check.get("disable") or _words(check.get("test")) in ("", "NONE"):
        return None
    return check


def _volume_targets(service: dict) -> dict[str, tuple[str, bool]]:
    """target path -> (source, read_only) for the service's volumes (short and long syntax)."""
    targets: dict[str, tuple[str, bool]] = {}
    for volume in service.get("volumes") or []:
        if isinstance(volume, str):
            parts = volume.split(":")
            if len(parts) == 1:
                targets[parts[0]] = ("", False)
            else:
                targets[parts[1]] = (parts[0], len(parts) > 2 and "ro" in parts[2].split(","))
        else:
            targets[volume.get("target", "")] = (volume.get("source", ""), bool(volume.get("read_only")))
    return targets


def _depends(service: dict) -> dict[str, str]:
    depends = service.get("depends_on") or {}
    if isinstance(depends, list):
        return dict.fromkeys(depends, "service_started")
    return {name: (spec or {}).get("condition", "service_started") for name, spec in depends.items()}


def _env_files(service: dict) -> list[str]:
    files = service.get("env_file")
    if files is None:
        return []
    if isinstance(files, str | dict):
        files = [files]
    return [f if isinstance(f, str) else f.get("path", "") for f in files]


# --- rules ------------------------------------------------------------------------------------------

Rule = Callable[[Compose], Iterable[str]]


@dataclass
class Spec:
    """What one compose file must contain."""

    services: tuple[str, ...]
    rules: list[Rule] = field(default_factory=list)


def has_services(names: Iterable[str]) -> Rule:
    def rule(compose: Compose) -> Iterable[str]:
        services = compose.get("services") or {}
        for name in names:
            if name not in services:
                yield f"service '{name}' is missing"

    return rule


def _service(compose: Compose, name: str) -> dict | None:
    return (compose.get("services") or {}).get(name)


def healthcheck(name: str, *, contains: str = "") -> Rule:
    def rule(compose: Compose) -> Iterable[str]:
        service = _service(compose, name)
        if service is None:
            return
        check = _healthcheck(service)
        if check is None:
            yield f"service '{name}' has no healthcheck"
        elif contains and contains not in _words(check.get("test")):
            yield f"service '{name}': healthcheck must probe {contains}"

    return rule


def command_has(name: str, *words: str) -> Rule:
    def rule(compose: Compose) -> Iterable[str]:
        service = _service(compose, name)
        if service is None:
            return
        command = _words(service.get("command"))
        for word in words:
            if not re.search(rf"(^|[\s/]){re.escape(word)}(\s|$)", command):
                yield f"service '{name}': command must run '{word}' (is: {command or 'the image default'})"

    return rule


def mounts(name: str, volume: str, target: str, *, read_only: bool | None = None) -> Rule:
    def rule(compose: Compose) -> Iterable[str]:
        service = _service(compose, name)
        if service is None:
            return
        source, ro = _volume_targets(service).get(target, (None, False))
        if source != volume:
            yield f"service '{name}': volume '{volume}' must be mounted at {target}"
        elif read_only is not None and ro != read_only:
            yield f"service '{name}': {target} must be mounted {'read-only' if read_only else 'read-write'}"
        if volume not in (compose.get("volumes") or {}):
            yield f"named volume '{volume}' is not declared under volumes:"

    return rule


def depends_on(name: str, other: str, condition: str = "service_healthy") -> Rule:
    def rule(compose: Compose) -> Iterable[str]:
        service = _service(compose, name)
        if service is None:
            return
        if _depends(service).get(other) != condition:
            yield f"service '{name}' must depend on '{other}' with condition {condition}"

    return rule


def env_file(name: str, path: str = ".env") -> Rule:
    def rule(compose: Compose) -> Iterable[str]:
        service = _service(compose, name)
        if service is not None and path not in _env_files(service):
            yield f"service '{name}' must read env_file {path}"

    return rule


def environment(name: str, key: str, value: str) -> Rule:
    def rule(compose: Compose) -> Iterable[str]:
        service = _service(compose, name)
        if service is None:
            return
        env = service.get("environment") or {}
        if isinstance(env, list):
            env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
        if str(env.get(key, "")) != value:
            yield f"service '{name}': environment {key} must be {value!r}"

    return rule


def publishes(name: str, container_port: int) -> Rule:
    def rule(compose: Compose) -> Iterable[str]:
        service = _service(compose, name)
        if service is None:
            return
        ports = [_words(p) if not isinstance(p, dict) else str(p.get("target")) for p in service.get("ports") or []]
        if not any(p == str(container_port) or p.endswith(f":{container_port}") for p in ports):
            yield f"service '{name}' must publish container port {container_port}"

    return rule


def not_published(name: str) -> Rule:
    def rule(compose: Compose) -> Iterable[str]:
        service = _service(compose, name)
        if service is not None and service.get("ports"):
            yield f"service '{name}' must not publish ports (only nginx faces the network)"

    return rule


def restarts(*names: str) -> Rule:
    def rule(compose: Compose) -> Iterable[str]:
        for name in names:
            service = _service(compose, name)
            if service is not None and service.get("restart") not in ("always", "unless-stopped"):
                yield f"service '{name}' must restart automatically (restart: unless-stopped)"

    return rule


def builds(name: str, context: str) -> Rule:
    def rule(compose: Compose) -> Iterable[str]:
        service = _service(compose, name)
        if service is None:
            return
        build = service.get("build")
        actual = build if isinstance(build, str) else (build or {}).get("context")
        if actual is None or Path(actual) != Path(context):
            yield f"service '{name}' must build from {context}"

    return rule


MEDIA = "/var/lib/marketplace/media"
PRIVATE = "/var/lib/marketplace/private"
APP_SERVICES = ("backend", "realtime", "worker", "beat")

PROD = Spec(
    services=("postgres", "redis", "backend", "realtime", "worker", "beat", "frontend"),
    rules=[
        healthcheck("postgres", contains="pg_isready"),
        healthcheck("redis", contains="ping"),
        healthcheck("backend", contains="/healthz"),
        healthcheck("realtime", contains="/healthz"),
        healthcheck("worker"),
        healthcheck("frontend"),
        command_has("backend", "migrate", "collectstatic", "gunicorn"),
        command_has("realtime", "gunicorn", "config.asgi", "uvicorn_worker.UvicornWorker"),
        command_has("worker", "celery", "worker"),
        command_has("beat", "celery", "beat"),
        builds("backend", "./backend"),
        builds("frontend", "./frontend"),
        mounts("postgres", "postgres-data", "/var/lib/postgresql/data"),
        mounts("backend", "media", MEDIA, read_only=False),
        mounts("backend", "private-media", PRIVATE, read_only=False),
        mounts("worker", "private-media", PRIVATE, read_only=False),
        mounts("frontend", "media", MEDIA, read_only=True),
        mounts("frontend", "private-media", PRIVATE, read_only=True),
        *[env_file(name) for name in APP_SERVICES],
        *[depends_on(name, "postgres") for name in APP_SERVICES],
        *[depends_on(name, "redis") for name in APP_SERVICES],
        depends_on("frontend", "backend"),
        depends_on("frontend", "realtime"),
        depends_on("realtime", "backend"),
        environment("backend", "DJANGO_SETTINGS_MODULE", "config.settings.production"),
        environment("realtime", "DJANGO_SETTINGS_MODULE", "config.settings.production"),
        environment("frontend", "REALTIME_UPSTREAM", "realtime:8001"),
        environment("backend", "PRIVATE_MEDIA_ACCEL_PREFIX", "/protected/"),
        publishes("frontend", 8080),
        *[not_published(name) for name in ("postgres", "redis", *APP_SERVICES)],
        restarts("postgres", "redis", "frontend", *APP_SERVICES),
    ],
)

DEV = Spec(
    services=("postgres", "redis", "backend", "worker", "frontend"),
    rules=[
        healthcheck("postgres", contains="pg_isready"),
        healthcheck("redis", contains="ping"),
        healthcheck("backend", contains="/healthz"),
        healthcheck("frontend"),
        command_has("backend", "gunicorn"),
        command_has("worker", "celery", "worker"),
        command_has("frontend", "dev"),
        builds("backend", "./backend"),
        publishes("backend", 8000),
        publishes("frontend", 5173),
        mounts("postgres", "postgres-data", "/var/lib/postgresql/data"),
        depends_on("backend", "postgres"),
        depends_on("worker", "redis"),
        depends_on("frontend", "backend"),
    ],
)


def check_compose(compose: Compose, spec: Spec, *, schema: dict | None = None) -> list[str]:
    errors = schema_errors(compose, schema)
    errors += list(has_services(spec.services)(compose))
    for rule in spec.rules:
        errors += list(rule(compose))
    return errors


# --- .env.example documents every setting ------------------------------------------------------------

_INTERPOLATION = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)")
_SETTINGS_ENV = re.compile(
    r"\.(?:str|bool|int|float|list|json|url|path|db_url|cache_url)\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")
_README_ROW = re.compile(r"^\|([^|]+)\|")
_ENV_LINE = re.compile(r"^\s*#?\s*([A-Z][A-Z0-9_]*)=")


def documented(env_example: str) -> set[str]:
    """Names that appear as `NAME=` (set) or `# NAME=` (documented default) in .env.example."""
    return {match.group(1) for line in env_example.splitlines() if (match := _ENV_LINE.match(line))}


def compose_variables(text: str) -> set[str]:
    return set(_INTERPOLATION.findall(text))


def settings_variables(settings_dir: Path = SETTINGS_DIR) -> set[str]:
    names: set[str] = set()
    for path in sorted(settings_dir.glob("*.py")):
        if path.name == "test.py":  # the test settings' knobs are not deployment settings
            continue
        names |= set(_SETTINGS_ENV.findall(path.read_text()))
    return names


def readme_variables(readme: str) -> set[str]:
    """Every `NAME` in the first column of README's configuration table."""
    names: set[str] = set()
    for line in readme.splitlines():
        match = _README_ROW.match(line)
        if match:
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]*)`", match.group(1)))
    return names


def env_documentation_errors(*, env_example: str, sources: dict[str, set[str]]) -> list[str]:
    known = documented(env_example)
    errors = []
    for source, names in sources.items():
        for name in sorted(names - known):
            errors.append(f".env.example: {name} (used by {source}) is not documented")
    return errors


def check_all() -> list[str]:
    schema = json.loads(SCHEMA.read_text())
    errors = []
    for path, spec in ((DEV_FILE, DEV), (PROD_FILE, PROD)):
        errors += [f"{path.name}: {e}" for e in check_compose(load(path), spec, schema=schema)]
    errors += env_documentation_errors(
        env_example=ENV_EXAMPLE.read_text(),
        sources={
            PROD_FILE.name: compose_variables(PROD_FILE.read_text()),
            "backend/config/settings": settings_variables(),
            "README.md": readme_variables(README.read_text()),
        },
    )
    return errors


def main() -> int:
    errors = check_all()
    for error in errors:
        print(f"FAIL {error}")
    if errors:
        return 1
    print(f"compose OK: {DEV_FILE.name}, {PROD_FILE.name} valid (Compose Specification) with the required "
          f"topology; .env.example documents every setting")
    return 0


if __name__ == "__main__":
    sys.exit(main())
