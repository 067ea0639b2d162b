#!/usr/bin/env bash
# Replays a workload in the stock sqlite3 shell, the defaults against a configuration, to check a tuned
# configuration outside satune: nothing of satune's code is involved.
#
#   scripts/shell-replay.sh WORKLOAD [name=value ...]      e.g. Workloads/oltp.sql journal_mode=WAL cache_size=-65536
#
# Builds two pristine databases with the shell (page_size and auto_vacuum are applied before the setup,
# the other knobs as PRAGMAs before the run), then times RUNS (default 5) interleaved replays of each on
# fresh copies, flushed to disk first, and prints the median wall times and the change.
#
# A workload may touch only its own database, as in satune (docs/sqlite.md, "What a workload may do"):
# the shell runs in its safe mode (-safe: no ATTACH or VACUUM INTO, no load_extension(), no writefile(),
# no dot-commands that run programs or open other files) and stops at the first error (-bail). Check a
# workload with `satune replay WORKLOAD` first: satune reports every problem with its line.
set -euo pipefail
workload=${1:?usage: scripts/shell-replay.sh WORKLOAD [name=value ...]}
shift
runs=${RUNS:-5}
work=$(mktemp -d "${TMPDIR:-$HOME}/shell-replay.XXXXXX")
trap 'rm -rf "$work"' EXIT

awk '/^-- @run/{exit} {print}' "$workload" >"$work/setup.sql"
awk 'found{print} /^-- @run/{found=1}' "$workload" >"$work/run.sql"
: >"$work/build.sql"
: >"$work/pragmas.sql"
for setting in "$@"; do
  name=${setting%%=*}
  case $name in
    page_size|auto_vacuum) echo "PRAGMA $setting;" >>"$work/build.sql" ;;
    *) echo "PRAGMA $setting;" >>"$work/pragmas.sql" ;;
  esac
done
sqlite3 -safe -bail "$work/defaults.db" <"$work/setup.sql" >/dev/null
cat "$work/build.sql" "$work/setup.sql" | sqlite3 -safe -bail "$work/tuned.db" >/dev/null

replay() {  # replay DATABASE PRAGMAS -> seconds
  cp "$1" "$work/trial.db"
  rm -f "$work/trial.db-wal" "$work/trial.db-shm" "$work/trial.db-journal"
  sync
  local start end
  start=$(date +%s.%N)
  cat "$2" "$work/run.sql" | sqlite3 -safe -bail "$work/trial.db" >/dev/null
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN {print b - a}'
}
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

: >"$work/empty.sql"
for _ in $(seq "$runs"); do
  replay "$work/defaults.db" "$work/empty.sql" >>"$work/defaults.times"
  replay "$work/tuned.db" "$work/pragmas.sql" >>"$work/tuned.times"
done
d=$(median <"$work/defaults.times")
t=$(median <"$work/tuned.times")
echo "shell_defaults_s_median: $d"
echo "shell_configuration_s_median: $t"
awk -v d="$d" -v t="$t" 'BEGIN {printf "shell_change_percent: %.1f\n", (t - d) * 100 / d}'
