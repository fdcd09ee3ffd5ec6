// Image attachments of the composer: picked, dropped or pasted; checked here (type, 8 MB) for a clear message at once
// (the server checks again, by the bytes); uploaded one by one with a progress bar each; removable.
import { uploadImage } from "./api.js";
import { h } from "./dom.js";
import { lightbox } from "./overlay.js";

export const MaxImageBytes = 8 * 1024 * 1024;
const MaxImages = 10;

// marker → image id of uploads made in this browser, so history can show them as thumbnails (kept for the tab).
const known = new Map(JSON.parse(sessionStorage.getItem("orch.images") || "[]"));
export function imageIdOf(marker) { return known.get(marker); }
function remember(image) {
  known.set(image.marker, image.id);
  sessionStorage.setItem("orch.images", JSON.stringify([...known].slice(-200)));
}

export class Attachments {
  constructor(agentId, list, errors, onChange) {
    this.agentId = agentId;
    this.list = list;
    this.errors = errors;
    this.onChange = onChange;
    this.items = [];
  }

  get uploading() { return this.items.some((i) => !i.image && !i.failed); }
  get ready() { return this.items.filter((i) => i.image).map((i) => i.image); }

  add(files) {
    this.errors.textContent = "";
    const problems = [];
    for (const file of files) {
      if (this.items.length >= MaxImages) { problems.push(`At most ${MaxImages} images go with one message.`); break; }
      if (!file.type.startsWith("image/")) { problems.push(`${file.name || "The file"} is not an image.`); continue; }
      if (file.size > MaxImageBytes) {
        problems.push(`${file.name || "The image"} is ${(file.size / 1048576).toFixed(1)} MB: images may have at most 8 MB.`);
        continue;
      }
      this.upload(file);
    }
    if (problems.length) this.errors.textContent = problems.join(" ");
    this.onChange();
  }

  upload(file) {
    const url = URL.createObjectURL(file);
    const progress = h("progress", { max: 100, value: 0, "aria-label": `Uploading ${file.name || "image"}` });
    const thumb = h("img", { src: url, alt: file.name || "pasted image", class: "thumb" });
    const remove = h("button", { type: "button", class: "remove", "aria-label": `Remove ${file.name || "image"}` }, "✕");
    const chip = h("li", { class: "attachment uploading" }, h("button", { type: "button", class: "thumb-button", "aria-label": `Show ${file.name || "image"}` }, thumb), progress, remove);
    chip.querySelector(".thumb-button").addEventListener("click", () => lightbox(url, file.name));
    const item = { file, url, chip, image: null, failed: false };
    const upload = uploadImage(this.agentId, file, (fraction) => { progress.value = Math.round(fraction * 100); });
    item.abort = upload.abort;
    remove.addEventListener("click", () => this.remove(item));
    this.items.push(item);
    this.list.append(chip);
    upload.done.then((image) => {
      item.image = image;
      remember(image);
      chip.classList.remove("uploading");
      chip.classList.add("uploaded");
      progress.value = 100;
      progress.setAttribute("aria-label", `${file.name || "image"} uploaded`);
      this.onChange();
    }, (error) => {
      if (!this.items.includes(item)) return;
      item.failed = true;
      chip.classList.add("failed");
      this.errors.textContent = error.message;
      this.remove(item);
    });
  }

  remove(item) {
    item.abort?.();
    this.items = this.items.filter((i) => i !== item);
    item.chip.remove();
    URL.revokeObjectURL(item.url);
    this.onChange();
  }

  clear() {
    for (const item of this.items) { item.chip.remove(); URL.revokeObjectURL(item.url); }
    this.items = [];
    this.onChange();
  }
}

const markerPattern = /\[Image attached: ([^\]\n]+)\]/g;

/**
 * A prompt's text without its image markers, and the markers as thumbnails. The images come from the turn's `images`
 * (GET /agents/{id}/messages: in marker order, whether sent from Telegram, this tab or another one); a marker without
 * one falls back to uploads made in this tab, then to its file name.
 */
export function promptContent(prompt, images = []) {
  const markers = [...prompt.matchAll(markerPattern)].map((m) => m[0]);
  const text = prompt.replace(markerPattern, "").trim();
  // The turn's images are in marker order, but an image deleted since (quota) is left out: only a full list can be
  // matched to the markers by position.
  const matched = images.length === markers.length ? images : [];
  const thumbs = markers.map((marker, i) => {
    const id = matched[i]?.id ?? imageIdOf(marker);
    const name = marker.slice("[Image attached: ".length, -1).split("/").pop();
    if (!id) return h("span", { class: "image-chip" }, `🖼 ${name}`);
    const src = `/api/v1/images/${encodeURIComponent(id)}`;
    return h("button", { type: "button", class: "thumb-button", "aria-label": `Show ${name}`, onclick: () => lightbox(src, name) },
      h("img", { class: "thumb", src, alt: name, loading: "lazy" }));
  });
  return [text ? h("div", { class: "text" }, text) : null, thumbs.length ? h("div", { class: "images" }, thumbs) : null];
}

/** True when the prompt has a marker that shows no thumbnail without the turn's images. */
export function lacksThumbnails(prompt) {
  return [...prompt.matchAll(markerPattern)].some((m) => !imageIdOf(m[0]));
}
