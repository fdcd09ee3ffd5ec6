// Chat with an agent: the history (each turn marked Telegram or Web), the answer streaming in as it is written, Stop,
// the running activity ("Running: npm test"), approval requests with their buttons, image attachments (and the images
// of every turn as thumbnails) and a preview of exactly what the agent will receive.
import { api } from "./api.js";
import { on } from "./stream.js";
import { h, time, parseData } from "./dom.js";
import { renderMarkdown } from "./markdown.js";
import { Attachments, promptContent, lacksThumbnails } from "./images.js";
import { openOverlay } from "./overlay.js";
import { Approvals } from "./approvals.js";
import { editAgent } from "./agent-editor.js";

function origin(name) {
  return h("span", { class: `origin origin-${name.toLowerCase()}`, title: `Sent from ${name}` }, name === "Telegram" ? "✈ Telegram" : `🌐 ${name}`);
}

export async function chatView(root, agentId) {
  if (!agentId) { location.hash = "#/agents"; return; }
  const [agent, history, started] = await Promise.all([
    api(`/agents/${encodeURIComponent(agentId)}`),
    api(`/agents/${encodeURIComponent(agentId)}/messages?limit=50`),
    api("/events?kind=turn.started&limit=500"),
  ]);
  const origins = new Map();
  for (const e of started) {
    const data = parseData(e);
    if (data.agent_id === agentId) origins.set(data.turn_id, data.origin || "Telegram");
  }

  const log = h("ol", { class: "chat-log", "aria-label": "Conversation", "aria-live": "polite" });
  const turns = new Map(); // turn id → { answer element, text }
  let running = agent.running_turn_id || null;
  let runningSince = Date.now();
  // The latest turn.activity of each running turn ("⚙️ Running: npm test"). Per turn, because the live activity may
  // arrive before the stored turn.started (the stream merges two sources).
  const activities = new Map();

  // Who sent a prompt and when: the meta line of its bubble.
  const sentBy = (from, at) => [origin(from), h("time", { datetime: at || "" }, time(at))];

  function turnElement(turnId, prompt, from, at, images) {
    const answer = h("div", { class: "answer markdown", "aria-busy": "false" });
    const status = h("span", { class: "turn-status" });
    const content = h("div", { class: "prompt" }, ...promptContent(prompt, images));
    const meta = h("div", { class: "meta" }, ...sentBy(from, at));
    const item = h("li", { class: "turn", dataset: { turn: turnId } },
      h("div", { class: "bubble user" }, meta, content),
      h("div", { class: "bubble agent" },
        h("div", { class: "meta" }, h("span", { "aria-hidden": "true" }, agent.emoji || "🤖"), " ", agent.name, " ", status),
        answer));
    const turn = { item, answer, status, content, meta, prompt, text: "", pending: false };
    turns.set(turnId, turn);
    log.append(item);
    return turn;
  }

  // The turn's element, made by whichever of its messages comes first. A delta (live, from memory) can arrive before
  // turn.started (stored, read back from the database), and both before the answer to the page's own POST: the element
  // a delta made has no prompt yet, and a later message with the prompt fills it in instead of leaving it empty.
  function ensureTurn(turnId, prompt, from, at, images) {
    const turn = turns.get(turnId);
    if (!turn) return turnElement(turnId, prompt, from, at, images);
    if (!turn.prompt && prompt) {
      turn.prompt = prompt;
      turn.content.replaceChildren(...promptContent(prompt, images));
      turn.meta.replaceChildren(...sentBy(from, at));
    }
    return turn;
  }

  function render(turn) {
    if (turn.pending) return;
    turn.pending = true;
    requestAnimationFrame(() => {
      turn.pending = false;
      turn.answer.innerHTML = renderMarkdown(turn.text); // escaped first: see markdown.js
      scroll();
    });
  }

  const scroll = () => { log.lastElementChild?.scrollIntoView({ block: "end" }); };

  // A live turn's prompt names its images only by marker (from Telegram or another tab): its history entry has them.
  async function showImagesOf(turnId) {
    const turn = turns.get(turnId);
    if (!turn || !lacksThumbnails(turn.prompt)) return;
    try {
      const recent = await api(`/agents/${encodeURIComponent(agentId)}/messages?limit=10`);
      const entry = recent.find((t) => t.turn_id === turnId);
      if (entry?.images?.length) turn.content.replaceChildren(...promptContent(entry.prompt, entry.images).filter(Boolean));
    } catch {
      // the file names stay; the next visit shows the thumbnails
    }
  }

  const approvals = new Approvals((turnId) => turns.get(turnId)?.item || log, () => update());

  for (const t of [...history].reverse()) {
    const turn = turnElement(t.turn_id, t.prompt, origins.get(t.turn_id) || "Telegram", t.started_at, t.images);
    turn.text = t.answer || (t.status === "running" ? "" : t.error || "");
    turn.status.textContent = t.status === "completed" ? "" : t.status;
    turn.status.className = `turn-status ${t.status}`;
    turn.answer.innerHTML = renderMarkdown(turn.text);
  }

  // The composer.
  const input = h("textarea", { id: "prompt", rows: 3, placeholder: "Message the agent… (Ctrl+Enter sends; paste or drop images)", maxlength: 32000 });
  const fileInput = h("input", { type: "file", id: "image-input", accept: "image/*", multiple: true, class: "visually-hidden" });
  const attachList = h("ul", { class: "attachments", "aria-label": "Attached images" });
  const errors = h("p", { class: "error", role: "alert", id: "composer-error" });
  const send = h("button", { type: "submit", class: "primary", id: "send" }, "Send");
  const stop = h("button", { type: "button", id: "stop", class: "danger" }, "Stop");
  const preview = h("button", { type: "button", id: "preview" }, "Preview");
  const activityLabel = h("span", { class: "activity-text" });
  const elapsed = h("span", { class: "elapsed", "aria-hidden": "true" });
  const activity = h("span", { class: "activity", id: "activity", role: "status", "aria-live": "polite" }, activityLabel, elapsed);
  const attachments = new Attachments(agentId, attachList, errors, () => update());

  function update() {
    const uploading = attachments.uploading;
    send.disabled = uploading || (!input.value.trim() && attachments.ready.length === 0);
    send.textContent = uploading ? "Uploading…" : "Send";
    stop.hidden = !running;
    activity.classList.toggle("running", !!running);
    activityLabel.textContent = !running ? ""
      : approvals.waiting(running) ? "Waiting for approval…"
      : activities.get(running) || "Working…";
    elapsed.textContent = running ? ` · ${Math.round((Date.now() - runningSince) / 1000)} s` : "";
  }
  const ticker = setInterval(update, 1000);

  function composed() {
    const text = input.value.trim();
    const images = attachments.ready;
    const prompt = (text || (images.length > 1 ? `Look at these ${images.length} images.` : images.length ? "Look at this image." : ""))
      + (images.length ? "\n\n" + images.map((i) => i.marker).join("\n") : "");
    return { text, images, prompt };
  }

  const form = h("form", { class: "composer", "aria-label": "Send a message" },
    h("label", { for: "prompt", class: "visually-hidden" }, "Message"),
    input,
    attachList,
    errors,
    h("div", { class: "composer-row" },
      h("label", { for: "image-input", class: "button", tabindex: 0, role: "button",
        onkeydown: (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); fileInput.click(); } } }, "📎 Images"),
      fileInput, activity, preview, stop, send));

  fileInput.addEventListener("change", () => { attachments.add([...fileInput.files]); fileInput.value = ""; });
  input.addEventListener("input", update);
  input.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); } });
  input.addEventListener("paste", (e) => {
    const files = [...(e.clipboardData?.files || [])];
    if (files.length) { e.preventDefault(); attachments.add(files); }
  });
  const dropZone = h("div", { class: "chat" }, log, form);
  dropZone.addEventListener("dragover", (e) => { if (e.dataTransfer?.types?.includes("Files")) { e.preventDefault(); form.classList.add("dropping"); } });
  dropZone.addEventListener("dragleave", () => form.classList.remove("dropping"));
  dropZone.addEventListener("drop", (e) => {
    if (!e.dataTransfer?.files?.length) return;
    e.preventDefault();
    form.classList.remove("dropping");
    attachments.add([...e.dataTransfer.files]);
  });

  preview.addEventListener("click", () => {
    const { prompt } = composed();
    const parts = [];
    if (!agent.session_id && agent.persona) parts.push(h("h3", {}, "Persona (starts the new session)"), h("pre", { class: "preview-text" }, agent.persona));
    parts.push(h("h3", {}, "Prompt"), h("pre", { class: "preview-text", id: "preview-prompt" }, prompt || "(empty)"));
    parts.push(h("p", { class: "muted" }, `Echoed to the agent's Telegram chat as "[Web] …". ${agent.session_id ? "It continues the current session." : "It starts a new session."}`));
    openOverlay("What the agent will receive", ...parts);
  });

  stop.addEventListener("click", async () => {
    stop.disabled = true;
    try { await api(`/agents/${encodeURIComponent(agentId)}/stop`, { method: "POST" }); } catch (error) { errors.textContent = error.message; }
    stop.disabled = false;
  });

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (attachments.uploading) return;
    const { text, images, prompt } = composed();
    if (!prompt) return;
    send.disabled = true;
    errors.textContent = "";
    try {
      const accepted = await api(`/agents/${encodeURIComponent(agentId)}/messages`, { method: "POST", body: { text, image_ids: images.map((i) => i.id) } });
      origins.set(accepted.turn_id, "Web");
      const turn = ensureTurn(accepted.turn_id, prompt, "Web", new Date().toISOString());
      if (accepted.steered) turn.status.textContent = "added to the running turn";
      input.value = "";
      attachments.clear();
      scroll();
    } catch (error) {
      errors.textContent = error.message;
    }
    update();
  });

  // The head names the agent and its settings; Edit opens the same editor as the Agents page, and its notice (a new
  // session starts, or not) shows here.
  const head = h("div", { class: "chat-head" });
  const notice = h("p", { class: "notice", id: "chat-notice", role: "status", "aria-live": "polite" });
  function renderHead() {
    head.replaceChildren(
      h("a", { href: "#/agents", class: "back", "aria-label": "Back to agents" }, "←"),
      h("span", { class: "avatar", "aria-hidden": "true" }, agent.emoji || "🤖"),
      h("h1", {}, agent.name),
      h("span", { class: "muted" }, `${agent.engine}${agent.model ? " · " + agent.model : ""} · `, h("code", {}, agent.working_directory)),
      h("button", { type: "button", class: "link edit", "aria-label": `Edit ${agent.name}`, onclick: () => editAgent(agent, (result) => {
        Object.assign(agent, result.agent);
        notice.textContent = result.notice || "";
        notice.classList.toggle("new-session", !!result.new_session);
        renderHead();
      }).catch((error) => { notice.textContent = error.message; }) }, "Edit"));
  }
  renderHead();

  root.append(
    head,
    notice,
    dropZone);
  update();
  scroll();

  const mine = (data) => data.agent_id === agentId;
  const offs = [
    on("turn.started", (e) => {
      const data = parseData(e);
      if (!mine(data)) return;
      origins.set(data.turn_id, data.origin || origins.get(data.turn_id) || "Telegram");
      const turn = ensureTurn(data.turn_id, data.prompt || "", origins.get(data.turn_id), e.at);
      turn.answer.setAttribute("aria-busy", "true");
      if (running !== data.turn_id) runningSince = Date.now();
      running = data.turn_id;
      update();
      showImagesOf(data.turn_id);
    }),
    on("turn.activity", (d) => {
      if (d.agent_id !== agentId) return;
      // "✋ Waiting for your approval…" is left to the approval cards (they say which approval waits); once it is
      // decided the bot sends the activity again (the command running), which the line shows.
      if (d.text?.startsWith("✋")) { update(); return; }
      if (d.text) activities.set(d.turn_id, d.text);
      else activities.delete(d.turn_id);
      if (!running && d.text && !turns.get(d.turn_id)?.ended) { running = d.turn_id; runningSince = Date.now(); }
      update();
    }),
    on("approval.requested", (e) => {
      const data = parseData(e);
      if (mine(data)) approvals.show(data);
    }),
    on("approval.resolved", (e) => {
      const data = parseData(e);
      if (mine(data)) approvals.resolve(data);
    }),
    on("turn.delta", (d) => {
      if (d.agent_id !== agentId) return;
      const turn = ensureTurn(d.turn_id, "", "Telegram", d.at);
      turn.text += d.text;
      running = d.turn_id;
      render(turn);
    }),
    on("turn.ended", (e) => {
      const data = parseData(e);
      if (!mine(data)) return;
      const turn = ensureTurn(data.turn_id, "", origins.get(data.turn_id) || "Telegram", e.at);
      if (data.text) turn.text = data.text;
      else if (data.error) turn.text = turn.text || data.error;
      turn.answer.setAttribute("aria-busy", "false");
      turn.status.textContent = data.status === "completed" ? "" : data.status;
      turn.status.className = `turn-status ${data.status}`;
      render(turn);
      turn.ended = true;
      activities.delete(data.turn_id);
      if (running === data.turn_id) running = null;
      update();
    }),
  ];
  // Requests still waiting (asked before this page opened; the events above bring the ones after).
  api(`/agents/${encodeURIComponent(agentId)}/approvals`)
    .then((pending) => { for (const request of pending) approvals.show(request); })
    .catch(() => {});
  input.focus();
  return () => { clearInterval(ticker); offs.forEach((off) => off()); };
}
