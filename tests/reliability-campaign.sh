#!/usr/bin/env bash
# The reliability campaign for every store kind, printed as Markdown tables (details of every bad case on stderr):
#   a. kill -9: a writer process (append-forever / stress-replace) killed with SIGKILL at a random moment, then checked;
#   b. concurrent: one writer process and two reader processes (stress-append / stress-replace, stress-read);
#   c. corruption: seeded random damage on disk, read back with checksum checks on, and Verify().
# Usage: tests/reliability-campaign.sh [--parts "kill concurrent corruption"] [--kinds "Raw Png ..."]
#          [--kill-runs 20] [--seconds 5] [--cases 50] [--seed 1]
# Never part of `dotnet test`: the modes live in the test assembly's Program.cs ("campaign ...").
set -euo pipefail
cd "$(dirname "$0")/.."

parts="kill concurrent corruption"
kinds="Raw Png Lmdb Hdf5 RocksDb TarShards Sqlite Arrow"
kill_runs=20 seconds=5 cases=50 seed=1
while [ $# -gt 0 ]; do
  case "$1" in
    --parts) parts="$2" ;;
    --kinds) kinds="$2" ;;
    --kill-runs) kill_runs="$2" ;;
    --seconds) seconds="$2" ;;
    --cases) cases="$2" ;;
    --seed) seed="$2" ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done

dotnet build tests/ImageStorage.Tests -c Release -v q -nologo >&2
campaign() { dotnet tests/ImageStorage.Tests/bin/Release/net10.0/ImageStorage.Tests.dll campaign "$@"; }

echo "Reliability campaign, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), seed $seed"
for part in $parts; do
  case "$part" in
    kill)
      echo; echo "### kill -9 during writes ($kill_runs runs per kind and writer)"; echo
      echo "| Kind | Writer killed | Runs | Old state kept | A newer commit | Temp files left by the kill | In-between, wrong or next writer failed | Leftovers after next writer |"
      echo "|---|---|--:|--:|--:|--:|--:|--:|"
      for kind in $kinds; do for mode in append overwrite; do campaign kill "$kind" "$mode" "$kill_runs" "$seed"; done; done ;;
    concurrent)
      echo; echo "### One writer process, two reader processes (${seconds} s each)"; echo
      echo "| Kind | Writer | Seconds | Writer commits | Reader rounds (2 readers) | Reopened after a replace | Mismatches | Readers stopped by an ImageStoreException | Crashes |"
      echo "|---|---|--:|--:|--:|--:|--:|--:|--:|"
      for kind in $kinds; do for mode in append replace; do campaign concurrent "$kind" "$mode" "$seconds"; done; done ;;
    corruption)
      rows=$(for kind in $kinds; do campaign corruption "$kind" "$cases" "$seed"; done)
      echo; echo "### Corruption on disk ($cases seeded cases per kind), read with VerifyChecksums = true"; echo
      echo "| Kind | Cases | (i) refused | (ii) read byte-exact | (iii) SILENT WRONG DATA | (iv) crash / other exception | Verify flagged visible damage | Verify named exactly the bad ids | Verify missed | Verify false alarm / crash |"
      echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
      grep -v '^damage ' <<<"$rows"
      echo; echo "By damage class:"; echo
      echo "| Kind | Damage | Cases | refused | exact | silent | crash |"
      echo "|---|---|--:|--:|--:|--:|--:|"
      grep '^damage ' <<<"$rows" | sed 's/^damage //' ;;
    *) echo "unknown part $part" >&2; exit 2 ;;
  esac
done
