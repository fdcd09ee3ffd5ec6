// Approval requests in the chat: a card per request (what the agent wants to run or change) with Approve / Approve for
// session / Deny, the same decision as the Telegram buttons (POST /approvals/{id}). The card shows the outcome when
// approval.resolved arrives, whoever decided and wherever (Telegram, this page, another tab, the timeout).
import { api } from "./api.js";
import { h } from "./dom.js";

const kindTitles = { command: "Run a command", file_change: "Change files", permission: "Permission" };

const choices = [
  { decision: "approve", label: "Approve", className: "primary" },
  { decision: "approve_session", label: "Approve for session", className: "" },
  { decision: "deny", label: "Deny", className: "danger" },
];

// The outcome line for a decision, whether it came from approval.resolved ("approved") or our own POST ("approve").
const outcomes = {
  approved: "✅ Approved",
  approve: "✅ Approved",
  approved_for_session: "✅ Approved for this session",
  approve_session: "✅ Approved for this session",
  denied: "🚫 Denied",
  deny: "🚫 Denied",
  expired: "⌛ Expired: declined automatically",
  cancelled: "Cancelled: the turn ended",
};

export function outcomeText(decision, origin) {
  const text = outcomes[decision] || `Decided: ${decision}`;
  return origin ? `${text} (in ${origin === "Web" ? "the web dashboard" : origin})` : text;
}

/**
 * The approval cards of one chat page. placeFor(turnId) returns the element a card of that turn goes into (the turn's
 * item, or the log when the turn is not on the page); onChange() lets the page refresh its activity line.
 */
export class Approvals {
  constructor(placeFor, onChange) {
    this.placeFor = placeFor;
    this.onChange = onChange;
    this.cards = new Map(); // approval id → { element, buttons, outcome, turnId, pending }
  }

  /** True while an approval of this turn waits for a decision. */
  waiting(turnId) {
    for (const card of this.cards.values()) if (card.pending && (turnId == null || card.turnId === turnId)) return true;
    return false;
  }

  /** A request: from GET /agents/{id}/approvals (id) or the approval.requested event (approval_id). Shown once. */
  show(request) {
    const id = String(request.approval_id ?? request.id);
    if (this.cards.has(id)) return this.cards.get(id);
    const titleId = `approval-${id}-title`;
    const outcome = h("p", { class: "approval-outcome", role: "status", "aria-live": "polite" });
    const error = h("p", { class: "error", role: "alert" });
    const buttons = choices.map((c) => h("button", { type: "button", class: c.className, dataset: { decision: c.decision } }, c.label));
    const element = h("section", { class: "approval pending", "aria-labelledby": titleId, dataset: { approval: id } },
      h("h3", { id: titleId }, h("span", { "aria-hidden": "true" }, "⚠️ "), "Approval needed: ", request.title || kindTitles[request.kind] || "the agent asks"),
      request.detail ? h("pre", { class: "approval-detail" }, request.detail) : null,
      h("div", { class: "approval-actions", role: "group", "aria-label": "Decision" }, buttons),
      outcome,
      error);
    const card = { element, buttons, outcome, error, turnId: request.turn_id ?? null, pending: true };
    for (const button of buttons) button.addEventListener("click", () => this.decide(id, card, button.dataset.decision));
    this.cards.set(id, card);
    this.placeFor(card.turnId).append(element);
    element.scrollIntoView({ block: "nearest" });
    this.onChange();
    return card;
  }

  /** approval.resolved: the outcome replaces the buttons (also when decided in Telegram or by the timeout). */
  resolve(data) {
    const card = this.cards.get(String(data.approval_id));
    if (!card) return;
    this.settle(card, outcomeText(data.decision, data.origin), data.decision);
  }

  settle(card, text, decision) {
    card.pending = false;
    card.outcome.textContent = text;
    card.error.textContent = "";
    card.buttons.forEach((b) => b.remove());
    card.element.classList.remove("pending");
    card.element.classList.add("decided", `decision-${decision}`);
    this.onChange();
  }

  async decide(id, card, decision) {
    card.buttons.forEach((b) => { b.disabled = true; });
    card.error.textContent = "";
    try {
      const answer = await api(`/approvals/${encodeURIComponent(id)}`, { method: "POST", body: { decision } });
      // The event says the same a moment later; the answer is enough to show it now.
      if (card.pending) this.settle(card, outcomeText(answer?.decision || decision, "Web"), answer?.decision || decision);
    } catch (error) {
      card.error.textContent = error.message;
      if (error.status === 409 || error.status === 404) {
        // Decided elsewhere or expired: approval.resolved will tell how; no button can do anything any more.
        card.buttons.forEach((b) => b.remove());
      } else {
        card.buttons.forEach((b) => { b.disabled = false; });
      }
    }
  }
}
