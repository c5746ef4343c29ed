import 'fake-indexeddb/auto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportFileName } from '../src/background/collection-actions.js';
import { pendingCount } from '../src/shared/store.js';
import { fakeDevice as device, fakeServer } from './fake-server.js';

const collectionServer = () => fakeServer();

const pageState = (d, ...paperIds) => d.send({ type: 'get-page-state', paperIds });

test('adding a paper to a collection offline shows at once on the card and reaches the collection once online', async () => {
  const server = collectionServer();
  const lab = server.addCollection('Papers for Thursday', { ada: 'editor', bo: 'owner' });
  const ada = await device(server);
  await ada.engine.syncNow();
  server.state.online = false;
  assert.deepEqual(await ada.send({ type: 'add-to-collection', paperId: '2403.1', libraryId: lab }), { ok: true });
  const state = await pageState(ada, '2403.1', '2403.2');
  assert.deepEqual(state.memberships, { '2403.1': [lab] });
  assert.deepEqual(state.collections, [{ id: lab, name: 'Papers for Thursday', role: 'editor' }]);
  assert.deepEqual(state.items, {}, 'a collection item is not a personal item');
  assert.equal(await pendingCount(ada.db), 1);
  assert.equal(ada.storage.stateRevision.paperIds[0], '2403.1', 'the page is told to re-read that card');

  server.state.online = true;
  await ada.engine.syncNow();
  assert.equal(await pendingCount(ada.db), 0);
  assert.deepEqual(server.state.libraries.get(lab).objects.get('item/2403.1').data, { note: '' });
});

test('adding a paper twice keeps its shared note; removing it queues a delete and clears the card', async () => {
  const server = collectionServer();
  const lab = server.addCollection('Lab', { ada: 'owner' });
  server.write(lab, 'item', 'p', { note: 'Read §3 first', addedBy: 'bo' });
  const ada = await device(server);
  await ada.engine.syncNow();
  await ada.send({ type: 'add-to-collection', paperId: 'p', libraryId: lab });
  assert.equal(await pendingCount(ada.db), 0, 'already there: nothing to send');
  assert.equal((await ada.db.get('objects', [lab, 'item', 'p'])).data.note, 'Read §3 first');

  await ada.send({ type: 'remove-from-collection', paperId: 'p', libraryId: lab });
  assert.deepEqual((await pageState(ada, 'p')).memberships, {});
  await ada.engine.syncNow();
  assert.equal(server.state.libraries.get(lab).objects.get('item/p').deleted, true);
});

test('a paper added and removed again before any sync sends nothing', async () => {
  const server = collectionServer();
  const lab = server.addCollection('Lab', { ada: 'owner' });
  const ada = await device(server);
  await ada.engine.syncNow();
  server.state.online = false;
  await ada.send({ type: 'add-to-collection', paperId: 'p', libraryId: lab });
  await ada.send({ type: 'remove-from-collection', paperId: 'p', libraryId: lab });
  assert.equal(await pendingCount(ada.db), 0);
});

test('a viewer cannot add or remove a collection’s papers or edit their notes: refused, nothing queued', async () => {
  const server = collectionServer();
  const lab = server.addCollection('Survey', { ada: 'viewer', bo: 'owner' });
  server.write(lab, 'item', 'p', { note: '' });
  const ada = await device(server);
  await ada.engine.syncNow();
  for (const message of [{ type: 'add-to-collection', paperId: 'q', libraryId: lab },
    { type: 'remove-from-collection', paperId: 'p', libraryId: lab },
    { type: 'set-collection-note', paperId: 'p', libraryId: lab, note: 'mine' }]) {
    const answer = await ada.send(message);
    assert.equal(answer.ok, false);
    assert.match(answer.error, /only view “Survey”/);
  }
  assert.equal(await pendingCount(ada.db), 0);
  assert.equal((await ada.send({ type: 'add-to-collection', paperId: 'q', libraryId: 'gone' })).ok, false);
});

test('a viewer cannot add, edit or delete a collection’s highlights: refused, local copy unchanged, nothing queued', async () => {
  const server = collectionServer();
  const lab = server.addCollection('Survey', { ada: 'viewer', bo: 'owner' });
  const theirs = { paperId: 'p', kind: 'note', body: 'bo’s note', target: { field: 'title', selectors: [] } };
  server.write(lab, 'annotation', 'a1', theirs);
  const ada = await device(server);
  await ada.engine.syncNow();
  for (const message of [
    { type: 'put-annotation', annotation: { ...theirs, id: 'a1', libraryId: lab, body: 'rewritten' } },
    { type: 'put-annotation', annotation: { ...theirs, id: 'a2', libraryId: lab, body: 'new' } },
    { type: 'delete-annotation', id: 'a1', libraryId: lab }]) {
    const answer = await ada.send(message);
    assert.equal(answer.ok, false);
    assert.match(answer.error, /only view “Survey”/);
  }
  assert.equal(await pendingCount(ada.db), 0);
  const stored = await ada.db.get('objects', [lab, 'annotation', 'a1']);
  assert.equal(stored.deleted, false);
  assert.equal(stored.data.body, 'bo’s note');
  assert.equal(await ada.db.get('objects', [lab, 'annotation', 'a2']), undefined);
});

test('an editor may highlight in a collection, and a personal highlight needs no collection role', async () => {
  const server = collectionServer();
  const lab = server.addCollection('Lab', { ada: 'editor', bo: 'owner' });
  const ada = await device(server);
  await ada.engine.syncNow();
  const annotation = { paperId: 'p', kind: 'highlight', target: { field: 'title', selectors: [] } };
  assert.deepEqual(await ada.send({ type: 'put-annotation', annotation: { ...annotation, id: 'a1', libraryId: lab } }), { ok: true });
  assert.deepEqual(await ada.send({ type: 'put-annotation', annotation: { ...annotation, id: 'a2' } }), { ok: true });
  assert.deepEqual(await ada.send({ type: 'delete-annotation', id: 'a2' }), { ok: true });
  await ada.engine.syncNow();
  assert.equal(server.object(lab, 'annotation', 'a1').deleted, false);
});

test('an editor’s shared note is applied locally, queued, and sent without personal fields', async () => {
  const server = collectionServer();
  const lab = server.addCollection('Lab', { ada: 'editor', bo: 'owner' });
  server.write(lab, 'item', 'p', { note: 'old', addedBy: 'bo' });
  const ada = await device(server);
  await ada.engine.syncNow();
  await ada.send({ type: 'set-collection-note', paperId: 'p', libraryId: lab, note: 'Key claim in **Table 2**' });
  assert.equal((await ada.db.get('objects', [lab, 'item', 'p'])).data.note, 'Key claim in **Table 2**');
  await ada.engine.syncNow();
  const sent = server.state.libraries.get(lab).objects.get('item/p').data;
  assert.equal(sent.note, 'Key claim in **Table 2**');
  assert.equal(sent.status, undefined);
  assert.equal(sent.tags, undefined);
});

test('saving the same shared note again queues nothing more', async () => {
  const server = collectionServer();
  const lab = server.addCollection('Lab', { ada: 'editor', bo: 'owner' });
  server.write(lab, 'item', 'p', { note: 'old', addedBy: 'bo' });
  const ada = await device(server);
  await ada.engine.syncNow();
  server.state.online = false;
  const note = { type: 'set-collection-note', paperId: 'p', libraryId: lab, note: 'Key claim in **Table 2**' };
  assert.deepEqual(await ada.send(note), { ok: true });
  assert.equal(await pendingCount(ada.db), 1);
  const queued = (await ada.db.getAll('outbox'))[0];
  assert.deepEqual(await ada.send(note), { ok: true });
  assert.equal(await pendingCount(ada.db), 1);
  assert.deepEqual((await ada.db.getAll('outbox'))[0], queued, 'the queued change is not edited again');

  server.state.online = true;
  await ada.engine.syncNow();
  assert.equal(await pendingCount(ada.db), 0);
  assert.deepEqual(await ada.send(note), { ok: true });
  assert.equal(await pendingCount(ada.db), 0, 'the note the server already has is not sent again');
});

test('a role changed in the collection’s feed shows in the card picker before the library list is refetched', async () => {
  const server = collectionServer();
  const lab = server.addCollection('Lab', { ada: 'editor', bo: 'owner' });
  const ada = await device(server);
  await ada.engine.syncNow();
  server.write(lab, 'member', server.state.users.get('ada'), { username: 'ada', role: 'viewer' });
  server.write(lab, 'collection', lab, { name: 'Lab (archived)', description: '' });
  // Pull only this library, as a pushed change would, without /api/me.
  const { applyChanges } = await import('../src/shared/feed.js');
  const since = (await ada.db.get('libraries', lab)).syncedVersion;
  const library = server.state.libraries.get(lab);
  await applyChanges(ada.db, lab, [...library.objects.values()].filter((o) => o.version > since), library.version);
  assert.deepEqual((await pageState(ada, 'p')).collections, [{ id: lab, name: 'Lab (archived)', role: 'viewer' }]);
});

test('LibrariesChanged: a collection shared with us is pulled from 0; one we lost is forgotten with its queue', async () => {
  const server = collectionServer();
  const kept = server.addCollection('Kept', { ada: 'editor', bo: 'owner' });
  const lost = server.addCollection('Lost', { ada: 'editor', bo: 'owner' });
  server.write(lost, 'item', 'p', { note: 'theirs' });
  const ada = await device(server);
  await ada.engine.syncNow();
  server.state.online = false;
  await ada.send({ type: 'set-collection-note', paperId: 'p', libraryId: lost, note: 'mine, never sent' });
  await ada.db.put('conflicts', { libraryId: lost, key: 'p', kind: 'item', paperId: 'p', field: 'note', mine: 'a', theirs: 'b' });
  server.state.online = true;

  server.state.libraries.get(lost).members.delete('ada');
  const joined = server.addCollection('New to me', { bo: 'owner' });
  server.write(joined, 'item', 'q', { note: 'welcome' });
  server.state.libraries.get(joined).members.set('ada', 'viewer');
  ada.revisions.length = 0;
  await ada.engine.updateLibraries();

  assert.deepEqual((await ada.db.getAll('libraries')).map((l) => l.id).sort(), [kept, joined, 'P'].sort());
  assert.equal((await ada.db.get('objects', [joined, 'item', 'q'])).data.note, 'welcome');
  assert.ok(server.state.requests.includes(`GET /api/libraries/${joined}/changes?since=0&limit=1000`));
  assert.deepEqual(await ada.db.getAllFromIndex('objects', 'byLibrary', lost), []);
  assert.equal(await pendingCount(ada.db), 0);
  assert.equal(await ada.db.count('conflicts'), 0);
  assert.ok(ada.revisions.some((r) => r.paperIds === undefined), 'every card re-reads its collection picker');
  assert.deepEqual((await pageState(ada, 'p', 'q')).memberships, { q: [joined] });
});

test('collection management offline fails at once with a sentence to show, and changes nothing', async () => {
  const server = collectionServer();
  const ada = await device(server);
  await ada.engine.syncNow();
  server.state.online = false;
  const answer = await ada.send({ type: 'create-collection', name: 'Reading group' });
  assert.equal(answer.ok, false);
  assert.equal(answer.offline, true);
  assert.match(answer.error, /offline: creating a collection needs a connection/);
  assert.equal(ada.storage.syncStatus.online, false);
  assert.equal(server.state.created, 0);
});

test('signed out, collection management asks to sign in', async () => {
  const server = collectionServer();
  const ada = await device(server);
  await ada.db.delete('meta', 'auth');
  const answer = await ada.send({ type: 'list-members', libraryId: 'C1' });
  assert.equal(answer.offline, true);
  assert.match(answer.error, /Sign in/);
});

test('a new collection is listed at once, as owner, with its description', async () => {
  const server = collectionServer();
  const ada = await device(server);
  await ada.engine.syncNow();
  assert.equal((await ada.send({ type: 'create-collection', name: '  ' })).ok, false, 'a name is required');
  const answer = await ada.send({ type: 'create-collection', name: 'Papers for Thursday', description: 'Lab reading' });
  assert.equal(answer.ok, true);
  const library = await ada.db.get('libraries', answer.collection.id);
  assert.equal(library.role, 'owner');
  assert.equal(library.description, 'Lab reading');
  assert.deepEqual((await pageState(ada, 'x')).collections, [{ id: answer.collection.id, name: 'Papers for Thursday', role: 'owner' }]);
});

test('sharing: invite by username, change a role, remove; an unknown username is a clear error', async () => {
  const server = collectionServer();
  const ada = await device(server);
  await ada.engine.syncNow();
  const { collection } = await ada.send({ type: 'create-collection', name: 'Lab' });
  let answer = await ada.send({ type: 'set-member-role', libraryId: collection.id, username: ' bo ', role: 'editor' });
  assert.deepEqual(answer.members, [{ username: 'ada', role: 'owner' }, { username: 'bo', role: 'editor' }]);
  answer = await ada.send({ type: 'set-member-role', libraryId: collection.id, username: 'bo', role: 'viewer' });
  assert.equal(answer.members.find((m) => m.username === 'bo').role, 'viewer');
  answer = await ada.send({ type: 'set-member-role', libraryId: collection.id, username: 'zed', role: 'viewer' });
  assert.equal(answer.ok, false);
  assert.equal(answer.error, 'No such user');
  assert.equal((await ada.send({ type: 'set-member-role', libraryId: collection.id, username: 'cy', role: 'owner' })).ok, false);
  answer = await ada.send({ type: 'remove-member', libraryId: collection.id, username: 'bo' });
  assert.deepEqual(answer.members, [{ username: 'ada', role: 'owner' }]);
});

test('leaving a collection forgets it on this device at once', async () => {
  const server = collectionServer();
  const lab = server.addCollection('Lab', { ada: 'viewer', bo: 'owner' });
  server.write(lab, 'item', 'p', { note: '' });
  const ada = await device(server);
  await ada.engine.syncNow();
  assert.equal((await ada.send({ type: 'remove-member', libraryId: lab, username: 'ada' })).ok, true);
  assert.equal(await ada.db.get('libraries', lab), undefined);
  assert.deepEqual((await pageState(ada, 'p')).memberships, {});
});

test('the public link: on gives a URL stored for the panel, rotate replaces it, off clears it', async () => {
  const server = collectionServer();
  const ada = await device(server);
  await ada.engine.syncNow();
  const { collection } = await ada.send({ type: 'create-collection', name: 'Blog list' });
  await ada.engine.syncNow();
  const on = await ada.send({ type: 'update-collection', libraryId: collection.id, publicLink: true });
  assert.match(on.collection.publicUrl, /^\/c\//);
  assert.equal((await ada.db.get('libraries', collection.id)).publicUrl, on.collection.publicUrl);
  const stored = (await ada.db.getAllFromIndex('objects', 'byLibrary', collection.id)).find((o) => o.kind === 'collection');
  assert.equal(stored.data.publicUrl, on.collection.publicUrl, 'the collection object shows it too until its feed catches up');
  const rotated = await ada.send({ type: 'update-collection', libraryId: collection.id, rotateLink: true });
  assert.notEqual(rotated.collection.publicUrl, on.collection.publicUrl);
  await ada.send({ type: 'update-collection', libraryId: collection.id, publicLink: false });
  assert.equal((await ada.db.get('libraries', collection.id)).publicUrl, null);
});

test('an export comes back as a named file of the requested format', async () => {
  const server = collectionServer();
  const lab = server.addCollection('Papers for Thursday!', { ada: 'viewer', bo: 'owner' });
  const ada = await device(server);
  await ada.engine.syncNow();
  const answer = await ada.send({ type: 'export-library', libraryId: lab, format: 'markdown' });
  assert.deepEqual(answer.file, { name: 'papernotes-papers-for-thursday.md', mimeType: 'text/markdown', text: '# Papers for Thursday!\n' });
  assert.ok(server.state.requests.includes(`GET /api/libraries/${lab}/export?format=markdown`));
  assert.equal(exportFileName('Café — Lecture', 'bibtex'), 'papernotes-cafe-lecture.bib');
  assert.equal(exportFileName('???', 'jsonld'), 'papernotes-library.jsonld');
  assert.equal((await ada.send({ type: 'export-library', libraryId: lab, format: 'pdf' })).ok, false);
});

test('a batch that was being sent to a collection we lost is dropped, not resent to be refused', async () => {
  const { nextBatch } = await import('../src/shared/outbox.js');
  const { replaceLibraryList } = await import('../src/shared/store.js');
  const server = collectionServer();
  const lost = server.addCollection('Lost', { ada: 'editor', bo: 'owner' });
  const ada = await device(server);
  await ada.engine.syncNow();
  await ada.db.delete('meta', 'auth');
  await ada.send({ type: 'add-to-collection', paperId: 'p', libraryId: lost });
  assert.equal((await nextBatch(ada.db)).libraryId, lost);
  const outcome = await replaceLibraryList(ada.db, [{ id: 'P', kind: 'personal', name: 'Mine', role: 'owner' }]);
  assert.deepEqual(outcome, { added: [], removed: [lost], renamed: [] });
  assert.equal(await nextBatch(ada.db), undefined);
});
