import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeData, mergeStatus, mergeTags, resolveStale } from '../src/shared/merge.js';

test('reading status only moves forward when both devices changed it', () => {
  assert.equal(mergeStatus('new', 'reading', 'read'), 'read');
  assert.equal(mergeStatus('new', 'read', 'to-read'), 'read');
  assert.equal(mergeStatus(undefined, 'to-read', 'reading'), 'reading');
});

test('a status only one device changed takes that device\'s value, even when lower', () => {
  assert.equal(mergeStatus('read', 'read', 'to-read'), 'to-read');
  assert.equal(mergeStatus('read', 'to-read', 'read'), 'to-read');
});

test('archiving is explicit: the local choice wins when either side archived', () => {
  assert.equal(mergeStatus('reading', 'archived', 'read'), 'archived');
  assert.equal(mergeStatus('new', 'reading', 'archived'), 'reading');
  assert.equal(mergeStatus('archived', 'reading', 'read'), 'read', 'both un-archived: progress order again');
});

test('tags merge by set union, keeping removals either side made since the base', () => {
  assert.deepEqual(mergeTags(['rl'], ['rl', 'survey'], ['rl', 'vision']), ['rl', 'survey', 'vision']);
  assert.deepEqual(mergeTags(['rl', 'old'], ['rl', 'survey'], ['rl', 'old']), ['rl', 'survey']);
  assert.deepEqual(mergeTags(undefined, ['a'], ['b']), ['a', 'b']);
});

test('the first time a paper was seen is the earliest of both devices', () => {
  const { data } = mergeData({}, { seenAt: '2026-11-27T10:00:00Z' }, { seenAt: '2026-11-26T09:00:00Z' });
  assert.equal(data.seenAt, '2026-11-26T09:00:00Z');
});

test('two diverging note bodies are both kept and reported as a conflict', () => {
  const base = { paperId: 'p', kind: 'note', body: 'draft' };
  const result = resolveStale({ op: 'put', base, data: { ...base, body: 'mine' } },
    { version: 7, deleted: false, data: { ...base, body: 'theirs', version: 7 } });
  assert.equal(result.data.body, 'theirs');
  assert.deepEqual(result.conflicts, [{ field: 'body', mine: 'mine', theirs: 'theirs' }]);
  assert.equal(result.op, 'none', 'the server already holds the shared copy; ours waits in the conflict');
});

test('fields only one device touched merge without conflict and the rest is still sent', () => {
  const base = { paperId: 'p', kind: 'highlight', color: 'yellow', body: 'a' };
  const result = resolveStale({ op: 'put', base, data: { ...base, color: 'green' } },
    { version: 3, deleted: false, data: { ...base, body: 'b' } });
  assert.deepEqual(result.data, { paperId: 'p', kind: 'highlight', color: 'green', body: 'b' });
  assert.equal(result.op, 'put');
  assert.deepEqual(result.conflicts, []);
});

test('a deliberate status lowering keeps its force flag through a merge', () => {
  const result = resolveStale({ op: 'put', base: { status: 'read', tags: [] }, data: { status: 'to-read', force: true, tags: [] } },
    { version: 2, deleted: false, data: { status: 'read', tags: ['x'] } });
  assert.deepEqual(result.data, { status: 'to-read', force: true, tags: ['x'] });
});

test('an object deleted elsewhere but edited here is recreated with the local edit', () => {
  const result = resolveStale({ op: 'put', base: { body: 'a' }, data: { body: 'b' } }, { version: 5, deleted: true, data: null });
  assert.deepEqual(result, { op: 'put', data: { body: 'b' }, deleted: false, conflicts: [] });
});

test('a local delete does not remove a note whose text changed elsewhere', () => {
  const result = resolveStale({ op: 'delete', base: { body: 'a' }, data: null }, { version: 5, deleted: false, data: { body: 'new text' } });
  assert.equal(result.op, 'none');
  assert.equal(result.deleted, false);
  assert.equal(result.data.body, 'new text');
});

test('a local delete goes ahead when the other side only changed other fields', () => {
  const result = resolveStale({ op: 'delete', base: { body: 'a', color: 'y' }, data: null }, { version: 5, deleted: false, data: { body: 'a', color: 'g' } });
  assert.equal(result.op, 'delete');
});

test('a merged status below the server’s is sent with force, or the server would keep its own', () => {
  // Both sides changed it; the explicit un-archive rule keeps ours, which is below the server's `archived`.
  const result = resolveStale({ op: 'put', base: { status: 'new' }, data: { status: 'read' } },
    { version: 4, deleted: false, data: { status: 'archived' } });
  assert.deepEqual(result.data, { status: 'read', force: true });
});
