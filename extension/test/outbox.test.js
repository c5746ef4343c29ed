import 'fake-indexeddb/auto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, pendingCount } from '../src/shared/store.js';
import { BATCH_LIMIT, nextBatch, recordChange, settleBatch } from '../src/shared/outbox.js';

const fresh = () => openStore(`outbox-${crypto.randomUUID()}`);
/** @param {any} patch */
const patchItem = (patch) => (/** @type {any} */ previous) => ({ status: 'new', tags: [], ...previous, ...patch });

test('a change is visible locally at once and queued durably', async () => {
  const db = await fresh();
  await recordChange(db, { libraryId: 'L', kind: 'item', key: '2403.1', op: 'put', update: patchItem({ status: 'reading' }) });
  assert.equal((await db.get('objects', ['L', 'item', '2403.1'])).data.status, 'reading');
  db.close();
  const reopened = await openStore(db.name);
  assert.equal(await pendingCount(reopened), 1, 'the queue survives the worker being stopped');
});

test('edits to one object while offline coalesce into one operation', async () => {
  const db = await fresh();
  await recordChange(db, { libraryId: 'L', kind: 'item', key: 'p', op: 'put', update: patchItem({ status: 'to-read' }) });
  await recordChange(db, { libraryId: 'L', kind: 'item', key: 'p', op: 'put', update: patchItem({ tags: ['rl'] }) });
  const batch = await nextBatch(db);
  assert.equal(batch.body.operations.length, 1);
  assert.deepEqual(batch.body.operations[0], { op: 'put', kind: 'item', key: 'p', ifUnmodifiedSinceVersion: 0,
    data: { status: 'to-read', tags: ['rl'] } });
});

test('an interrupted send is retried with the same body and Idempotency-Key', async () => {
  const db = await fresh();
  await recordChange(db, { libraryId: 'L', kind: 'item', key: 'p', op: 'put', update: patchItem({}) });
  const first = await nextBatch(db);
  await recordChange(db, { libraryId: 'L', kind: 'item', key: 'q', op: 'put', update: patchItem({}) });
  const again = await nextBatch(db);
  assert.equal(again.idempotencyKey, first.idempotencyKey);
  assert.deepEqual(again.body, first.body);
});

test('batches hold at most 50 operations of one library', async () => {
  const db = await fresh();
  for (let i = 0; i < 60; i++) await recordChange(db, { libraryId: 'L', kind: 'item', key: `p${i}`, op: 'put', update: patchItem({}) });
  await recordChange(db, { libraryId: 'C', kind: 'item', key: 'x', op: 'put', update: patchItem({}) });
  const batch = await nextBatch(db);
  assert.equal(batch.body.operations.length, BATCH_LIMIT);
  assert.equal(batch.libraryId, 'L');
});

test('accepted operations leave the queue and the object takes the new version', async () => {
  const db = await fresh();
  await recordChange(db, { libraryId: 'L', kind: 'item', key: 'p', op: 'put', update: patchItem({}) });
  const batch = await nextBatch(db);
  await settleBatch(db, batch, { version: 9, results: [{ index: 0, status: 200, version: 9 }] });
  assert.equal(await pendingCount(db), 0);
  assert.equal((await db.get('objects', ['L', 'item', 'p'])).version, 9);
  assert.equal(await nextBatch(db), undefined);
});

test('an edit made while its earlier version was being sent stays queued on the new base', async () => {
  const db = await fresh();
  await recordChange(db, { libraryId: 'L', kind: 'item', key: 'p', op: 'put', update: patchItem({ status: 'to-read' }) });
  const batch = await nextBatch(db);
  await recordChange(db, { libraryId: 'L', kind: 'item', key: 'p', op: 'put', update: patchItem({ status: 'read' }) });
  await settleBatch(db, batch, { version: 4, results: [{ index: 0, status: 201, version: 4 }] });
  const next = await nextBatch(db);
  assert.deepEqual(next.body.operations[0], { op: 'put', kind: 'item', key: 'p', ifUnmodifiedSinceVersion: 4,
    data: { status: 'read', tags: [] } });
});

test('a 412 merges with the server copy and queues the merged object on the current version', async () => {
  const db = await fresh();
  await db.put('objects', { libraryId: 'L', kind: 'item', key: 'p', paperId: 'p', version: 3, deleted: false, data: { status: 'new', tags: ['a'] } });
  await recordChange(db, { libraryId: 'L', kind: 'item', key: 'p', op: 'put', update: patchItem({ status: 'reading', tags: ['a', 'mine'] }) });
  const batch = await nextBatch(db);
  assert.equal(batch.body.operations[0].ifUnmodifiedSinceVersion, 3);
  await settleBatch(db, batch, { version: 8, results: [{ index: 0, status: 412,
    current: { kind: 'item', key: 'p', version: 8, deleted: false, data: { status: 'read', tags: ['a', 'theirs'] } } }] });
  const retry = await nextBatch(db);
  assert.deepEqual(retry.body.operations[0], { op: 'put', kind: 'item', key: 'p', ifUnmodifiedSinceVersion: 8,
    data: { status: 'read', tags: ['a', 'mine', 'theirs'] } });
  assert.deepEqual((await db.get('objects', ['L', 'item', 'p'])).data, { status: 'read', tags: ['a', 'mine', 'theirs'] });
});

test('a 412 on a note keeps both bodies: the server text shown, ours parked as a conflict', async () => {
  const db = await fresh();
  const note = { paperId: 'p', kind: 'note', body: 'draft', target: { field: 'abstract', selectors: [] } };
  await db.put('objects', { libraryId: 'L', kind: 'annotation', key: 'n1', paperId: 'p', version: 2, deleted: false, data: note });
  await recordChange(db, { libraryId: 'L', kind: 'annotation', key: 'n1', op: 'put', update: () => ({ ...note, body: 'my words' }) });
  const batch = await nextBatch(db);
  await settleBatch(db, batch, { version: 5, results: [{ index: 0, status: 412, current: { ...note, body: 'their words', version: 5 } }] });
  assert.equal(await pendingCount(db), 0);
  assert.equal((await db.get('objects', ['L', 'annotation', 'n1'])).data.body, 'their words');
  const conflict = await db.get('conflicts', ['L', 'n1']);
  assert.equal(conflict.mine, 'my words');
  assert.equal(conflict.theirs, 'their words');
});

test('an operation the server refuses is dropped and reported instead of blocking the queue', async () => {
  const db = await fresh();
  await recordChange(db, { libraryId: 'L', kind: 'annotation', key: 'a', op: 'put', update: () => ({ paperId: 'p' }) });
  await recordChange(db, { libraryId: 'L', kind: 'item', key: 'p', op: 'put', update: patchItem({}) });
  const batch = await nextBatch(db);
  const outcome = await settleBatch(db, batch, { version: 3, results: [{ index: 0, status: 422 }, { index: 1, status: 503 }] });
  assert.deepEqual(outcome.refused, [{ key: 'a', status: 422 }]);
  assert.equal(await pendingCount(db), 1, 'the 503 one waits for a retry');
});

test('something created and deleted before it was ever sent is forgotten', async () => {
  const db = await fresh();
  await recordChange(db, { libraryId: 'L', kind: 'annotation', key: 'a', op: 'put', update: () => ({ paperId: 'p' }) });
  await recordChange(db, { libraryId: 'L', kind: 'annotation', key: 'a', op: 'delete' });
  assert.equal(await pendingCount(db), 0);
  assert.equal(await db.get('objects', ['L', 'annotation', 'a']), undefined);
});
