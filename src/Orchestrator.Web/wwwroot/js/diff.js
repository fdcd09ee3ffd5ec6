// A unified diff (git's text) shown as a diff: one block per file with its +/− counts, added lines green, removed
// lines red, hunk headers muted, old and new line numbers in the gutter. Every line goes in as text, never as HTML.
import { h } from "./dom.js";

// Splits git's unified diff into files: { path, lines: [...] } (the "diff --git" header starts each).
export function parseDiff(text) {
  const files = [];
  let file = null;
  for (const line of (text || "").split("\n")) {
    // git quotes a path with unusual characters ("a/x y" stays plain, "a/caf\303\251" is quoted): strip the quotes.
    const header = /^diff --git "?a\/(.*?)"? "?b\/(.*?)"?$/.exec(line);
    if (header) {
      file = { path: header[2], lines: [] };
      files.push(file);
      continue;
    }
    if (!file) {
      if (!line) continue;
      file = { path: "(diff)", lines: [] };
      files.push(file);
    }
    file.lines.push(line);
  }
  for (const f of files) while (f.lines.length && f.lines[f.lines.length - 1] === "") f.lines.pop();
  return files;
}

function fileBlock(file, stats) {
  const rows = h("tbody");
  let oldNo = 0;
  let newNo = 0;
  let inHunk = false;
  const notes = [];
  for (const line of file.lines) {
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    let kind = "meta";
    let left = "";
    let right = "";
    if (hunk) {
      oldNo = Number(hunk[1]);
      newNo = Number(hunk[2]);
      inHunk = true;
      kind = "hunk";
    } else if (inHunk && line.startsWith("+")) { kind = "add"; right = newNo++; }
    else if (inHunk && line.startsWith("-")) { kind = "del"; left = oldNo++; }
    else if (inHunk && line.startsWith("\\")) { kind = "meta"; }
    else if (inHunk) { kind = "ctx"; left = oldNo++; right = newNo++; }
    if (kind === "meta" && !inHunk) { // git's file header: the block's heading says it, except what happened to the file
      const what = /^(new file|deleted file|rename from|rename to|Binary files)/.test(line) ? line : null;
      if (what) notes.push(what);
      continue;
    }
    rows.append(h("tr", { class: `line ${kind}` },
      h("td", { class: "ln", "aria-hidden": "true" }, String(left)),
      h("td", { class: "ln", "aria-hidden": "true" }, String(right)),
      h("td", { class: "code" }, h("span", { class: "visually-hidden" }, kind === "add" ? "added: " : kind === "del" ? "removed: " : ""), line)));
  }
  const stat = stats.find((s) => s.path === file.path);
  return h("section", { class: "diff-file", dataset: { path: file.path } },
    h("h3", { class: "diff-path" },
      h("code", {}, file.path),
      notes.length ? h("span", { class: "diff-note" }, notes.join(", ").replace(/ mode \d+/g, "")) : null,
      stat ? h("span", { class: "diff-stat" }, h("span", { class: "plus" }, `+${stat.added}`), " ", h("span", { class: "minus" }, `−${stat.removed}`)) : null),
    h("div", { class: "diff-scroll" }, h("table", { class: "diff" }, rows)));
}

// Renders GET /sessions/{id}/diff's answer.
export function diffView(answer) {
  const files = parseDiff(answer.diff);
  if (files.length === 0) return h("p", { class: "muted" }, "No changes: the branch is the same as its base.");
  const stats = answer.files || [];
  return h("div", { class: "diff-files" },
    answer.truncated ? h("p", { class: "warning", role: "note" }, "The diff is longer than 1 MiB: only its start is shown.") : null,
    files.map((f) => fileBlock(f, stats)));
}
