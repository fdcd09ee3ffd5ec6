// A modal dialog that asks for a decision (the delete confirmation). Unlike overlay.js (a view-only overlay), it traps
// the keyboard: Tab and Shift+Tab cycle inside it, Escape cancels, and focus returns to what had it when it closes.
import { h } from "./dom.js";

const focusable = "button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

// Opens the dialog; build(close) returns its content and may call close(value). Resolves with that value (null when
// cancelled by Escape, the ✕ button or a click outside).
export function openModal(title, build, { describedBy } = {}) {
  return new Promise((resolve) => {
    const previous = document.activeElement;
    const titleId = `modal-title-${Date.now()}`;
    const shade = h("div", { class: "modal-shade" });
    let closed = false;
    const close = (value) => {
      if (closed) return;
      closed = true;
      document.removeEventListener("keydown", onKey, true);
      shade.remove();
      document.body.classList.remove("modal-open");
      previous?.focus?.();
      resolve(value ?? null);
    };
    const dialog = h("div", { class: "dialog modal", role: "dialog", "aria-modal": "true", "aria-labelledby": titleId, "aria-describedby": describedBy },
      h("div", { class: "dialog-head" },
        h("h2", { id: titleId }, title),
        h("button", { type: "button", class: "close", "aria-label": "Close", onclick: () => close(null) }, "✕")),
      build(close));
    const onKey = (e) => {
      if (e.key === "Escape") { e.preventDefault(); close(null); return; }
      if (e.key !== "Tab") return;
      const items = [...dialog.querySelectorAll(focusable)].filter((el) => el.offsetParent !== null);
      if (items.length === 0) { e.preventDefault(); return; }
      const first = items[0];
      const last = items[items.length - 1];
      if (e.shiftKey && (document.activeElement === first || !dialog.contains(document.activeElement))) { e.preventDefault(); last.focus(); }
      else if (!e.shiftKey && (document.activeElement === last || !dialog.contains(document.activeElement))) { e.preventDefault(); first.focus(); }
    };
    shade.append(dialog);
    shade.addEventListener("mousedown", (e) => { if (e.target === shade) close(null); });
    document.addEventListener("keydown", onKey, true);
    document.body.append(shade);
    document.body.classList.add("modal-open");
    (dialog.querySelector("[autofocus]") || dialog.querySelector(focusable))?.focus();
  });
}
