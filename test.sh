#!/usr/bin/env bash
# Runs every test of the repository on a fresh machine: installs the programs the tests start (redis-server, and
# chromium once browser tests exist), then runs `dotnet test Generator.sln` with any extra arguments, e.g.
#   ./test.sh --filter FullyQualifiedName~Redis
# The last line is the sum over all test projects: "N passed, N failed" (", N skipped" when some were skipped),
# counted from the TRX files dotnet test writes to a temporary folder. The exit code is dotnet test's, or 2 when a program the
# tests need is missing and cannot be installed here.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Browser tests are announced by WX_BROWSER_TESTS=1 or by a marker file tests/<project>/.browser-tests.
browser_tests() {
  [ "${WX_BROWSER_TESTS:-0}" = "1" ] || compgen -G "tests/*/.browser-tests" >/dev/null
}

# What the tests need, one "command debian-package" pair a line.
needs=("redis-server redis-server")              # the Redis token-store tests start their own instances
if browser_tests; then needs+=("chromium chromium"); fi

missing_commands=()
missing_packages=()
for need in "${needs[@]}"; do
  read -r cmd pkg <<<"$need"
  if ! command -v "$cmd" >/dev/null 2>&1; then
    missing_commands+=("$cmd")
    missing_packages+=("$pkg")
  fi
done

if [ "${#missing_commands[@]}" -gt 0 ]; then
  sudo_cmd=()
  if [ "$(id -u)" -eq 0 ]; then
    :
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo_cmd=(sudo -n)
  else
    echo "test.sh: the tests need ${missing_commands[*]}, which is not on PATH, and this user cannot install it (not root, no password-less sudo)." >&2
    echo "test.sh: install it, e.g. 'sudo apt-get install -y ${missing_packages[*]}' on Debian/Ubuntu, then run ./test.sh again." >&2
    exit 2
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: the tests need ${missing_commands[*]}, which is not on PATH, and apt-get is not available to install it; install package(s) ${missing_packages[*]} with this system's package manager, then run ./test.sh again." >&2
    exit 2
  fi
  echo "test.sh: installing ${missing_packages[*]} (apt-get)"
  ${sudo_cmd[@]+"${sudo_cmd[@]}"} apt-get update -qq || echo "test.sh: apt-get update failed; trying the install with the package lists there are" >&2
  if ! ${sudo_cmd[@]+"${sudo_cmd[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing_packages[@]}" >/dev/null; then
    echo "test.sh: 'apt-get install -y ${missing_packages[*]}' failed; install it by hand, then run ./test.sh again." >&2
    exit 2
  fi
  for cmd in "${missing_commands[@]}"; do
    if ! command -v "$cmd" >/dev/null 2>&1; then
      echo "test.sh: $cmd is still not on PATH after installing it (PATH=$PATH); add its folder to PATH, then run ./test.sh again." >&2
      exit 2
    fi
  done
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: dotnet is not on PATH; install the .NET SDK that global.json names, then run ./test.sh again." >&2
  exit 2
fi

# TRX files go to a temporary folder (or to the caller's --results-directory, counting only the files of this run).
results=""
for ((i = 1; i <= $#; i++)); do
  arg="${!i}"
  case "$arg" in
    --results-directory) j=$((i + 1)); results="${!j:-}" ;;
    --results-directory=*) results="${arg#*=}" ;;
  esac
done
work="$(mktemp -d "${TMPDIR:-/tmp}/wx-test.XXXXXX")"
trap 'rm -rf "$work"' EXIT
extra=()
if [ -z "$results" ]; then
  results="$work/results"
  extra=(--results-directory "$results")
fi
touch "$work/started"

set +e
dotnet test Generator.sln --logger trx ${extra[@]+"${extra[@]}"} "$@" 2>&1 | tee "$work/log"
rc=${PIPESTATUS[0]}
set -e

# Sum the <Counters .../> of every TRX file this run wrote (one a test project run).
passed=0 failed=0 skipped=0 files=0
counter() { local v; v="$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$2")"; echo "${v:-0}"; }
if [ -d "$results" ]; then
  while IFS= read -r -d '' trx; do
    counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1 || true)"
    [ -n "$counters" ] || continue
    files=$((files + 1))
    passed=$((passed + $(counter passed "$counters")))
    failed=$((failed + $(counter failed "$counters") + $(counter error "$counters") + $(counter timeout "$counters")))
    skipped=$((skipped + $(counter notExecuted "$counters")))
  done < <(find "$results" -name '*.trx' -newer "$work/started" -print0)
fi

# Cross-check: dotnet test prints "Results File: ..." once per TRX it wrote. If files went missing (or one
# overwrote another), sum its per-project summary lines instead: "Failed!  - Failed: 1, Passed: 2, Skipped: 0, ...".
announced="$(grep -c '^ *Results File: .*\.trx' "$work/log" || true)"
if [ "$files" -ne "${announced:-0}" ]; then
  echo "test.sh: dotnet test announced ${announced:-0} TRX file(s) but $files were found; the sum below comes from its summary lines"
  passed=0 failed=0 skipped=0
  while IFS= read -r line; do
    passed=$((passed + $(sed -n 's/.*Passed: *\([0-9]*\).*/\1/p' <<<"$line")))
    failed=$((failed + $(sed -n 's/.*Failed: *\([0-9]*\),.*/\1/p' <<<"$line")))
    skipped=$((skipped + $(sed -n 's/.*Skipped: *\([0-9]*\).*/\1/p' <<<"$line")))
  done < <(grep -E '^(Passed|Failed)! +- Failed: *[0-9]+, Passed: *[0-9]+, Skipped: *[0-9]+' "$work/log" || true)
fi

# A test project that did not build runs no test and writes no TRX: say so, and count it as a failure.
build_errors="$(grep -cE '^.*: error [A-Z]+[0-9]+: ' "$work/log" || true)"
if [ "$rc" -ne 0 ] && [ "${build_errors:-0}" -gt 0 ]; then
  echo "test.sh: the build reported ${build_errors} error line(s); the projects it stopped ran no tests"
  failed=$((failed + 1))
fi

summary="$passed passed, $failed failed"
if [ "$skipped" -gt 0 ]; then summary="$summary, $skipped skipped"; fi
echo "$summary"
exit "$rc"
