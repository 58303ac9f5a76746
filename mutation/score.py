"""The mutation score: mutants killed and survived per module, as the report prints it."""

import os
import time
from dataclasses import dataclass, field

NOT_COVERED = "no test runs this line"


@dataclass
class Tally:
    killed: int = 0
    survived: int = 0
    not_covered: int = 0
    errors: int = 0
    pending: int = 0
    survivors: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.killed + self.survived

    @property
    def score(self) -> str:
        return f"{100 * self.killed / self.total:.1f}%" if self.total else "-"


def tally(db) -> Tally:
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome

    t = Tally()
    for item, result in db.completed_work_items:
        if result.worker_outcome in (WorkerOutcome.SKIPPED, WorkerOutcome.NO_TEST):
            continue
        if result.test_outcome == TestOutcome.KILLED:
            t.killed += 1
        elif result.test_outcome == TestOutcome.SURVIVED:
            t.survived += 1
            t.not_covered += result.output == NOT_COVERED
            t.survivors.append((item.mutations[0], result))
        else:
            t.errors += 1
    t.pending = db.num_work_items - db.num_results
    return t


def report(tallies: dict[str, Tally], elapsed: float) -> str:
    rows = [
        f"| {m} | {t.killed} | {t.survived} | {t.not_covered} | {t.total} | {t.score} |"
        + (f" {t.pending} not run |" if t.pending else " |")
        + (f" {t.errors} errors" if t.errors else "")
        for m, t in tallies.items()
    ]
    total = Tally(*(sum(getattr(t, k) for t in tallies.values()) for k in ("killed", "survived", "not_covered")))
    lines = [
        "| module | killed | survived | of which no test runs the line | total | score | |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
        *rows,
        f"| **all** | {total.killed} | {total.survived} | {total.not_covered} | {total.total} | {total.score} | |",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores"
        + (f", {elapsed / 60:.1f} min this run." if elapsed else "."),
    ]
    return "\n".join(lines)


def survivors_text(tallies: dict[str, Tally]) -> str:
    out = []
    for module, t in tallies.items():
        for mutation, result in sorted(t.survivors, key=lambda s: (s[0].start_pos, s[0].operator_name)):
            note = " (no test runs this line)" if result.output == NOT_COVERED else ""
            out.append(f"## {module}:{mutation.start_pos[0]} {mutation.operator_name}{note}\n{result.diff}\n")
    return "\n".join(out)
