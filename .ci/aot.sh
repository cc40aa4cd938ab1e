#!/usr/bin/env bash
# Native AOT check: publishes an application with -p:PublishAot=true for net8.0 (the AOT compiler served here),
# fails on any trim/AOT warning (IL2xxx/IL3xxx), runs the native binary (exit code 0 required), and reports binary
# size and start-to-exit time next to a JIT build of the same app. Also runs the AOT analyzers on net10.0 over
# bench/AotProbe, which consumes the generated code.
#
#   bash .ci/aot.sh                      # samples/QuickStart
#   bash .ci/aot.sh bench/AotProbe       # any other app project directory
#
# Env: AOT_RUNS (timed runs per build, default 10), AOT_OUT (work folder, default a temp dir).
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

project="${1:-samples/QuickStart}"
runs="${AOT_RUNS:-10}"
out="${AOT_OUT:-$(mktemp -d)}"
rid="linux-x64"
tfm="net8.0"

if [ ! -d "$project" ]; then
  echo "aot.sh: $project does not exist" >&2
  exit 2
fi
name="$(basename "$project")"
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

echo "== AOT analyzers on net10.0 (bench/AotProbe: IsAotCompatible, TreatWarningsAsErrors)"
dotnet build bench/AotProbe -c Release -f net10.0 --no-incremental 2>&1 | tee "$out/analyzers.log" | tail -n 3
check_log "$out/analyzers.log" "the net10.0 AOT analysis build"

# samples/QuickStart targets net10.0 for `dotnet run` (with the embedded mock); -p:WxAot=true switches it to net8.0.
extra=()
if [ "$name" = "QuickStart" ]; then extra=(-p:WxAot=true); fi

echo "== Native AOT publish: $project ($tfm, $rid)"
dotnet publish "$project" -c Release -f "$tfm" -r "$rid" -p:PublishAot=true "${extra[@]}" -o "$out/aot" 2>&1 | tee "$out/aot.log" | tail -n 3
check_log "$out/aot.log" "the native AOT publish"

echo "== JIT publish of the same app (self-contained, for comparison)"
dotnet publish "$project" -c Release -f "$tfm" -r "$rid" --self-contained -p:PublishAot=false "${extra[@]}" -o "$out/jit" 2>&1 | tee "$out/jit.log" | tail -n 1

# The net8.0 QuickStart has no embedded mock (an ASP.NET Core net10.0 app): run it against a standalone one.
if [ "$name" = "QuickStart" ]; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  export WX_APPID="wxaotcheck000001" WX_APPSECRET="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')" WX_BASE_URL="http://127.0.0.1:$port"
  dotnet build src/WxContracts.MockServer -c Release 2>&1 | tail -n 1
  dotnet src/WxContracts.MockServer/bin/Release/net10.0/WxContracts.MockServer.dll --port "$port" --appid "$WX_APPID" --secret "$WX_APPSECRET" > "$out/mock.log" 2>&1 &
  mock_pid=$!
  trap 'kill $mock_pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do
    if grep -q "listening on" "$out/mock.log"; then break; fi
    sleep 0.2
  done
  grep -q "listening on" "$out/mock.log" || { echo "aot.sh: the standalone mock did not start" >&2; cat "$out/mock.log" >&2; exit 1; }
fi

native="$out/aot/$name"
jit="$out/jit/$name"
echo "== Running the native binary"
"$native"
echo "native binary exited with 0"
"$jit" >/dev/null
echo "JIT build exited with 0"

# Start-to-exit time: hyperfine when installed, otherwise the median of a date loop.
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

native_size=$(stat -c %s "$native")
jit_size=$(du -sb "$out/jit" | cut -f1)
echo "== Size and start-to-exit time ($runs runs each)"
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 2 --runs "$runs" -N --export-markdown "$out/startup.md" "$native" "$jit" >/dev/null
  cat "$out/startup.md"
else
  "$native" >/dev/null; "$jit" >/dev/null
  echo "| build | median start-to-exit |"
  echo "|---|---:|"
  echo "| native AOT | $(median_ms "$native") ms |"
  echo "| JIT, self-contained | $(median_ms "$jit") ms |"
fi
echo
echo "| build | size |"
echo "|---|---:|"
echo "| native AOT: $name (one file; symbols in $name.dbg not counted) | $((native_size / 1024)) KiB |"
echo "| JIT, self-contained: whole folder | $((jit_size / 1024)) KiB |"
echo "aot.sh: OK ($project)"
