import 'fake-indexeddb/auto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { handleMessage } from '../src/background/actions.js';
import { pendingCount } from '../src/shared/store.js';
import { fakeDevice as device, fakeServer, PERSONAL } from './fake-server.js';

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
  assert.equal(server.object(PERSONAL, 'item', '2403.1').data.status, 'reading');
  assert.equal(phone.badge.text, '');
});

test('a worker that cannot reach the server tries again within seconds, backing off to 10 s, and replays once it is back', async () => {
  const server = fakeServer();
  const phone = await device(server);
  await phone.engine.syncNow();
  server.state.online = false;
  await handleMessage({ type: 'update-item', paperId: '2403.1', patch: { status: 'reading' } }, phone.context);
  await phone.engine.wake();
  assert.deepEqual(phone.retries.map((r) => r.delayMs), [1000], 'one retry, a second later');

  for (const expected of [2000, 4000, 8000, 10_000, 10_000]) {
    await phone.retries.at(-1)?.run();
    assert.equal(phone.retries.at(-1)?.delayMs, expected);
  }
  assert.equal(phone.retries.length, 6, 'one pending retry at a time');
  assert.equal(await pendingCount(phone.db), 1);

  server.state.online = true;
  await phone.retries.at(-1)?.run();
  assert.equal(server.object(PERSONAL, 'item', '2403.1').data.status, 'reading');
  assert.equal(await pendingCount(phone.db), 0);
  assert.equal(phone.retries.length, 6, 'nothing more to retry once the server answered');

  // The next outage starts again from a second.
  server.state.online = false;
  await phone.engine.wake();
  assert.equal(phone.retries.at(-1)?.delayMs, 1000);
});

test('a batch whose reply was lost is resent with the same Idempotency-Key and writes once', async () => {
  const server = fakeServer();
  const phone = await device(server);
  await phone.engine.syncNow();
  await handleMessage({ type: 'update-item', paperId: 'p', patch: { status: 'read' } }, phone.context);
  const realFetch = server.fetchImpl;
  let dropReply = true;
  const lossy = await device(server, { fetchImpl: async (input, init) => {
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
  assert.equal(server.library(PERSONAL).version, 2, 'p and q, each written once');
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
  const serverData = server.object(PERSONAL, 'item', 'p').data;
  assert.equal(serverData.status, 'read');
  assert.deepEqual([...serverData.tags].sort(), ['a', 'laptop', 'phone']);
  for (const d of [laptop, phone]) assert.deepEqual((await d.db.get('objects', ['P', 'item', 'p'])).data.tags.sort(), ['a', 'laptop', 'phone']);
});

test('a 410 from the change feed triggers a full resync that drops what the server forgot', async () => {
  const server = fakeServer();
  const phone = await device(server);
  server.remoteWrite('old', { status: 'new' });
  await phone.engine.syncNow();
  server.library(PERSONAL).objects.delete('item/old');
  server.remoteWrite('new', { status: 'read' });
  server.library(PERSONAL).goneBelow = server.library(PERSONAL).version + 1;
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
  hub.onChanged({ libraryId: 'P', version: server.library(PERSONAL).version, changes: [server.object(PERSONAL, 'item', 'second')] });
  await phone.engine.flushSoon(); // queued behind the push's pull
  assert.equal((await phone.db.get('objects', ['P', 'item', 'first'])).data.status, 'read');
  assert.deepEqual(server.state.papersAsked.sort(), ['first', 'second']);

  hub.onChanged({ libraryId: 'P', version: server.library(PERSONAL).version + 1, changes: [] });
  await phone.engine.flushSoon();
  assert.deepEqual(server.state.papersAsked.sort(), ['first', 'second'], 'a pull that brought nothing asks for nothing');
});

test('un-archiving reaches the server, from the card (force sent) and from the side panel (no force sent)', async () => {
  const server = fakeServer();
  server.remoteWrite('card', { status: 'archived', tags: [] });
  server.remoteWrite('panel', { status: 'archived', tags: [] });
  const laptop = await device(server);
  await laptop.engine.syncNow();
  await handleMessage({ type: 'update-item', paperId: 'card', patch: { status: 'read', force: true } }, laptop.context);
  await handleMessage({ type: 'update-item', paperId: 'panel', patch: { status: 'reading' } }, laptop.context);
  await laptop.engine.syncNow();
  assert.equal(server.object(PERSONAL, 'item', 'card').data.status, 'read');
  assert.equal(server.object(PERSONAL, 'item', 'panel').data.status, 'reading');
  assert.equal((await laptop.db.get('objects', ['P', 'item', 'card'])).data.status, 'read');
});

test('a status lowered offline stays lowered when a later edit of the same paper joins it in the queue', async () => {
  const server = fakeServer();
  server.remoteWrite('p', { status: 'archived', tags: [] });
  const laptop = await device(server);
  await laptop.engine.syncNow();
  server.state.online = false;
  await handleMessage({ type: 'update-item', paperId: 'p', patch: { status: 'to-read' } }, laptop.context);
  await handleMessage({ type: 'update-item', paperId: 'p', patch: { tags: ['later'] } }, laptop.context);
  server.state.online = true;
  await laptop.engine.syncNow();
  assert.deepEqual(server.object(PERSONAL, 'item', 'p').data, { status: 'to-read', tags: ['later'] });
});

test('status updates made at once never lose one another: a stale read cannot overwrite a newer online', async () => {
  const server = fakeServer();
  const phone = await device(server);
  const storage = phone.storage;
  // Every read of chrome.storage takes a moment, as it does in the browser.
  phone.chrome.storage.get = () => new Promise((resolve) => setImmediate(() => resolve(structuredClone(storage))));
  await Promise.all([phone.engine.publishStatus({ online: true }), phone.engine.publishStatus()]);
  assert.equal(storage.syncStatus.online, true);
  await Promise.all([phone.engine.publishStatus({ lastError: 'x' }), phone.engine.publishStatus({ online: false })]);
  assert.deepEqual([storage.syncStatus.online, storage.syncStatus.lastError], [false, 'x']);
});

test('a library longer than a feed page is pulled whole, each page’s version the next since', async () => {
  const server = fakeServer();
  server.state.pageLimit = 2;
  server.commit(PERSONAL, [{ kind: 'item', key: 'a', data: { status: 'new' } }, { kind: 'item', key: 'b', data: { status: 'new' } },
    { kind: 'item', key: 'c', data: { status: 'new' } }]); // one commit bigger than a page: its own page
  server.remoteWrite('d', { status: 'read' });
  server.remoteWrite('e', { status: 'read' });
  server.remoteWrite('f', { status: 'read' });
  const phone = await device(server);
  await phone.engine.syncNow();
  const sinces = server.state.requests.filter((r) => r.includes('/libraries/P/changes')).map((r) => new URL(r.split(' ')[1], 'http://s').searchParams.get('since'));
  assert.deepEqual(sinces, ['0', '1', '3']);
  assert.equal((await phone.db.getAll('objects')).length, 6);
  assert.equal((await phone.db.get('libraries', PERSONAL)).syncedVersion, 4);
});

test('versions that skip (no +1 per commit is promised) cost a pull, never a lost change', async () => {
  const server = fakeServer();
  /** @type {any} */
  let hub;
  const phone = await device(server, { connectHub: async (/** @type {any} */ options) => {
    hub = options;
    return { connected: true, alive: true, stop: async () => {} };
  } });
  await phone.engine.syncNow();
  await phone.engine.connect();
  server.library(PERSONAL).version += 5; // a sequence that skipped, or a commit whose push never came
  server.remoteWrite('p', { status: 'read' });
  hub.onChanged({ libraryId: 'P', version: server.library(PERSONAL).version, changes: [server.object(PERSONAL, 'item', 'p')] });
  await phone.engine.flushSoon();
  assert.equal((await phone.db.get('objects', ['P', 'item', 'p'])).data.status, 'read');
  assert.equal((await phone.db.get('libraries', PERSONAL)).syncedVersion, 6);
  assert.ok(server.state.requests.some((r) => r.includes('/libraries/P/changes?since=0')), 'it pulled');
});
