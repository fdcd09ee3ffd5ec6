// Sessions: the list (GET /sessions) filtered by state, project and "include archived"; a session's id opens its page
// (session.js). Live: a session.* event refreshes the list.
import { api } from "./api.js";
import { on } from "./stream.js";
import { h, clear } from "./dom.js";
import { states, stateLabel, sessionsTable, debounced } from "./session-parts.js";
import { sessionView } from "./session.js";

async function listView(root) {
  const state = h("select", { id: "session-state", name: "state" },
    h("option", { value: "" }, "any active state"),
    states.map((s) => h("option", { value: s }, stateLabel(s))));
  const project = h("select", { id: "session-project", name: "project" }, h("option", { value: "" }, "all projects"));
  const archived = h("input", { id: "session-archived", type: "checkbox", name: "archived" });
  const holder = h("div", { "aria-live": "polite" });
  const count = h("span", { class: "muted", role: "status" });
  root.append(
    h("h1", {}, "Sessions"),
    h("form", { class: "filters", role: "search", "aria-label": "Filter sessions", onsubmit: (e) => e.preventDefault() },
      h("label", { for: "session-state" }, "State"), state,
      h("label", { for: "session-project" }, "Project"), project,
      h("span", { class: "check" }, archived, h("label", { for: "session-archived" }, "Include archived")),
      count),
    holder);

  api("/projects").then((projects) => {
    for (const p of projects) project.append(h("option", { value: p.slug }, p.name || p.slug));
  }).catch(() => {});

  let generation = 0;
  const render = async () => {
    const mine = ++generation;
    const query = new URLSearchParams({ limit: "100" });
    if (state.value) query.set("state", state.value);
    if (project.value) query.set("project", project.value);
    if (archived.checked || state.value === "archived" || state.value === "deleted") query.set("archived", "true");
    const sessions = await api(`/sessions?${query}`);
    if (mine !== generation) return; // a newer filter's answer wins
    clear(holder).append(sessions.length
      ? sessionsTable(sessions)
      : h("p", { class: "muted" }, state.value || project.value ? "No session matches these filters." : "No active session. Start one from the dashboard's composer."));
    count.textContent = `${sessions.length} session${sessions.length === 1 ? "" : "s"}`;
  };
  const show = () => render().catch((error) => clear(holder).append(h("p", { class: "error", role: "alert" }, error.message)));
  for (const control of [state, project, archived]) control.addEventListener("change", show);
  await render();
  const refresh = debounced(show, 400);
  return on("*", (e, kind) => { if (kind.startsWith("session.")) refresh(); });
}

export async function sessionsView(root, id) {
  return id ? sessionView(root, id) : listView(root);
}
