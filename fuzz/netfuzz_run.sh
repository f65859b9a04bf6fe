#!/usr/bin/env bash
# Runs the network fuzzer against agents it starts, and judges the agents.
#
#   fuzz/netfuzz_run.sh AGENT FUZZER CORPUS_DIR OUT_DIR [FUZZER_OPTION ...]
#
# Starts AGENT (a sanitizer build of snmp_agent) on a free port of
# 127.0.0.1, and another on [::1] when the machine has IPv6 loopback, each
# as `snmp_agent --quiet -b ADDRESS --rw-community private PORT` (public
# may read, private may write); runs FUZZER (snmp_netfuzz) against both
# with --corpus CORPUS_DIR --out OUT_DIR and the options given; then stops
# each agent with SIGTERM. Fails if the fuzzer fails, or an agent died
# before the end, did not exit 0 within 30 s of SIGTERM, did not print
# its shutdown line, or printed a sanitizer report. The agents' output is
# kept in OUT_DIR (agent-4.out, agent-6.out); ctest's netfuzz_smoke and
# ci/netfuzz both run this.
set -euo pipefail

if [ $# -lt 4 ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
fi
agent_bin=$1 fuzzer_bin=$2 corpus=$3 out=$4
shift 4
mkdir -p "$out"

pids=()
labels=()
outs=()
# Whatever ends the run, no agent it started outlives it.
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill -KILL "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

fail() {
  echo "netfuzz: $*" >&2
  exit 1
}

# A port below the ephemeral range (32768 and up on Linux), so no client
# socket of this run can be holding it; ss tells whether TCP or UDP use it.
pick_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 12000))
    if ! command -v ss >/dev/null || [ -z "$(ss -Htuan "( sport = :$port )" 2>/dev/null)" ]; then
      echo "$port"
      return
    fi
  done
  fail "no free port found between 20000 and 31999"
}

# start_agent LABEL ADDRESS: starts an agent there on a free port (a port
# taken between the check and the bind is retried) and prints the port;
# returns 1 if the address cannot be bound at all (no IPv6).
start_agent() {
  local label=$1 address=$2 port pid file=$out/agent-$1.out
  for _ in 1 2 3 4 5; do
    port=$(pick_port)
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "$agent_bin" --quiet -b "$address" --rw-community private "$port" >"$file" 2>&1 &
    pid=$!
    for _ in $(seq 1 200); do   # 10 s
      if grep -qxF "SNMP Agent listening on port $port..." "$file"; then
        pids+=("$pid"); labels+=("$label"); outs+=("$file")
        agent_port=$port
        return 0
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.05
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    grep -q "Cannot assign requested address\|Address family not supported" "$file" && return 1
  done
  fail "the agent did not start on $address; its output: $(cat "$file")"
}

targets=()
start_agent 4 127.0.0.1 || fail "the agent cannot bind 127.0.0.1"
targets+=(--agent "127.0.0.1:$agent_port")
if start_agent 6 ::1; then
  targets+=(--agent "[::1]:$agent_port")
else
  echo "netfuzz: no IPv6 loopback here; fuzzing 127.0.0.1 only"
fi

fuzz_status=0
"$fuzzer_bin" "${targets[@]}" --corpus "$corpus" --out "$out" "$@" || fuzz_status=$?

# Stop each agent; every one must still be running, exit 0 and be clean.
bad=0
sanitizer='AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:|SUMMARY: .*Sanitizer'
for i in "${!pids[@]}"; do
  pid=${pids[$i]} file=${outs[$i]} what="agent on ${targets[$((2 * i + 1))]}"
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "netfuzz: the $what died during the run" >&2
    bad=1
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do   # 30 s
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "netfuzz: the $what did not exit within 30 s of SIGTERM" >&2
    kill -KILL "$pid" 2>/dev/null || true
    bad=1
  fi
  status=0
  wait "$pid" || status=$?
  if [ "$status" -ne 0 ]; then
    echo "netfuzz: the $what exited with status $status" >&2
    bad=1
  fi
  if grep -qE "$sanitizer" "$file"; then
    echo "netfuzz: the $what printed a sanitizer report:" >&2
    bad=1
  fi
  if ! grep -qxF "Shutting down..." "$file"; then
    echo "netfuzz: the $what did not print its shutdown line" >&2
    bad=1
  fi
  if [ "$bad" -ne 0 ]; then
    echo "---- $file (last 60 lines)" >&2
    tail -n 60 "$file" >&2
  fi
done
pids=()
[ "$fuzz_status" -eq 0 ] || fail "the fuzzer failed (status $fuzz_status); see above"
[ "$bad" -eq 0 ] || fail "an agent failed; see above"
echo "netfuzz: agents exited 0 with no sanitizer report"
