#!/usr/bin/env bash
# Telegram outage mid-turn: 502 Bad Gateway for 10 s, then requests hanging for 30 s (see docs/reliability.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "machine: nproc=$(nproc); cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); dotnet $(dotnet --version); load average $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet test tests/Orchestrator.Bot.Tests --filter "FullyQualifiedName~Reliability.TelegramOutageTests" --logger "console;verbosity=detailed" \
  | grep -E "outage for|for [0-9.]+ s:|Passed|Failed|Total tests"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
