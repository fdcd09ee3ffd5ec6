// A session's or project's artifacts (turn-N.diff, plan.md, transcript.jsonl): a list whose entries open the content
// in a dialog (a .diff as a diff), with a link to the raw file.
import { h } from "./dom.js";
import { openModal } from "./modal.js";
import { diffView } from "./diff.js";
import { bytes, when } from "./session-parts.js";

export function contentUrl(artifact) {
  // The API gives the id already URL-escaped (SESSIONID.NAME); escape only what it did not.
  const id = /%[0-9A-Fa-f]{2}/.test(artifact.id) ? artifact.id : encodeURIComponent(artifact.id);
  return `/api/v1/artifacts/${id}/content`;
}

async function open(artifact) {
  let text;
  try {
    const response = await fetch(contentUrl(artifact), { credentials: "same-origin" });
    if (!response.ok) throw new Error(`The artifact could not be read (HTTP ${response.status}).`);
    text = await response.text();
  } catch (error) {
    text = null;
    await openModal(artifact.name, () => h("p", { class: "error", role: "alert" }, error.message));
    return;
  }
  const shown = text.length > 512 * 1024 ? text.slice(0, 512 * 1024) : text;
  await openModal(artifact.name, () => h("div", { class: "artifact-content" },
    h("p", { class: "muted" }, `${bytes(artifact.size_bytes)} · `, h("a", { href: contentUrl(artifact), target: "_blank", rel: "noopener" }, "open the raw file"),
      shown.length < text.length ? " · only the first 512 KB is shown here" : ""),
    /\.diff$/.test(artifact.name) ? diffView({ diff: shown }) : h("pre", { class: "preview-text" }, shown)));
}

export function artifactsList(artifacts, { showSession = false } = {}) {
  if (!artifacts || artifacts.length === 0) return h("p", { class: "muted" }, "No artifacts.");
  return h("ul", { class: "artifacts" }, artifacts.map((a) => h("li", { dataset: { artifact: a.name } },
    h("button", { type: "button", class: "link", onclick: () => open(a) }, a.name),
    showSession ? h("span", { class: "muted" }, " · ", h("a", { href: `#/sessions/${encodeURIComponent(a.session_id)}` }, a.session_id)) : null,
    h("span", { class: "muted" }, ` · ${bytes(a.size_bytes)}`, a.modified_at ? ` · ${when(a.modified_at)}` : ""))));
}
