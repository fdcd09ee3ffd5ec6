// Editing an agent (PUT /agents/{id}): emoji avatar, name, engine, model (from GET /engines for that engine), folder and
// persona, as /agent, /model, /folder and /persona do in Telegram. Changing folder, persona, engine or model starts a new
// session there, so the form says so before saving; after saving it shows the API's notice.
import { api } from "./api.js";
import { h } from "./dom.js";
import { openOverlay } from "./overlay.js";

export const Avatars = ["🤖", "🦊", "🐙", "🦉", "🐝", "🐢", "🦀", "🐳", "🦄", "🐧", "🐼", "🦁",
  "🧠", "🛠️", "🔧", "🧪", "📚", "🚀", "⚡", "🌱", "🔥", "💎", "🎯", "🧭"];

export const PersonaMaxLength = 4000; // as /persona in Telegram

// The settings whose change starts a new session (the engine session cannot carry them over).
const resetting = { engine: "engine", model: "model", folder: "folder", persona: "persona" };

/** The emoji avatar picker: a radio group (arrow keys move, as every radio group does); none checked: the bot picks. */
export function avatarPicker(current, name = "avatar") {
  const choices = Avatars.includes(current) || !current ? Avatars : [current, ...Avatars];
  const fieldset = h("fieldset", { class: "avatar-picker" },
    h("legend", {}, "Avatar"),
    ...choices.map((emoji, i) => {
      const id = `${name}-${i}`;
      return h("span", { class: "avatar-choice" },
        h("input", { type: "radio", name, id, value: emoji, checked: emoji === current }),
        h("label", { for: id, title: emoji }, emoji));
    }));
  return { element: fieldset, value: () => fieldset.querySelector("input:checked")?.value || "" };
}

export function field(id, label, control, help) {
  return h("div", { class: "field" }, h("label", { for: id }, label), control, help ? h("small", { id: `${id}-help` }, help) : null);
}

/** Fills a model select with the engine's models; "" is the engine's default. */
export function fillModels(select, engine, selected) {
  const models = engine?.models || [];
  const options = [h("option", { value: "" }, engine?.default_model ? `default (${engine.default_model})` : "default")];
  for (const model of models) options.push(h("option", { value: model }, model));
  if (selected && !models.includes(selected)) options.push(h("option", { value: selected }, `${selected} (current)`));
  select.replaceChildren(...options);
  select.value = selected || "";
}

/**
 * Opens the editor for <paramref name="agent"/> in a dialog. onSaved(result) gets the API's answer
 * ({agent, new_session, notice}) after a successful save; the dialog closes then.
 */
export async function editAgent(agent, onSaved) {
  let engines = [];
  try { engines = await api("/engines"); } catch { engines = [{ name: agent.engine, models: [] }]; }
  if (!engines.some((e) => e.name === agent.engine)) engines.push({ name: agent.engine, models: [] });
  const engineOf = (name) => engines.find((e) => e.name === name);

  const avatar = avatarPicker(agent.emoji, "edit-avatar");
  const name = h("input", { id: "edit-name", required: true, pattern: "[A-Za-z0-9_-]{1,32}", maxlength: 32, autocomplete: "off",
    value: agent.name, "aria-describedby": "edit-name-help" });
  const engine = h("select", { id: "edit-engine" }, ...engines.map((e) => h("option", { value: e.name }, e.name)));
  engine.value = agent.engine;
  const model = h("select", { id: "edit-model" });
  fillModels(model, engineOf(agent.engine), agent.model);
  const folder = h("input", { id: "edit-folder", value: agent.working_directory || "", autocomplete: "off", spellcheck: "false",
    "aria-describedby": "edit-folder-help" });
  const persona = h("textarea", { id: "edit-persona", rows: 4, maxlength: PersonaMaxLength, "aria-describedby": "edit-persona-help" });
  persona.value = agent.persona || "";
  const warning = h("p", { class: "reset-warning", id: "edit-warning", role: "status", "aria-live": "polite" });
  const error = h("p", { class: "error", role: "alert", id: "edit-error" });
  const save = h("button", { type: "submit", class: "primary" }, "Save");
  const cancel = h("button", { type: "button" }, "Cancel");

  engine.addEventListener("change", () => fillModels(model, engineOf(engine.value), engine.value === agent.engine ? agent.model : ""));

  // What the form would change, as the PUT body (only what differs, so an unchanged field resets nothing).
  function changes() {
    const body = {};
    if (avatar.value() && avatar.value() !== agent.emoji) body.emoji = avatar.value();
    if (name.value.trim() !== agent.name) body.name = name.value.trim();
    if (engine.value !== agent.engine) body.engine = engine.value;
    if (model.value !== (agent.model || "") || body.engine) body.model = model.value;
    if (folder.value.trim() !== (agent.working_directory || "")) body.folder = folder.value.trim();
    if (persona.value.trim() !== (agent.persona || "")) body.persona = persona.value.trim();
    return body;
  }

  function warn() {
    const body = changes();
    const reasons = Object.keys(resetting).filter((k) => k in body).map((k) => resetting[k]);
    if (body.engine && !body.model) reasons.splice(reasons.indexOf("model"), 1); // the engine's default model comes with it
    warning.textContent = reasons.length === 0 ? ""
      : agent.session_id
        ? `Saving starts a new session: changing the ${list(reasons)} ends the current conversation (the agent forgets it).`
        : `Changing the ${list(reasons)} starts a new session (this agent has none open yet, so nothing is lost).`;
    warning.classList.toggle("resets", reasons.length > 0 && !!agent.session_id);
    save.disabled = Object.keys(body).length === 0;
  }

  const form = h("form", { class: "agent-editor", "aria-label": `Edit ${agent.name}`, novalidate: false },
    avatar.element,
    field("edit-name", "Name", name, "Letters, digits, - and _; up to 32."),
    h("div", { class: "field-row" },
      field("edit-engine", "Engine", engine),
      field("edit-model", "Model", model)),
    field("edit-folder", "Folder", folder, "The agent's working folder (inside the allowed roots)."),
    field("edit-persona", "Persona", persona, `Instructions the agent gets at the start of each session; up to ${PersonaMaxLength} characters. Empty: none.`),
    warning,
    error,
    h("div", { class: "dialog-actions" }, cancel, save));
  form.addEventListener("input", warn);
  form.addEventListener("change", warn);

  const close = openOverlay(`Edit ${agent.emoji || "🤖"} ${agent.name}`, form);
  cancel.addEventListener("click", () => close());
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!form.reportValidity()) return;
    const body = changes();
    if (Object.keys(body).length === 0) return;
    save.disabled = true;
    error.textContent = "";
    try {
      const result = await api(`/agents/${encodeURIComponent(agent.id)}`, { method: "PUT", body });
      close();
      onSaved(result);
    } catch (failure) {
      error.textContent = failure.message;
      save.disabled = false;
    }
  });
  warn();
  name.focus();
}

function list(words) {
  return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
