#!/usr/bin/env bash
# Makes the OCR'd inputs of the real development set, once: every ../shared/gold/real/text/pNNN.txt
# is typeset, scanned and OCR'd with ../shared/tools/degrade (tesseract, English "best" model, like
# the OCR'd seeds) into eval/real-ocr/pNNN.txt. The outputs are committed: `npm run eval` reads them
# and never runs tesseract, so CI needs no apt package and stays fast. Regenerate only on purpose
# (needs the apt packages of ../shared/tools/degrade/README.md; about a minute per document).
#   scripts/make-real-inputs.sh [SHARED_DIR] [ID...]
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${1:-../shared}"
shift || true
real="$shared/gold/real/text"
out="eval/real-ocr"
mkdir -p "$out"
ids=("$@")
if [ ${#ids[@]} -eq 0 ]; then
  for f in "$real"/*.txt; do ids+=("$(basename "$f" .txt)"); done
fi
# One fixed seed for every document (layout, fonts and scan noise vary with the seed); Liberation
# Serif pinned, as the degrade README advises for seed-like confusions.
seed=12
for id in "${ids[@]}"; do
  echo "degrading $id (seed $seed)" >&2
  DEGRADE_FONT="Liberation Serif" "$shared/tools/degrade/degrade.sh" "$real/$id.txt" "$out/$id.txt" --seed "$seed"
done
