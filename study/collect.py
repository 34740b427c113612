#!/usr/bin/env python3
"""Summarises finished study runs (runs/study/<sweep>/<setting>-seed<S>/evaluations.csv) as Markdown tables.

Usage: python3 study/collect.py [runs/study]   (prints Markdown)
A run counts once its last evaluation is at its configured number of steps (config.json "steps").
The full report (settings read from config.json, spread per method, error vs tau, plots) is
`./spl study-report runs/study --out docs/study`; this script is the quick look without Java.
"""
import csv
import json
import statistics
import sys
from pathlib import Path


def finished_runs(root):
    for sweep in sorted(p for p in root.iterdir() if p.is_dir()):
        for run in sorted(p for p in sweep.iterdir() if p.is_dir()):
            ev, cfg = run / "evaluations.csv", run / "config.json"
            if not ev.exists() or not cfg.exists():
                continue
            try:
                rows = list(csv.DictReader(ev.open()))
                steps = json.loads(cfg.read_text())["steps"]
            except (ValueError, KeyError):  # a file still being written: the run is not finished
                continue
            if not rows or int(rows[-1]["step"]) != steps:
                continue
            setting, _, seed = run.name.rpartition("-seed")
            last2 = [float(r["teacher_error"]) for r in rows[-2:]]
            yield sweep.name, setting, int(seed), float(rows[-1]["teacher_error"]), statistics.median(last2), \
                float(rows[-1]["student_error"])


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "runs/study")
    runs = list(finished_runs(root))
    print("| sweep | setting | seed | teacher error, final % | teacher, median of last 2 % | student, final % |")
    print("| --- | --- | --- | --- | --- | --- |")
    for sweep, setting, seed, final, med, student in runs:
        print(f"| {sweep} | {setting} | {seed} | {100 * final:.2f} | {100 * med:.2f} | {100 * student:.2f} |")
    print()
    print("| sweep | setting | runs | teacher error, final %: mean ± std | min | max |")
    print("| --- | --- | --- | --- | --- | --- |")
    groups = {}
    for sweep, setting, seed, final, med, student in runs:
        groups.setdefault((sweep, setting), []).append(100 * final)
    for (sweep, setting), errs in groups.items():
        std = statistics.stdev(errs) if len(errs) > 1 else float("nan")
        print(f"| {sweep} | {setting} | {len(errs)} | {statistics.mean(errs):.2f} ± {std:.2f} | {min(errs):.2f} | "
              f"{max(errs):.2f} |")


if __name__ == "__main__":
    main()
