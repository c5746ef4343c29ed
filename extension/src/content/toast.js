// A short message at the bottom of a Papers page: what a shortcut just did, or a change that can be taken back
// ("Note deleted · Undo"). One at a time; it goes by itself after a few seconds. Undo takes the user's own click.
import { createShadowHost } from './shadow-host.js';
import { trusted } from './trusted.js';

const CSS = `
:host { position: fixed; z-index: 2147483001; left: 50%; bottom: 16px; transform: translateX(-50%);
  max-width: calc(100vw - 16px); }
.toast { display: flex; align-items: center; gap: 10px; padding: 8px 10px 8px 14px; border-radius: 10px;
  border: 1px solid var(--pn-border); background: var(--pn-popover-bg); box-shadow: 0 8px 24px var(--pn-shadow);
  overflow-wrap: anywhere; }
.undo[hidden] { display: none; }
`;

const HTML = `<div class="toast" role="status" aria-live="polite"><span class="text"></span>
  <button type="button" class="btn undo" hidden>Undo</button></div>`;

/** How long a message stays: long enough to read it and reach Undo. */
export const TOAST_MS = 8000;

export class PageToast {
  /** @param {Window} window */
  constructor(window) {
    this.window = window;
    const { host, root } = createShadowHost(window.document, 'papernotes-toast', CSS, HTML);
    this.host = host;
    this.root = root;
    this.host.hidden = true;
    this.text = /** @type {HTMLElement} */ (root.querySelector('.text'));
    this.undoButton = /** @type {HTMLButtonElement} */ (root.querySelector('.undo'));
    /** @type {(() => void) | null} */
    this.undo = null;
    this.timer = 0;
    this.undoButton.addEventListener('click', trusted(() => {
      const undo = this.undo;
      this.hide();
      undo?.();
    }));
  }

  /** @param {string} text @param {{ undo?: () => void }} [options] */
  show(text, { undo } = {}) {
    if (!this.host.isConnected) this.window.document.body.append(this.host);
    this.text.textContent = text;
    this.undo = undo ?? null;
    this.undoButton.hidden = !undo;
    this.host.hidden = false;
    this.window.clearTimeout(this.timer);
    this.timer = this.window.setTimeout(() => this.hide(), TOAST_MS);
  }

  hide() {
    this.window.clearTimeout(this.timer);
    this.host.hidden = true;
    this.undo = null;
  }

  destroy() {
    this.hide();
    this.host.remove();
  }
}
