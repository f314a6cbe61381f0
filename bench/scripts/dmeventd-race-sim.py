#!/usr/bin/env python3
"""How often dmeventd's snapshot autoextend keeps a snapshot alive, over every phase of its check.

dmeventd looks at a monitored snapshot every 10 s; above snapshot_autoextend_threshold (70) it runs
lvextend --use-policies, which grows the snapshot by snapshot_autoextend_percent (20) or by what it
takes to get back below the threshold, whichever is more (lvm2's _adjust_amount), rounded up to
4 MiB extents. The extension lands LVEXTEND seconds later. A writer fills the differences area at
RATE MiB/s until WRITTEN MiB are written (used grows 1.6 % faster: dm-snapshot's exception
metadata with 4 KiB chunks). Prints the share of check phases (0.0-9.9 s) in which the snapshot
never overflows.

    bench/scripts/dmeventd-race-sim.py [COW_MIB RATE WRITTEN_MIB LVEXTEND_S ...]
"""
import math
import sys


def survives(cow, rate, written, lvextend, phase, threshold=70, percent=20, extent=4, period=10.0, dt=0.01):
    size, t, next_check, pending = float(cow), 0.0, phase, None
    while True:
        used = min(written, rate * t) * 1.016 + 0.05
        if pending and t >= pending[0]:
            size, pending = pending[1], None
        if used >= size:
            return False
        if rate * t >= written and t > written / rate + period + lvextend:
            return True
        if t >= next_check:
            next_check += period
            fill = used / size * 100
            if fill > threshold and not pending:
                amount = max(percent, math.ceil(fill / threshold * 100) - 100)
                pending = (t + lvextend, math.ceil(size * (1 + amount / 100) / extent) * extent)
        t += dt


def main(args):
    cases = [args[i:i + 4] for i in range(0, len(args), 4)] if args else [
        [cow, rate, written, lvextend] for cow in (32, 64) for rate in (1, 2, 3, 4) for written in (128,) for lvextend in (1.5, 3, 11)]
    for cow, rate, written, lvextend in ([float(x) for x in case] for case in cases):
        kept = sum(survives(cow, rate, written, lvextend, phase / 10) for phase in range(100))
        print(f"{cow:g} MiB area, {rate:g} MiB/s, {written:g} MiB written, lvextend {lvextend:g} s: "
              f"dmeventd keeps it in {kept} % of check phases; the area is full {cow / rate:.0f} s after the writes start")


if __name__ == "__main__":
    main(sys.argv[1:])
