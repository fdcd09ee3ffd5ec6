// Agents: the caller's agents (an admin sees every agent), a form to create one (agent-create.js), as /agent new does
// in Telegram, and an editor for each (agent-editor.js).
import { api } from "./api.js";
import { on } from "./stream.js";
import { h } from "./dom.js";
import { editAgent } from "./agent-editor.js";
import { createAgentForm } from "./agent-create.js";

function state(agent) {
  if (agent.running_turn_id) return h("span", { class: "badge running" }, "working");
  return h("span", { class: "badge" }, agent.current ? "current" : "idle");
}

function row(agent, onEdit) {
  return h("tr", { dataset: { agent: agent.id } },
    h("td", { class: "avatar", "aria-hidden": "true" }, agent.emoji || "🤖"),
    h("th", { scope: "row" }, h("a", { href: `#/chat/${encodeURIComponent(agent.id)}` }, agent.name)),
    h("td", {}, agent.engine),
    h("td", {}, agent.model || h("span", { class: "muted" }, "default")),
    h("td", { class: "folder" }, h("code", {}, agent.working_directory)),
    h("td", {}, state(agent)),
    h("td", {}, h("button", { type: "button", class: "edit", "aria-label": `Edit ${agent.name}`, onclick: () => onEdit(agent) }, "Edit")));
}

export async function agentsView(root) {
  const body = h("tbody");
  const table = h("table", { class: "agents" },
    h("caption", { class: "visually-hidden" }, "Agents"),
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Avatar")),
      h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "Engine"), h("th", { scope: "col" }, "Model"),
      h("th", { scope: "col" }, "Folder"), h("th", { scope: "col" }, "State"),
      h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Actions")))),
    body);
  const empty = h("p", { class: "muted" }, "No agent yet: create one below.");

  const create = createAgentForm(() => load());
  // What the last edit did (the API's notice: whether a new session starts), shown above the list.
  const notice = h("p", { id: "agents-notice", class: "notice", role: "status", "aria-live": "polite" });
  const edit = (agent) => editAgent(agent, async (result) => {
    notice.textContent = result.notice || `${result.agent.emoji || "🤖"} ${result.agent.name} is saved.`;
    notice.classList.toggle("new-session", !!result.new_session);
    await load();
  }).catch((error) => { notice.textContent = error.message; });

  async function load() {
    const agents = await api("/agents");
    body.replaceChildren(...agents.map((agent) => row(agent, edit)));
    empty.hidden = agents.length > 0;
    table.hidden = agents.length === 0;
  }

  root.append(h("h1", {}, "Agents"), notice, empty, h("div", { class: "table-wrap" }, table), create);
  await load();
  const reload = () => load().catch(() => {});
  const offs = [on("turn.started", reload), on("turn.ended", reload)];
  return () => offs.forEach((off) => off());
}
