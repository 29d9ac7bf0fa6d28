#!/usr/bin/env bash
# dossier's benchmark: full builds of 1k, 10k and 100k raw articles with the release binary.
#
#   bench/run.sh                      # 1000 10000 100000, corpora made by examples/gen_corpus
#   SIZES="10000" bench/run.sh        # some sizes only
#   CORPUS_ROOT=/dev/shm/bench bench/run.sh   # use existing corpora: $CORPUS_ROOT/N/raw
#   HUGO=1 RUNS=5 SIZES=10000 bench/run.sh    # also Hugo on $CORPUS_ROOT/N/hugo, interleaved
#
# For each size: wall time (median of RUNS, a fresh output folder each run), the same without
# the search index (the build times that stage itself, `--timings`), articles per second,
# peak RSS (/usr/bin/time -v), output size and files written; then a no-change
# rebuild (files written must be 0) and the I/O floor of the medium: `cp -r` of the input
# plus a `cp -r` of the built site (the same output volume and file count). With HUGO=1 each
# run is a pair, dossier then Hugo, and the per-pair ratio is printed with the medians.
# OUT (default /dev/shm/dossier-bench) is where sites and outputs go: tmpfs keeps the disk
# out of the figures; set OUT to a folder on disk for on-disk figures.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
SIZES=${SIZES:-"1000 10000 100000"}
RUNS=${RUNS:-3}
OUT=${OUT:-/dev/shm/dossier-bench}
CORPUS_ROOT=${CORPUS_ROOT:-$OUT/corpus}
HUGO=${HUGO:-0}
mkdir -p "$OUT"

(cd "$REPO" && cargo build --release --quiet --bin dossier --example gen_corpus)
DOSSIER=$REPO/target/release/dossier
GEN=$REPO/target/release/examples/gen_corpus

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# Runs a command under /usr/bin/time -v; prints "wall_seconds peak_rss_kb".
timed() {
  local log
  log=$(mktemp)
  /usr/bin/time -v "$@" >"$log.out" 2>"$log" || { cat "$log" "$log.out" >&2; exit 1; }
  # The output is kept before the figures are printed: callers read it once they have them.
  cat "$log" "$log.out" >"$OUT/last.out"
  awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; w=s}
              /Maximum resident set size/ {r=$2} END {print w, r}' "$log"
  rm -f "$log" "$log.out"
}

printf '%s\n' "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); output: $OUT ($(df -T "$OUT" | awk 'NR==2 {print $2}'))"
printf '| articles | wall (median of %s) | without search index | articles/s | peak RSS | output | files written | no-change rebuild writes | I/O floor | build / floor |\n' "$RUNS"
printf '|---|---|---|---|---|---|---|---|---|---|\n'
for N in $SIZES; do
  CORPUS=$CORPUS_ROOT/$N
  if [ ! -d "$CORPUS/raw" ]; then
    "$GEN" --n "$N" --out "$CORPUS" >/dev/null 2>&1
  fi
  SITE=$OUT/site-$N
  mkdir -p "$SITE"
  cp "$HERE/site.toml" "$SITE/site.toml"
  ln -sfn "$CORPUS/raw" "$SITE/seeds"
  PUBLIC=$OUT/public-$N
  walls=()
  bare=()
  rss=()
  ratios=()
  bare_ratios=()
  hugo_walls=()
  for _ in $(seq "$RUNS"); do
    rm -rf "$PUBLIC" "$OUT/hugo-$N"
    read -r w r <<<"$(timed "$DOSSIER" build --timings --root "$SITE" --output "$PUBLIC")"
    walls+=("$w")
    search_ms=$(awk '/^  search index/ {print $3}' "$OUT/last.out")
    bare+=("$(awk -v w="$w" -v s="${search_ms:-0}" 'BEGIN {printf "%.2f", w - s / 1000}')")
    rss+=("$r")
    written=$(grep -o '([0-9]* written' "$OUT/last.out" | tr -dc 0-9)
    if [ "$HUGO" = 1 ]; then
      read -r hw _ <<<"$(timed hugo --quiet -s "$CORPUS/hugo" -d "$OUT/hugo-$N")"
      hugo_walls+=("$hw")
      ratios+=("$(awk -v h="$hw" -v d="$w" 'BEGIN {printf "%.2f", h/d}')")
      bare_ratios+=("$(awk -v h="$hw" -v d="${bare[-1]}" 'BEGIN {printf "%.2f", h/d}')")
    fi
  done
  wall=$(printf '%s\n' "${walls[@]}" | median)
  wall_bare=$(printf '%s\n' "${bare[@]}" | median)
  peak=$(printf '%s\n' "${rss[@]}" | median)
  size=$(du -sh "$PUBLIC" | cut -f1)
  timed "$DOSSIER" build --root "$SITE" --output "$PUBLIC" >/dev/null
  again=$(grep -o '([0-9]* written' "$OUT/last.out" | tr -dc 0-9)
  # The I/O floor: copying the input in and the same output volume out, on this medium.
  rm -rf "$OUT/floor-in" "$OUT/floor-out"
  start=$(date +%s.%N)
  cp -rL "$CORPUS/raw" "$OUT/floor-in"
  cp -r "$PUBLIC" "$OUT/floor-out"
  floor=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.2f", e-s}')
  rm -rf "$OUT/floor-in" "$OUT/floor-out"
  printf '| %s | %.2f s | %.2f s | %.0f | %.0f MB | %s | %s | %s | %.2f s | %.1fx |\n' "$N" "$wall" "$wall_bare" \
    "$(awk -v n="$N" -v w="$wall" 'BEGIN {print n/w}')" "$(awk -v r="$peak" 'BEGIN {print r/1024}')" \
    "$size" "$written" "$again" "$floor" "$(awk -v w="$wall" -v f="$floor" 'BEGIN {print w/f}')"
  printf '  %s runs: wall %s s; without the search index %s s; peak RSS %s KB\n' "$N" "${walls[*]}" "${bare[*]}" "${rss[*]}"
  if [ "$HUGO" = 1 ]; then
    printf '  %s: dossier %s s, Hugo %s s (medians); Hugo/dossier per pair: %s (median %s)\n' "$N" "$wall" \
      "$(printf '%s\n' "${hugo_walls[@]}" | median)" "${ratios[*]}" "$(printf '%s\n' "${ratios[@]}" | median)"
    printf '  %s without the search index: dossier %s s; Hugo/dossier per pair: %s (median %s)\n' "$N" "$wall_bare" \
      "${bare_ratios[*]}" "$(printf '%s\n' "${bare_ratios[@]}" | median)"
  fi
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
