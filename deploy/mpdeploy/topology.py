"""Read the production topology from the files that define it, so that the native smoke test runs
what the containers run: the services' commands and environment from docker-compose.prod.yml
(with Compose's variable interpolation), and the image's environment from backend/Dockerfile."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from . import REPO_DIR
from .compose_check import PROD_FILE, load

BACKEND_DOCKERFILE = REPO_DIR / "backend" / "Dockerfile"
CONTAINER_STATE = "/var/lib/marketplace"


class InterpolationError(ValueError):
    pass


def interpolate(text: str, variables: dict[str, str]) -> str:
    """Compose's interpolation: $$, $NAME, ${NAME}, ${NAME:-default}, ${NAME-default},
    ${NAME:?error}, ${NAME?error}, ${NAME:+alt}, ${NAME+alt}; defaults may nest."""
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char != "$":
            out.append(char)
            index += 1
            continue
        following = text[index + 1: index + 2]
        if following == "$":
            out.append("$")
            index += 2
        elif following == "{":
            end = _closing_brace(text, index + 1)
            out.append(_expand(text[index + 2: end], variables))
            index = end + 1
        elif (match := re.match(r"[A-Za-z_][A-Za-z0-9_]*", text[index + 1:])):
            out.append(variables.get(match.group(0), ""))
            index += 1 + len(match.group(0))
        else:
            out.append("$")
            index += 1
    return "".join(out)


def _closing_brace(text: str, opening: int) -> int:
    depth = 0
    for position in range(opening, len(text)):
        if text[position] == "{":
            depth += 1
        elif text[position] == "}":
            depth -= 1
            if depth == 0:
                return position
    raise InterpolationError(f"unclosed ${{ in {text!r}")


def _expand(body: str, variables: dict[str, str]) -> str:
    match = re.match(r"([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])(.*))?$", body, re.DOTALL)
    if not match:
        raise InterpolationError(f"invalid interpolation ${{{body}}}")
    name, operator, argument = match.group(1), match.group(2), match.group(3) or ""
    value = variables.get(name)
    unset_or_empty = value is None or ((operator or "").startswith(":") and value == "")
    if operator in (":-", "-"):
        return interpolate(argument, variables) if unset_or_empty else value
    if operator in (":?", "?"):
        if unset_or_empty:
            raise InterpolationError(f"{name}: {interpolate(argument, variables)}")
        return value
    if operator in (":+", "+"):
        return "" if unset_or_empty else interpolate(argument, variables)
    return value or ""


def prod_service(name: str) -> dict:
    return load(PROD_FILE)["services"][name]


def service_command(name: str, variables: dict[str, str]) -> list[str]:
    command = prod_service(name)["command"]
    if isinstance(command, str):
        command = shlex.split(command)
    return [interpolate(str(part), variables) for part in command]


def service_environment(name: str, variables: dict[str, str]) -> dict[str, str]:
    environment = prod_service(name).get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    return {key: interpolate(str(value), variables) for key, value in environment.items() if value is not None}


def service_healthcheck(name: str, variables: dict[str, str]) -> list[str]:
    """The healthcheck as an argv (CMD) or a shell command line (CMD-SHELL)."""
    test = prod_service(name)["healthcheck"]["test"]
    if isinstance(test, str):
        return ["sh", "-c", interpolate(test, variables)]
    kind, *rest = [interpolate(str(part), variables) for part in test]
    return ["sh", "-c", rest[0]] if kind == "CMD-SHELL" else rest


def image_environment(dockerfile: Path = BACKEND_DOCKERFILE) -> dict[str, str]:
    """The runtime stage's ENV of the backend image (the last stage's ENV instructions)."""
    text = dockerfile.read_text().replace("\\\n", " ")
    stages = re.split(r"^FROM\s", text, flags=re.MULTILINE)
    environment: dict[str, str] = {}
    for line in stages[-1].splitlines():
        if line.startswith("ENV "):
            for key, value in re.findall(r'([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S+)', line[4:]):
                environment[key] = value[1:-1] if value.startswith('"') else value
    return environment


def map_paths(value: str, state_dir: Path) -> str:
    """A container path under /var/lib/marketplace, moved under `state_dir` on this machine."""
    return value.replace(CONTAINER_STATE, str(state_dir))
