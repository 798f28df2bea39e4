"""The shape of the code, checked from its source: which app may import which, and no import
cycles. (Tests themselves may import anything: they are not checked.)"""

import ast
from collections import defaultdict
from pathlib import Path

from django.conf import settings

APPS_DIR = Path(settings.REPO_DIR) / "backend" / "apps"
DOMAIN_APPS = {"accounts", "appointments", "chat", "reviews", "adminpanel"}
LOWER_LAYERS = {"common", "platform"}  # they import no domain app (domains register into them)


def _modules() -> dict[str, Path]:
    """Every non-test module under apps/, by dotted name."""
    found = {}
    for path in APPS_DIR.rglob("*.py"):
        parts = path.relative_to(APPS_DIR.parent).with_suffix("").parts
        if "tests" in parts or "migrations" in parts:
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if name.count(".") >= 1:  # apps.<app>...
            found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path, *, top_level_only: bool) -> set[str]:
    """The apps.* modules `name` imports (relative imports resolved). With `top_level_only`, only
    the imports run when the module is loaded (not those inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    targets = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            targets.add(module)
            targets |= {f"{module}.{alias.name}" for alias in node.names}  # `from . import services`
    return {t for t in targets if t in MODULES}


def _app_of(module: str) -> str:
    return module.split(".")[1]


def test_the_walk_found_the_code():
    assert "apps.platform.events.services" in MODULES and "apps.appointments.policy" in MODULES


def test_platform_and_common_import_no_domain_app():
    offenders = []
    for name, path in MODULES.items():
        if _app_of(name) not in LOWER_LAYERS:
            continue
        for target in _imports(name, path, top_level_only=False):
            if _app_of(target) in DOMAIN_APPS:
                offenders.append(f"{name} imports {target}")
    assert offenders == []


def test_common_imports_nothing_from_the_platform():
    offenders = [f"{name} imports {target}" for name, path in MODULES.items() if _app_of(name) == "common"
                 for target in _imports(name, path, top_level_only=False) if _app_of(target) == "platform"]
    assert offenders == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _graph(*, top_level_only: bool) -> dict[str, set[str]]:
    graph = defaultdict(set)
    for name, path in MODULES.items():
        for target in _imports(name, path, top_level_only=top_level_only):
            # a package's __init__ re-exporting its own modules is not a cycle of code
            if target != name and not target.startswith(name + "."):
                graph[name].add(target)
    return graph


def test_no_import_cycles_not_even_through_imports_inside_functions():
    """A function-level import that closes a loop (as notifications.services <-> tasks once did) is
    a cycle that only hides until the wrong module is imported first. AppConfig modules import
    the app's modules on purpose (ready()), so they are left out."""
    graph = _graph(top_level_only=False)
    for name in [n for n in graph if n.endswith(".apps")]:
        graph.pop(name)
    assert _cycles(graph) == []


def test_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
