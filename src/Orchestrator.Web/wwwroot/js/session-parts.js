// Pieces the projects and sessions pages share: a session's state badge, its table row, sizes, and whether an event
// is about a given session.
import { h, parseData } from "./dom.js";

export const states = ["created", "running", "waiting_for_user", "completed", "stopped", "failed", "archived", "deleted"];

export function stateLabel(state) {
  return (state || "").replace(/_/g, " ");
}

export function stateBadge(state) {
  return h("span", { class: `badge state state-${state}` }, stateLabel(state));
}

export function bytes(n) {
  if (n === undefined || n === null) return "—";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = Number(n);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function when(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return isNaN(d) ? String(iso) : d.toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

// The session an event is about: the stored event's session_id, or its data's (as the contract describes it).
export function eventSession(e) {
  return e?.session_id || parseData(e).session_id || null;
}

export function isActive(state) {
  return state === "created" || state === "running";
}

export function sessionLink(s) {
  return h("a", { href: `#/sessions/${encodeURIComponent(s.id)}` }, s.id);
}

export function sessionsTable(sessions, { showProject = true } = {}) {
  const body = h("tbody");
  for (const s of sessions) {
    body.append(h("tr", { dataset: { session: s.id, state: s.state } },
      h("th", { scope: "row" }, h("code", {}, sessionLink(s))),
      showProject ? h("td", {}, s.project ? h("a", { href: `#/projects/${encodeURIComponent(s.project)}` }, s.project) : "") : null,
      h("td", {}, s.agent || s.engine || ""),
      h("td", {}, s.action || ""),
      h("td", {}, stateBadge(s.state)),
      h("td", { class: "task" }, s.task || h("span", { class: "muted" }, "—")),
      h("td", { class: "when" }, h("time", { datetime: s.updated_at || s.created_at }, when(s.updated_at || s.created_at)))));
  }
  return h("div", { class: "table-wrap" }, h("table", { class: "grid sessions" },
    h("caption", { class: "visually-hidden" }, "Sessions"),
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, "Session"), showProject ? h("th", { scope: "col" }, "Project") : null, h("th", { scope: "col" }, "Agent"),
      h("th", { scope: "col" }, "Action"), h("th", { scope: "col" }, "State"), h("th", { scope: "col", class: "task" }, "Task"),
      h("th", { scope: "col", class: "when" }, "Updated"))),
    body));
}

// Debounces a refresh so a burst of events (state, worktree, artifact…) makes one round of requests.
export function debounced(fn, ms = 250) {
  let timer = null;
  const run = () => { clearTimeout(timer); timer = setTimeout(fn, ms); };
  run.cancel = () => clearTimeout(timer);
  return run;
}
