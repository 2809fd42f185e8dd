"""项目编号 the system assigns: one scheme per zone (its pattern and prefix, e.g. YH2026-001), a
running number per series (the pattern with the prefix and the year filled in) kept in a counter
row. Codes typed by people or imported are kept as they are; the running number steps over them.

allocate_codes() runs in the caller's write transaction, which has first marked the zone changed
(org.services.mark_zone_changed): every write takes the zone's row before the counter's, so two
writers never wait for each other in a circle, and two creates at once queue for their numbers.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from zhaoshang.org.models import Zone
from zhaoshang.projects.models import CodeCounter, Project

_TOKEN = re.compile(r"\{(prefix|year|seq(?::0([1-9])d)?)\}")


@dataclass(frozen=True)
class CodeScheme:
    pattern: str
    prefix: str

    def series(self, year: int) -> str:
        """The pattern with the prefix and year filled in and the running number left as is: the
        key of the counter (a new prefix or pattern starts a new series)."""
        return _TOKEN.sub(
            lambda m: m[0] if m[1].startswith("seq") else self._part(m[1], year), self.pattern
        )

    def code(self, year: int, number: int) -> str:
        def part(match: re.Match) -> str:
            if match[1].startswith("seq"):
                return f"{number:0{match[2] or 1}d}"
            return self._part(match[1], year)

        return _TOKEN.sub(part, self.pattern)

    def _part(self, name: str, year: int) -> str:
        return self.prefix if name == "prefix" else str(year)


def scheme_of(zone: Zone) -> CodeScheme:
    return CodeScheme(pattern=zone.code_pattern, prefix=zone.code_prefix or zone.code.upper())


def allocate_codes(
    zone: Zone, *, year: int, count: int = 1, also_taken: Iterable[str] = ()
) -> list[str]:
    """`count` new codes of the zone's scheme for `year`, reserved in the caller's transaction:
    the next running numbers whose codes no project of the zone (nor `also_taken`: codes of the
    same write not saved yet) already has."""
    if count < 1:
        return []
    scheme = scheme_of(zone)
    series = scheme.series(year)
    locked = CodeCounter.objects.select_for_update().filter(zone=zone, series=series)
    counter = locked.first()
    if counter is None:
        CodeCounter.objects.bulk_create(
            [CodeCounter(zone=zone, series=series)], ignore_conflicts=True
        )
        counter = locked.get()
    also_taken = set(also_taken)

    def used(codes: list[str]) -> set[str]:
        stored = Project.objects.filter(zone=zone, code__in=codes).values_list("code", flat=True)
        return set(stored) | (also_taken & set(codes))

    codes, counter.last = _next_codes(scheme, year, counter.last, count, used)
    counter.save(update_fields=["last"])
    return codes


def preview_codes(zone: Zone, *, year: int, count: int, taken: set[str]) -> list[str]:
    """The codes allocate_codes() would give now, reserving nothing (a ledger's preview): the
    write checks that they are still the next ones."""
    scheme = scheme_of(zone)
    last = (
        CodeCounter.objects.filter(zone=zone, series=scheme.series(year))
        .values_list("last", flat=True)
        .first()
    )
    codes, _last = _next_codes(
        scheme, year, last or 0, count, lambda codes: taken.intersection(codes)
    )
    return codes


def _next_codes(
    scheme: CodeScheme,
    year: int,
    last: int,
    count: int,
    used: Callable[[list[str]], set[str]],
) -> tuple[list[str], int]:
    """The codes of the numbers after `last` that `used` does not name, and the last number."""
    codes: list[str] = []
    while len(codes) < count:
        numbers = range(last + 1, last + 1 + count - len(codes))
        candidates = [scheme.code(year, number) for number in numbers]
        taken = used(candidates)
        codes.extend(code for code in candidates if code not in taken)
        last = numbers[-1]
    return codes, last
