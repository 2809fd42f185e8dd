"""No function in the package runs over 80 lines (a reader holds a function in one screen):
a longer one is split into named parts before it lands. Migrations, which Django writes, are
not read."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "zhaoshang"
LIMIT = 80


def long_functions(source: str, name: str) -> list[str]:
    """`path:line name (n lines)` for each function or method of `source` over LIMIT lines,
    decorators and docstring included."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            lines = node.end_lineno - first + 1
            if lines > LIMIT:
                found.append(f"{name}:{node.lineno} {node.name} ({lines} lines)")
    return found


def test_no_function_in_the_package_is_over_80_lines():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" not in path.parts:
            found += long_functions(
                path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE))
            )
    assert not found, "split these into named parts:\n" + "\n".join(found)


def test_a_long_function_is_caught_nested_or_not():
    body = "\n".join(f"    x{i} = {i}" for i in range(LIMIT))
    source = f"def long():\n{body}\n\n\nclass C:\n    async def method(self):\n    {body.replace(chr(10), chr(10) + '    ')}\n"
    assert [f.split(" ")[1] for f in long_functions(source, "m.py")] == ["long", "method"]
    short = "\n".join(f"    x{i} = {i}" for i in range(LIMIT - 1))
    assert long_functions(f"def fits():\n{short}\n", "m.py") == []
