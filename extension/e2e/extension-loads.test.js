// The extension loads in Debian's Chromium: the worker starts, the pages render (screenshots under
// test-results/e2e), and a worker stopped the way Chrome stops idle workers comes back with nothing in memory.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchDevice, openExtensionPage, screenshot, serviceWorker, stopServiceWorker } from './harness.js';

/** @type {Awaited<ReturnType<typeof launchDevice>>} */
let device;
before(async () => { device = await launchDevice(); });
after(async () => { await device?.close(); });

test('the service worker starts and publishes a signed-out sync status', async () => {
  const worker = await serviceWorker(device.context);
  const status = await worker.evaluate(async () => {
    for (;;) {
      const { syncStatus } = await chrome.storage.local.get('syncStatus');
      if (syncStatus) return syncStatus;
      await new Promise((resolve) => chrome.storage.onChanged.addListener(resolve));
    }
  });
  assert.equal(status.signedIn, false);
  assert.equal(status.pending, 0);
});

test('the options page offers the default server and sign-in', async () => {
  const page = await openExtensionPage(device.context, 'options.html');
  assert.equal(await page.inputValue('#server-url'), 'http://127.0.0.1:5080');
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await page.getByText('Not signed in.').waitFor();
  await screenshot(page, 'options-signed-out');
  await page.close();
});

test('the side panel renders the empty library with its sync state', async () => {
  const page = await openExtensionPage(device.context, 'sidepanel.html');
  await page.setViewportSize({ width: 400, height: 700 });
  await page.getByText('Papers you see, clip or annotate').waitFor();
  assert.match(await page.textContent('#sync'), /Signed out/);
  await screenshot(page, 'sidepanel-empty');
  await page.close();
});

test('a stopped service worker restarts on the next message with fresh memory', async () => {
  const worker = await serviceWorker(device.context);
  await worker.evaluate(() => { /** @type {any} */ (globalThis).marker = 'before stop'; });
  assert.equal(await stopServiceWorker(device.context), true);
  const page = await openExtensionPage(device.context, 'options.html');
  const answer = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'get-page-state', paperIds: [] }));
  assert.deepEqual(answer, { items: {}, annotations: [], signedIn: false, collections: [], memberships: {} });
  // Playwright keeps one Worker handle for the extension's worker across restarts; it now runs in the new one.
  const fresh = await serviceWorker(device.context);
  assert.equal(await fresh.evaluate(() => /** @type {any} */ (globalThis).marker), undefined);
  await page.close();
});

test('changes made on a page show in an open side panel at once, searchable, in light and dark', async () => {
  const panel = await openExtensionPage(device.context, 'sidepanel.html');
  await panel.setViewportSize({ width: 400, height: 700 });
  await panel.evaluate(async () => {
    // The catalog normally comes from captures; put one paper in directly (no server in this test).
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('papernotes');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = /** @type {IDBDatabase} */ (db).transaction('papers', 'readwrite');
    tx.objectStore('papers').put({ id: '2510.00001', title: 'LOOPer: A Learned Automatic Code Optimizer For Polyhedral Compilers',
      abstract: 'LOOPer achieves a geometric mean speedup of 1.84x over Tiramisu.' });
    await new Promise((resolve) => { tx.oncomplete = resolve; });
    const send = (/** @type {any} */ message) => chrome.runtime.sendMessage(message);
    await send({ type: 'update-item', paperId: '2510.00001', patch: { clippedAt: new Date().toISOString(), status: 'reading', tags: ['compilers', 'rl'] } });
    await send({ type: 'put-annotation', annotation: { id: crypto.randomUUID(), paperId: '2510.00001', kind: 'note',
      body: 'Key claim, **check** Table 2.', color: 'yellow',
      target: { field: 'abstract', selectors: [{ type: 'TextQuoteSelector', exact: 'geometric mean speedup', prefix: 'achieves a ', suffix: ' of 1.84x' }] } } });
  });
  await panel.getByText('LOOPer: A Learned Automatic Code Optimizer').waitFor();
  await panel.getByText('Table 2').waitFor();
  assert.match(await panel.textContent('#sync'), /2 changes waiting/);
  await screenshot(panel, 'sidepanel-library-light');
  await panel.emulateMedia({ colorScheme: 'dark' });
  await screenshot(panel, 'sidepanel-library-dark');
  await panel.fill('#query', 'speedup table');
  await panel.getByText('1 match · 1 saved · 1 seen').waitFor();
  await panel.fill('#query', 'diffusion');
  await panel.getByText('0 matches · 1 saved · 1 seen').waitFor();
  await panel.close();
});
