#!/usr/bin/env bash
# The Fashion-MNIST study of issue #9, as resumable `spl sweep` runs (each run ~8-10 minutes on 2 cores).
# Protocol: SmallCNN-16, B 32, unlabeled ratio 3, K = 2,000 steps, lr 0.03 with FixMatch's cosine, EMA 0.999 with
# warm-up, teacher and student evaluated on the 10,000 test images every K/4 = 500 steps, result = final evaluation
# (the median of the last evaluations is recorded too). Re-running a line skips finished runs.
# Usage: study/sweeps.sh [NAME ...]   (default: all, in this order)
set -euo pipefail
cd "$(dirname "$0")/.."
COMMON=(--steps 2000 --eval-every 500 --checkpoint-every 500 --median-of-last 2 --no-progress)
run() { local name=$1; shift; ./spl sweep --out "runs/study/$name" "${COMMON[@]}" "$@"; }
want() { local name=$1; shift; [ $# -eq 0 ] || [[ " $* " == *" $name "* ]]; }
names=("$@")
# 40 labels, balanced: FixMatch vs Smooth FixMatch (linear), 5 seeds each (seeds 1-2 first, so partial results pair up).
if want core-40-balanced "${names[@]}"; then
  run core-40-balanced --labels 40 --sampling balanced --weightings hard,smooth --taus 0.95 --mus 1 --seeds 1,2
  run core-40-balanced --labels 40 --sampling balanced --weightings hard,smooth --taus 0.95 --mus 1 --seeds 1,2,3,4,5
fi
# Supervised only (no unlabelled images: the loss is plain cross-entropy), 5 seeds.
if want supervised-40-balanced "${names[@]}"; then
  run supervised-40-balanced --labels 40 --sampling balanced --weightings smooth --taus 0.95 --mus 1 \
      --unlabeled-ratio 0 --seeds 1,2,3,4,5
fi
# Random sampling of the 40 labels (the SPL paper's benchmark), 3 seeds each.
if want core-40-random "${names[@]}"; then
  run core-40-random --labels 40 --sampling random --weightings hard,smooth --taus 0.95 --mus 1 --seeds 1,2,3
fi
# Smooth ramp shapes: square root and quadratic, 3 seeds each.
if want shapes-40-balanced "${names[@]}"; then
  run shapes-40-balanced --labels 40 --sampling balanced --weightings smooth --taus 0.95 --mus 0.5,2 --seeds 1,2,3
fi
# Robustness to tau, 2 seeds each.
if want tau-robustness "${names[@]}"; then
  run tau-robustness --labels 40 --sampling balanced --weightings hard,smooth --taus 0.8,0.9,0.98 --mus 1 --seeds 1,2
fi
# Robustness to the EMA decay (0.99 vs 0.999), hard vs smooth, 2 seeds each. Pseudo-labels come from the EMA teacher
# here (--pseudo-labels teacher): with the student's own pseudo-labels the decay only changes which average of the same
# student is evaluated, not the training, so it could not show a difference in robustness between the weightings.
if want ema-robustness "${names[@]}"; then
  run ema-robustness --labels 40 --sampling balanced --weightings hard,smooth --taus 0.95 --mus 1 \
      --pseudo-labels teacher --ema-decays 0.99,0.999 --seeds 1,2
fi
# A long-tailed split, imbalance ratio 10 for the labelled and the unlabelled set (the 40-label budget gives class
# counts 10 7 5 4 3 2 2 1 1 1 = 36 labels; unlabelled 6,000 ... 600), hard vs smooth, 2 seeds each; report.md of each
# run has the per-class test errors.
if want long-tailed "${names[@]}"; then
  run long-tailed --labels 40 --sampling imbalanced --imbalance-ratio 10 --unlabeled-imbalance-ratio 10 \
      --weightings hard,smooth --taus 0.95 --mus 1 --seeds 1,2
fi
# One longer run per method (K = 10,000, seed 1), evaluated every 2,500 steps, to show where the curves go.
if want long-runs "${names[@]}"; then
  ./spl sweep --out runs/study/long-runs --steps 10000 --eval-every 2500 --checkpoint-every 500 --median-of-last 2 \
      --no-progress --labels 40 --sampling balanced --weightings hard,smooth --taus 0.95 --mus 1 --seeds 1
fi
