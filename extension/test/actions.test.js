import 'fake-indexeddb/auto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { handleMessage, patchItem } from '../src/background/actions.js';
import { openStore, pendingCount } from '../src/shared/store.js';

async function context() {
  const db = await openStore(`actions-${crypto.randomUUID()}`);
  await db.put('meta', { userId: 'u', username: 'ada', personalLibraryId: 'P' }, 'account');
  const storage = /** @type {Record<string, any>} */ ({});
  const chrome = /** @type {any} */ ({ storage: { set: async (values) => Object.assign(storage, values), get: async () => storage } });
  const engine = /** @type {any} */ ({ flushSoon: async () => {} });
  return { db, chrome, engine, storage };
}

test('lowering a status on purpose is sent with force; raising it is not', () => {
  assert.equal(patchItem({ status: 'read' }, { status: 'to-read' }).force, true);
  assert.equal(patchItem({ status: 'to-read' }, { status: 'read' }).force, undefined);
  assert.equal(patchItem({ status: 'read', force: true }, { tags: ['x'] }).force, undefined);
});

test('un-archiving is a lowering: sent with force, and a caller’s force is kept', () => {
  assert.equal(patchItem({ status: 'archived' }, { status: 'read' }).force, true);
  assert.equal(patchItem({ status: 'archived' }, { status: 'new', force: true }).force, true);
  assert.equal(patchItem({ status: 'read' }, { status: 'archived' }).force, undefined);
});

test('a paper is marked seen once: later sightings change nothing and queue nothing', async () => {
  const ctx = await context();
  await handleMessage({ type: 'mark-seen', paperIds: ['p'], at: '2026-11-27T10:00:00Z' }, ctx);
  await handleMessage({ type: 'mark-seen', paperIds: ['p'], at: '2026-11-28T10:00:00Z' }, ctx);
  const state = await handleMessage({ type: 'get-page-state', paperIds: ['p'] }, ctx);
  assert.equal(state.items.p.seenAt, '2026-11-27T10:00:00Z');
  assert.equal(await pendingCount(ctx.db), 1);
});

test('clip, status and a highlight show in the page state at once, before any sync', async () => {
  const ctx = await context();
  await handleMessage({ type: 'update-item', paperId: 'p', patch: { clippedAt: '2026-11-27T10:00:05Z', status: 'read' } }, ctx);
  const annotation = { id: 'a1', paperId: 'p', kind: /** @type {const} */ ('highlight'), color: 'yellow',
    target: { field: /** @type {const} */ ('abstract'), selectors: [{ type: /** @type {const} */ ('TextQuoteSelector'), exact: 'speedup' }] } };
  await handleMessage({ type: 'put-annotation', annotation }, ctx);
  const state = await handleMessage({ type: 'get-page-state', paperIds: ['p'] }, ctx);
  assert.equal(state.items.p.status, 'read');
  assert.deepEqual(state.annotations, [{ ...annotation, libraryId: 'P' }]);
  assert.ok(ctx.storage.stateRevision.paperIds.includes('p'), 'pages are told to re-read');
});

test('a deleted annotation disappears from the page state', async () => {
  const ctx = await context();
  await handleMessage({ type: 'put-annotation', annotation: { id: 'a1', paperId: 'p', kind: 'note', body: 'x', target: { field: 'title', selectors: [] } } }, ctx);
  await handleMessage({ type: 'delete-annotation', id: 'a1' }, ctx);
  const state = await handleMessage({ type: 'get-page-state', paperIds: ['p'] }, ctx);
  assert.deepEqual(state.annotations, []);
});

test('resolving a note conflict queues the chosen text and clears the conflict', async () => {
  const ctx = await context();
  await ctx.db.put('objects', { libraryId: 'P', kind: 'annotation', key: 'n', paperId: 'p', version: 4, deleted: false, data: { paperId: 'p', body: 'theirs' } });
  await ctx.db.put('conflicts', { libraryId: 'P', key: 'n', kind: 'annotation', paperId: 'p', field: 'body', mine: 'mine', theirs: 'theirs' });
  await handleMessage({ type: 'resolve-conflict', libraryId: 'P', key: 'n', text: 'mine\n\ntheirs' }, ctx);
  assert.equal((await ctx.db.get('objects', ['P', 'annotation', 'n'])).data.body, 'mine\n\ntheirs');
  assert.equal(await ctx.db.count('conflicts'), 0);
  assert.equal(await pendingCount(ctx.db), 1);
});

test('an orphan belongs to the page that could not anchor it, and is cleared once any page anchors it', async () => {
  const ctx = await context();
  await handleMessage({ type: 'report-orphans', paperId: 'p', annotationIds: ['a1', 'a2'], textVersion: 'v1',
    url: 'https://huggingface.co/papers/p' }, ctx);
  assert.equal(await ctx.db.count('orphans'), 2);
  assert.equal((await ctx.db.get('orphans', 'a1')).textVersion, 'v1');
  // A page showing other fields (a trending card) anchors a1 and says nothing of a2: a2 stays the paper page's orphan.
  await handleMessage({ type: 'report-orphans', paperId: 'p', annotationIds: [], anchoredIds: ['a1'] }, ctx);
  assert.deepEqual(await ctx.db.getAllKeys('orphans'), ['a2']);
  await handleMessage({ type: 'report-orphans', paperId: 'p', annotationIds: [], anchoredIds: ['a2'] }, ctx);
  assert.equal(await ctx.db.count('orphans'), 0);
});
