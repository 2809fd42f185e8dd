"""Text that remembers where each of its characters came from.

Cleaning deletes, replaces and converts characters step by step; every character of the result
keeps the span [start, end) of the original text it was made from, so a finding in the cleaned
text can be shown in the text as it was pasted. Spans never go backwards: edits replace a stretch
by its new text in place, they never move text around.
"""

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

Edit = tuple[int, int, str]  # replace text[start:end] by the string


@dataclass(frozen=True)
class MappedText:
    text: str
    starts: tuple[int, ...]  # starts[i]: where text[i] begins in the original
    ends: tuple[int, ...]  # ends[i]: where it ends
    frozen: frozenset[int]  # positions no later step may change (garbled text kept as found)

    @classmethod
    def of(cls, original: str) -> "MappedText":
        return cls(
            original,
            tuple(range(len(original))),
            tuple(range(1, len(original) + 1)),
            frozenset(),
        )

    def __len__(self) -> int:
        return len(self.text)

    def is_free(self, start: int, end: int) -> bool:
        """Whether text[start:end] may be changed (no frozen character in it)."""
        return not any(position in self.frozen for position in range(start, max(end, start + 1)))

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The stretch of the original that text[start:end] was made from."""
        if start >= end:
            point = self.starts[start] if start < len(self.starts) else self._original_end()
            return point, point
        return self.starts[start], self.ends[end - 1]

    def clean_span(self, original_start: int, original_end: int) -> tuple[int, int] | None:
        """The stretch of this text made from original[original_start:original_end], or None when
        nothing of it is left."""
        first = bisect.bisect_right(self.ends, original_start)
        last = bisect.bisect_left(self.starts, original_end)
        if first >= last:
            return None
        return first, last

    def _original_end(self) -> int:
        return self.ends[-1] if self.ends else 0

    def edit(
        self,
        edits: Iterable[Edit],
        *,
        freeze: bool = False,
        force: bool = False,
        attach: bool = False,
    ) -> "MappedText":
        """Apply non-overlapping edits. A replacement as long as what it replaces maps character
        to character (a conversion); any other takes the whole replaced span for each new
        character. Edits touching frozen characters are skipped unless force; freeze marks the
        new text as frozen; attach gives what a deletion removed to the character before it (a
        pinyin annotation belongs to its character)."""
        text: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        frozen: set[int] = set()
        position = 0
        for start, end, replacement in sorted(edits):
            if start < position or not (force or self.is_free(start, end)):
                continue
            self._copy(position, start, text, starts, ends, frozen)
            if attach and not replacement and ends and start > 0:
                ends[-1] = max(ends[-1], self.ends[end - 1])
            if len(replacement) == end - start:
                new_starts, new_ends = self.starts[start:end], self.ends[start:end]
            else:
                span_start, span_end = self.original_span(start, end)
                new_starts = (span_start,) * len(replacement)
                new_ends = (span_end,) * len(replacement)
            if freeze:
                frozen.update(range(len(starts), len(starts) + len(replacement)))
            text.append(replacement)
            starts.extend(new_starts)
            ends.extend(new_ends)
            position = end
        self._copy(position, len(self.text), text, starts, ends, frozen)
        return MappedText("".join(text), tuple(starts), tuple(ends), frozenset(frozen))

    def _copy(self, start, end, text, starts, ends, frozen) -> None:
        if start >= end:
            return
        offset = len(starts)
        text.append(self.text[start:end])
        starts.extend(self.starts[start:end])
        ends.extend(self.ends[start:end])
        frozen.update(offset + p - start for p in self.frozen if start <= p < end)
