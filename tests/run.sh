#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs the real agent CLIs the integration tests drive
# (pinned versions, into tests/.tools, git-ignored), then runs every test project.
# Usage: bash tests/run.sh [extra dotnet test arguments]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/tests/.tools"
codex_version="0.169.0"
claude_version="2.1.328"
copilot_version="1.0.102"

installed_version() { # package-dir
  node -e "console.log(require('$1/package.json').version)" 2>/dev/null || true
}

if [ "$(installed_version "$tools/node_modules/@openai/codex")" != "$codex_version" ] ||
   [ "$(installed_version "$tools/node_modules/@anthropic-ai/claude-code")" != "$claude_version" ] ||
   [ "$(installed_version "$tools/node_modules/@github/copilot")" != "$copilot_version" ]; then
  echo "Installing the agent CLIs into tests/.tools (codex $codex_version, claude $claude_version, copilot $copilot_version)..."
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error \
    "@openai/codex@$codex_version" "@anthropic-ai/claude-code@$claude_version" "@github/copilot@$copilot_version"
fi
"$tools/node_modules/.bin/codex" --version
"$tools/node_modules/.bin/claude" --version
"$tools/node_modules/.bin/copilot" --version

# The web dashboard's browser tests (tests/Orchestrator.Web.Tests) drive Debian's chromium through Playwright
# (ExecutablePath); Playwright's own browser download cannot run here.
if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing chromium for the browser tests..."
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y --no-install-recommends chromium
fi
chromium --version 2>/dev/null || true

export ORCHESTRATOR_TEST_CODEX="$tools/node_modules/.bin/codex"
export ORCHESTRATOR_TEST_CLAUDE="$tools/node_modules/.bin/claude"
export ORCHESTRATOR_TEST_COPILOT="$tools/node_modules/.bin/copilot"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

cd "$root"
dotnet test Orchestrator.Bot.sln --logger "console;verbosity=normal" "$@"
