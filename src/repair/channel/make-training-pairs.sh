#!/usr/bin/env bash
# make-training-pairs.sh [OUTDIR] [COUNT] [JOBS] [FIRST_SEED]
# Builds (clean, OCR'd) text pairs for learning the OCR channel: samples ~1-page chunks of clean
# Vietnamese (mostly administrative documents, some codified law and news) from the shared corpus,
# typesets + degrades + OCRs each with tools/degrade (tesseract eng, as the real scans were read) and
# keeps OUTDIR/NNNNN.clean.txt (the text exactly as printed: typeset.txt) and OUTDIR/NNNNN.ocr.txt.
# Page images are deleted. Resumable: existing pairs are skipped. Heavy: run with nice, <= 2 jobs.
set -euo pipefail
out="${1:-/work/scratch/pairs}"
count="${2:-200}"
jobs="${3:-2}"
first="${4:-1}"
shared="${VNPLAN_SHARED:-/work/shared}"
degrade="$shared/tools/degrade"
text="$shared/data/vi-text"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$out"

one() {
  local n="$1" id work
  id=$(printf '%05d' "$n")
  [ -s "$out/$id.ocr.txt" ] && return 0
  work="$(mktemp -d /tmp/r2pair.XXXXXX)"
  python3 "$here/sample-chunk.py" "$text" "$n" > "$work/in.txt"
  if "$degrade/render.sh" "$work/in.txt" "$work" --seed "$n" >/dev/null 2>"$work/err" \
     && "$degrade/ocr.sh" "$work" eng >/dev/null 2>>"$work/err"; then
    cp "$work/typeset.txt" "$out/$id.clean.txt"
    cp "$work/layout.json" "$out/$id.layout.json" 2>/dev/null || true
    cp "$work/ocr-eng.txt" "$out/$id.ocr.txt.part" && mv "$out/$id.ocr.txt.part" "$out/$id.ocr.txt"
  else
    echo "pair $id failed: $(tail -3 "$work/err")" >&2
  fi
  rm -rf "$work"
}
export -f one
export out here text degrade
seq "$first" $((first + count - 1)) | xargs -P "$jobs" -I{} bash -c 'one {}'
