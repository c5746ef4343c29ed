// Records a paper as seen when its card stays at least half in view for a second (SPEC §6).

/**
 * @typedef {object} SeenTrackerOptions
 * @property {(paperIds: string[]) => void} onSeen  called with papers seen since the last call
 * @property {number} [dwellMs]   how long a card must stay in view
 * @property {number} [batchMs]   cards that pass the dwell close together are reported in one call
 * @property {(callback: IntersectionObserverCallback, options: IntersectionObserverInit) =>
 *   Pick<IntersectionObserver, 'observe' | 'unobserve' | 'disconnect'>} [createObserver]
 */

export class SeenTracker {
  /** @param {SeenTrackerOptions} options */
  constructor({ onSeen, dwellMs = 1000, batchMs = 250,
    createObserver = (callback, options) => new IntersectionObserver(callback, options) }) {
    this.onSeen = onSeen;
    this.dwellMs = dwellMs;
    this.batchMs = batchMs;
    /** @type {Map<Element, string>} */
    this.paperOf = new Map();
    /** @type {Map<Element, ReturnType<typeof setTimeout>>} */
    this.dwellTimers = new Map();
    /** @type {Set<string>} reported once per page life; the worker keeps the first `seenAt` anyway */
    this.reported = new Set();
    /** @type {string[]} */
    this.pending = [];
    this.flushTimer = null;
    this.observer = createObserver((entries) => this.#onIntersection(entries), { threshold: [0, 0.5] });
  }

  /** @param {Element} element @param {string} paperId */
  observe(element, paperId) {
    if (this.reported.has(paperId) || this.paperOf.has(element)) return;
    this.paperOf.set(element, paperId);
    this.observer.observe(element);
  }

  /** @param {Element} element */
  unobserve(element) {
    this.#cancelDwell(element);
    this.paperOf.delete(element);
    this.observer.unobserve(element);
  }

  destroy() {
    for (const timer of this.dwellTimers.values()) clearTimeout(timer);
    clearTimeout(this.flushTimer);
    this.dwellTimers.clear();
    this.paperOf.clear();
    this.observer.disconnect();
  }

  /** @param {Pick<IntersectionObserverEntry, 'target' | 'isIntersecting' | 'intersectionRatio'>[]} entries */
  #onIntersection(entries) {
    for (const { target, isIntersecting, intersectionRatio } of entries) {
      if (!this.paperOf.has(target)) continue;
      if (isIntersecting && intersectionRatio >= 0.5) {
        if (!this.dwellTimers.has(target)) {
          this.dwellTimers.set(target, setTimeout(() => this.#dwelt(target), this.dwellMs));
        }
      } else {
        this.#cancelDwell(target);
      }
    }
  }

  /** @param {Element} element */
  #dwelt(element) {
    const paperId = this.paperOf.get(element);
    this.unobserve(element);
    if (!paperId || this.reported.has(paperId)) return;
    this.reported.add(paperId);
    this.pending.push(paperId);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      const paperIds = this.pending.splice(0);
      if (paperIds.length) this.onSeen(paperIds);
    }, this.batchMs);
  }

  /** @param {Element} element */
  #cancelDwell(element) {
    clearTimeout(this.dwellTimers.get(element));
    this.dwellTimers.delete(element);
  }
}
