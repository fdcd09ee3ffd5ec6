// One modal overlay (the prompt preview, the image lightbox): focus moves into it, Escape or the close button ends
// it, and focus returns to what had it.
import { h, clear } from "./dom.js";

export function openOverlay(title, ...content) {
  const overlay = document.getElementById("overlay");
  const previous = document.activeElement;
  const close = h("button", { type: "button", class: "close", "aria-label": "Close" }, "✕");
  const dialog = h("div", { class: "dialog", role: "dialog", "aria-modal": "true", "aria-labelledby": "overlay-title" },
    h("div", { class: "dialog-head" }, h("h2", { id: "overlay-title" }, title), close),
    ...content);
  clear(overlay).append(dialog);
  overlay.hidden = false;
  const done = () => {
    overlay.hidden = true;
    clear(overlay);
    document.removeEventListener("keydown", onKey);
    previous?.focus?.();
  };
  const onKey = (e) => { if (e.key === "Escape") done(); };
  close.addEventListener("click", done);
  overlay.onclick = (e) => { if (e.target === overlay) done(); };
  document.addEventListener("keydown", onKey);
  close.focus();
  return done;
}

export function lightbox(src, alt) {
  openOverlay(alt || "Image", h("img", { class: "lightbox-image", src, alt: alt || "" }));
}
