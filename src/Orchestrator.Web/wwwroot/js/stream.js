// The live event stream (GET /api/v1/stream/events, Server-Sent Events), one per page. EventSource reconnects by
// itself and sends Last-Event-ID, so the server resumes without a gap. Views subscribe by kind ("*" for every event).

const listeners = new Map();
const kinds = ["turn.started", "turn.delta", "turn.activity", "turn.ended", "approval.requested", "approval.resolved", "session.state",
  "project.added", "project.updated", "project.removed", "command.received", "worktree.created", "worktree.removed",
  "artifact.created", "gap"];
let source = null;

function dispatch(kind, message) {
  let data;
  try { data = JSON.parse(message.data); } catch { return; }
  for (const key of [kind, "*"]) for (const fn of listeners.get(key) || []) fn(data, kind);
}

function status(text, online) {
  const el = document.getElementById("live");
  if (!el) return;
  el.textContent = text;
  el.classList.toggle("on", online);
}

export function connect() {
  if (source) return;
  source = new EventSource("/api/v1/stream/events");
  source.onopen = () => status("● live", true);
  source.onerror = () => status("○ reconnecting…", false);
  for (const kind of kinds) source.addEventListener(kind, (m) => dispatch(kind, m));
  source.onmessage = (m) => dispatch("message", m);
}

export function disconnect() {
  source?.close();
  source = null;
  status("○ offline", false);
}

// Subscribes fn(data, kind) to a kind; returns the unsubscribe function (views call it when they are left).
export function on(kind, fn) {
  if (!listeners.has(kind)) listeners.set(kind, new Set());
  listeners.get(kind).add(fn);
  return () => listeners.get(kind).delete(fn);
}
