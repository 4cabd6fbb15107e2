"""The package reads as its pipeline: inputs -> scenario -> demand -> siting -> model -> results
-> report, with the sweep and the commands beside and above. Every `energy` import in the
package (at the top of a module or inside a function) is read from the source, and checked for
cycles, for imports that run against the flow and for the arrows the design forbids."""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "energy"

# the stage each part of the package belongs to; a module may import its own stage and earlier
STAGE = {
    "energy.errors": 0,
    "energy.atomic": 0,
    "energy.scratch": 0,
    "energy.reproducible": 0,
    "energy.gc_pause": 0,
    "energy.inputs": 1,
    "energy.scenario": 2,
    "energy.demand": 3,
    "energy.siting": 4,
    "energy.model": 5,
    "energy.results": 6,
    "energy.report": 7,
    "energy.sweep": 8,
    "energy.pipeline": 8,
    "energy.compare": 9,
    "energy.regret": 9,  # plans met by other demand (regret, the hedge), beside compare
    "energy.api": 10,  # the Python API, beside the command
    "energy.cli": 10,
    "energy.__main__": 11,
}
# arrows the design forbids even where the stages would allow them (shared/hooks/structure.json)
NEVER = {
    ("energy.model", "energy.demand"): "the model takes requested load as tables",
    ("energy.model", "energy.siting"): "the pipeline hands siting's tables to the model",
    ("energy.report", "energy.inputs"): "reports read a run folder, not workbooks",
    ("energy.report", "energy.model"): "reports read a run folder, not a solved model",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def part(name: str) -> str:
    for prefix in sorted(STAGE, key=len, reverse=True):
        if name == prefix or name.startswith(prefix + "."):
            return prefix
    raise AssertionError(f"{name} belongs to no stage of the layout")


def imports() -> dict[str, set[str]]:
    """module -> the energy modules it imports (anywhere in its source); `from package import
    submodule` counts as importing the submodule."""
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(path) for path in paths}
    graph = {}
    for path in paths:
        found = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module.startswith("energy"):
                    for alias in node.names:
                        sub = f"{node.module}.{alias.name}"
                        found.add(sub if sub in modules else node.module)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("energy"))
        graph[module_name(path)] = {m for m in found if m != "energy"}
    return graph


def test_no_import_runs_against_the_flow_or_breaks_a_never_rule():
    wrong = []
    for module, targets in imports().items():
        if module == "energy":
            continue  # the lazy package front door names modules only as strings
        for target in targets:
            a, b = part(module), part(target)
            if STAGE[b] > STAGE[a]:
                wrong.append(f"{module} imports {target} (later in the pipeline)")
            if (a, b) in NEVER:
                wrong.append(f"{module} imports {target}: {NEVER[a, b]}")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycle():
    graph = imports()
    known = set(graph)

    def resolve(target: str) -> str:
        while target not in known:
            target = target.rsplit(".", 1)[0]
        return target

    edges = {m: {resolve(t) for t in ts} - {m} for m, ts in graph.items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(node, path):
        state[node] = 1
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert not cycles, "\n".join(cycles)


def test_help_does_not_load_pyomo_or_highs():
    code = (
        "import sys\n"
        "from energy.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('pyomo', 'highspy', 'pandas') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
