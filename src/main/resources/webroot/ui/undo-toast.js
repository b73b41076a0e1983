// <undo-toast>: "Deleted · Undo" for the Undo Service. A plain ES module, no dependencies, no build.
//
//   <script type="module" src="https://undo.example.com/ui/undo-toast.js"></script>
//   <undo-toast api="https://undo.example.com" label-field="title"></undo-toast>
//
//   const response = await fetch(url, { method: "DELETE" });
//   document.querySelector("undo-toast").show(response, "Buy milk");
//
// show() takes the DELETE's Response (the Link rel="undo" and Undo-Expires headers, or the body of a
// DELETE sent with Prefer: return=representation), or an offer { href, expiresAt, label }. Each
// deletion gets a toast with an Undo button and a countdown that ends when the undo window closes;
// several stack, newest at the bottom. Ctrl+Z (Cmd+Z) undoes the newest, except while the focus is
// in a text field or other editable element, whose own undo it leaves alone. dismiss(href) takes a
// deletion's toast away when the page restored it some other way. With authentication on, set the
// element's token property to the bearer token: the undo is sent with it. Events, on the element:
//   undo-restored  detail: { item, status }     the item is back (201, or 200 if it already was)
//   undo-expired   detail: { href, label }      the window closed before anyone clicked
//   undo-failed    detail: { problem, status }  the service refused (410 too late, 409 value taken, ...)

const STYLE = `
  :host { position: fixed; inset: auto 1rem 1rem auto; z-index: 2147483000; display: flex;
          flex-direction: column; gap: .5rem; font: 14px/1.4 system-ui, sans-serif; }
  .toast { display: flex; align-items: center; gap: .75rem; min-width: 18rem; max-width: 28rem;
           padding: .75rem 1rem; border-radius: .5rem; background: #1f2937; color: #f9fafb;
           box-shadow: 0 6px 20px rgba(0,0,0,.25); }
  .toast.failed { background: #7f1d1d; }
  .text { flex: 1; overflow: hidden; overflow-wrap: anywhere; display: -webkit-box; -webkit-box-orient: vertical;
          -webkit-line-clamp: 2; line-clamp: 2; }
  .countdown { font-variant-numeric: tabular-nums; opacity: .8; }
  button { font: inherit; font-weight: 600; color: #93c5fd; background: none; border: 0; cursor: pointer;
           padding: .25rem .5rem; border-radius: .25rem; }
  button:focus-visible { outline: 2px solid #93c5fd; outline-offset: 2px; }
  button:disabled { opacity: .5; cursor: default; }
`;

const FAILURE_SHOWN_MS = 4000;

/** The URL of the rel="undo" link in a Link header, or null. */
export function undoLinkOf(linkHeader) {
  if (!linkHeader) return null;
  for (const part of linkHeader.split(",")) {
    const match = part.match(/<([^>]+)>\s*;\s*rel="?undo"?/i);
    if (match) return match[1];
  }
  return null;
}

/** Whether an element edits text, so that Ctrl+Z there belongs to it. */
function isEditable(element) {
  if (!(element instanceof HTMLElement)) return false;
  return element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName);
}

/** What a problem says to a person. */
function describeFailure(status, problem) {
  if (status === 410) return "Too late to undo: the undo window has closed";
  if (status === 409 && problem && Array.isArray(problem.conflicts) && problem.conflicts.length) {
    const taken = problem.conflicts.map((c) => `${c.field} ${JSON.stringify(c.value)}`).join(", ");
    return `Cannot undo: ${taken} is taken now`;
  }
  if (status === 404) return "Cannot undo: it no longer exists";
  return (problem && (problem.detail || problem.title)) || `Undo failed (${status || "network error"})`;
}

class UndoToast extends HTMLElement {
  #toasts = [];
  #region;
  #onKey = (event) => {
    if (event.defaultPrevented || isEditable(event.composedPath()[0])) return;
    if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === "z") {
      const newest = [...this.#toasts].reverse().find((toast) => !toast.busy && !toast.failed);
      if (newest) {
        event.preventDefault();
        this.#undo(newest);
      }
    }
  };

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = STYLE;
    this.#region = document.createElement("div");
    this.#region.setAttribute("role", "status");
    this.#region.setAttribute("aria-live", "polite");
    this.#region.setAttribute("part", "region");
    this.#region.style.display = "contents";
    root.append(style, this.#region);
  }

  connectedCallback() {
    document.addEventListener("keydown", this.#onKey);
  }

  disconnectedCallback() {
    document.removeEventListener("keydown", this.#onKey);
    for (const toast of this.#toasts) {
      clearTimeout(toast.timer);
      clearInterval(toast.ticker);
    }
  }

  /** The service's base URL: the api attribute, else this page's origin. */
  get api() {
    return (this.getAttribute("api") || window.location.origin).replace(/\/$/, "");
  }

  /** The toasts showing now, oldest first: { href, label, expiresAt }. */
  get toasts() {
    return this.#toasts.map(({ href, label, expiresAt }) => ({ href, label, expiresAt }));
  }

  /**
   * Shows a toast for a deletion. `deleted` is the DELETE's Response, or { href, expiresAt, label }.
   * Answers the offer shown, or null when there is nothing to undo (no link: the window had closed).
   */
  async show(deleted, label) {
    const offer = deleted instanceof Response ? await this.#offerOf(deleted) : { ...deleted };
    if (!offer || !offer.href || !offer.expiresAt) return null;
    offer.label = label ?? offer.label ?? "item";
    offer.expiresAt = new Date(offer.expiresAt).getTime();
    this.#add(offer);
    return { href: offer.href, label: offer.label, expiresAt: offer.expiresAt };
  }

  /** Takes away the toast of a deletion (by its undo href) that the page restored some other way. */
  dismiss(href) {
    for (const toast of this.#toasts.filter((t) => t.href === href)) this.#remove(toast);
  }

  async #offerOf(response) {
    const href = undoLinkOf(response.headers.get("Link"));
    const expires = response.headers.get("Undo-Expires");
    if (href && expires) return { href, expiresAt: Date.parse(expires) };
    if (response.status === 200) {
      const item = await response.clone().json().catch(() => null);
      if (item && item.undo) {
        const field = this.getAttribute("label-field");
        const label = field && item.data ? item.data[field] : undefined;
        return { href: item.undo.href, expiresAt: item.undo.expiresAt, label };
      }
    }
    return null;
  }

  #add(offer) {
    const toast = { ...offer, busy: false, failed: false };
    const element = document.createElement("div");
    element.className = "toast";
    element.setAttribute("part", "toast");
    const text = document.createElement("span");
    text.className = "text";
    text.textContent = `Deleted · ${offer.label}`;
    // Two lines at most; the whole label on hover.
    text.title = text.textContent;
    const countdown = document.createElement("span");
    countdown.className = "countdown";
    countdown.setAttribute("aria-hidden", "true");
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Undo";
    button.setAttribute("aria-label", `Undo delete of ${offer.label}`);
    button.addEventListener("click", () => this.#undo(toast));
    element.append(text, countdown, button);
    Object.assign(toast, { element, text, countdown, button });
    this.#toasts.push(toast);
    this.#region.append(element);

    const tick = () => {
      const left = Math.max(0, toast.expiresAt - Date.now());
      countdown.textContent = `${Math.ceil(left / 1000)}s`;
    };
    tick();
    toast.ticker = setInterval(tick, 250);
    // The toast goes exactly when the window closes (by this page's clock), not at the next tick.
    toast.timer = setTimeout(() => this.#expire(toast), Math.max(0, toast.expiresAt - Date.now()));
  }

  async #undo(toast) {
    if (toast.busy || toast.failed) return;
    toast.busy = true;
    toast.button.disabled = true;
    let status = 0;
    let body = null;
    try {
      const headers = { Accept: "application/json" };
      if (this.token) headers.Authorization = `Bearer ${this.token}`;
      const response = await fetch(this.api + toast.href, { method: "POST", headers });
      status = response.status;
      body = await response.json().catch(() => null);
    } catch (networkError) {
      body = { title: "Network error", detail: String(networkError) };
    }
    if (status === 201 || status === 200) {
      this.#remove(toast);
      this.#emit("undo-restored", { item: body, status });
      return;
    }
    this.#fail(toast, status, body);
  }

  #expire(toast) {
    if (toast.busy || toast.failed || !this.#toasts.includes(toast)) return;
    this.#remove(toast);
    this.#emit("undo-expired", { href: toast.href, label: toast.label });
  }

  #fail(toast, status, problem) {
    toast.failed = true;
    clearTimeout(toast.timer);
    clearInterval(toast.ticker);
    toast.element.classList.add("failed");
    toast.text.textContent = describeFailure(status, problem);
    toast.text.title = toast.text.textContent;
    toast.countdown.textContent = "";
    toast.button.remove();
    this.#emit("undo-failed", { problem, status });
    setTimeout(() => this.#remove(toast), FAILURE_SHOWN_MS);
  }

  #remove(toast) {
    clearTimeout(toast.timer);
    clearInterval(toast.ticker);
    toast.element.remove();
    this.#toasts = this.#toasts.filter((t) => t !== toast);
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

if (!customElements.get("undo-toast")) {
  customElements.define("undo-toast", UndoToast);
}
