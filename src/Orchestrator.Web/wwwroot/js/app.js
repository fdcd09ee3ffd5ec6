// The single page: a hash router over the views. Each view renders into <main> and returns a cleanup function
// (its stream subscriptions end when the user leaves it).
import { api, logout } from "./api.js";
import { connect, disconnect } from "./stream.js";
import { h, clear } from "./dom.js";
import { dashboardView } from "./dashboard.js";
import { agentsView } from "./agents.js";
import { chatView } from "./chat.js";
import { eventsView } from "./events.js";
import { projectsView } from "./projects.js";
import { sessionsView } from "./sessions.js";

const view = document.getElementById("view");
let leave = () => {};
let signedIn = false;

const routes = {
  dashboard: dashboardView,
  agents: agentsView,
  chat: chatView,
  events: eventsView,
  projects: projectsView,
  sessions: sessionsView,
};

function signedOut(detail) {
  signedIn = false;
  leave();
  leave = () => {};
  disconnect();
  document.getElementById("logout").hidden = true;
  document.body.classList.add("signed-out");
  clear(view).append(h("section", { class: "card signed-out-card" },
    h("h1", {}, "Sign in"),
    h("p", {}, detail || "You are not signed in."),
    h("p", {}, "Send ", h("code", {}, "/web"), " to the bot in a private chat on Telegram: it answers with a one-time link that signs this browser in.")));
}

async function route() {
  if (!signedIn) return;
  const [name, ...args] = (location.hash.replace(/^#\/?/, "") || "dashboard").split("/");
  const render = routes[name] || dashboardView;
  for (const a of document.querySelectorAll("[data-nav]")) {
    a.toggleAttribute("aria-current", a.dataset.nav === name || (name === "chat" && a.dataset.nav === "agents"));
    if (a.hasAttribute("aria-current")) a.setAttribute("aria-current", "page");
  }
  leave();
  leave = () => {};
  clear(view);
  try {
    leave = (await render(view, ...args.map(decodeURIComponent))) || (() => {});
  } catch (error) {
    if (error.status === 401) return;
    view.append(h("p", { class: "error", role: "alert" }, error.message));
  }
  // Not when the user already moved focus into the new view while it loaded (a button, a field, a dialog).
  if (document.activeElement === document.body || !document.activeElement) view.focus({ preventScroll: true });
}

async function start() {
  window.addEventListener("orch:signed-out", (e) => signedOut(e.detail));
  try {
    await api("/health");
  } catch (error) {
    if (error.status !== 401) signedOut(error.message);
    return;
  }
  signedIn = true;
  document.body.classList.remove("signed-out");
  const button = document.getElementById("logout");
  button.hidden = false;
  button.onclick = async () => { await logout(); signedOut("You signed out."); };
  connect();
  window.addEventListener("hashchange", route);
  await route();
}

start();
