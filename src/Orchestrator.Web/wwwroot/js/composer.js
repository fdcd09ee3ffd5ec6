// The dashboard's command composer: /send as a form. Agent (an engine, or one of the user's named agents), action,
// project (GET /projects), task and model; POST /sessions starts the session (announced in the user's Telegram chat
// as "[Web] /send …") and the answer links to its page.
import { api } from "./api.js";
import { h, clear } from "./dom.js";

const engines = ["codex", "claude", "copilot"];
const actions = [
  ["implement", "implement (on a branch)"],
  ["plan", "plan (on a branch)"],
  ["analyze", "analyze (read-only)"],
  ["review", "review (read-only)"],
];

export function commandComposer(projects, agents, me) {
  const mine = agents.filter((a) => !me || a.chat_id === me.user_id);
  const names = [...new Set(mine.map((a) => a.name))].sort();
  const agent = h("select", { id: "send-agent", name: "agent", required: true },
    h("optgroup", { label: "Engines" }, engines.map((e) => h("option", { value: e }, e))),
    names.length ? h("optgroup", { label: "Your agents" }, names.map((n) => h("option", { value: n }, n))) : null);
  const action = h("select", { id: "send-action", name: "action", required: true }, actions.map(([v, t]) => h("option", { value: v }, t)));
  const project = h("select", { id: "send-project", name: "project", required: true, disabled: projects.length === 0 },
    projects.length ? projects.map((p) => h("option", { value: p.slug }, p.name && p.name !== p.slug ? `${p.name} (${p.slug})` : p.slug))
      : h("option", { value: "" }, "no project yet"));
  const task = h("textarea", { id: "send-task", name: "task", rows: 3, maxlength: 4000, "aria-describedby": "send-task-help" });
  const taskHelp = h("small", { id: "send-task-help" });
  const model = h("input", { id: "send-model", name: "model", autocomplete: "off", maxlength: 100, placeholder: "the agent's default",
    pattern: "[A-Za-z0-9._:/@-]{1,100}" });
  const submit = h("button", { type: "submit", class: "primary", disabled: projects.length === 0 }, "Start session");
  const result = h("p", { id: "send-result", role: "status", "aria-live": "polite" });

  const updateHelp = () => {
    const writes = action.value === "implement" || action.value === "plan";
    task.required = writes;
    taskHelp.textContent = writes ? "What to do (required)." : "The scope (optional; default: the whole repository).";
  };
  action.addEventListener("change", updateHelp);
  updateHelp();

  const form = h("form", { class: "card send-composer", "aria-labelledby": "send-title" },
    h("h2", { id: "send-title" }, "Start a session"),
    projects.length ? null : h("p", { class: "muted" }, "No project yet: an admin adds one with ", h("code", {}, "/project add PATH"), " in Telegram."),
    h("div", { class: "composer-grid" },
      h("div", { class: "field" }, h("label", { for: "send-agent" }, "Agent"), agent),
      h("div", { class: "field" }, h("label", { for: "send-action" }, "Action"), action),
      h("div", { class: "field" }, h("label", { for: "send-project" }, "Project"), project),
      h("div", { class: "field" }, h("label", { for: "send-model" }, "Model"), model)),
    h("div", { class: "field wide" }, h("label", { for: "send-task" }, "Task"), task, taskHelp),
    h("div", { class: "composer-row" }, submit, result));

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!form.reportValidity()) return;
    submit.disabled = true;
    result.classList.remove("error");
    result.textContent = "Starting…";
    const body = { agent: agent.value, action: action.value, project: project.value };
    if (task.value.trim()) body.task = task.value.trim();
    if (model.value.trim()) body.model = model.value.trim();
    try {
      const session = await api("/sessions", { method: "POST", body });
      clear(result).append(`Session ${session.id} started (${session.state.replace(/_/g, " ")}): `,
        h("a", { href: `#/sessions/${encodeURIComponent(session.id)}`, id: "send-session-link" }, `open session ${session.id}`));
      task.value = "";
    } catch (error) {
      result.classList.add("error");
      result.textContent = error.message;
    } finally {
      submit.disabled = false;
    }
  });
  task.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); }
  });
  return form;
}
