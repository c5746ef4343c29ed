import 'fake-indexeddb/auto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../src/shared/store.js';
import { applyChanges, beginResync, classifyPush, finishResync, pageHighWater } from '../src/shared/feed.js';
import { nextBatch, recordChange } from '../src/shared/outbox.js';

const fresh = async () => {
  const db = await openStore(`feed-${crypto.randomUUID()}`);
  await db.put('libraries', { id: 'L', kind: 'personal', name: 'Mine', role: 'owner', syncedVersion: 10 });
  return db;
};
const entry = (key, version, data, deleted = false) => ({ kind: /** @type {const} */ ('item'), key, version, deleted, data });

test('a push of the very next version is applied', () => {
  assert.equal(classifyPush(10, { libraryId: 'L', version: 11, changes: [entry('p', 11, {}), entry('q', 11, {})] }), 'apply');
});

test('a push that does not follow the local version at once makes the client pull, whatever it carries', () => {
  // Versions may skip (no +1 per commit is promised): the device cannot know whether a commit lies in between.
  assert.equal(classifyPush(10, { libraryId: 'L', version: 12, changes: [entry('p', 12, {})] }), 'pull');
  // A push is one commit; one holding older versions is not one the contract describes, so trust a pull instead.
  assert.equal(classifyPush(10, { libraryId: 'L', version: 13, changes: [entry('p', 11, {}), entry('q', 13, {})] }), 'pull');
});

test('a push that starts from the version the device holds is applied, however far the commit jumped', () => {
  // The server names the version each commit started from, so a jump is no reason to pull...
  assert.equal(classifyPush(10, { libraryId: 'L', previousVersion: 10, version: 14, changes: [entry('p', 14, {})] }), 'apply');
  // ...and a commit that started after a version this device never saw is.
  assert.equal(classifyPush(10, { libraryId: 'L', previousVersion: 12, version: 13, changes: [entry('p', 13, {})] }), 'pull');
});

test('an empty push (a large batch) makes the client pull', () => {
  assert.equal(classifyPush(10, { libraryId: 'L', version: 11, changes: [] }), 'pull');
});

test('a push the client already has is ignored', () => {
  assert.equal(classifyPush(10, { libraryId: 'L', version: 10, changes: [entry('p', 10, {})] }), 'ignore');
});

test('a feed page’s version is the next since, more pages or not (the server never splits a version)', () => {
  assert.equal(pageHighWater(0, { version: 7, more: true, changes: [entry('a', 4, {}), entry('b', 7, {})] }), 7);
  assert.equal(pageHighWater(0, { version: 90, more: false, changes: [entry('a', 4, {})] }), 90);
});

test('pulled changes land in the store and raise the library version', async () => {
  const db = await fresh();
  const papers = await applyChanges(db, 'L', [entry('p', 11, { status: 'read' }), entry('q', 12, null, true)], 12);
  assert.deepEqual(papers.sort(), ['p', 'q']);
  assert.equal((await db.get('objects', ['L', 'item', 'p'])).data.status, 'read');
  assert.equal((await db.get('objects', ['L', 'item', 'q'])).deleted, true);
  assert.equal((await db.get('libraries', 'L')).syncedVersion, 12);
});

test('an older copy of an object never overwrites a newer one', async () => {
  const db = await fresh();
  await applyChanges(db, 'L', [entry('p', 15, { status: 'read' })], 15);
  await applyChanges(db, 'L', [entry('p', 11, { status: 'new' })], 11);
  assert.equal((await db.get('objects', ['L', 'item', 'p'])).data.status, 'read');
  assert.equal((await db.get('libraries', 'L')).syncedVersion, 15);
});

test('a remote change to an object with a queued local edit is merged into the queued edit', async () => {
  const db = await fresh();
  await applyChanges(db, 'L', [entry('p', 11, { status: 'new', tags: [] })], 11);
  await recordChange(db, { libraryId: 'L', kind: 'item', key: 'p', op: 'put', update: (d) => ({ ...d, tags: ['mine'] }) });
  await applyChanges(db, 'L', [entry('p', 12, { status: 'reading', tags: ['theirs'] })], 12);
  assert.deepEqual((await db.get('objects', ['L', 'item', 'p'])).data, { status: 'reading', tags: ['mine', 'theirs'] });
  const batch = await nextBatch(db);
  assert.equal(batch.body.operations[0].ifUnmodifiedSinceVersion, 12);
});

test('a full resync removes objects the server no longer has but keeps queued local ones', async () => {
  const db = await fresh();
  await applyChanges(db, 'L', [entry('gone', 3, {}), entry('kept', 4, {})], 10);
  await recordChange(db, { libraryId: 'L', kind: 'item', key: 'local', op: 'put', update: () => ({ status: 'new' }) });
  await beginResync(db, 'L');
  await applyChanges(db, 'L', [entry('kept', 4, {})], 20);
  await finishResync(db, 'L');
  assert.equal(await db.get('objects', ['L', 'item', 'gone']), undefined);
  assert.ok(await db.get('objects', ['L', 'item', 'kept']));
  assert.ok(await db.get('objects', ['L', 'item', 'local']));
  assert.equal((await db.get('libraries', 'L')).resyncEpoch, undefined);
});
