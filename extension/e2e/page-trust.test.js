// The extension does not trust the page (issue 20, item 15): a hostile script added to the real trending page tries
// everything a script on huggingface.co can try — capture our shadow roots, click our buttons, open notes from their
// marks, switch the content script off with its replacement event, message the worker — and the library on the
// server and on the device stays as it was, while the user's own clicks still work. And signing out ends the
// device's access token at once (item 10).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { closedUi } from './closed-ui.js';
import { accessTokenOf, EXTENSION_ID, launchDevice, openExtensionPage, registerUser, routeHuggingFace, signIn } from './harness.js';
import { abstractPhrase, selectInAbstract } from './papers-page.js';
import { createTestServer, poll, restClient } from './server.js';

const user = { username: 'ada', password: 'correct-horse-battery' };

/**
 * Runs in the page's own world, from the page's <head>, before the extension's content script. It reports what it
 * managed in `window.hostile`.
 */
function hostileScript(extensionId) {
  const report = { capturedRoots: 0, reachableRoots: 0, clicked: 0, marksClicked: 0, sawNoteText: false,
    messageErrors: /** @type {string[]} */ ([]), done: false };
  /** @type {any} */ (window).hostile = report;
  // A page script may patch the DOM's prototypes before the extension runs, hoping to catch the roots it attaches.
  const captured = /** @type {ShadowRoot[]} */ ([]);
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function attachShadow(init) {
    const root = attach.call(this, init);
    captured.push(root);
    return root;
  };
  const clickEverything = (/** @type {ParentNode} */ scope) => {
    for (const element of scope.querySelectorAll('button, select, input, summary, label')) {
      /** @type {HTMLElement} */ (element).click();
      element.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      element.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
      element.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
      report.clicked++;
    }
  };
  const attack = async () => {
    const hosts = [...document.querySelectorAll('.papernotes-host')];
    report.capturedRoots = captured.filter((root) => hosts.includes(/** @type {Element} */ (root.host))).length;
    for (const root of captured) clickEverything(root);
    for (const host of hosts) {
      if (host.shadowRoot) { report.reachableRoots++; clickEverything(host.shadowRoot); }
      host.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      // What lies under the pointer where our clip button is drawn: the host, never our button.
      const rect = host.getBoundingClientRect();
      const under = document.elementFromPoint(rect.left + 30, rect.top + rect.height / 2);
      /** @type {HTMLElement | null} */ (under)?.click();
    }
    for (const mark of document.querySelectorAll('mark.papernotes-hl')) {
      /** @type {HTMLElement} */ (mark).click();
      mark.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      report.marksClicked++;
    }
    // Joined here, so this script's own source (in the page) does not hold the phrase it looks for.
    report.sawNoteText = document.documentElement.outerHTML.includes(['secret', 'plan'].join(' '));
    document.dispatchEvent(new CustomEvent('papernotes-content-replaced'));
    const runtime = /** @type {any} */ (globalThis).chrome?.runtime;
    for (const message of [{ type: 'create-collection', name: 'pwned' }, { type: 'sign-out' },
      { type: 'update-item', paperId: '2412.20138', patch: { clippedAt: new Date().toISOString() } }]) {
      try {
        if (!runtime?.sendMessage) throw new Error('no chrome.runtime in the page');
        await runtime.sendMessage(extensionId, message);
        report.messageErrors.push('sent');
      } catch (error) {
        report.messageErrors.push(String(error));
      }
      window.postMessage(message, '*');
    }
    report.done = true;
  };
  // Our controls appear once the content script has run; strike then, and once more a moment later.
  const wait = setInterval(() => {
    if (!document.querySelector('mark.papernotes-hl') || !document.querySelector('.papernotes-card-controls')) return;
    clearInterval(wait);
    void attack();
  }, 50);
}

/** @type {Awaited<ReturnType<typeof createTestServer>>} */
let server;
/** @type {Awaited<ReturnType<typeof launchDevice>>} */
let device;

before(async () => {
  server = await createTestServer();
  await server.start();
  await registerUser(server.url, user);
  device = await launchDevice();
  await (await signIn(device.context, server.url, user)).close();
});

after(async () => {
  await device?.close();
  await server?.dispose();
});

/** Asks the worker from an extension page (the only kind of page that may ask it everything). @param {any} message */
async function askWorker(message) {
  const page = await openExtensionPage(device.context, 'options.html');
  try {
    return await page.evaluate((m) => chrome.runtime.sendMessage(m), message);
  } finally {
    await page.close();
  }
}

test('a hostile script on the page cannot act through the extension, read its notes, switch it off or reach the worker', async () => {
  assert.equal((await askWorker({ type: 'get-page-state', paperIds: [] })).signedIn, true);
  const hostile = `<script>(${hostileScript})(${JSON.stringify(EXTENSION_ID)})</script>`;
  await routeHuggingFace(device.context, {}, { edit: (html) => html.replace('<head>', `<head>${hostile}`) });
  const page = await device.context.newPage();
  await page.goto('https://huggingface.co/papers/trending', { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('article .papernotes-card-controls');
  const ui = await closedUi(page);
  const titles = page.locator('article h3 > a[href^="/papers/"]');
  const [target, probe] = await Promise.all([0, 1].map(async (i) => (await titles.nth(i).getAttribute('href'))?.replace('/papers/', '') ?? ''));
  // The user notes a phrase of the first paper (their own, trusted input): the page now has a mark to click.
  await selectInAbstract(page, target, await abstractPhrase(page, target, 1, 3));
  await ui.toolbar.click('button.note');
  await ui.editor.type('textarea', 'secret plan');
  await ui.editor.click('button.save');

  await poll(() => page.evaluate(() => /** @type {any} */ (window).hostile?.done), { message: 'the hostile script to finish' });
  const report = await page.evaluate(() => /** @type {any} */ (window).hostile);
  assert.equal(report.capturedRoots, 0, 'a patched attachShadow in the page never sees our roots');
  assert.equal(report.reachableRoots, 0, 'host.shadowRoot is null for the page');
  assert.ok(report.marksClicked >= 1, 'the script did click the note’s mark');
  assert.equal(report.sawNoteText, false, 'the note’s text is nowhere in the page’s DOM');
  assert.ok(report.messageErrors.every((/** @type {string} */ e) => e !== 'sent'), report.messageErrors.join('; '));
  assert.equal(await ui.inContentScript(() => /** @type {any} */ (globalThis).__paperNotesContent.editor.isOpen), false,
    'no note opened from the page’s clicks');

  // Still on after the page's switch-off event: the user's own click works, and reaches the server. The outbox sends
  // in order, so anything the attack had queued would be on the server by then too.
  await ui.controls(probe).click('button.clip');
  const rest = restClient(server.url, await accessTokenOf(device.context));
  const personal = (await rest.me()).personalLibraryId;
  const library = await poll(async () => {
    const objects = await rest.objects(personal);
    return objects.get(`item:${probe}`)?.clippedAt ? objects : undefined;
  }, { message: 'the user’s clip on the server' });
  const changed = [...library.entries()].filter(([key, data]) => key.startsWith('item:') && key !== `item:${probe}`
    && (data.clippedAt || data.status !== 'new' || data.tags?.length || data.starred));
  assert.deepEqual(changed, [], 'no item changed but the one the user clipped');
  const notes = [...library.values()].filter((data) => data.kind);
  assert.deepEqual(notes.map((n) => n.body), ['secret plan'], 'only the user’s own note');
  assert.deepEqual((await rest.me()).libraries.map((l) => l.kind), ['personal'], 'no collection was created');
  assert.equal((await askWorker({ type: 'get-page-state', paperIds: [] })).signedIn, true, 'still signed in');
  await page.close();
});

test('signing out revokes the access token at once, not when it expires', async () => {
  const token = await accessTokenOf(device.context);
  const me = () => fetch(new URL('/api/me', server.url), { headers: { Authorization: `Bearer ${token}` } });
  assert.equal((await me()).status, 200);
  const options = await openExtensionPage(device.context, 'options.html');
  await options.locator('#sign-out').click();
  await options.getByText('Not signed in.').waitFor();
  await poll(async () => (await me()).status === 401, { message: 'the old access token to be refused' });
  await options.close();
});
