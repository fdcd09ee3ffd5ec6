// The "New agent" form of the Agents page: name and engine as /agent new in Telegram (POST /agents), and optionally
// the avatar, model, folder and persona, set right after (PUT /agents/{id}: a new agent has no session to lose).
import { api } from "./api.js";
import { h } from "./dom.js";
import { avatarPicker, field, fillModels, PersonaMaxLength } from "./agent-editor.js";

export function createAgentForm(onCreated) {
  let engines = [];
  const name = h("input", { id: "agent-name", name: "name", required: true, pattern: "[A-Za-z0-9_-]{1,32}", maxlength: 32, autocomplete: "off",
    "aria-describedby": "agent-name-help" });
  const engine = h("select", { id: "agent-engine", name: "engine" }, h("option", { value: "" }, "default engine"));
  const model = h("select", { id: "agent-model", name: "model" });
  const avatar = avatarPicker("", "agent-avatar");
  const folder = h("input", { id: "agent-folder", name: "folder", autocomplete: "off", spellcheck: "false", placeholder: "the default folder",
    "aria-describedby": "agent-folder-help" });
  const persona = h("textarea", { id: "agent-persona", name: "persona", rows: 3, maxlength: PersonaMaxLength, "aria-describedby": "agent-persona-help" });
  const message = h("p", { id: "agent-message", role: "status", "aria-live": "polite" });
  const engineOf = (value) => engines.find((e) => e.name === value);
  fillModels(model, null, "");
  engine.addEventListener("change", () => fillModels(model, engineOf(engine.value), ""));

  api("/engines").then((list) => {
    engines = list;
    engine.append(...list.map((e) => h("option", { value: e.name }, e.name)));
  }).catch(() => {
    // The engines cannot be listed: the default engine (and its default model) still works.
  });

  const form = h("form", { class: "card create-agent", "aria-labelledby": "create-agent-title" },
    h("h2", { id: "create-agent-title" }, "New agent"),
    avatar.element,
    field("agent-name", "Name", name, "Letters, digits, - and _; up to 32."),
    h("div", { class: "field-row" }, field("agent-engine", "Engine", engine), field("agent-model", "Model", model)),
    field("agent-folder", "Folder", folder, "Optional: the agent's working folder (inside the allowed roots)."),
    field("agent-persona", "Persona", persona, "Optional: instructions the agent gets at the start of each session."),
    h("button", { type: "submit", class: "primary" }, "Create agent"),
    message);

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    message.className = "";
    message.textContent = "Creating…";
    let agent;
    try {
      agent = await api("/agents", { method: "POST", body: { name: name.value.trim(), engine: engine.value || undefined } });
    } catch (error) {
      message.className = "error";
      message.textContent = error.message;
      return;
    }

    const extras = {};
    if (avatar.value() && avatar.value() !== agent.emoji) extras.emoji = avatar.value();
    if (model.value) extras.model = model.value;
    if (folder.value.trim() && folder.value.trim() !== agent.working_directory) extras.folder = folder.value.trim();
    if (persona.value.trim()) extras.persona = persona.value.trim();
    let problem = "";
    if (Object.keys(extras).length) {
      try {
        agent = (await api(`/agents/${encodeURIComponent(agent.id)}`, { method: "PUT", body: extras })).agent;
      } catch (error) {
        problem = ` Its other settings were not saved: ${error.message} (change them with Edit).`;
      }
    }

    message.className = problem ? "error" : "";
    message.textContent = `${agent.emoji || "🤖"} ${agent.name} is ready: it is now the current agent of its chat.${problem}`;
    name.value = "";
    folder.value = "";
    persona.value = "";
    await onCreated(agent);
  });
  return form;
}
