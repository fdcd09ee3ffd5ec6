// The dashboard's only way to the bot: /api/v1 on this origin, with the session cookie (sent by the browser) and the
// anti-forgery token (read from its cookie, sent as a header) on every request that changes something.

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

function csrf() {
  const match = document.cookie.match(/(?:^|;\s*)orch_csrf=([^;]*)/);
  return match ? decodeURIComponent(match[1]) : "";
}

async function problem(response) {
  try {
    const body = await response.json();
    const error = new ApiError(response.status, body.detail || body.title || `HTTP ${response.status}`);
    error.body = body; // the problem's extension members (e.g. a delete's current cleanup preview)
    return error;
  } catch {
    return new ApiError(response.status, `HTTP ${response.status}`);
  }
}

export async function api(path, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json" };
  if (method !== "GET") headers["X-CSRF-Token"] = csrf();
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  if (response.status === 401) {
    const error = await problem(response);
    window.dispatchEvent(new CustomEvent("orch:signed-out", { detail: error.message }));
    throw error;
  }
  if (!response.ok) throw await problem(response);
  if (response.status === 204) return null;
  return response.json();
}

// One image upload with progress (fetch cannot report upload progress; XHR can). Resolves with the stored image.
export function uploadImage(agentId, file, onProgress) {
  let xhr;
  const done = new Promise((resolve, reject) => {
    xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/images");
    xhr.setRequestHeader("X-CSRF-Token", csrf());
    xhr.setRequestHeader("Accept", "application/json");
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) { onProgress(1); resolve(xhr.response); return; }
      const detail = xhr.response && (xhr.response.detail || xhr.response.title);
      reject(new ApiError(xhr.status, detail || `Upload failed (HTTP ${xhr.status}).`));
    };
    xhr.onerror = () => reject(new ApiError(0, "The upload failed: the bot could not be reached."));
    xhr.onabort = () => reject(new ApiError(0, "Upload cancelled."));
    const form = new FormData();
    form.append("agent_id", agentId);
    form.append("file", file, file.name || "pasted.png");
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

export async function logout() {
  await fetch("/api/v1/logout", { method: "POST", headers: { "X-CSRF-Token": csrf() }, credentials: "same-origin" });
}
