// How fast a 1,000-paper library opens (issue 18: first render from IndexedDB under 300 ms on this machine). The
// library is written through the API, pulled by the app like any library, and given catalog records for every
// paper; then the page is reloaded and the app's own mark after its first full render is read.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism, loadavg } from 'node:os';
import { DESKTOP, accessTokenOf, createTestServer, launchDevice, registerUser, restClient, signIn } from './harness.js';

const PAPERS = 1000;
const GOAL_MS = 300;
const user = { username: 'cyril', password: 'correct-horse-battery' };

/** @type {Awaited<ReturnType<typeof createTestServer>>} */
let server;
/** @type {Awaited<ReturnType<typeof launchDevice>>} */
let device;

before(async () => {
  server = await createTestServer();
  await server.start();
  await registerUser(server.url, user);
  device = await launchDevice({ size: DESKTOP });
});

after(async () => {
  await device?.close();
  await server?.dispose();
});

const paperId = (/** @type {number} */ i) => `2601.${String(10000 + i).padStart(5, '0')}`;
const STATUSES = ['to-read', 'reading', 'read', 'new'];
const TAGS = ['rl', 'vision', 'llm', 'survey', 'agents', 'theory'];

test(`a ${PAPERS}-paper library opens from IndexedDB with its first cards drawn, and how long that takes`, async () => {
  await signIn(device.page, server.url, user);
  const token = /** @type {string} */ (await accessTokenOf(device.page));
  const { personalLibraryId } = await restClient(server.url, token).me();
  const operations = [];
  for (let i = 0; i < PAPERS; i++) {
    operations.push({ op: 'put', kind: 'item', key: paperId(i), data: {
      status: STATUSES[i % 4], tags: [TAGS[i % 6], TAGS[(i * 7) % 6]].filter((t, k, all) => all.indexOf(t) === k),
      clippedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString() } });
    if (i % 3 === 0) {
      operations.push({ op: 'put', kind: 'annotation', key: crypto.randomUUID(), data: {
        paperId: paperId(i), kind: 'highlight', color: 'yellow', body: `Note ${i}: **check** the ablation in section ${i % 9}.`,
        target: { field: 'title', selectors: [{ type: 'TextQuoteSelector', exact: `Paper ${i}`, prefix: '', suffix: '' }] } } });
    }
  }
  for (let start = 0; start < operations.length; start += 50) {
    const response = await fetch(`${server.url}/api/libraries/${personalLibraryId}/batch`, {
      method: 'POST', body: JSON.stringify({ operations: operations.slice(start, start + 50) }),
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    });
    assert.equal(response.status, 200);
  }
  await device.page.locator('#result-count', { hasText: `${PAPERS} papers` }).waitFor({ timeout: 60_000 });

  // Catalog records as captures would have left them: titles, authors and abstracts of realistic length.
  await device.page.evaluate(({ count, prefix }) => new Promise((resolve, reject) => {
    const open = indexedDB.open('papernotes');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('papers', 'readwrite');
      for (let i = 0; i < count; i++) {
        tx.objectStore('papers').put({ id: `${prefix}${String(10000 + i).padStart(5, '0')}`,
          title: `Paper ${i}: scaling sparse mixtures of experts for long-context retrieval`,
          authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov'],
          abstract: 'We study how sparse expert routing behaves when the context grows. '.repeat(12) });
      }
      tx.oncomplete = () => { open.result.close(); resolve(undefined); };
      tx.onerror = () => reject(tx.error);
    };
  }), { count: PAPERS, prefix: '2601.' });

  const timings = [];
  for (let round = 0; round < 5; round++) {
    await device.page.reload();
    await device.page.locator('#result-count', { hasText: `${PAPERS} papers` }).waitFor();
    timings.push(await device.page.evaluate(() => performance.getEntriesByName('papernotes:first-render')[0]?.startTime));
    assert.equal(await device.page.locator('article.paper').count(), 50, 'the first fifty cards are drawn');
    assert.match(await device.page.locator('article.paper h2').first().textContent() ?? '', /^Paper 999:/);
  }
  timings.sort((a, b) => a - b);
  const median = timings[Math.floor(timings.length / 2)];
  // Reported, not asserted: performance is measured, never a timed assertion (a shared machine stretches every step).
  console.log(`first render of ${PAPERS} papers from IndexedDB (navigation start to drawn): ${timings.map((t) => t.toFixed(0)).join(', ')} ms; `
    + `median ${median.toFixed(0)} ms (goal ${GOAL_MS} ms; load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores)`);
});
