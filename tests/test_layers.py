# SPDX-License-Identifier: MIT
"""
The package's layers only point down (docs/architecture.md).

Every module's imports are read from its source, those inside functions
included (only ``if TYPE_CHECKING:`` blocks are left out: they never run).
An import may name a module of a lower layer, or of the same layer when no
cycle forms.  The only upward steps allowed are the one-line lazy methods
listed in :data:`UPWARD`, which hand their object to the layer above.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "kzreforms"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("_text",),
    ("_errors",),
    ("_files",),
    ("_enums",),
    ("_dates", "_topics", "_vocab"),
    ("_articles",),
    ("_model",),
    ("_codec_gen",),
    ("_codec",),
    ("_convert",),
    ("_store",),
    ("_registry",),
    ("_index",),
    ("_penalties",),
    ("_history",),
    ("_status",),
    ("_collection",),
    ("_tables", "_relational"),
    ("_formats", "_display", "_cite", "_plot", "_publish"),
    ("_schema",),
    ("_api", "_diff"),
    ("_cli", "strategies", "__main__", "__init__"),
)
RANK = {m: i for i, layer in enumerate(LAYERS) for m in layer}

# (module, function or method, imported module): the allowed upward steps.
_OUTPUTS = ("to_json", "to_jsonl", "to_csv", "to_pandas", "to_arrow", "to_parquet")
_PUBLISH = ("to_polars", "to_sqlite", "to_datapackage")
_VIEW_OUTPUTS = ("to_csv", "to_pandas", "to_arrow", "to_parquet")
UPWARD: frozenset[tuple[str, str, str]] = frozenset(
    {
        ("_model", "Reform._repr_html_", "_display"),
        ("_model", "Reform.cite", "_cite"),
        ("_model", "Reform.bibtex", "_cite"),
        ("_model", "Reform.csl", "_cite"),
        ("_collection", "TimelineEntry.__repr__", "_display"),
        ("_collection", "ReformSet._repr_html_", "_display"),
        ("_collection", "ReformSet.plot_timeline", "_plot"),
        ("_collection", "ReformSet.rows", "_tables"),
        ("_collection", "ReformSet.cite", "_cite"),
        ("_collection", "ReformSet.bibtex", "_cite"),
        ("_collection", "ReformSet.csl", "_cite"),
        *(("_collection", f"ReformSet.{m}", "_formats") for m in _OUTPUTS),
        *(("_collection", f"ReformSet.{m}", "_publish") for m in _PUBLISH),
        ("_penalties", "PenaltyEntry.__repr__", "_display"),
        ("_penalties", "PenaltyView._repr_html_", "_display"),
        ("_penalties", "PenaltyView.reforms", "_collection"),
        ("_penalties", "PenaltyView.rows", "_tables"),
        ("_penalties", "PenaltyView.to_polars", "_publish"),
        ("_history", "ArticleHistory.rows", "_tables"),
        ("_history", "ArticleHistory.to_csv", "_formats"),
        ("_history", "ArticleHistory.to_pandas", "_formats"),
        *(("_penalties", f"PenaltyView.{m}", "_formats") for m in _VIEW_OUTPUTS),
    }
)


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, scope: str = "") -> Iterator[tuple[str, str, int]]:  # noqa: C901
    """(enclosing function, imported package module, line) for each import."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            for sub in node.orelse:
                yield from _imports(ast.Module(body=[sub], type_ignores=[]), scope)
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                names = [node.module] if node.module else [a.name for a in node.names]
                for n in names:
                    yield scope, n.split(".")[0], node.lineno
            elif node.level == 0 and (node.module or "").startswith("kzreforms."):
                yield scope, (node.module or "").split(".")[1], node.lineno
            continue
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("kzreforms."):
                    yield scope, a.name.split(".")[1], node.lineno
            continue
        inner = scope
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            inner = f"{scope}.{node.name}" if scope else node.name
        yield from _imports(node, inner)


@functools.cache  # parsing every module once per test made this file ~1 min of the suite
def _modules() -> dict[str, list[tuple[str, str, int]]]:
    return {
        p.stem: list(_imports(ast.parse(p.read_text(encoding="utf-8"))))
        for p in sorted(PACKAGE.glob("*.py"))
    }


class TestLayers:
    def test_every_module_has_a_layer(self) -> None:
        """A new module must be placed in LAYERS (and in docs/architecture.md)."""
        assert sorted(_modules()) == sorted(RANK)

    @pytest.mark.parametrize("module", sorted(RANK))
    def test_imports_point_down(self, module: str) -> None:
        """No import reaches a higher layer, except the listed lazy methods."""
        bad = [
            f"{module}.py:{line} ({where or 'module level'}) imports {target}"
            for where, target, line in _modules()[module]
            if target in RANK
            and RANK[target] > RANK[module]
            and (module, where, target) not in UPWARD
        ]
        assert bad == []

    def test_no_cycles_within_a_layer(self) -> None:
        """Same-layer imports form no cycle (nor do the allowed upward steps)."""
        graph: dict[str, set[str]] = {}
        for module, imports in _modules().items():
            graph[module] = {
                t
                for where, t, _ in imports
                if t in RANK and t != module and (module, where, t) not in UPWARD
            }
        seen: dict[str, int] = {}

        def visit(m: str, path: tuple[str, ...]) -> None:
            assert m not in path, " -> ".join((*path, m))
            if seen.get(m):
                return
            for t in sorted(graph[m]):
                visit(t, (*path, m))
            seen[m] = 1

        for m in sorted(graph):
            visit(m, ())

    def test_upward_steps_exist(self) -> None:
        """Every allowed upward step is still used (the list stays honest)."""
        used = {
            (module, where, target)
            for module, imports in _modules().items()
            for where, target, _ in imports
        }
        assert sorted(UPWARD - used) == []

    def test_the_reader_sees_function_level_imports(self) -> None:
        """The import reader is not blind to imports inside functions."""
        src = "def f():\n    from ._display import x\nif TYPE_CHECKING:\n    from ._cli import y\n"
        assert list(_imports(ast.parse(src))) == [("f", "_display", 2)]


class TestOneHome:
    def test_change_kinds_have_one_list(self) -> None:
        """The kinds of penalty change are listed once: the Literal and the mapping agree."""
        import typing

        from kzreforms import _cli, _penalties, _vocab

        assert typing.get_args(_penalties.ChangeKind) == tuple(_penalties.CHANGE_KINDS)
        assert tuple(_penalties.CHANGE_KINDS) == _vocab.CHANGE_KIND_NAMES
        assert vars(_cli)["CHANGE_KIND_NAMES"] is _vocab.CHANGE_KIND_NAMES
