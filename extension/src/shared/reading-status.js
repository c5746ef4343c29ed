// Reading status (SPEC §1, §4): one list and one order for the cards, the side panel, the worker and the merge.
// The server keeps the higher of two statuses unless a write says `force: true`, and its order puts `archived`
// above `read`: archiving goes up, un-archiving goes down and must be forced or the server keeps `archived`.

/** @typedef {import('./messages.js').ReadingStatus} ReadingStatus */

/** Statuses in the server's order, with the words the UI shows. */
export const STATUSES = /** @type {const} */ ([
  ['new', 'New'], ['to-read', 'To read'], ['reading', 'Reading'], ['read', 'Read'], ['archived', 'Archived'],
]);

/** Position in the server's order (`new` 0 … `archived` 4). */
export const STATUS_RANK = Object.freeze(Object.fromEntries(STATUSES.map(([status], index) => [status, index])));

/** @param {string | undefined} status an unknown or missing status counts as `new`, like the server's default */
const rank = (status) => STATUS_RANK[status ?? 'new'] ?? 0;

/**
 * Whether moving from `from` to `to` must be sent with `force: true`, i.e. the server would otherwise keep `from`.
 * @param {string | undefined} from the status the server holds (or last held, as far as this device knows)
 * @param {string | undefined} to
 */
export const needsForce = (from, to) => to !== undefined && rank(to) < rank(from);
