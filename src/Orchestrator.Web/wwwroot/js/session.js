// One session: its facts, the buttons its state allows (Stop, Resume, Archive, Delete), a follow-up box, the log tail
// (live), the diff viewed as a diff, and its artifacts. Live: an event about this session refreshes the page, and while
// a turn runs the log tail is polled as well (the log gains lines between events).
import { api } from "./api.js";
import { on } from "./stream.js";
import { h, clear } from "./dom.js";
import { stateBadge, stateLabel, when, eventSession, isActive, debounced } from "./session-parts.js";
import { diffView } from "./diff.js";
import { artifactsList } from "./artifacts.js";
import { confirmDelete } from "./cleanup.js";

const pollMs = 2000;

function fact(label, value) {
  if (value === undefined || value === null || value === "") return [];
  return [h("dt", {}, label), h("dd", {}, value)];
}

export async function sessionView(root, id) {
  const path = `/sessions/${encodeURIComponent(id)}`;
  let session = await api(path);
  const heading = h("h1", {}, `Session ${session.id} `);
  const badge = h("span", { id: "session-state" });
  heading.append(badge);
  const facts = h("dl", { class: "facts" });
  const message = h("p", { id: "session-message", role: "status", "aria-live": "polite" });
  const stop = h("button", { type: "button", class: "danger", id: "session-stop" }, "Stop");
  const resume = h("button", { type: "button", id: "session-resume" }, "Resume");
  const archive = h("button", { type: "button", id: "session-archive" }, "Archive");
  const remove = h("button", { type: "button", class: "danger", id: "session-delete" }, "Delete…");
  const followText = h("textarea", { id: "followup-text", rows: 3, maxlength: 4000, "aria-describedby": "followup-help" });
  const followSend = h("button", { type: "submit", class: "primary", id: "followup-send" }, "Send follow-up");
  const followHelp = h("small", { id: "followup-help" });
  const followForm = h("form", { class: "card followup" },
    h("label", { id: "followup-label", for: "followup-text" }, "Follow-up"), followText,
    h("div", { class: "composer-row" }, followHelp, followSend));
  const log = h("pre", { class: "log-tail", id: "log-tail", tabindex: "0", "aria-label": "Log tail" });
  const diff = h("div", { id: "session-diff" });
  const artifacts = h("div", { id: "session-artifacts" });

  root.append(
    h("p", { class: "crumbs" }, h("a", { href: "#/sessions" }, "Sessions"), " / ", session.id),
    heading,
    facts,
    h("div", { class: "session-actions", role: "group", "aria-label": "Session actions" }, stop, resume, archive, remove),
    message,
    followForm,
    h("section", { "aria-labelledby": "log-title" }, h("h2", { id: "log-title" }, "Log"), log),
    h("section", { "aria-labelledby": "diff-title" }, h("h2", { id: "diff-title" }, "Diff"), diff),
    h("section", { "aria-labelledby": "artifacts-title" }, h("h2", { id: "artifacts-title" }, "Artifacts"), artifacts));

  const say = (text, error = false) => {
    message.textContent = text;
    message.classList.toggle("error", error);
  };

  const renderSession = () => {
    const s = session;
    clear(badge).append(stateBadge(s.state));
    root.dataset.state = s.state;
    clear(facts).append(
      ...fact("Project", s.project ? h("a", { href: `#/projects/${encodeURIComponent(s.project)}` }, s.project) : null),
      ...fact("Agent", s.engine && s.engine !== s.agent ? `${s.agent} (${s.engine})` : s.agent),
      ...fact("Action", s.action),
      ...fact("Task", s.task),
      ...fact("Model", s.model),
      ...fact("Branch", s.branch ? h("code", {}, s.branch) : null),
      ...fact("Worktree", s.worktree_path ? h("code", {}, s.worktree_path) : null),
      ...fact("Base commit", s.base_commit ? h("code", {}, s.base_commit.slice(0, 12)) : null),
      ...fact("Requested by", s.requester_name || s.requester_id),
      ...fact("Reason", s.reason),
      ...fact("Turns", String(s.turns ?? 0)),
      ...fact("Tokens", s.input_tokens !== undefined ? `${s.input_tokens ?? 0} in, ${s.output_tokens ?? 0} out` : null),
      ...fact("Created", when(s.created_at)),
      ...fact("Updated", when(s.updated_at)));
    const st = s.state;
    stop.hidden = !(st === "created" || st === "running");
    resume.hidden = !(st === "stopped" || st === "failed");
    archive.hidden = !["waiting_for_user", "completed", "stopped", "failed"].includes(st);
    remove.hidden = !["waiting_for_user", "completed", "stopped", "failed", "archived"].includes(st);
    const canFollow = st === "waiting_for_user";
    const canResume = st === "stopped" || st === "failed";
    followForm.hidden = !(canFollow || canResume || isActive(st));
    followText.disabled = !(canFollow || canResume);
    followSend.disabled = !(canFollow || canResume);
    followSend.textContent = canResume ? "Resume with this" : "Send follow-up";
    followHelp.textContent = isActive(st) ? "The agent is working; you can follow up when it has answered."
      : canResume ? `The session is ${stateLabel(st)}: the text (optional) resumes it.` : "Ctrl+Enter sends.";
  };

  const loadLog = async () => {
    const tail = await api(`${path}/log-tail?lines=200`);
    const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    log.textContent = (tail.lines || []).join("\n") || "(the log is empty)";
    if (atBottom) log.scrollTop = log.scrollHeight;
  };
  const loadDiff = async () => {
    const answer = await api(`${path}/diff`);
    clear(diff).append(answer.branch ? h("p", { class: "muted" }, "Changes on ", h("code", {}, answer.branch), " since ",
      h("code", {}, (answer.base_commit || "").slice(0, 12)), ":") : null, diffView(answer));
  };
  const loadArtifacts = async () => {
    clear(artifacts).append(artifactsList(await api(`/artifacts?session=${encodeURIComponent(id)}`)));
  };
  const loadAll = async () => {
    session = await api(path);
    renderSession();
    await Promise.all([
      loadLog().catch((e) => { log.textContent = e.message; }),
      session.state === "deleted" ? clear(diff).append(h("p", { class: "muted" }, "The session is deleted.")) : loadDiff().catch((e) => clear(diff).append(h("p", { class: "error" }, e.message))),
      loadArtifacts().catch((e) => clear(artifacts).append(h("p", { class: "error" }, e.message))),
    ]);
  };

  const refresh = debounced(() => loadAll().catch(() => {}), 300);

  // Runs one action; the answer is the session's new view.
  const act = async (button, label, request) => {
    button.disabled = true;
    say(`${label}…`);
    try {
      const moved = await request();
      if (moved) { session = moved; renderSession(); }
      say(`${label}: done. The session is ${stateLabel(session.state)}.`);
      refresh();
    } catch (error) {
      say(error.message, true);
    } finally {
      button.disabled = false;
    }
  };
  stop.addEventListener("click", () => act(stop, "Stop", () => api(`${path}/stop`, { method: "POST" })));
  resume.addEventListener("click", () => act(resume, "Resume", () => api(`${path}/resume`, { method: "POST", body: {} })));
  archive.addEventListener("click", () => act(archive, "Archive", () => api(`${path}/archive`, { method: "POST" })));
  remove.addEventListener("click", async () => {
    try {
      const deleted = await confirmDelete(id);
      if (!deleted) { say("Delete cancelled."); return; }
      session = deleted;
      renderSession();
      say(`Session ${id} deleted.`);
      refresh();
    } catch (error) {
      say(error.message, true);
    }
  });
  followForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = followText.value.trim();
    if (session.state === "waiting_for_user" && !text) { say("Write the follow-up first.", true); followText.focus(); return; }
    const resuming = session.state === "stopped" || session.state === "failed";
    await act(followSend, resuming ? "Resume" : "Follow-up", () => resuming
      ? api(`${path}/resume`, { method: "POST", body: text ? { text } : {} })
      : api(`${path}/followup`, { method: "POST", body: { text } }));
    if (!message.classList.contains("error")) followText.value = "";
  });
  followText.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); followForm.requestSubmit(); }
  });

  renderSession();
  await loadAll();

  const off = on("*", (e, kind) => {
    if (kind === "turn.delta") return;
    if (eventSession(e) === id) refresh();
  });
  // The log grows between events while a turn runs: poll it then (only then).
  const timer = setInterval(() => {
    if (isActive(session.state) && !document.hidden) loadLog().then(() => api(path)).then((s) => {
      if (s.state !== session.state) { session = s; refresh(); }
    }).catch(() => {});
  }, pollMs);
  return () => { off(); refresh.cancel(); clearInterval(timer); };
}
