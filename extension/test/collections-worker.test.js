import 'fake-indexeddb/auto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { handleMessage } from '../src/background/actions.js';
import { exportFileName } from '../src/background/collection-actions.js';
import { createSyncEngine } from '../src/background/sync-engine.js';
import { openStore, pendingCount } from '../src/shared/store.js';

/**
 * An in-memory server with a personal library and collections (SPEC §4): `/api/me` lists the libraries `ada`
 * belongs to, each library has its own version and change feed, batches are accepted, and the collection
 * management routes keep members and a public link.
 */
function collectionServer() {
  const state = {
    online: true,
    /** @type {Map<string, { kind: string, name: string, description: string, members: Map<string, string>, publicUrl: string | null, version: number, objects: Map<string, any> }>} */
    libraries: new Map([['P', { kind: 'personal', name: 'Mine', description: '', members: new Map([['ada', 'owner']]), publicUrl: null, version: 0, objects: new Map() }]]),
    /** Usernames and user ids: like the real server, the feed keys `member` entries by user id. */
    users: new Map([['ada', 'u1'], ['bo', 'u2'], ['cy', 'u3']]),
    requests: /** @type {string[]} */ ([]),
    created: 0,
  };
  /** @param {string} id @param {string} kind @param {string} key @param {any} data @param {boolean} [deleted] */
  const write = (id, kind, key, data, deleted = false) => {
    const library = state.libraries.get(id);
    library.version++;
    library.objects.set(`${kind}/${key}`, { kind, key, version: library.version, deleted, data: deleted ? null : data });
  };
  /** @param {string} name @param {Record<string, string>} members */
  const addCollection = (name, members) => {
    const id = `C${++state.created}`;
    state.libraries.set(id, { kind: 'collection', name, description: '', members: new Map(Object.entries(members)), publicUrl: null, version: 0, objects: new Map() });
    write(id, 'collection', id, { name, description: '' });
    for (const [username, role] of Object.entries(members)) write(id, 'member', state.users.get(username), { username, role });
    return id;
  };
  const view = (/** @type {string} */ id) => {
    const c = state.libraries.get(id);
    return { id, name: c.name, description: c.description, role: c.members.get('ada'), ...(c.publicUrl ? { publicUrl: c.publicUrl } : {}) };
  };
  /** @type {typeof fetch} */
  const fetchImpl = async (input, init = {}) => {
    if (!state.online) throw new TypeError('fetch failed');
    const url = new URL(String(input));
    const method = init.method ?? 'GET';
    state.requests.push(`${method} ${url.pathname}${url.search}`);
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    const json = (/** @type {any} */ value, status = 200) => Response.json(value, { status });
    const problem = (/** @type {number} */ status, title) => Response.json({ type: `https://papernotes.example/${status}`, title }, { status, headers: { 'Content-Type': 'application/problem+json' } });
    if (url.pathname === '/api/me') {
      return json({ userId: state.users.get('ada'), username: 'ada', personalLibraryId: 'P', libraries: [...state.libraries]
        .filter(([, l]) => l.members.has('ada'))
        .map(([id, l]) => ({ id, kind: l.kind, name: l.name, role: l.members.get('ada'), version: l.version })) });
    }
    let match = url.pathname.match(/^\/api\/libraries\/([^/]+)\/(changes|batch|export)$/);
    if (match) {
      const library = state.libraries.get(match[1]);
      if (!library?.members.has('ada')) return problem(404, 'No such library');
      if (match[2] === 'changes') {
        const since = Number(url.searchParams.get('since'));
        const changes = [...library.objects.values()].filter((o) => o.version > since).sort((a, b) => a.version - b.version);
        return json({ version: library.version, changes, more: false });
      }
      if (match[2] === 'export') {
        return new Response(`# ${library.name}\n`, { headers: { 'Content-Type': 'text/markdown; charset=utf-8' } });
      }
      const results = body.operations.map((/** @type {any} */ op, /** @type {number} */ index) => {
        write(match[1], op.kind, op.key, op.data, op.op === 'delete');
        return { index, status: 200, version: library.version };
      });
      return json({ version: library.version, results });
    }
    if (url.pathname === '/api/collections' && method === 'POST') {
      const id = addCollection(body.name, { ada: 'owner' });
      state.libraries.get(id).description = body.description;
      return json(view(id), 201);
    }
    match = url.pathname.match(/^\/api\/collections\/([^/]+)(?:\/members(?:\/([^/]+))?)?$/);
    if (match) {
      const [, id, username] = match;
      const collection = state.libraries.get(id);
      if (!collection?.members.has('ada')) return problem(404, 'No such collection');
      if (url.pathname.endsWith('/members')) return json([...collection.members].map(([u, role]) => ({ username: u, role })));
      if (username && method === 'PUT') {
        if (!state.users.has(username)) return problem(404, 'No such user');
        collection.members.set(username, body.role);
        write(id, 'member', state.users.get(username), { username, role: body.role });
        return new Response(null, { status: 204 });
      }
      if (username && method === 'DELETE') {
        collection.members.delete(decodeURIComponent(username));
        write(id, 'member', state.users.get(decodeURIComponent(username)), null, true);
        return new Response(null, { status: 204 });
      }
      if (method === 'PATCH') {
        if (body.publicLink === false) collection.publicUrl = null;
        if (body.publicLink === true && !collection.publicUrl) collection.publicUrl = `/c/token${collection.version}`;
        if (body.rotateLink) collection.publicUrl = `/c/rotated${collection.version}`;
        if (body.name) collection.name = body.name;
        return json(view(id));
      }
      if (method === 'DELETE') { state.libraries.delete(id); return new Response(null, { status: 204 }); }
    }
    return problem(404, 'Not found');
  };
  return { state, fetchImpl, write, addCollection };
}

async function device(server) {
  const db = await openStore(`collections-${crypto.randomUUID()}`);
  await db.put('meta', { serverUrl: 'http://127.0.0.1:5080', accessToken: 't', expiresAt: Date.now() + 3_600_000, refreshToken: 'r' }, 'auth');
  const storage = /** @type {Record<string, any>} */ ({});
  const revisions = /** @type {any[]} */ ([]);
  const chrome = /** @type {any} */ ({
    storage: { get: async () => storage, set: async (values) => {
      if (values.stateRevision) revisions.push(values.stateRevision);
      Object.assign(storage, values);
    } },
    action: { setBadge: async () => {} },
  });
  const connectHub = async () => { throw new Error('no hub in unit tests: the engine polls'); };
  const engine = createSyncEngine({ db, chrome, fetchImpl: server.fetchImpl, connectHub });
  const context = { db, engine, chrome, fetchImpl: server.fetchImpl };
  return { db, engine, storage, revisions, send: (/** @type {any} */ message) => handleMessage(message, context) };
}

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
