#!/usr/bin/env bash
# kill -9 of the bot process at random moments while 200 /whoami messages flow (see docs/reliability.md).
# Usage: tests/reliability/kill9.sh [ROUNDS=20] [SEED=7]
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "machine: nproc=$(nproc); cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); dotnet $(dotnet --version); load average $(cut -d' ' -f1-3 /proc/loadavg)"
ORCHESTRATOR_KILL_ROUNDS="${1:-20}" ORCHESTRATOR_KILL_SEED="${2:-7}" \
  dotnet test tests/Orchestrator.Bot.Tests --filter "FullyQualifiedName~Reliability.KillNineTests" --logger "console;verbosity=detailed" \
  | grep -E "messages, |inbox: |Passed|Failed|Total tests"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
