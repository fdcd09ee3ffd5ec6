# Orchestrator.Bot — multi-stage image: build with the .NET SDK, run on the ASP.NET Core runtime image (the HTTP API) with Node.js
# and the agent CLIs. Not exercised by CI (no Docker engine on the CI machines); kept conventional on purpose.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props Orchestrator.Bot.sln ./
COPY src/Orchestrator.Telegram/Orchestrator.Telegram.csproj src/Orchestrator.Telegram/
COPY src/Orchestrator.Agents/Orchestrator.Agents.csproj src/Orchestrator.Agents/
COPY src/Orchestrator.Core/Orchestrator.Core.csproj src/Orchestrator.Core/
COPY src/Orchestrator.Api/Orchestrator.Api.csproj src/Orchestrator.Api/
COPY src/Orchestrator.Bot/Orchestrator.Bot.csproj src/Orchestrator.Bot/
RUN dotnet restore src/Orchestrator.Bot/Orchestrator.Bot.csproj
COPY appsettings.json ./
COPY src/ src/
RUN dotnet publish src/Orchestrator.Bot/Orchestrator.Bot.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
ARG CODEX_VERSION=0.169.0
ARG CLAUDE_VERSION=2.1.328
ARG COPILOT_VERSION=1.0.102
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini nodejs npm git ca-certificates \
    && npm install -g "@openai/codex@${CODEX_VERSION}" "@anthropic-ai/claude-code@${CLAUDE_VERSION}" "@github/copilot@${COPILOT_VERSION}" \
    && npm cache clean --force \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system bot && useradd --system --gid bot --create-home --home-dir /home/bot bot \
    && mkdir -p /app/data /workspace && chown -R bot:bot /app/data /workspace
WORKDIR /app
COPY --from=build /app ./
USER bot
# The HTTP API (docs/api.md) listens on all of the container's addresses, port 5080, without TLS: publish it on the
# host's loopback only (docker run -p 127.0.0.1:5080:5080 …) or behind a TLS proxy; AllowInsecureRemote acknowledges
# that inside the container the address is not loopback.
ENV Storage__DataDirectory=/app/data \
    Agents__DefaultWorkingDirectory=/workspace \
    Web__Urls=http://0.0.0.0:5080 \
    Web__AllowInsecureRemote=true \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 5080
VOLUME ["/app/data", "/workspace"]
# tini is PID 1: it forwards SIGTERM/SIGINT to the bot (so `docker stop` runs the graceful shutdown) and reaps the
# zombies of orphaned agent grandchildren, which the bot, not being PID 1, never sees. `-g` sends those signals to the
# bot's whole process group. Agents run in process groups of their own (setsid) and are ended by the bot itself.
ENTRYPOINT ["/usr/bin/tini", "-g", "--", "dotnet", "Orchestrator.Bot.dll"]
