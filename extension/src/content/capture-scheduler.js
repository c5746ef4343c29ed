// Sends the page's HTML to the worker (→ POST /api/captures): once per navigation, and again when cards appear that
// were not in the last capture (lazy loading, period tabs). Debounced so a burst of DOM changes is one capture.

export class CaptureScheduler {
  /**
   * @param {{ capture: () => void, delayMs?: number }} options  `capture` sends the current page
   */
  constructor({ capture, delayMs = 1500 }) {
    this.capture = capture;
    this.delayMs = delayMs;
    /** @type {Set<string>} papers in the last capture of this navigation */
    this.captured = new Set();
    /** @type {Set<string>} papers on the page now */
    this.onPage = new Set();
    this.timer = null;
  }

  /** A new page (URL change): everything on it is uncaptured. */
  navigated() {
    this.captured.clear();
  }

  /** @param {Iterable<string>} paperIds the papers on the page now */
  papersFound(paperIds) {
    this.onPage = new Set(paperIds);
    if ([...this.onPage].some((id) => !this.captured.has(id))) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.#send(), this.delayMs);
    }
  }

  /**
   * Sends a pending capture now. Called before the page records a change to a paper: the worker replays captures
   * before changes, so the server's catalog knows the paper by the time other devices and members ask for it.
   */
  flush() {
    if (this.timer === null) return;
    clearTimeout(this.timer);
    this.#send();
  }

  destroy() {
    clearTimeout(this.timer);
  }

  #send() {
    this.timer = null;
    for (const id of this.onPage) this.captured.add(id);
    this.capture();
  }
}
