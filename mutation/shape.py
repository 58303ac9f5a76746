"""Where a module's lines run: the shape the mutation driver uses to pick each mutant's tests."""

import ast
from dataclasses import dataclass, field


@dataclass
class ModuleShape:
    """Where a module's lines run: inside a function (at call time) or when it is imported."""

    runtime: set[int] = field(default_factory=set)
    statement_of: dict[int, range] = field(default_factory=dict)  # line -> lines of its top-level statement
    function_of: dict[int, range] = field(default_factory=dict)  # line -> lines of the innermost function
    annotations: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)

    @classmethod
    def of(cls, source: str) -> "ModuleShape":
        tree = ast.parse(source)
        text = source.splitlines()
        shape = cls()

        def column(line: int, byte_offset: int) -> int:
            return len(text[line - 1].encode()[:byte_offset].decode(errors="ignore"))

        for statement in tree.body:
            span = range(statement.lineno, _end(statement.end_lineno, statement.lineno) + 1)
            for line in span:
                shape.statement_of[line] = span
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        for function in sorted(functions, key=lambda n: n.lineno - _end(n.end_lineno, n.lineno)):  # the largest first
            span = range(function.lineno, _end(function.end_lineno, function.lineno) + 1)
            for line in span:
                shape.function_of[line] = span
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                shape.runtime.update(range(node.body[0].lineno, _end(node.end_lineno, node.lineno) + 1))
                annotated = [a.annotation for a in ast.walk(node.args) if isinstance(a, ast.arg)] + [node.returns]
            elif isinstance(node, ast.AnnAssign):
                annotated = [node.annotation]
            else:
                continue
            for a in annotated:
                if a is not None:
                    shape.annotations.append(
                        (
                            (a.lineno, column(a.lineno, a.col_offset)),
                            (end := _end(a.end_lineno, a.lineno), column(end, _end(a.end_col_offset, a.col_offset))),
                        )
                    )
        return shape

    def in_annotation(self, position: tuple[int, int]) -> bool:
        return any(start <= tuple(position) < end for start, end in self.annotations)


def _end(end: int | None, start: int) -> int:
    """A node's end line or column: ast.parse always sets it; typeshed keeps it Optional for nodes built by hand."""
    return end if end is not None else start
