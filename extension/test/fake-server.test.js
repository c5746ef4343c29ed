// The shared fake must keep the real server's rules (LiteDbLibraryStore.Decide and Commit, ItemKind): a fake that
// is stricter or kinder than the server lets the extension's tests pass for the wrong reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeServer, PERSONAL } from './fake-server.js';

/** @param {ReturnType<typeof fakeServer>} server @param {any[]} operations */
const batch = async (server, operations, libraryId = PERSONAL) => (await server.fetchImpl(
  `http://s/api/libraries/${libraryId}/batch`,
  { method: 'POST', headers: { 'Idempotency-Key': crypto.randomUUID() }, body: JSON.stringify({ operations }) })).json();

test('412 only when the stored version is newer than ifUnmodifiedSinceVersion, with the current entry', async () => {
  const server = fakeServer();
  server.remoteWrite('p', { status: 'new' }); // v1
  server.remoteWrite('q', { status: 'new' }); // v2
  const reply = await batch(server, [
    { op: 'put', kind: 'item', key: 'p', ifUnmodifiedSinceVersion: 2, data: { tags: ['newer base'] } },
    { op: 'put', kind: 'item', key: 'q', ifUnmodifiedSinceVersion: 1, data: { tags: ['stale'] } },
  ]);
  assert.deepEqual(reply.results.map((r) => r.status), [200, 412]);
  assert.equal(reply.results[1].current.version, 2);
  assert.deepEqual(server.object(PERSONAL, 'item', 'p').data.tags, ['newer base']);
});

test('a batch commits as one version stamped on every object it wrote', async () => {
  const server = fakeServer();
  const reply = await batch(server, [
    { op: 'put', kind: 'item', key: 'a', ifUnmodifiedSinceVersion: 0, data: { status: 'new' } },
    { op: 'put', kind: 'item', key: 'b', ifUnmodifiedSinceVersion: 0, data: { status: 'new' } },
  ]);
  assert.equal(reply.version, 1);
  assert.deepEqual([server.object(PERSONAL, 'item', 'a').version, server.object(PERSONAL, 'item', 'b').version], [1, 1]);
});

test('a personal item’s status only goes down when forced; archived is the highest', async () => {
  const server = fakeServer();
  server.remoteWrite('p', { status: 'archived' });
  await batch(server, [{ op: 'put', kind: 'item', key: 'p', ifUnmodifiedSinceVersion: 1, data: { status: 'read' } }]);
  assert.equal(server.object(PERSONAL, 'item', 'p').data.status, 'archived');
  await batch(server, [{ op: 'put', kind: 'item', key: 'p', ifUnmodifiedSinceVersion: 2, data: { status: 'read', force: true } }]);
  assert.equal(server.object(PERSONAL, 'item', 'p').data.status, 'read');
});

test('a viewer’s batch to a collection is refused as a whole', async () => {
  const server = fakeServer();
  const lab = server.addCollection('Lab', { ada: 'viewer', bo: 'owner' });
  const response = await server.fetchImpl(`http://s/api/libraries/${lab}/batch`, { method: 'POST', headers: { 'Idempotency-Key': 'k' },
    body: JSON.stringify({ operations: [{ op: 'put', kind: 'item', key: 'p', ifUnmodifiedSinceVersion: 0, data: { note: '' } }] }) });
  assert.equal(response.status, 403);
});
