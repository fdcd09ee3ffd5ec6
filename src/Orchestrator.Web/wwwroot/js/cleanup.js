// Deleting a session: the cleanup preview (GET /sessions/{id}/cleanup-preview) in a modal that says exactly what will be
// removed, warns about unmerged work, offers "delete the branch too", and asks for confirmation. The delete carries the
// preview's `confirm`; when the session changed since (409 with the current preview), the modal shows again.
import { api } from "./api.js";
import { h } from "./dom.js";
import { openModal } from "./modal.js";
import { bytes } from "./session-parts.js";

function files(title, list) {
  if (!list || list.length === 0) return null;
  const shown = list.slice(0, 50);
  return h("div", {},
    h("h3", {}, `${title} (${list.length})`),
    h("ul", { class: "files" }, shown.map((f) => h("li", {}, h("code", {}, f))),
      list.length > shown.length ? h("li", { class: "muted" }, `… and ${list.length - shown.length} more`) : null));
}

function previewBody(p, close, changedNote) {
  const deleteBranch = h("input", { type: "checkbox", id: "delete-branch", disabled: !p.branch_exists });
  const warn = p.branch_has_unmerged_work || (p.unmerged_commits ?? 0) > 0;
  const dirty = (p.uncommitted_files?.length ?? 0) + (p.untracked_files?.length ?? 0) > 0;
  return h("div", { class: "cleanup" },
    changedNote ? h("p", { class: "warning", role: "alert" }, changedNote) : null,
    h("p", { id: "cleanup-summary" }, `Deleting session ${p.session_id} (${(p.state || "").replace(/_/g, " ")}) removes:`),
    h("ul", { class: "cleanup-list" },
      p.worktree_path
        ? h("li", {}, "Worktree ", h("code", {}, p.worktree_path), p.worktree_exists ? ` (${bytes(p.worktree_bytes)})` : " (already gone)")
        : h("li", {}, "No worktree (a read-only session)."),
      h("li", {}, `${(p.artifacts || []).length} artifact(s)`, (p.artifacts || []).length
        ? h("span", { class: "muted" }, ": ", (p.artifacts || []).map((a) => `${a.name} (${bytes(a.size_bytes)})`).join(", "))
        : null),
      p.log_exists ? h("li", {}, "The log ", h("code", {}, p.log_path || "")) : null),
    dirty ? h("p", { class: "warning", role: "note" }, "⚠️ The worktree has changes that were never committed; they will be lost.") : null,
    files("Uncommitted files", p.uncommitted_files),
    files("Untracked files", p.untracked_files),
    p.branch
      ? h("div", { class: "branch" },
        h("p", {}, "Branch ", h("code", {}, p.branch), p.branch_exists ? "" : " (no longer exists)",
          p.branch_exists ? `: ${p.unmerged_commits ?? 0} commit(s) not merged into the default branch.` : "."),
        warn ? h("p", { class: "warning", role: "note" }, "⚠️ The branch has work that is not merged. Keep the branch unless you are sure you do not need it.") : null,
        h("p", { class: "check" }, deleteBranch, h("label", { for: "delete-branch" }, "Delete the branch too")))
      : null,
    h("p", { class: "muted" }, "The session's record stays (as deleted); the project's checkout is never touched."),
    h("div", { class: "dialog-actions" },
      h("button", { type: "button", onclick: () => close(null) }, "Cancel"),
      h("button", { type: "button", class: "danger", autofocus: true, onclick: () => close({ delete_branch: deleteBranch.checked }) }, "Delete session")));
}

// Runs the whole flow; resolves with the deleted SessionView, or null when the user cancelled.
export async function confirmDelete(sessionId) {
  let preview = await api(`/sessions/${encodeURIComponent(sessionId)}/cleanup-preview`);
  let note = null;
  for (let attempt = 0; attempt < 5; attempt++) {
    const p = preview;
    const choice = await openModal(`Delete session ${sessionId}?`, (close) => previewBody(p, close, note), { describedBy: "cleanup-summary" });
    if (!choice) return null;
    try {
      return await api(`/sessions/${encodeURIComponent(sessionId)}/delete`, { method: "POST", body: { confirm: p.confirm, delete_branch: choice.delete_branch } });
    } catch (error) {
      if (error.status !== 409 || !error.body?.preview) throw error;
      preview = error.body.preview;
      note = "The session changed since this preview was made: check what will be removed again.";
    }
  }
  throw new Error("The session keeps changing: try deleting it again when it is idle.");
}
