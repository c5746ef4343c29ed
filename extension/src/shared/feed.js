// Applying the server's changes (pulled from the change feed or pushed over SignalR) to the local store, merging
// with any local change still queued for the same object, and deciding when a push leaves a gap that needs a pull.
import { resolveStale } from './merge.js';
import { applyResolution, currentObject } from './outbox.js';
import { INFLIGHT_BATCH } from './store.js';

/**
 * @typedef {import('./store.js').Store} Store
 * @typedef {{ kind: import('./store.js').ObjectKind, key: string, version: number, deleted: boolean, data: any }} ChangeEntry
 * @typedef {{ libraryId: string, previousVersion?: number, version: number, changes: ChangeEntry[] }} PushedChange
 */

/**
 * What to do with a push, given the version this device has pulled up to (docs/sync-protocol.md). The contract
 * promises only that a library's versions strictly increase, that one commit is one version whose push carries every
 * object it stamped (or none, then the client pulls), that the push names the version the commit started from
 * (`previousVersion`), and that a change-feed page's `version` is a safe next `since`. It does NOT promise one more
 * per commit: versions may skip (a database sequence, several server processes).
 * - `push.version <= syncedVersion`: a duplicate or a commit a pull already brought: ignore.
 * - `push.previousVersion === syncedVersion` with its changes: the device holds everything before this commit: apply.
 *   (A server too old to send `previousVersion` is read as `version - 1`, the one case where no commit can lie between.)
 * - anything else: this device cannot know it has every commit before the push: pull. A skipped version costs one
 *   pull, never a lost change.
 * @param {number} syncedVersion @param {PushedChange} push
 * @returns {'apply' | 'ignore' | 'pull'}
 */
export function classifyPush(syncedVersion, push) {
  if (push.version <= syncedVersion) return 'ignore';
  const whole = push.changes?.length && push.changes.every((change) => change.version === push.version);
  const startedFrom = push.previousVersion ?? push.version - 1;
  return whole && startedFrom === syncedVersion ? 'apply' : 'pull';
}

/**
 * The version to remember after applying one page of the feed: the page's own `version`. The server never splits a
 * version between pages, so every object at or below it has been listed (contract: a safe next `since`).
 * @param {number} _since @param {{ version: number, changes: ChangeEntry[], more?: boolean }} page
 */
export const pageHighWater = (_since, page) => page.version;

/**
 * Applies server changes to one library and raises its synced version, atomically.
 * @param {Store} db @param {string} libraryId @param {ChangeEntry[]} changes @param {number} toVersion
 * @returns {Promise<string[]>} paper ids whose items or annotations changed, so pages re-read them
 */
export async function applyChanges(db, libraryId, changes, toVersion) {
  const tx = db.transaction(['objects', 'outbox', 'conflicts', 'meta', 'libraries'], 'readwrite');
  const objects = tx.objectStore('objects');
  const outbox = tx.objectStore('outbox');
  const library = await tx.objectStore('libraries').get(libraryId);
  const epoch = library?.resyncEpoch;
  const inflight = await tx.objectStore('meta').get(INFLIGHT_BATCH);
  const sending = new Set((inflight?.entries ?? []).map((/** @type {{ seq: number }} */ entry) => entry.seq));
  const touched = new Set();
  for (const change of changes) {
    const id = [libraryId, change.kind, change.key];
    const existing = await objects.get(id);
    const paperId = change.data?.paperId ?? existing?.paperId ?? (change.kind === 'item' ? change.key : undefined);
    if (existing && existing.version >= change.version) {
      if (epoch !== undefined && existing.epoch !== epoch) await objects.put({ ...existing, epoch });
      continue;
    }
    if (paperId) touched.add(paperId);
    const queued = await outbox.index('byObject').get(id);
    if (!queued) {
      await objects.put({ libraryId, kind: change.kind, key: change.key, paperId, version: change.version,
        deleted: Boolean(change.deleted), data: change.deleted ? null : change.data, epoch });
    } else if (sending.has(queued.seq)) {
      // Its reply will settle it (this may be the echo of that very send); keep showing the local edit.
      await objects.put({ ...existing, version: change.version, epoch });
    } else {
      const current = currentObject(change, change.version);
      await applyResolution(tx, queued, current, resolveStale(queued, current));
      if (epoch !== undefined) await objects.put({ ...(await objects.get(id)), epoch });
    }
  }
  if (library && toVersion > library.syncedVersion) {
    await tx.objectStore('libraries').put({ ...library, syncedVersion: toVersion });
  }
  await tx.done;
  return [...touched];
}

/**
 * Starts a full resync of a library from version 0 (the server answered 410 for our `since`).
 * @param {Store} db @param {string} libraryId
 */
export async function beginResync(db, libraryId) {
  const tx = db.transaction('libraries', 'readwrite');
  const library = await tx.store.get(libraryId);
  if (library) await tx.store.put({ ...library, syncedVersion: 0, resyncEpoch: Date.now() });
  await tx.done;
}

/**
 * Ends a full resync: objects the server no longer listed (and that have no queued local change) are gone.
 * @param {Store} db @param {string} libraryId
 */
export async function finishResync(db, libraryId) {
  const tx = db.transaction(['libraries', 'objects', 'outbox'], 'readwrite');
  const library = await tx.objectStore('libraries').get(libraryId);
  if (library?.resyncEpoch === undefined) return;
  const outbox = tx.objectStore('outbox');
  for (const object of await tx.objectStore('objects').index('byLibrary').getAll(libraryId)) {
    if (object.epoch === library.resyncEpoch) continue;
    if (await outbox.index('byObject').getKey([libraryId, object.kind, object.key])) continue;
    await tx.objectStore('objects').delete([libraryId, object.kind, object.key]);
  }
  const { resyncEpoch: _done, ...rest } = library;
  await tx.objectStore('libraries').put(rest);
  await tx.done;
}
