// The durable outbox: every user action is applied to the local store and queued in the same IndexedDB
// transaction, coalesced per object, and replayed through `POST /api/libraries/{lib}/batch`. The batch being sent
// is itself stored, so a worker stopped mid-request resends the same body with the same Idempotency-Key.
import { resolveStale } from './merge.js';
import { needsForce } from './reading-status.js';
import { INFLIGHT_BATCH, PENDING_PERSONAL_LIBRARY } from './store.js';

/** SPEC §4: at most 50 operations per batch. */
export const BATCH_LIMIT = 50;

/**
 * @typedef {import('./store.js').Store} Store
 * @typedef {import('./store.js').QueuedOperation} QueuedOperation
 * @typedef {import('./store.js').StoredObject} StoredObject
 * @typedef {import('./store.js').ObjectKind} ObjectKind
 * @typedef {import('./merge.js').Resolution} Resolution
 *
 * @typedef {object} Batch
 * @property {string} idempotencyKey
 * @property {string} libraryId
 * @property {{ seq: number, rev: number }[]} entries  one per operation, in body order
 * @property {{ operations: any[] }} body
 *
 * @typedef {{ index: number, status: number, version?: number, current?: any }} OperationResult
 */

/**
 * Applies a local change and queues it, atomically.
 * @param {Store} db
 * @param {{ libraryId: string, kind: ObjectKind, key: string, op: 'put' | 'delete',
 *   update?: (previous: any) => any }} change  `update` gets the current local data (or undefined) and returns the new data
 * @returns {Promise<StoredObject | undefined>} the object as it now stands locally
 */
export async function recordChange(db, { libraryId, kind, key, op, update }) {
  const tx = db.transaction(['objects', 'outbox', 'meta'], 'readwrite');
  const objects = tx.objectStore('objects');
  const outbox = tx.objectStore('outbox');
  const id = [libraryId, kind, key];
  const existing = /** @type {StoredObject | undefined} */ (await objects.get(id));
  const previous = existing && !existing.deleted ? existing.data : undefined;
  const data = op === 'put' ? update(previous) : null;
  // An update that returns the previous data unchanged is no change at all (a paper already marked seen).
  if (op === 'put' && previous !== undefined && data === previous) return existing;
  const queued = /** @type {QueuedOperation | undefined} */ (await outbox.index('byObject').get(id));
  const inflight = /** @type {Batch | undefined} */ (await tx.objectStore('meta').get(INFLIGHT_BATCH));
  const sending = Boolean(queued && inflight?.entries.some((entry) => entry.seq === queued.seq));

  if (queued && op === 'delete' && queued.baseVersion === 0 && !sending) {
    // Created here and deleted before the server ever heard of it: nothing to tell.
    await outbox.delete(queued.seq);
    await objects.delete(id);
    await tx.done;
    return undefined;
  }
  if (queued) await outbox.put({ ...queued, op, data, rev: queued.rev + 1 });
  else {
    await outbox.add({
      libraryId, kind, key, op, data, rev: 1,
      baseVersion: existing?.version ?? 0,
      base: existing?.version && !existing.deleted ? existing.data : null,
    });
  }
  /** @type {StoredObject} */
  const object = {
    libraryId, kind, key,
    paperId: data?.paperId ?? existing?.paperId ?? (kind === 'item' ? key : undefined),
    version: existing?.version ?? 0,
    deleted: op === 'delete',
    data,
  };
  await objects.put(object);
  await tx.done;
  return object;
}

/**
 * The operation as the batch sends it. A queued status below the one the server held when the edit started (its
 * `base`) was lowered here on purpose, even when a later edit (a tag) replaced the queued data since: send `force`.
 * @param {QueuedOperation} operation
 */
function wireOperation(operation) {
  const { op, kind, key, data, base } = operation;
  const forced = op === 'put' && needsForce(base?.status, data?.status);
  return {
    op, kind, key,
    ifUnmodifiedSinceVersion: operation.baseVersion,
    ...(op === 'put' ? { data: forced ? { ...data, force: true } : data } : {}),
  };
}

/**
 * The batch to send now: the stored in-flight one if a send was interrupted, else up to {@link BATCH_LIMIT}
 * operations of the library with the oldest pending change. Undefined when nothing can be sent.
 * @param {Store} db @param {number} [limit]
 * @returns {Promise<Batch | undefined>}
 */
export async function nextBatch(db, limit = BATCH_LIMIT) {
  const tx = db.transaction(['outbox', 'meta'], 'readwrite');
  const meta = tx.objectStore('meta');
  const inflight = await meta.get(INFLIGHT_BATCH);
  if (inflight) return inflight;
  /** @type {QueuedOperation[]} */
  const picked = [];
  for (let cursor = await tx.objectStore('outbox').openCursor(); cursor && picked.length < limit; cursor = await cursor.continue()) {
    const operation = /** @type {QueuedOperation} */ (cursor.value);
    if (operation.libraryId === PENDING_PERSONAL_LIBRARY) continue;
    if (picked.length && operation.libraryId !== picked[0].libraryId) continue;
    picked.push(operation);
  }
  if (!picked.length) return undefined;
  /** @type {Batch} */
  const batch = {
    idempotencyKey: crypto.randomUUID(),
    libraryId: picked[0].libraryId,
    entries: picked.map(({ seq, rev }) => ({ seq, rev })),
    body: { operations: picked.map(wireOperation) },
  };
  await meta.put(batch, INFLIGHT_BATCH);
  await tx.done;
  return batch;
}

/** Drops the stored in-flight batch without applying a reply (the server refused the whole request). @param {Store} db */
export const abandonBatch = (db) => db.delete('meta', INFLIGHT_BATCH);

/**
 * The server's copy from a 412, whichever shape it came in (a change-feed entry or the object itself).
 * @param {any} current @param {number} fallbackVersion
 * @returns {import('./merge.js').CurrentObject}
 */
export function currentObject(current, fallbackVersion) {
  if (!current) return { version: fallbackVersion, deleted: true, data: null };
  if ('deleted' in current && 'data' in current && 'key' in current) {
    return { version: current.version, deleted: Boolean(current.deleted), data: current.data };
  }
  return { version: current.version ?? fallbackVersion, deleted: false, data: current };
}

/**
 * Applies a resolution of a stale local change: the queue keeps what still has to be sent, the store shows the
 * merged object, diverging text is parked as a conflict.
 * @param {any} tx a readwrite transaction over objects, outbox and conflicts
 * @param {QueuedOperation} operation
 * @param {import('./merge.js').CurrentObject} current
 * @param {Resolution} resolution
 */
export async function applyResolution(tx, operation, current, resolution) {
  const outbox = tx.objectStore('outbox');
  if (resolution.op === 'none') await outbox.delete(operation.seq);
  else {
    await outbox.put({
      ...operation, op: resolution.op, data: resolution.data,
      baseVersion: current.version, base: current.deleted ? null : current.data,
    });
  }
  const { libraryId, kind, key } = operation;
  const existing = await tx.objectStore('objects').get([libraryId, kind, key]);
  await tx.objectStore('objects').put({
    ...existing, libraryId, kind, key,
    paperId: resolution.data?.paperId ?? existing?.paperId,
    version: current.version, deleted: resolution.deleted, data: resolution.data,
  });
  const conflicts = tx.objectStore('conflicts');
  for (const conflict of resolution.conflicts) {
    const earlier = await conflicts.get([libraryId, key]);
    // A second divergence before the first was resolved: keep both of our texts.
    const mine = earlier && earlier.mine !== conflict.mine ? `${earlier.mine}\n\n${conflict.mine}` : conflict.mine;
    await conflicts.put({
      libraryId, key, kind, paperId: resolution.data?.paperId ?? existing?.paperId,
      field: conflict.field, mine, theirs: conflict.theirs, at: new Date().toISOString(),
    });
  }
}

/** Statuses after which an operation is kept and sent again later. @param {number} status */
const retriable = (status) => status === 408 || status === 429 || status >= 500;

/**
 * Applies the server's answer to a batch: sent changes leave the queue (unless edited again meanwhile), stale ones
 * are merged with the server's copy and stay queued, refused ones are dropped and reported.
 * @param {Store} db @param {Batch} batch
 * @param {{ version: number, results: OperationResult[] }} reply
 * @returns {Promise<{ sent: number, merged: number, refused: { key: string, status: number }[] }>}
 */
export async function settleBatch(db, batch, reply) {
  const tx = db.transaction(['objects', 'outbox', 'conflicts', 'meta'], 'readwrite');
  const outbox = tx.objectStore('outbox');
  const objects = tx.objectStore('objects');
  const outcome = { sent: 0, merged: 0, refused: /** @type {{ key: string, status: number }[]} */ ([]) };
  for (const result of reply.results) {
    const entry = batch.entries[result.index];
    const operation = entry && /** @type {QueuedOperation | undefined} */ (await outbox.get(entry.seq));
    if (!operation) continue;
    const sent = batch.body.operations[result.index];
    const id = [operation.libraryId, operation.kind, operation.key];
    const done = (result.status >= 200 && result.status < 300) || (result.status === 404 && sent.op === 'delete');
    if (done) {
      outcome.sent++;
      const version = result.version ?? reply.version;
      const object = await objects.get(id);
      if (object && object.version < version) await objects.put({ ...object, version });
      if (operation.rev === entry.rev) await outbox.delete(operation.seq);
      else await outbox.put({ ...operation, baseVersion: version, base: sent.op === 'put' ? sent.data : null });
    } else if (result.status === 412) {
      outcome.merged++;
      const current = currentObject(result.current, result.version ?? 0);
      await applyResolution(tx, operation, current, resolveStale(operation, current));
    } else if (!retriable(result.status)) {
      // The server will never take it (validation, permission): drop it rather than block the queue forever.
      outcome.refused.push({ key: operation.key, status: result.status });
      await outbox.delete(operation.seq);
    }
  }
  await tx.objectStore('meta').delete(INFLIGHT_BATCH);
  await tx.done;
  return outcome;
}
