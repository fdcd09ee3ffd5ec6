// Events: the stored events (GET /events, newest first) and then every new one live, filtered by kind and text.
import { api } from "./api.js";
import { on } from "./stream.js";
import { h, time } from "./dom.js";

export function eventRow(e, kind) {
  return h("li", { class: `event kind-${(kind || e.kind || "").split(".")[0]}`, dataset: { kind: kind || e.kind } },
    h("time", { datetime: e.at }, time(e.at)),
    h("span", { class: "kind" }, kind || e.kind),
    h("span", { class: "summary" }, e.summary || ""),
    e.actor ? h("span", { class: "actor" }, e.actor) : null);
}

export async function eventsView(root) {
  const kindFilter = h("input", { id: "event-kind", type: "search", placeholder: "turn.ended", autocomplete: "off" });
  const textFilter = h("input", { id: "event-text", type: "search", placeholder: "any text", autocomplete: "off" });
  const list = h("ol", { class: "events", "aria-label": "Events, newest first", "aria-live": "polite" });
  const count = h("span", { class: "muted" });
  root.append(
    h("h1", {}, "Events"),
    h("form", { class: "filters", role: "search", onsubmit: (e) => e.preventDefault() },
      h("label", { for: "event-kind" }, "Kind"), kindFilter,
      h("label", { for: "event-text" }, "Contains"), textFilter, count),
    list);

  const matches = (row) => {
    const kind = kindFilter.value.trim().toLowerCase();
    const text = textFilter.value.trim().toLowerCase();
    return (!kind || row.dataset.kind.toLowerCase().includes(kind)) && (!text || row.textContent.toLowerCase().includes(text));
  };
  const apply = () => {
    let shown = 0;
    for (const row of list.children) { row.hidden = !matches(row); if (!row.hidden) shown++; }
    count.textContent = `${shown} shown`;
  };
  kindFilter.addEventListener("input", apply);
  textFilter.addEventListener("input", apply);

  const stored = await api("/events?limit=200");
  for (const e of stored) list.append(eventRow(e));
  apply();
  return on("*", (e, kind) => {
    if (kind === "turn.delta") return; // text pieces belong to the chat, not to the event list
    const row = eventRow(e, kind);
    row.hidden = !matches(row);
    list.prepend(row);
    while (list.children.length > 500) list.lastChild.remove();
    apply();
  });
}
