#!/usr/bin/env bash
# Copies the study's finished runs into docs/study/ for the repository: per run its config, evaluations, report,
# per-class errors and plots (not the models, checkpoints or the per-step metrics.csv); per sweep its summary.
# A run counts as finished once its folder holds model-student.zip and report.md (as `spl sweep` decides).
# Usage: study/archive.sh [RUNS=runs/study] [DOCS=docs/study]
set -euo pipefail
RUNS=${1:-runs/study}
DOCS=${2:-"$(cd "$(dirname "$0")/.." && pwd)/docs/study"}
[ -d "$RUNS" ] || { echo "archive.sh: no study folder $RUNS" >&2; exit 1; }
n=0
for run in "$RUNS"/*/*/; do
  run=${run%/}
  [ -f "$run/report.md" ] && [ -f "$run/model-student.zip" ] || continue
  dest="$DOCS/$(basename "$(dirname "$run")")/$(basename "$run")"
  mkdir -p "$dest"
  for f in config.json evaluations.csv report.md per-class-errors.csv learning-curves.png mask-rate.png; do
    if [ -f "$run/$f" ] && ! cmp -s "$run/$f" "$dest/$f"; then
      cp "$run/$f" "$dest/$f.tmp" && mv "$dest/$f.tmp" "$dest/$f"
    fi
  done
  n=$((n + 1))
done
for sweep in "$RUNS"/*/; do
  sweep=${sweep%/}
  dest="$DOCS/$(basename "$sweep")"
  [ -d "$dest" ] || continue
  for f in summary.md summary.csv error-vs-tau.png; do
    [ -f "$sweep/$f" ] && cp "$sweep/$f" "$dest/$f.tmp" && mv "$dest/$f.tmp" "$dest/$f"
  done
done
echo "archive.sh: $n finished runs in $DOCS"
