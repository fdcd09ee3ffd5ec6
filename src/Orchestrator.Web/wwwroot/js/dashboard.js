// Dashboard: counts (projects, agents, active sessions, failures today), the command composer, and the live event
// stream. A count whose endpoint fails shows "—" rather than breaking the page.
import { api } from "./api.js";
import { on } from "./stream.js";
import { h, parseData } from "./dom.js";
import { eventRow } from "./events.js";
import { commandComposer } from "./composer.js";
import { debounced } from "./session-parts.js";

function stat(label, value, id, href) {
  const number = h("span", { class: "value", id }, value === null ? "—" : String(value));
  const text = h("span", { class: "label" }, label);
  return href ? h("a", { class: "stat card", href }, number, text) : h("div", { class: "stat card" }, number, text);
}

function today(e) {
  return new Date(e.at).toDateString() === new Date().toDateString();
}

// A failure today: a session that moved to failed, or a chat turn that failed (a session's failed turn is counted by
// its session's state change, not twice).
function isFailure(e, kind = e.kind) {
  if (kind === "session.state") return (parseData(e).to || parseData(e).state) === "failed";
  if (kind === "turn.ended") return !e.session_id && /failed/.test(e.summary || "");
  return false;
}

const settle = (promise) => promise.then((v) => v, () => null);

export async function dashboardView(root) {
  const [agents, projects, sessions, me, ended, states, recent] = await Promise.all([
    settle(api("/agents")), settle(api("/projects")), settle(api("/sessions?limit=500")), settle(api("/me")),
    settle(api("/events?kind=turn.ended&limit=500")), settle(api("/events?kind=session.state&limit=500")), api("/events?limit=30")]);
  let failures = (ended || []).concat(states || []).filter((e) => today(e) && isFailure(e)).length;
  const list = h("ol", { class: "events", "aria-label": "Live events, newest first" });
  for (const e of recent) list.append(eventRow(e));
  root.append(
    h("h1", {}, "Dashboard"),
    h("div", { class: "stats" },
      stat("projects", projects ? projects.length : null, "stat-projects", "#/projects"),
      stat("agents", agents ? agents.length : null, "stat-agents", "#/agents"),
      stat("active sessions", sessions ? sessions.length : null, "stat-sessions", "#/sessions"),
      stat("failures today", failures, "stat-failures", "#/events")),
    commandComposer(projects || [], agents || [], me),
    h("h2", {}, "Live events"),
    list);
  const sessionsEl = root.querySelector("#stat-sessions");
  const projectsEl = root.querySelector("#stat-projects");
  const failuresEl = root.querySelector("#stat-failures");
  const recount = debounced(async () => {
    const [s, p] = await Promise.all([settle(api("/sessions?limit=500")), settle(api("/projects"))]);
    if (s) sessionsEl.textContent = String(s.length);
    if (p) projectsEl.textContent = String(p.length);
  }, 500);
  const off = on("*", (e, kind) => {
    if (kind === "turn.delta") return;
    if (isFailure(e, kind)) failuresEl.textContent = String(++failures);
    if (kind.startsWith("session.") || kind.startsWith("project.")) recount();
    list.prepend(eventRow(e, kind));
    while (list.children.length > 100) list.lastChild.remove();
  });
  return () => { off(); recount.cancel(); };
}
