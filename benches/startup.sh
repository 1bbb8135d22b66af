#!/usr/bin/env bash
# Startup to first frame of the real window, under Xvfb, opening the sample: the program prints
# the time from process start to its first frame when HYOKASHO_STARTUP_PROBE is set, then quits.
# Needs: apt-get install xvfb. Run: bash benches/startup.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
cargo build --release -q
bin=target/release/hyokasho
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null || true' EXIT
"$bin" import assessments/midori-jidoteate-r7.ron "$tmp/midori.hyoka" >/dev/null
Xvfb :97 -screen 0 1400x900x24 >/dev/null 2>&1 & xvfb=$!
sleep 1
for _ in $(seq "$runs"); do
  DISPLAY=:97 XDG_RUNTIME_DIR="$tmp" HYOKASHO_STARTUP_PROBE=1 "$bin" "$tmp/midori.hyoka" 2>/dev/null | grep 'first frame'
done | awk '{print $4}' | sort -n | awk '{a[NR]=$1} END {printf "startup to first frame (window, Xvfb, sample open): n=%d median %.1f ms  max %.1f ms\n", NR, a[int((NR+1)/2)], a[NR]}'
