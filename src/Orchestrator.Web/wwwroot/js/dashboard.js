// Dashboard: counts and the live event stream.
import { api } from "./api.js";
import { on } from "./stream.js";
import { h } from "./dom.js";
import { eventRow } from "./events.js";

function stat(label, value, id) {
  return h("div", { class: "stat card" }, h("span", { class: "value", id }, String(value)), h("span", { class: "label" }, label));
}

export async function dashboardView(root) {
  const [agents, ended, recent] = await Promise.all([api("/agents"), api("/events?kind=turn.ended&limit=500"), api("/events?limit=30")]);
  const today = new Date().toDateString();
  const failures = ended.filter((e) => new Date(e.at).toDateString() === today && /failed/.test(e.summary || "")).length;
  const running = agents.filter((a) => a.running_turn_id).length;
  const list = h("ol", { class: "events", "aria-label": "Live events, newest first" });
  for (const e of recent) list.append(eventRow(e));
  root.append(
    h("h1", {}, "Dashboard"),
    h("div", { class: "stats" },
      stat("agents", agents.length, "stat-agents"),
      stat("running turns", running, "stat-running"),
      stat("failed turns today", failures, "stat-failures")),
    h("p", {}, h("a", { href: "#/agents", class: "button" }, "Agents"), " ", h("a", { href: "#/events", class: "button" }, "All events")),
    h("h2", {}, "Live events"),
    list);
  const runningEl = root.querySelector("#stat-running");
  const failuresEl = root.querySelector("#stat-failures");
  let runningCount = running;
  let failureCount = failures;
  return on("*", (e, kind) => {
    if (kind === "turn.delta") return;
    if (kind === "turn.started") runningEl.textContent = String(++runningCount);
    if (kind === "turn.ended") {
      runningEl.textContent = String(runningCount = Math.max(0, runningCount - 1));
      if (/failed/.test(e.summary || "")) failuresEl.textContent = String(++failureCount);
    }
    list.prepend(eventRow(e, kind));
    while (list.children.length > 100) list.lastChild.remove();
  });
}
