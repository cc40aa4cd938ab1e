#!/usr/bin/env bash
# Native AOT check on net10.0: publishes samples/QuickStart with -p:PublishAot=true (one native binary with the
# embedded mock WeChat inside), fails on any trim/AOT warning (IL2xxx/IL3xxx), runs the native binary (exit code 0
# required: it starts the mock on loopback and walks through the generated client), and reports binary size and
# start-to-exit time next to a self-contained JIT build of the same app. Then the client library alone on net8.0:
# bench/AotProbe published natively for net8.0 (the runtime still targets net8.0; this keeps that build AOT-clean).
#
#   bash .ci/aot.sh                      # samples/QuickStart (net10.0), then bench/AotProbe (net8.0)
#   bash .ci/aot.sh bench/AotProbe       # one app project directory (AotProbe publishes for net8.0)
#
# Env: AOT_RUNS (timed runs per build, default 10), AOT_OUT (work folder, default a temp dir), AOT_SKIP_NET8=1.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

runs="${AOT_RUNS:-10}"
out="${AOT_OUT:-$(mktemp -d)}"
rid="linux-x64"
mkdir -p "$out"

# Trim/AOT warnings in a build log: IL2xxx (trimming) and IL3xxx (AOT, single file), as warnings or as errors.
check_log() {
  local log="$1" what="$2"
  if grep -E "(warning|error) IL[23][0-9]{3}" "$log" | sort -u | tee "$out/il-warnings.txt" | grep -q .; then
    echo "aot.sh: $what reported trim/AOT warnings:" >&2
    cat "$out/il-warnings.txt" >&2
    exit 1
  fi
}

# Start-to-exit time: the median of a date loop (hyperfine is used instead when installed).
median_ms() {
  local bin="$1" i start end
  local times=()
  for ((i = 0; i < runs; i++)); do
    start=$(date +%s%N)
    "$bin" >/dev/null
    end=$(date +%s%N)
    times+=($(((end - start) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

# publish_and_compare PROJECT TFM: native publish (zero IL warnings), run, JIT publish, run, size and time table.
publish_and_compare() {
  local project="$1" tfm="$2" name dir
  name="$(basename "$project")"
  dir="$out/$name-$tfm"
  mkdir -p "$dir"

  echo "== Native AOT publish: $project ($tfm, $rid)"
  dotnet publish "$project" -c Release -f "$tfm" -r "$rid" -p:PublishAot=true -o "$dir/aot" 2>&1 | tee "$dir/aot.log" | tail -n 3
  check_log "$dir/aot.log" "the native AOT publish of $project"

  echo "== JIT publish of the same app (self-contained, for comparison)"
  dotnet publish "$project" -c Release -f "$tfm" -r "$rid" --self-contained -p:PublishAot=false -o "$dir/jit" 2>&1 | tee "$dir/jit.log" | tail -n 1

  local native="$dir/aot/$name" jit="$dir/jit/$name"
  echo "== Running the native binary"
  "$native"
  echo "native binary exited with 0"
  "$jit" >/dev/null
  echo "JIT build exited with 0"

  local native_size jit_size
  native_size=$(stat -c %s "$native")
  jit_size=$(du -sb "$dir/jit" | cut -f1)
  echo "== Size and start-to-exit time ($runs runs each)"
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --warmup 2 --runs "$runs" -N --export-markdown "$dir/startup.md" "$native" "$jit" >/dev/null
    cat "$dir/startup.md"
  else
    "$native" >/dev/null; "$jit" >/dev/null
    echo "| build | median start-to-exit |"
    echo "|---|---:|"
    echo "| native AOT ($tfm) | $(median_ms "$native") ms |"
    echo "| JIT, self-contained ($tfm) | $(median_ms "$jit") ms |"
  fi
  echo
  echo "| build | size |"
  echo "|---|---:|"
  echo "| native AOT ($tfm): $name (one file; symbols in $name.dbg not counted) | $((native_size / 1024)) KiB |"
  echo "| JIT, self-contained ($tfm): whole folder | $((jit_size / 1024)) KiB |"
}

if [ $# -gt 0 ]; then
  project="$1"
  [ -d "$project" ] || { echo "aot.sh: $project does not exist" >&2; exit 2; }
  tfm="net10.0"
  if [ "$(basename "$project")" = "AotProbe" ]; then tfm="net8.0"; fi
  publish_and_compare "$project" "$tfm"
  echo "aot.sh: OK ($project)"
  exit 0
fi

publish_and_compare samples/QuickStart net10.0
if [ "${AOT_SKIP_NET8:-}" != "1" ]; then
  echo "== AOT analyzers on net10.0 (bench/AotProbe: IsAotCompatible, TreatWarningsAsErrors)"
  dotnet build bench/AotProbe -c Release -f net10.0 --no-incremental 2>&1 | tee "$out/analyzers.log" | tail -n 3
  check_log "$out/analyzers.log" "the net10.0 AOT analysis build"
  publish_and_compare bench/AotProbe net8.0
fi
echo "aot.sh: OK"
