"""``python -m mutation [FILE-OR-GLOB ...]``: mutation testing with Cosmic Ray (``make mutation``).

Cosmic Ray enumerates the mutants, applies each one to a file and keeps the verdicts in a
session database (one per module, under var/mutation/sessions/, readable with ``cr-report``
and ``cr-html``). This driver adds what makes it practical on two cores:

1. Copies of the work tree (one per job, in the temporary directory): mutants are written
   into the copies, never into the tree you work in.
2. One migrated SQLite database, copied for every test session (mutation/template_db.py).
3. One coverage run of the suite (browser tests excluded) recording which test ran which line;
   each mutant then runs only the tests that ran its line, stopping at the first failure, and
   at most --budget seconds of them by their measured durations: first those that take the
   rarest paths through the mutated function.
4. A smaller set of operators than Cosmic Ray's default (see ``excluded``), one of our own for
   Django lookups (mutation/operators.py), and no mutants inside type annotations.

A module's verdicts are kept while its source and the test suite are unchanged; a run after
an interruption carries on where it stopped.
"""

import argparse
import difflib
import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .score import NOT_COVERED, report, survivors_text, tally
from .shape import ModuleShape

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "mutation"  # sessions, the coverage map, the template database, the report
# The copies the mutants are written into: outside the repository, where pytest, ruff and mypy never look.
TREES = Path(tempfile.gettempdir()) / f"xianfeng-mutation-{hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]}"
PY = sys.executable
VERSION = "1"  # bump when the mutant set or the verdict rules change: sessions are started again
SELECTION = "2"  # bump when the choice of tests per mutant changes: survivors run again

# The scope of `make mutation` (docs/testing.md): scope and rights, services and checks, rules, figures.
SCOPE = [
    "common/scope.py",
    "accounts/scope.py",
    "accounts/rights.py",
    "*/services.py",
    "evaluation/services/*.py",
    "*/checks.py",
    "*/rules.py",
    "*/figures.py",
]

# Of Cosmic Ray's operator replacements, those that can be wrong without crashing: the inverse
# arithmetic, Q objects' | and & swapped, and for comparisons the boundary and the negation.
# `%` is string formatting here (a replaced one only raises), `is` and `==` agree on None.
BINARY_KEPT = {"Add_Sub", "Sub_Add", "Mul_Div", "Div_Mul", "FloorDiv_Div", "BitOr_BitAnd", "BitAnd_BitOr"}
COMPARISON_KEPT = {
    "Eq_NotEq",
    "NotEq_Eq",
    "Lt_LtE",
    "Lt_GtE",
    "LtE_Lt",
    "LtE_Gt",
    "Gt_GtE",
    "Gt_LtE",
    "GtE_Gt",
    "GtE_Lt",
    "Is_IsNot",
    "IsNot_Is",
}
SIGNATURE_PARTS = {"parameters", "param", "argument", "star_expr", "lambdef", "varargslist", "typedargslist"}
PYTEST = [
    "-m",
    "pytest",
    "-p",
    "mutation.pytest_plugin",
    "-p",
    "no:cacheprovider",
    "-m",
    "not browser",
    "-q",
    "--no-header",
]


def excluded(operator_name: str) -> bool:
    name = operator_name.removeprefix("core/")
    for family, kept in (("ReplaceBinaryOperator_", BINARY_KEPT), ("ReplaceComparisonOperator_", COMPARISON_KEPT)):
        if name.startswith(family):
            return name.removeprefix(family) not in kept
    return False


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()[:16]


def say(message: str) -> None:
    print(f"mutation: {message}", flush=True)


# -- the files ---------------------------------------------------------------------------


def resolve(patterns: list[str]) -> list[str]:
    found: set[str] = set()
    for pattern in patterns:
        matches = [p for p in ROOT.glob(pattern) if p.is_file() and p.suffix == ".py"]
        matches = [p for p in matches if not {"tests", "migrations", "var", ".venv"} & set(p.relative_to(ROOT).parts)]
        if not matches:
            raise SystemExit(f"mutation: no module matches {pattern!r}")
        found.update(p.relative_to(ROOT).as_posix() for p in matches)
    return sorted(found)


def _ignore(directory: str, names: list[str]) -> set[str]:
    skip = {"__pycache__", ".hypothesis", ".mypy_cache", ".ruff_cache", ".pytest_cache", "test-results"}
    if Path(directory).resolve() == ROOT:
        skip |= {".git", ".venv", "var", "media", "staticfiles"}
    return {n for n in names if n in skip}


def make_trees(jobs: int) -> list[Path]:
    shutil.rmtree(TREES, ignore_errors=True)
    (TREES / "tmp").mkdir(parents=True)
    trees = []
    for n in range(1, jobs + 1):
        tree = TREES / f"tree-{n}"
        shutil.copytree(ROOT, tree, ignore=_ignore, symlinks=True)
        # Byte code of the unmutated tree; the test runs write none, so a mutant is always compiled afresh.
        subprocess.run([PY, "-m", "compileall", "-q", "-j", "0", str(tree)], check=True)  # noqa: S603 - our interpreter
        trees.append(tree)
    return trees


def is_test_file(path: str) -> bool:
    return "/tests/" in f"/{path}" and Path(path).name.startswith("test_")


def tree_keys(tree: Path) -> tuple[str, dict[str, str]]:
    """What the verdicts depend on: the code with the test fixtures and configuration, and each test file."""
    files = sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*.py") if "var" not in p.relative_to(tree).parts)
    for driver in ("mutation/__main__.py", "mutation/operators.py", "mutation/shape.py", "mutation/score.py"):
        files.remove(driver)  # VERSION says when changes to the driver matter
    files += [f for f in ("pyproject.toml", "requirements.txt", "requirements-dev.txt") if (tree / f).exists()]
    tests = {f: digest((tree / f).read_bytes()) for f in files if is_test_file(f)}
    code = digest(VERSION, *(f"{f}\n".encode() + (tree / f).read_bytes() for f in files if not is_test_file(f)))
    return code, tests


def base_env(tree: Path, template: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MUTATION_")}
    env.update(
        DJANGO_SETTINGS_MODULE="xianfeng.test_settings",
        DATABASE_URL=f"sqlite:///{tree / 'var' / 'unused.sqlite3'}",  # SQLite; the name is replaced per session
        PYTHONDONTWRITEBYTECODE="1",
        # The test sessions' database copies: a run killed at its timeout leaves its copy behind,
        # and this directory goes with the trees.
        TMPDIR=str(TREES / "tmp"),
    )
    if template is not None:
        env["MUTATION_DB_TEMPLATE"] = str(template)
    return env


def template_database(tree: Path) -> Path:
    migrations = sorted(tree.glob("*/migrations/*.py"))
    key = digest(*(p.read_bytes() for p in migrations), (tree / "requirements.txt").read_bytes())
    path = WORK / f"template-{key}.sqlite3"
    if path.exists():
        return path
    for old in WORK.glob("template-*.sqlite3"):
        old.unlink()
    say("migrating a template database (once per set of migrations)")
    building = WORK / "template.building.sqlite3"
    building.unlink(missing_ok=True)
    env = base_env(tree) | {"DATABASE_URL": f"sqlite:///{building}"}
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=tree, env=env, check=True)  # noqa: S603
    with sqlite3.connect(building) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA journal_mode=DELETE")
    building.rename(path)
    return path


# -- which tests run which line -------------------------------------------------------------


@dataclass
class CoverageMap:
    """Which test ran which line of the measured modules, and how long each test takes.

    Kept under var/mutation/coverage-KEY.json while the code is unchanged; when test files
    change, only those files run again under coverage.
    """

    tests: dict[str, str]  # test file -> digest
    ids: list[str]  # test ids; lines refer to them by index
    durations: dict[str, float]
    failed: list[str]
    lines: dict[str, dict[str, list[int]]]  # module -> line -> test indexes

    def tests_of(self, module: str, line: int) -> set[str]:
        return {self.ids[i] for i in self.lines.get(module, {}).get(str(line), ())}

    def all_tests_of(self, module: str) -> set[str]:
        return {self.ids[i] for indexes in self.lines.get(module, {}).values() for i in indexes}

    def drop(self, files: set[str]) -> None:
        gone = {i for i, t in enumerate(self.ids) if t.split("::")[0] in files}
        for by_line in self.lines.values():
            for line, indexes in list(by_line.items()):
                by_line[line] = [i for i in indexes if i not in gone]
        for i in gone:
            self.durations.pop(self.ids[i], None)
        self.failed = [t for t in self.failed if t.split("::")[0] not in files]
        for f in files:
            self.tests.pop(f, None)

    def add(self, run: "CoverageMap") -> None:
        index = {t: i for i, t in enumerate(self.ids)}
        for t in run.ids:
            if t not in index:
                index[t] = len(self.ids)
                self.ids.append(t)
        for module, by_line in run.lines.items():
            mine = self.lines.setdefault(module, {})
            for line, indexes in by_line.items():
                mine[line] = sorted(set(mine.get(line, [])) | {index[run.ids[i]] for i in indexes})
        self.durations.update(run.durations)
        self.failed = sorted(set(self.failed) | set(run.failed))
        self.tests.update(run.tests)


def _measure(tree: Path, template: Path, measured: list[str], test_files: list[str], jobs: int) -> CoverageMap:
    import coverage

    directory = WORK / "coverage-run"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    data_file, durations_file = directory / "coverage", directory / "durations.json"
    env = base_env(tree, template) | {
        "MUTATION_COVERAGE": str(data_file),
        "MUTATION_COVERAGE_INCLUDE": ",".join(str(tree / m) for m in measured),
        "MUTATION_DURATIONS": str(durations_file),
    }
    workers = ["-p", "xdist", "-n", str(jobs)] if jobs > 1 and len(test_files) != 1 else []
    what = "the suite" if not test_files else f"{len(test_files)} changed test files"
    say(f"running {what} under coverage (browser tests excluded) to learn which test runs which line")
    started = time.monotonic()
    run = subprocess.run([PY, *PYTEST, *workers, *test_files], cwd=tree, env=env)  # noqa: S603 - our pytest
    if run.returncode not in (0, 1):
        raise SystemExit(f"mutation: the coverage run stopped (pytest exit code {run.returncode})")
    say(f"coverage run took {time.monotonic() - started:.0f} s")
    combined = coverage.Coverage(data_file=str(data_file), config_file=False)
    combined.combine([str(directory)], keep=False)
    combined.save()
    data = coverage.CoverageData(basename=str(data_file))
    data.read()
    recorded = json.loads(durations_file.read_text())
    ids: list[str] = []
    index: dict[str, int] = {}
    lines: dict[str, dict[str, list[int]]] = {}
    for module in measured:
        by_line = lines[module] = {}
        for n, contexts in (data.contexts_by_lineno(str(tree / module)) or {}).items():
            for c in contexts:
                if c and c not in index:
                    index[c] = len(ids)
                    ids.append(c)
            by_line[str(n)] = sorted(index[c] for c in contexts if c)
    shutil.rmtree(directory)
    return CoverageMap({}, ids, recorded["durations"], recorded["failed"], lines)


def coverage_map(tree: Path, template: Path, modules: list[str], code_key: str, tests: dict[str, str], jobs: int):
    measured = sorted(set(resolve(SCOPE)) | set(modules))
    path = WORK / f"coverage-{digest(code_key, *measured)}.json"
    if path.exists():
        cover = CoverageMap(**json.loads(path.read_text()))
        changed = {f for f, h in tests.items() if cover.tests.get(f) != h}
        removed = set(cover.tests) - set(tests)
        if not changed and not removed:
            return cover
        cover.drop(changed | removed)
        if changed:
            cover.add(_measure(tree, template, measured, sorted(changed), jobs))
    else:
        for old in WORK.glob("coverage-*.json"):
            old.unlink()
        cover = _measure(tree, template, measured, [], jobs)
    cover.tests = dict(tests)
    path.write_text(json.dumps(cover.__dict__))
    if cover.failed:
        say(f"{len(cover.failed)} tests fail without mutants and are left out: {', '.join(cover.failed[:5])}")
    return cover


def tests_for(mutation, cover: CoverageMap, shape: ModuleShape, budget: float) -> tuple[list[str], int]:
    """Return the tests to run for ``mutation`` (within ``budget`` seconds) and how many ran its line."""
    module = str(mutation.module_path)
    first, last = mutation.start_pos[0], mutation.end_pos[0]
    tests = set().union(*(cover.tests_of(module, n) for n in range(first, last + 1)))
    if not tests and first not in shape.runtime:
        # Code run at import (a decorator, a default, a constant): the tests of its statement, else of the module.
        span = shape.statement_of.get(first, range(first, last + 1))
        tests = set().union(*(cover.tests_of(module, n) for n in span)) or cover.all_tests_of(module)
    tests -= set(cover.failed)
    # The tests that take the rarest paths through the mutated function first, for their time: a test
    # that also runs lines few others run (the body of the `if` mutated, say) is the likeliest to notice.
    rarity: dict[str, float] = defaultdict(float)
    for n in shape.function_of.get(first) or shape.statement_of.get(first, range(first, last + 1)):
        covering = cover.lines.get(module, {}).get(str(n), ())
        for i in covering:
            rarity[cover.ids[i]] += 1 / len(covering)
    ordered = sorted(tests, key=lambda t: (-round(rarity[t] / max(cover.durations.get(t, 1.0), 0.05), 6), t))
    chosen: list[str] = []
    spent = 0.0
    for test in ordered:
        cost = cover.durations.get(test, 1.0)
        if chosen and spent + cost > budget:
            break
        chosen.append(test)
        spent += cost
    return chosen, len(tests)


# -- one mutant ------------------------------------------------------------------------------

_tree: Path | None = None


def _start_worker(trees) -> None:
    global _tree
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the pool
    _tree = trees.get()
    os.chdir(_tree)


def _run_mutant(job):
    import cosmic_ray.plugins
    from cosmic_ray.mutating import use_mutation
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome, WorkResult

    session, work_item, tests, timeout, template = job
    mutation = work_item.mutations[0]
    operator = cosmic_ray.plugins.get_operator(mutation.operator_name)(**(mutation.operator_args or {}))
    started = time.monotonic()
    with use_mutation(Path(mutation.module_path), operator, mutation.occurrence) as (original, mutated):
        if mutated is None:
            return session, work_item, WorkResult(worker_outcome=WorkerOutcome.NO_TEST), 0.0
        diff = "\n".join(
            difflib.unified_diff(
                original.split("\n"),
                mutated.split("\n"),
                f"a/{mutation.module_path}",
                f"b/{mutation.module_path}",
                lineterm="",
            )
        )
        if not tests:
            result = WorkResult(
                worker_outcome=WorkerOutcome.NORMAL, test_outcome=TestOutcome.SURVIVED, output=NOT_COVERED, diff=diff
            )
            return session, work_item, result, 0.0
        command = [PY, *PYTEST, "-x", "--tb=line", "-W", "ignore", *tests]
        proc = subprocess.Popen(  # noqa: S603 - our interpreter, pytest, test ids from coverage
            command,
            env=base_env(_tree, template),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            output, _ = proc.communicate(timeout=timeout)
            code = proc.returncode
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            output, _ = proc.communicate()
            code = "timeout"
    text = output.decode(errors="replace")[-3000:]
    if code == 0:
        outcome = TestOutcome.SURVIVED
    elif code in (1, 2, 3, "timeout"):  # failed, interrupted (an import broken by the mutant), internal error
        outcome = TestOutcome.KILLED
        text = f"{code}: {text}" if code == "timeout" else text
    elif code == 4 and "ERROR: not found:" in text:
        # A test that ran on the unmutated code is gone: the mutant emptied what it is parametrized
        # over (a registry lost an entry), and that is noticed.
        outcome = TestOutcome.KILLED
    else:  # 4: usage error, 5: no test collected: the driver's mistake, not a verdict
        outcome = TestOutcome.INCOMPETENT
    result = WorkResult(worker_outcome=WorkerOutcome.NORMAL, test_outcome=outcome, output=text, diff=diff)
    return session, work_item, result, time.monotonic() - started


# -- sessions --------------------------------------------------------------------------------


def session_path(module: str) -> Path:
    return WORK / "sessions" / (module.removesuffix(".py").replace("/", ".") + ".sqlite")


def operator_names() -> list[str]:
    """Cosmic Ray's operators that take no arguments, and ours, less those ``excluded``."""
    import cosmic_ray.plugins

    names = cosmic_ray.plugins.operator_names()
    return [n for n in names if not excluded(n) and not cosmic_ray.plugins.get_operator(n).arguments()]


def work_items(module: str, shape: ModuleShape):
    """The mutants of ``module``, numbered per operator as Cosmic Ray's ``init`` numbers them."""
    import uuid

    import cosmic_ray.plugins
    from cosmic_ray.ast import ast_nodes, get_ast_from_path
    from cosmic_ray.ast.ast_query import ASTQuery
    from cosmic_ray.work_item import MutationSpec, WorkItem

    lines = (ROOT / module).read_text().splitlines()
    module_ast = get_ast_from_path(ROOT / module)
    for name in operator_names():
        operator = cosmic_ray.plugins.get_operator(name)()
        positions = ((node, a, b) for node in ast_nodes(module_ast) for a, b in operator.mutation_positions(node))
        for occurrence, (node, start, end) in enumerate(positions):
            if shape.in_annotation(start) or "pragma: no mutate" in lines[start[0] - 1]:
                continue
            if node.type == "operator" and getattr(node.parent, "type", None) in SIGNATURE_PARTS:
                continue  # the * of `def f(a, *, b)` or of `f(*args)`: not arithmetic
            mutation = MutationSpec(
                module_path=module,
                operator_name=name,
                occurrence=occurrence,
                start_pos=start,
                end_pos=end,
                definition_name=ASTQuery(node).get_definition_name(),
            )
            yield WorkItem.single(job_id=uuid.uuid4().hex, mutation=mutation)


def open_session(module: str, code_key: str, tests_key: str, shape: ModuleShape):
    """Open the module's session: new when the code changed; when only tests changed, survivors run again."""
    from cosmic_ray.work_db import WorkDB

    path = session_path(module)
    path.parent.mkdir(parents=True, exist_ok=True)
    meta_path = path.with_suffix(".json")
    meta = {"module": digest((ROOT / module).read_bytes()), "code": code_key, "version": VERSION}
    old = json.loads(meta_path.read_text()) if meta_path.exists() and path.exists() else {}
    fresh = {k: old.get(k) for k in meta} != meta
    if fresh:
        path.unlink(missing_ok=True)
    elif (old.get("tests"), old.get("selection")) != (tests_key, SELECTION):
        with sqlite3.connect(path) as db:
            db.execute("DELETE FROM work_results WHERE test_outcome IN ('SURVIVED', 'INCOMPETENT')")
    db = WorkDB(str(path), WorkDB.Mode.create)
    # The session holds exactly the mutants of today's operators and filters: new ones are added,
    # dropped ones (an operator or a filter changed) are removed with their verdicts.
    current = {(i.mutations[0].operator_name, i.mutations[0].occurrence): i for i in work_items(module, shape)}
    existing = {(i.mutations[0].operator_name, i.mutations[0].occurrence): i.job_id for i in db.work_items}
    stale = [(job,) for key, job in existing.items() if key not in current]
    if stale:
        with sqlite3.connect(path) as raw:
            for table in ("work_results", "mutation_specs", "work_items"):
                raw.executemany(f"DELETE FROM {table} WHERE job_id = ?", stale)  # noqa: S608 - our table names
    db.add_work_items(item for key, item in current.items() if key not in existing)
    meta_path.write_text(json.dumps(meta | {"tests": tests_key, "selection": SELECTION}))
    return db


# -- main ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    from .operators import register

    register()
    parser = argparse.ArgumentParser(prog="python -m mutation", description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="files or globs to mutate (default: the whole scope)")
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("MUTATION_JOBS", "2")))
    parser.add_argument(
        "--budget",
        type=float,
        default=float(os.environ.get("MUTATION_BUDGET", "20")),
        help="at most this many seconds of tests per mutant, by their measured durations (default 20)",
    )
    parser.add_argument("--report-only", action="store_true", help="print the score of the sessions, run nothing")
    args = parser.parse_args(argv)
    patterns = [p for arg in args.modules for p in arg.split()]  # make passes MUTATE as one argument
    modules = resolve(patterns or SCOPE)
    WORK.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()

    if args.report_only:
        from cosmic_ray.work_db import WorkDB

        tallies = {}
        for m in modules:
            if session_path(m).exists():
                db = WorkDB(str(session_path(m)), WorkDB.Mode.open)
                tallies[m] = tally(db)
                db.close()
        print(report(tallies, 0.0))
        return 0

    say(f"{len(modules)} modules; copying the tree for {args.jobs} jobs")
    trees = make_trees(args.jobs)
    template = template_database(trees[0])
    code_key, tests = tree_keys(trees[0])
    cover = coverage_map(trees[0], template, modules, code_key, tests, args.jobs)
    tests_key = digest(*(f"{f}={h}" for f, h in sorted(tests.items())))

    sessions, shapes, jobs = {}, {}, []
    for module in modules:
        shapes[module] = ModuleShape.of((ROOT / module).read_text())
        sessions[module] = open_session(module, code_key, tests_key, shapes[module])
        for item in sorted(sessions[module].pending_work_items, key=lambda i: tuple(i.mutations[0].start_pos)):
            to_run, _covering = tests_for(item.mutations[0], cover, shapes[module], args.budget)
            estimate = sum(cover.durations.get(t, 1.0) for t in to_run)
            jobs.append((module, item, to_run, 60 + 4 * estimate, template))
    say(f"{len(jobs)} mutants to run")

    queue = multiprocessing.Manager().Queue()
    for tree in trees:
        queue.put(tree)
    pool = multiprocessing.Pool(args.jobs, initializer=_start_worker, initargs=(queue,))
    try:
        for done, (module, item, result, seconds) in enumerate(pool.imap_unordered(_run_mutant, jobs), 1):
            sessions[module].set_result(item.job_id, result)
            verdict = (result.test_outcome or result.worker_outcome).value
            m = item.mutations[0]
            print(
                f"[{done}/{len(jobs)}] {verdict:<11} {module}:{m.start_pos[0]} {m.operator_name} ({seconds:.1f} s)",
                flush=True,
            )
        pool.close()
    except KeyboardInterrupt:
        say("interrupted; the verdicts so far are kept, the next run carries on")
        pool.terminate()
    pool.join()

    tallies = {m: tally(db) for m, db in sessions.items()}
    for db in sessions.values():
        db.close()
    text = report(tallies, time.monotonic() - started)
    (WORK / "report.md").write_text(text + "\n")
    (WORK / "survivors.md").write_text(survivors_text(tallies))
    print()
    print(text)
    say(f"survivors with their diffs: {(WORK / 'survivors.md').relative_to(ROOT)}")
    shutil.rmtree(TREES, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
