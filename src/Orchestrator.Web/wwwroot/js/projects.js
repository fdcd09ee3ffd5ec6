// Projects: the registered repositories (GET /projects) and one project's detail: its sessions, artifacts and the disk
// its sessions use. Live: any project.* or session.* event refreshes what is shown.
import { api } from "./api.js";
import { on } from "./stream.js";
import { h, clear } from "./dom.js";
import { bytes, when, sessionsTable, debounced } from "./session-parts.js";
import { artifactsList } from "./artifacts.js";

function projectRow(p) {
  return h("tr", { dataset: { project: p.slug } },
    h("th", { scope: "row" }, h("a", { href: `#/projects/${encodeURIComponent(p.slug)}` }, p.name || p.slug)),
    h("td", {}, h("code", {}, p.slug)),
    h("td", { class: "folder" }, h("code", {}, p.path)),
    h("td", {}, p.default_branch || ""),
    h("td", { class: "num" }, `${p.active_sessions ?? 0} / ${p.sessions ?? 0}`),
    h("td", { class: "num" }, bytes(p.disk_bytes)));
}

async function listView(root) {
  const holder = h("div");
  root.append(h("h1", {}, "Projects"), holder);
  const render = async () => {
    const projects = await api("/projects");
    clear(holder);
    if (projects.length === 0) {
      holder.append(h("p", { class: "muted" }, "No project yet. An admin adds one in Telegram with ", h("code", {}, "/project add PATH"), "."));
      return;
    }
    const body = h("tbody", {}, projects.map(projectRow));
    holder.append(h("div", { class: "table-wrap" }, h("table", { class: "grid projects" },
      h("caption", { class: "visually-hidden" }, "Projects"),
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "Slug"), h("th", { scope: "col", class: "folder" }, "Path"),
        h("th", { scope: "col" }, "Default branch"), h("th", { scope: "col", class: "num" }, "Active / all sessions"),
        h("th", { scope: "col", class: "num" }, "Disk used"))),
      body)));
  };
  await render();
  const refresh = debounced(() => render().catch(() => {}), 400);
  const off = on("*", (e, kind) => { if (/^(project|session)\./.test(kind)) refresh(); });
  return () => { off(); refresh.cancel(); };
}

async function detailView(root, slug) {
  const project = await api(`/projects/${encodeURIComponent(slug)}`);
  const sessionsHolder = h("div");
  const artifactsHolder = h("div");
  const facts = h("dl", { class: "facts" });
  root.append(
    h("p", { class: "crumbs" }, h("a", { href: "#/projects" }, "Projects"), " / ", project.slug),
    h("h1", {}, project.name || project.slug),
    facts,
    h("section", { "aria-labelledby": "project-sessions" }, h("h2", { id: "project-sessions" }, "Sessions"), sessionsHolder),
    h("section", { "aria-labelledby": "project-artifacts" }, h("h2", { id: "project-artifacts" }, "Artifacts"), artifactsHolder));

  const render = async () => {
    const [p, sessions, artifacts] = await Promise.all([
      api(`/projects/${encodeURIComponent(project.id)}`),
      api(`/sessions?project=${encodeURIComponent(project.slug)}&archived=true&limit=100`),
      api(`/artifacts?project=${encodeURIComponent(project.slug)}`).catch(() => []),
    ]);
    clear(facts).append(
      h("dt", {}, "Path"), h("dd", {}, h("code", {}, p.path)),
      h("dt", {}, "Default branch"), h("dd", {}, p.default_branch || ""),
      h("dt", {}, "Sessions"), h("dd", {}, `${p.active_sessions ?? 0} active, ${p.sessions ?? 0} in all`),
      h("dt", {}, "Disk used"), h("dd", { id: "project-disk" }, bytes(p.disk_bytes), h("span", { class: "muted" }, " (worktrees, artifacts and logs of its sessions)")),
      h("dt", {}, "Added"), h("dd", {}, when(p.created_at)));
    clear(sessionsHolder).append(sessions.length
      ? sessionsTable(sessions, { showProject: false })
      : h("p", { class: "muted" }, "No session yet: start one from the dashboard."));
    clear(artifactsHolder).append(artifactsList(artifacts, { showSession: true }));
  };
  await render();
  const refresh = debounced(() => render().catch(() => {}), 400);
  const off = on("*", (e, kind) => { if (/^(project|session|artifact|worktree)\./.test(kind) && (!e.project_id || e.project_id === project.id)) refresh(); });
  return () => { off(); refresh.cancel(); };
}

export async function projectsView(root, slug) {
  return slug ? detailView(root, slug) : listView(root);
}
