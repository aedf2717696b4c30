"""The two delays of acting on its own, in one run, each against its own precision.

1. Due time → fired run: crons on a private demo copy fired by the real scheduler loop
   (``bench.schedule_delay.measure``), against the loop's tick (a polling scheduler
   cannot fire before its next pass).
2. Approval → SMTP delivery: outreach emails approved through the real approval path
   and mailed by the relay loop to a local aiosmtpd server
   (``bench.delivery_delay.delivery_delays``), against the relay's polling interval.

Run: ``python -m bench.automation_delays [--fires 20] [--tick 1.0] [--emails 10]``.
Each part also has its own benchmark with more options (``bench.schedule_delay``,
``bench.delivery_delay``).
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence

from bench.delivery_delay import delivery_delays
from bench.delivery_delay import report as delivery_report
from bench.demo_db import demo_copies
from bench.schedule_delay import measure
from bench.schedule_delay import report as schedule_report


def main(argv: Sequence[str] | None = None) -> int:
    """Measure both delays on one demo template and print them with their ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fires", type=int, default=20, help="Crons, each firing once.")
    parser.add_argument("--tick", type=float, default=1.0, help="Scheduler tick, seconds.")
    parser.add_argument("--spread", type=float, default=10.0, help="Due times span, seconds.")
    parser.add_argument("--emails", type=int, default=10, help="Approved emails to time.")
    parser.add_argument("--interval", type=float, default=1.0, help="Relay polling seconds.")
    args = parser.parse_args(argv)
    with demo_copies() as copies:
        delays, ticks = measure(
            copies.settings("automation-schedule"), args.fires, args.tick, args.spread
        )
        delivery = asyncio.run(delivery_delays(copies, emails=args.emails, interval=args.interval))
    lines = schedule_report(delays, ticks, args.tick)
    # The delivery report's lead-pipeline half is bench.delivery_delay's; stop before it.
    mail = delivery_report(delivery, [])
    lines += ["", *mail[: mail.index("")]]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
