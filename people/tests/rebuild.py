"""An attacker's count: how many GB 11643 numbers agree with everything a page tells about a person.

Given the masked forms of a number shown on a page (``350725************``), whether
the page shows the birth date or only its year, and the sex, ``id_candidates`` counts
the valid numbers left: every birth date allowed, every three-digit sequence of the
right parity, with the check character (ISO 7064 MOD 11-2) computed from the rest and
compared where it is shown. One candidate means the number was rebuilt.
"""

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from people.id_numbers import _CHECK, _WEIGHTS

ID_TOKEN = re.compile(r"(?<![0-9X*])[0-9X*]{18}(?![0-9X*])")
PHONE_TOKEN = re.compile(r"(?<![0-9*])[0-9*][0-9*-]{5,12}[0-9*](?![0-9*])")


@dataclass(frozen=True)
class Known:
    """What a page tells about one person's ID number: revealed characters by position, birth facts, sex."""

    revealed: dict[int, str]
    birth_date: dt.date | None
    birth_year: int | None
    sex: str | None


def revealed_characters(text: str, real: str) -> dict[int, str]:
    """Positions of ``real`` that some ID-shaped token in ``text`` shows (tokens that contradict it are someone else's)."""
    revealed: dict[int, str] = {}
    for token in ID_TOKEN.findall(text):
        shown = {i: c for i, c in enumerate(token) if c != "*"}
        if shown and all(real[i] == c for i, c in shown.items()):
            revealed.update(shown)
    return revealed


def date_shown(text: str, day: dt.date) -> bool:
    """Does ``text`` print ``day`` in any of the usual forms?"""
    forms = (
        day.isoformat(),
        f"{day:%Y/%m/%d}",
        f"{day:%Y%m%d}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day:%Y.%m.%d}",
    )
    return any(form in text for form in forms)


def what_is_known(text: str, real_id: str, birth_date: dt.date, sex: str) -> Known:
    """Everything ``text`` (one row, or one whole page) tells about the number, counted generously for the attacker.

    A full birth date printed anywhere in the text counts as known, and so does its year;
    the sex is taken as known (every page shows it).
    """
    full = date_shown(text, birth_date)
    return Known(
        revealed=revealed_characters(text, real_id),
        birth_date=birth_date if full else None,
        birth_year=birth_date.year if full or str(birth_date.year) in text else None,
        sex=sex,
    )


def _dates(known: Known, today: dt.date) -> Iterable[dt.date]:
    if known.birth_date is not None:
        yield known.birth_date
        return
    years = [known.birth_year] if known.birth_year else range(1900, today.year + 1)
    for year in years:
        day = dt.date(year, 1, 1)
        while day.year == year and day <= today:
            yield day
            day += dt.timedelta(days=1)


def id_candidates(real_id: str, known: Known, today: dt.date | None = None) -> int:
    """Count the valid numbers consistent with ``known`` (the region taken from the mask, else the real one's)."""
    today = today or dt.date.today()
    revealed = known.revealed
    if len(revealed) == 18:
        return 1
    region = real_id[:6]  # the region is the county's code, known to every viewer anyway
    # Sequences (positions 14-16) consistent with what is shown and with the sex (odd = male).
    sequences: Counter[int] = Counter()
    for seq in range(1000):
        digits = f"{seq:03d}"
        if any(revealed.get(14 + i, d) != d for i, d in enumerate(digits)):
            continue
        if known.sex in ("M", "F") and (seq % 2 == 1) != (known.sex == "M"):
            continue
        sequences[sum(int(d) * w for d, w in zip(digits, _WEIGHTS[14:17], strict=True)) % 11] += 1
    check = revealed.get(17)
    if check is None and not any(6 <= i < 14 for i in revealed):
        # Nothing ties the date to the rest: every allowed date goes with every sequence.
        if known.birth_date is not None:
            days = 1
        else:
            first = dt.date(known.birth_year or 1900, 1, 1)
            last = min(dt.date(known.birth_year or today.year, 12, 31), today)
            days = (last - first).days + 1
        return days * sum(sequences.values())
    count = 0
    for day in _dates(known, today):
        body = f"{region}{day:%Y%m%d}"
        if any(revealed.get(6 + i, d) != d for i, d in enumerate(body[6:])):
            continue
        base = sum(int(d) * w for d, w in zip(body, _WEIGHTS[:14], strict=True))
        if check is None:
            count += sum(sequences.values())
        else:
            count += sum(n for rest, n in sequences.items() if _CHECK[(base + rest) % 11] == check)
    return count


def phone_hidden_digits(text: str, real: str) -> int:
    """How many digits of ``real`` no phone-shaped token in ``text`` shows (0: the phone is on the page)."""
    if real in text:
        return 0
    shown: set[int] = set()
    for token in PHONE_TOKEN.findall(text):
        if len(token) == len(real) and all(c == "*" or c == real[i] for i, c in enumerate(token)):
            shown |= {i for i, c in enumerate(token) if c != "*"}
    return sum(1 for i, c in enumerate(real) if c.isdigit() and i not in shown)
