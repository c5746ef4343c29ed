// Field-by-field merge of a local change with the server's newer copy of the same object (SPEC §4: a 412 carries
// the current object). Three-way where the queue kept the base the local edit started from, so a field only one
// side touched takes that side's value. Pure functions: no store, no clock.

import { needsForce, STATUS_RANK } from './reading-status.js';

/** Kept for importers of this module; the order lives in reading-status.js. */
export { STATUS_RANK };

/** Fields whose text must never be dropped: two diverging edits become a conflict the user resolves. */
const TEXT_FIELDS = new Set(['body', 'note']);

/** Fields the server owns; its copy always wins. */
const SERVER_FIELDS = new Set(['version', 'createdAt', 'updatedAt', 'createdBy', 'addedBy', 'addedAt']);

/** JSON with object keys sorted, so equal data compares equal whatever order its fields arrived in. @param {any} value */
const canonical = (value) => JSON.stringify(value ?? null, (_, v) => (v && typeof v === 'object' && !Array.isArray(v)
  ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));

/** @param {any} a @param {any} b */
const same = (a, b) => a === b || canonical(a) === canonical(b);

/**
 * `{ value }` when at most one side changed the field since the base; null when both changed it differently.
 * @param {any} base @param {any} mine @param {any} theirs
 */
function oneSided(base, mine, theirs) {
  if (same(mine, theirs) || same(mine, base)) return { value: theirs };
  if (same(theirs, base)) return { value: mine };
  return null;
}

/** @param {string | undefined} base @param {string | undefined} mine @param {string | undefined} theirs */
export function mergeStatus(base, mine, theirs) {
  const simple = oneSided(base, mine, theirs);
  if (simple) return simple.value;
  // Both sides chose a status. An explicit archive (or un-archive) here is the newest intent; otherwise the furthest
  // (Omnivore's rule: reading progress only goes forward when both sides moved it).
  if (mine === 'archived' || theirs === 'archived') return mine;
  return needsForce(theirs, mine) ? theirs : mine;
}

/** Set union, except that a tag one side removed since the base stays removed. @param {string[] | undefined} base @param {string[] | undefined} mine @param {string[] | undefined} theirs */
export function mergeTags(base, mine, theirs) {
  const removed = new Set([
    ...(base ?? []).filter((tag) => !(mine ?? []).includes(tag)),
    ...(base ?? []).filter((tag) => !(theirs ?? []).includes(tag)),
  ]);
  return [...new Set([...(mine ?? []), ...(theirs ?? [])])].filter((tag) => !removed.has(tag));
}

/** The first time a paper was seen is the earliest either side recorded. @param {string | null | undefined} mine @param {string | null | undefined} theirs */
export function earliest(mine, theirs) {
  if (!mine) return theirs ?? null;
  if (!theirs) return mine;
  return mine < theirs ? mine : theirs;
}

/**
 * @typedef {{ field: string, mine: string, theirs: string }} TextConflict
 * @typedef {{ data: any, conflicts: TextConflict[] }} MergedData
 */

/**
 * Merges two live copies of an object.
 * @param {any} base   server data the local edit started from (null when the object was created here)
 * @param {any} mine   local data
 * @param {any} theirs server data now
 * @returns {MergedData}
 */
export function mergeData(base, mine, theirs) {
  base ??= {};
  /** @type {Record<string, any>} */
  const data = {};
  /** @type {TextConflict[]} */
  const conflicts = [];
  for (const field of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
    if (field === 'force') continue;
    const [b, m, t] = [base[field], mine[field], theirs[field]];
    if (SERVER_FIELDS.has(field)) data[field] = t ?? m;
    else if (field === 'status') data.status = mergeStatus(b, m, t);
    else if (field === 'tags') data.tags = mergeTags(b, m, t);
    else if (field === 'seenAt') data.seenAt = earliest(m, t);
    else {
      const simple = oneSided(b, m, t);
      if (simple) data[field] = simple.value;
      else if (TEXT_FIELDS.has(field)) {
        // Keep the server's text as the shared copy; ours is parked as a conflict, never lost.
        data[field] = t;
        conflicts.push({ field, mine: m ?? '', theirs: t ?? '' });
      } else data[field] = m;
    }
  }
  // A merged status below the server's must say so, or the server's monotonic rule would keep its own.
  if (needsForce(theirs.status, data.status)) data.force = true;
  for (const field of Object.keys(data)) if (data[field] === undefined) delete data[field];
  return { data, conflicts };
}

/**
 * @typedef {object} CurrentObject  The server's copy as a 412 or the change feed gives it.
 * @property {number} version
 * @property {boolean} deleted
 * @property {any} data
 *
 * @typedef {object} Resolution
 * @property {'put' | 'delete' | 'none'} op  what still has to be sent ('none': the server already has it all)
 * @property {any} data                      the object as this device should now show it
 * @property {boolean} deleted
 * @property {TextConflict[]} conflicts
 */

/**
 * Decides what becomes of a queued change once the server's copy moved on.
 * @param {{ op: 'put' | 'delete', base: any, data: any }} local
 * @param {CurrentObject} current
 * @returns {Resolution}
 */
export function resolveStale(local, current) {
  const theirs = current.deleted ? null : current.data;
  if (local.op === 'delete') {
    if (!theirs) return { op: 'none', data: null, deleted: true, conflicts: [] };
    // Someone wrote text on it meanwhile: keep their text rather than delete it unseen.
    const textChanged = [...TEXT_FIELDS].some((field) => local.base && !same(local.base[field], theirs[field]));
    if (textChanged) return { op: 'none', data: theirs, deleted: false, conflicts: [] };
    return { op: 'delete', data: null, deleted: true, conflicts: [] };
  }
  // Deleted elsewhere while edited here: recreate, so the local edit (and any text) survives.
  if (!theirs) return { op: 'put', data: local.data, deleted: false, conflicts: [] };
  const { data, conflicts } = mergeData(local.base, local.data, theirs);
  const { version: _ignored, ...comparable } = data;
  const { version: _alsoIgnored, ...theirsComparable } = theirs;
  return { op: same(comparable, theirsComparable) ? 'none' : 'put', data, deleted: false, conflicts };
}
