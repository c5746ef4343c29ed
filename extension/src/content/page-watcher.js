// Tells the page integration when to re-scan: DOM changes (lazily added cards, period tabs re-rendering the listing),
// client-side navigation (URL changes without a reload) and resizes (which swap a card's desktop and mobile copies).
import { MARK_ATTRIBUTE, UI_ATTRIBUTE } from '../shared/anchoring-dom.js';

export class PageWatcher {
  /**
   * @param {Window} window
   * @param {(change: { navigated: boolean }) => void} onChange  debounced; `navigated` when the URL changed since
   * @param {{ delayMs?: number }} [options]
   */
  constructor(window, onChange, { delayMs = 150 } = {}) {
    this.window = window;
    this.onChange = onChange;
    this.delayMs = delayMs;
    this.href = window.location.href;
    this.timer = null;
    this.schedule = () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.#fire(), this.delayMs);
    };
    // The window's own constructor, so tests can hand in a linkedom window.
    this.observer = new (/** @type {typeof MutationObserver} */ (/** @type {any} */ (window).MutationObserver))((records) => {
      if (records.some((record) => !isOurs(record))) this.schedule();
    });
    this.observer.observe(window.document.body, { childList: true, subtree: true, characterData: true });
    // Hugging Face navigates with history.pushState, which the isolated world cannot hook; the Navigation API and
    // popstate see it, and a URL check on every DOM change catches what remains.
    window.addEventListener('popstate', this.schedule);
    window.addEventListener('resize', this.schedule);
    /** @type {EventTarget | undefined} */
    this.navigation = /** @type {any} */ (window).navigation;
    this.navigation?.addEventListener('navigatesuccess', this.schedule);
  }

  /**
   * Runs our own DOM changes (painting marks, placing controls) without them counting as page changes.
   * @template T
   * @param {() => T} change
   * @returns {T}
   */
  withoutWatching(change) {
    if (this.observer.takeRecords().some((record) => !isOurs(record))) this.schedule();
    try {
      return change();
    } finally {
      this.observer.takeRecords();
    }
  }

  destroy() {
    clearTimeout(this.timer);
    this.observer.disconnect();
    this.window.removeEventListener('popstate', this.schedule);
    this.window.removeEventListener('resize', this.schedule);
    this.navigation?.removeEventListener('navigatesuccess', this.schedule);
  }

  #fire() {
    const href = this.window.location.href;
    const navigated = href !== this.href;
    this.href = href;
    this.onChange({ navigated });
  }
}

/**
 * True for records of our own elements (controls, marks) coming or going; most of our changes are hidden from the
 * observer by `withoutWatching`, and these would otherwise loop.
 * @param {MutationRecord} record
 */
function isOurs(record) {
  const target = /** @type {Element} */ (record.target);
  if (target.nodeType !== 1) return !!target.parentElement?.closest(`[${UI_ATTRIBUTE}]`);
  if (target.closest(`[${UI_ATTRIBUTE}]`)) return true;
  const nodes = [...record.addedNodes, ...record.removedNodes];
  return nodes.length > 0 && nodes.every((node) => node.nodeType === 1
    && (/** @type {Element} */ (node).hasAttribute(UI_ATTRIBUTE) || /** @type {Element} */ (node).hasAttribute(MARK_ATTRIBUTE)));
}
