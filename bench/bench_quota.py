"""CPU cost of the per-user summary quota (``bot.limits.Quota``) under many active users.

Replays N users (default 30,000) each sending one link, spread evenly over S seconds (default 30) of
a simulated clock, then the same users asking again, and prints the CPU seconds the quota spent and
the cost per call.

    python bench/bench_quota.py [--users 30000] [--seconds 30]
"""

from __future__ import annotations

import argparse
import time

from bot.limits import Quota


class SimulatedClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def run(users: int, seconds: float, rounds: int) -> tuple[float, int]:
    clock = SimulatedClock()
    quota = Quota(10, 60.0, clock)
    calls = 0
    step = seconds / users
    started = time.process_time()
    for _ in range(rounds):
        for user in range(users):
            quota.acquire(user)
            clock.now += step
            calls += 1
    return time.process_time() - started, calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--users", type=int, default=30_000)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    cpu, calls = run(args.users, args.seconds, args.rounds)
    print(
        f"quota: {args.users} users over {args.seconds:.0f} s x {args.rounds} rounds = {calls} calls: "
        f"{cpu:.2f} s CPU, {cpu / calls * 1e6:.1f} µs per call"
    )


if __name__ == "__main__":
    main()
