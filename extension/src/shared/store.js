// The extension's local store in IndexedDB. The service worker may be stopped at any moment, so everything that
// matters lives here: synced objects, library versions, the outbox, catalog papers, tokens and flags.
// Extension pages (side panel, options) read it directly; only the worker writes.
import { openDB } from 'idb';

/** Library id used for personal-library writes made before the first sign-in tells us the real id. */
export const PENDING_PERSONAL_LIBRARY = '~personal';

/** `meta` key of the outbox batch being sent (see outbox.js). */
export const INFLIGHT_BATCH = 'inflightBatch';

/**
 * @typedef {'item' | 'annotation' | 'collection' | 'member'} ObjectKind
 *
 * @typedef {object} StoredObject   One object of one library, as this device currently sees it.
 * @property {string} libraryId
 * @property {ObjectKind} kind
 * @property {string} key
 * @property {string} [paperId]     copied from data so the byPaper index finds items and annotations
 * @property {number} version       the server version last seen (0: never synced)
 * @property {boolean} deleted
 * @property {any} data             local view: the server's data with pending local edits applied
 * @property {number} [epoch]       full-resync generation that last wrote it
 *
 * @typedef {object} QueuedOperation   One pending local change, coalesced per object.
 * @property {number} [seq]
 * @property {string} libraryId
 * @property {ObjectKind} kind
 * @property {string} key
 * @property {'put' | 'delete'} op
 * @property {number} baseVersion   object version the change was made on (0: create)
 * @property {any} base             server data at baseVersion, for three-way merges (null when created here)
 * @property {any} data
 * @property {number} rev           bumped on every local edit, so a reply to an older send keeps the newer edit
 *
 * @typedef {object} LibraryRecord
 * @property {string} id
 * @property {'personal' | 'collection'} kind
 * @property {string} name
 * @property {string} role
 * @property {number} syncedVersion  version this device has pulled up to
 * @property {number} [resyncEpoch]  set while a full resync from 0 is running
 * @property {string} [description]  collection: from the last create or update answered here
 * @property {string | null} [publicUrl]  collection: `/c/{token}` while its public link is on, as last answered here
 *
 * @typedef {object} NoteConflict   Two bodies that diverged; both kept until the user picks.
 * @property {string} libraryId
 * @property {string} key
 * @property {string} paperId
 * @property {'annotation' | 'item'} kind
 * @property {string} field         'body' (annotation) or 'note' (collection item)
 * @property {string} mine
 * @property {string} theirs
 * @property {string} at
 */

/** @param {string} [name] a distinct name per test keeps tests apart */
export function openStore(name = 'papernotes') {
  return openDB(name, 1, {
    upgrade(db) {
      const objects = db.createObjectStore('objects', { keyPath: ['libraryId', 'kind', 'key'] });
      objects.createIndex('byPaper', 'paperId');
      objects.createIndex('byLibrary', 'libraryId');
      const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      outbox.createIndex('byObject', ['libraryId', 'kind', 'key'], { unique: true });
      db.createObjectStore('libraries', { keyPath: 'id' });
      db.createObjectStore('papers', { keyPath: 'id' });
      db.createObjectStore('conflicts', { keyPath: ['libraryId', 'key'] });
      const orphans = db.createObjectStore('orphans', { keyPath: 'annotationId' });
      orphans.createIndex('byPaper', 'paperId');
      db.createObjectStore('captures', { autoIncrement: true });
      db.createObjectStore('meta');
    },
  });
}

/** @typedef {Awaited<ReturnType<typeof openStore>>} Store */

/** @param {Store} db @param {string} key */
export const readMeta = (db, key) => db.get('meta', key);

/** @param {Store} db @param {string} key @param {any} value */
export const writeMeta = (db, key, value) => db.put('meta', value, key);

/** @param {Store} db @returns {Promise<number>} */
export const pendingCount = (db) => db.count('outbox');

/** Items and annotations (not deleted) of these papers in every library. @param {Store} db @param {string[]} paperIds */
export async function objectsOfPapers(db, paperIds) {
  const tx = db.transaction('objects');
  const lists = await Promise.all(paperIds.map((id) => tx.store.index('byPaper').getAll(id)));
  return lists.flat().filter((object) => !object.deleted);
}

/**
 * The data of one object, unless it is missing or deleted.
 * @param {Store} db @param {string} libraryId @param {ObjectKind} kind @param {string} key
 */
export async function liveObjectData(db, libraryId, kind, key) {
  const object = /** @type {StoredObject | undefined} */ (await db.get('objects', [libraryId, kind, key]));
  return object && !object.deleted ? object.data : undefined;
}

/** Catalog papers from captures, so the side panel can show and search titles and abstracts. @param {Store} db @param {any[]} papers */
export async function savePapers(db, papers) {
  const tx = db.transaction('papers', 'readwrite');
  await Promise.all(papers.filter((paper) => paper?.id).map((paper) => tx.store.put(paper)));
  await tx.done;
}

/**
 * Records what a page made of a paper's annotations: those it could not anchor become orphans of that page and text
 * version; those it anchored are orphans no more. Orphans another page reported for other fields stay until a page
 * showing those fields anchors them.
 * @param {Store} db @param {string} paperId @param {string[]} orphanIds
 * @param {{ anchoredIds?: string[], textVersion?: string, url?: string }} [page]
 */
export async function reportOrphans(db, paperId, orphanIds, { anchoredIds = [], textVersion, url } = {}) {
  const tx = db.transaction('orphans', 'readwrite');
  for (const annotationId of anchoredIds) await tx.store.delete(annotationId);
  for (const annotationId of orphanIds) {
    await tx.store.put({ annotationId, paperId, textVersion, url, at: new Date().toISOString() });
  }
  await tx.done;
}

/**
 * Personal-library writes made before the first sign-in move to the real library id.
 * @param {Store} db @param {string} personalLibraryId
 */
export async function adoptPersonalLibrary(db, personalLibraryId) {
  const tx = db.transaction(['objects', 'outbox'], 'readwrite');
  const objects = tx.objectStore('objects');
  for (const object of await objects.index('byLibrary').getAll(PENDING_PERSONAL_LIBRARY)) {
    await objects.delete([object.libraryId, object.kind, object.key]);
    await objects.put({ ...object, libraryId: personalLibraryId });
  }
  const outbox = tx.objectStore('outbox');
  for (const operation of await outbox.getAll()) {
    if (operation.libraryId === PENDING_PERSONAL_LIBRARY) await outbox.put({ ...operation, libraryId: personalLibraryId });
  }
  await tx.done;
}

/** Forgets everything that belongs to an account (a different user signed in). @param {Store} db */
export async function clearAccountData(db) {
  const names = /** @type {const} */ (['objects', 'outbox', 'libraries', 'conflicts', 'orphans', 'captures']);
  const tx = db.transaction([...names], 'readwrite');
  await Promise.all(names.map((name) => tx.objectStore(name).clear()));
  await tx.done;
}

/**
 * Makes the stored library list the server's: listed libraries are added (to be pulled from 0) or renamed; a library
 * no longer listed (left, removed from, deleted) is forgotten with its objects, queued changes, conflicts and
 * orphan flags, since the server would refuse them anyway.
 * @param {Store} db @param {{ id: string, kind: 'personal' | 'collection', name: string, role: string }[]} listed
 * @returns {Promise<{ added: string[], removed: string[], renamed: string[] }>} renamed: its name or role changed
 */
export async function replaceLibraryList(db, listed) {
  const tx = db.transaction(['libraries', 'objects', 'outbox', 'conflicts', 'orphans', 'meta'], 'readwrite');
  const libraries = tx.objectStore('libraries');
  const objects = tx.objectStore('objects');
  const keep = new Set(listed.map((library) => library.id));
  const outcome = { added: /** @type {string[]} */ ([]), removed: /** @type {string[]} */ ([]),
    renamed: /** @type {string[]} */ ([]) };
  for (const library of await libraries.getAll()) {
    if (keep.has(library.id)) continue;
    outcome.removed.push(library.id);
    await libraries.delete(library.id);
    for (const object of await objects.index('byLibrary').getAll(library.id)) {
      if (object.kind === 'annotation') await tx.objectStore('orphans').delete(object.key);
      await objects.delete([object.libraryId, object.kind, object.key]);
    }
    for (const operation of await tx.objectStore('outbox').getAll()) {
      if (operation.libraryId === library.id) await tx.objectStore('outbox').delete(operation.seq);
    }
    for (const conflict of await tx.objectStore('conflicts').getAll()) {
      if (conflict.libraryId === library.id) await tx.objectStore('conflicts').delete([conflict.libraryId, conflict.key]);
    }
    // A batch for it that was being sent would only come back refused.
    if ((await tx.objectStore('meta').get(INFLIGHT_BATCH))?.libraryId === library.id) await tx.objectStore('meta').delete(INFLIGHT_BATCH);
  }
  for (const { id, kind, name, role } of listed) {
    const stored = await libraries.get(id);
    if (!stored) outcome.added.push(id);
    else if (stored.name !== name || stored.role !== role) outcome.renamed.push(id);
    await libraries.put({ ...stored, id, kind, name, role, syncedVersion: stored?.syncedVersion ?? 0 });
  }
  await tx.done;
  return outcome;
}

/**
 * Shows a collection as the server just answered it (create, rename, public link) before its feed catches up:
 * on its library record and on its `collection` object, whose version stays, so the feed's next copy still wins.
 * @param {Store} db @param {import('./messages.js').Collection} collection
 */
export async function rememberCollection(db, collection) {
  const tx = db.transaction(['libraries', 'objects'], 'readwrite');
  const details = Object.fromEntries(Object.entries({
    name: collection.name, description: collection.description, publicUrl: collection.publicUrl ?? null,
  }).filter(([, value]) => value !== undefined));
  const library = await tx.objectStore('libraries').get(collection.id);
  if (library) await tx.objectStore('libraries').put({ ...library, ...details, ...(collection.role ? { role: collection.role } : {}) });
  for (const object of await tx.objectStore('objects').index('byLibrary').getAll(collection.id)) {
    if (object.kind === 'collection' && !object.deleted) await tx.objectStore('objects').put({ ...object, data: { ...object.data, ...details } });
  }
  await tx.done;
}
