"""De-duplication and rate limiting of error reports, so a failure storm does not flood the admins.

Pure and clock-driven (``now`` in seconds from any monotonic clock), so it is tested without waiting.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

MAX_SIGNATURES = 1_000  # distinct errors remembered; older ones are forgotten first


@dataclass(frozen=True, slots=True)
class Admission:
    """A report may go out; it mentions what was held back since the last one."""

    repeats: int  # the same error, counted and not reported since its last report
    others: int  # other errors not reported because the rate limit was reached


@dataclass(frozen=True, slots=True)
class Summary:
    """What was held back and is no longer waiting for a report of its own (the storm is over)."""

    repeats: list[tuple[str, int]]  # (label of the error, times it happened since its report)
    others: int  # errors never reported because of the rate limit


@dataclass(slots=True)
class _Seen:
    reported_at: float
    repeats: int = 0
    label: str = ""


@dataclass(slots=True)
class AlertThrottle:
    window: float  # seconds: same signature reported at most once per window
    max_per_window: int  # reports per window, all signatures together
    seen: dict[str, _Seen] = field(default_factory=dict)
    sent: deque[float] = field(default_factory=deque)
    held_back: int = 0

    def admit(self, signature: str, now: float, label: str = "") -> Admission | None:
        """An Admission if a report of ``signature`` should be sent now, else None (it is counted)."""
        while self.sent and self.sent[0] <= now - self.window:
            self.sent.popleft()
        previous = self.seen.get(signature)
        if previous is not None and now - previous.reported_at < self.window:
            previous.repeats += 1
            return None
        if len(self.sent) >= self.max_per_window:
            if previous is not None:
                previous.repeats += 1  # reported with its next report
            else:
                self.held_back += 1  # reported as "other errors" with the next report
            return None
        admission = Admission(repeats=previous.repeats if previous else 0, others=self.held_back)
        self.held_back = 0
        self.seen.pop(signature, None)  # re-inserted last: the dict stays ordered by report time
        self.seen[signature] = _Seen(reported_at=now, label=label)
        self.sent.append(now)
        while len(self.seen) > MAX_SIGNATURES:
            del self.seen[next(iter(self.seen))]
        return admission

    def next_summary_at(self) -> float | None:
        """When ``drain`` will have something to say, if anything is held back."""
        times = [seen.reported_at + self.window for seen in self.seen.values() if seen.repeats]
        if self.held_back and self.sent:
            times.append(self.sent[0] + self.window)
        elif self.held_back:
            times.append(0.0)
        return min(times, default=None)

    def drain(self, now: float) -> Summary | None:
        """The counts whose window is over, reset; None when there is nothing to tell."""
        repeats: list[tuple[str, int]] = []
        for seen in self.seen.values():
            if seen.repeats and now - seen.reported_at >= self.window:
                repeats.append((seen.label, seen.repeats))
                seen.repeats = 0
        others = 0
        if self.held_back and (not self.sent or now - self.sent[0] >= self.window):
            others, self.held_back = self.held_back, 0
        return Summary(repeats, others) if repeats or others else None
