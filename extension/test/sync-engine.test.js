import 'fake-indexeddb/auto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSyncEngine } from '../src/background/sync-engine.js';
import { handleMessage } from '../src/background/actions.js';
import { openStore, pendingCount } from '../src/shared/store.js';

/**
 * A small in-memory PaperNotes server speaking the SPEC §4 routes the engine uses: versioned objects,
 * If-Unmodified-Since checks per batch operation, Idempotency-Key replay, a change feed that can answer 410.
 */
function fakeServer() {
  const state = { version: 0, objects: new Map(), online: true, batches: /** @type {any[]} */ ([]), replays: new Map(), goneBelow: 0,
    papersAsked: /** @type {string[]} */ ([]) };
  /** @type {typeof fetch} */
  const fetchImpl = async (input, init = {}) => {
    if (!state.online) throw new TypeError('fetch failed');
    const url = new URL(String(input));
    const json = (/** @type {any} */ body, status = 200) => Response.json(body, { status });
    if (url.pathname === '/api/me') {
      return json({ userId: 'u1', username: 'ada', personalLibraryId: 'P',
        libraries: [{ id: 'P', kind: 'personal', name: 'Mine', role: 'owner', version: state.version }] });
    }
    if (url.pathname === '/api/libraries/P/changes') {
      const since = Number(url.searchParams.get('since'));
      if (since > 0 && since < state.goneBelow) return json({ type: 'gone' }, 410);
      const changes = [...state.objects.values()].filter((o) => o.version > since).sort((a, b) => a.version - b.version);
      return json({ version: state.version, changes, more: false });
    }
    if (url.pathname === '/api/libraries/P/batch') {
      const key = /** @type {Record<string, string>} */ (init.headers)['Idempotency-Key'];
      state.batches.push({ key, body: JSON.parse(String(init.body)) });
      if (state.replays.has(key)) return json(state.replays.get(key));
      const results = state.batches.at(-1).body.operations.map((/** @type {any} */ op, /** @type {number} */ index) => {
        const id = `${op.kind}/${op.key}`;
        const current = state.objects.get(id);
        if ((current?.version ?? 0) !== op.ifUnmodifiedSinceVersion) return { index, status: 412, current };
        state.version++;
        state.objects.set(id, { kind: op.kind, key: op.key, version: state.version, deleted: op.op === 'delete', data: op.data ?? null });
        return { index, status: 200, version: state.version };
      });
      const reply = { version: state.version, results };
      state.replays.set(key, reply);
      return json(reply);
    }
    const paper = url.pathname.match(/^\/api\/papers\/(.+)$/);
    // No catalog here: every paper is one the server does not know (yet).
    if (paper) state.papersAsked.push(decodeURIComponent(paper[1]));
    return json({ status: 404 }, 404);
  };
  /** Another device writes directly. @param {string} key @param {any} data */
  const remoteWrite = (key, data) => {
    state.version++;
    state.objects.set(`item/${key}`, { kind: 'item', key, version: state.version, deleted: false, data });
  };
  return { state, fetchImpl, remoteWrite };
}

/** @param {ReturnType<typeof fakeServer>} server @param {{ connectHub?: any }} [options] */
async function device(server, { connectHub = async () => { throw new Error('no hub in unit tests: the engine polls'); } } = {}) {
  const db = await openStore(`engine-${crypto.randomUUID()}`);
  await db.put('meta', { serverUrl: 'http://127.0.0.1:5080', accessToken: 't', expiresAt: Date.now() + 3_600_000, refreshToken: 'r' }, 'auth');
  const storage = /** @type {Record<string, any>} */ ({});
  const badge = { text: '' };
  const chrome = /** @type {any} */ ({
    storage: { get: async () => storage, set: async (values) => Object.assign(storage, values) },
    action: { setBadge: async (text) => { badge.text = text; } },
  });
  const engine = createSyncEngine({ db, chrome, fetchImpl: server.fetchImpl, connectHub });
  return { db, engine, storage, badge, context: { db, engine, chrome, fetchImpl: server.fetchImpl } };
}

test('changes made offline wait with a badge, then replay once the server is back', async () => {
  const server = fakeServer();
  const phone = await device(server);
  await phone.engine.syncNow();
  server.state.online = false;
  for (const status of ['to-read', 'reading']) {
    await handleMessage({ type: 'update-item', paperId: '2403.1', patch: { status } }, phone.context);
  }
  await handleMessage({ type: 'update-item', paperId: '2403.2', patch: { tags: ['rl'] } }, phone.context);
  await phone.engine.publishStatus({ online: false });
  assert.equal(phone.badge.text, '2');
  assert.equal(phone.storage.syncStatus.pending, 2);
  server.state.online = true;
  await phone.engine.syncNow();
  assert.equal(await pendingCount(phone.db), 0);
  assert.equal(server.state.objects.get('item/2403.1').data.status, 'reading');
  assert.equal(phone.badge.text, '');
});

test('a batch whose reply was lost is resent with the same Idempotency-Key and writes once', async () => {
  const server = fakeServer();
  const phone = await device(server);
  await phone.engine.syncNow();
  await handleMessage({ type: 'update-item', paperId: 'p', patch: { status: 'read' } }, phone.context);
  const realFetch = server.fetchImpl;
  let dropReply = true;
  const lossy = await device({ ...server, fetchImpl: async (input, init) => {
    const response = await realFetch(input, init);
    if (String(input).endsWith('/batch') && dropReply) { dropReply = false; throw new TypeError('connection reset'); }
    return response;
  } });
  // The message's own replay loses its reply; the next sync resends.
  await handleMessage({ type: 'update-item', paperId: 'q', patch: { status: 'read' } }, lossy.context);
  await lossy.engine.syncNow();
  assert.equal(await pendingCount(lossy.db), 0);
  const sends = server.state.batches.filter((b) => b.body.operations[0].key === 'q');
  assert.equal(sends.length, 2);
  assert.equal(sends[0].key, sends[1].key);
  assert.equal(server.state.version, 2, 'p and q, each written once');
});

test('two devices editing one item converge: status forward, tags united', async () => {
  const server = fakeServer();
  const laptop = await device(server);
  const phone = await device(server);
  await handleMessage({ type: 'update-item', paperId: 'p', patch: { status: 'to-read', tags: ['a'] } }, laptop.context);
  await laptop.engine.syncNow();
  await phone.engine.syncNow();
  await handleMessage({ type: 'update-item', paperId: 'p', patch: { status: 'read', tags: ['a', 'phone'] } }, phone.context);
  await handleMessage({ type: 'update-item', paperId: 'p', patch: { status: 'reading', tags: ['a', 'laptop'] } }, laptop.context);
  await phone.engine.syncNow();
  await laptop.engine.syncNow();
  await phone.engine.syncNow();
  const serverData = server.state.objects.get('item/p').data;
  assert.equal(serverData.status, 'read');
  assert.deepEqual([...serverData.tags].sort(), ['a', 'laptop', 'phone']);
  for (const d of [laptop, phone]) assert.deepEqual((await d.db.get('objects', ['P', 'item', 'p'])).data.tags.sort(), ['a', 'laptop', 'phone']);
});

test('a 410 from the change feed triggers a full resync that drops what the server forgot', async () => {
  const server = fakeServer();
  const phone = await device(server);
  server.remoteWrite('old', { status: 'new' });
  await phone.engine.syncNow();
  server.state.objects.delete('item/old');
  server.remoteWrite('new', { status: 'read' });
  server.state.goneBelow = server.state.version + 1;
  await phone.engine.syncNow();
  assert.equal(await phone.db.get('objects', ['P', 'item', 'old']), undefined);
  assert.equal((await phone.db.get('objects', ['P', 'item', 'new'])).data.status, 'read');
});

test('a push that leaves a gap pulls, then asks only for the papers that pull brought', async () => {
  const server = fakeServer();
  /** @type {import('../src/background/hub.js').HubOptions} */
  let hub;
  const phone = await device(server, { connectHub: async (/** @type {any} */ options) => {
    hub = options;
    return { connected: true, alive: true, stop: async () => {} };
  } });
  server.remoteWrite('known', { status: 'new' });
  await phone.engine.syncNow();
  assert.deepEqual(server.state.papersAsked, ['known'], 'a full sync asks for every paper it has no title for');
  await phone.engine.connect();

  server.remoteWrite('first', { status: 'read' });
  server.remoteWrite('second', { status: 'read' });
  server.state.papersAsked.length = 0;
  // Only the newer change is pushed: the older one is missing, so the engine pulls.
  hub.onChanged({ libraryId: 'P', version: server.state.version, changes: [server.state.objects.get('item/second')] });
  await phone.engine.flushSoon(); // queued behind the push's pull
  assert.equal((await phone.db.get('objects', ['P', 'item', 'first'])).data.status, 'read');
  assert.deepEqual(server.state.papersAsked.sort(), ['first', 'second']);

  hub.onChanged({ libraryId: 'P', version: server.state.version + 1, changes: [] });
  await phone.engine.flushSoon();
  assert.deepEqual(server.state.papersAsked.sort(), ['first', 'second'], 'a pull that brought nothing asks for nothing');
});
