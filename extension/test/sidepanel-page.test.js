import 'fake-indexeddb/auto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { openStore } from '../src/shared/store.js';

// The side panel page itself, in linkedom over the real sidepanel.html and the store it reads (fake-indexeddb);
// `chrome` is a stand-in whose worker answers what each test says. The page is a module with top-level effects,
// so it is imported once, after the store holds a collection the user edits.
const html = readFileSync(new URL('../src/sidepanel/sidepanel.html', import.meta.url), 'utf8');
const { window, document } = parseHTML(html);
// linkedom's <select> has no value setter; the page picks the shown library through it.
Object.defineProperty(window.HTMLSelectElement.prototype, 'value', {
  get() { return (this.querySelector('option[selected]') ?? this.querySelector('option'))?.getAttribute('value') ?? ''; },
  set(value) {
    for (const option of this.querySelectorAll('option')) option.toggleAttribute('selected', option.getAttribute('value') === value);
  },
});
window.scrollTo = () => {};

/** @type {any[]} */
const sent = [];
/** The worker's answer to each message, by type; a function may throw to stand for a failed send. */
const answers = /** @type {Record<string, (message: any) => any>} */ ({});
Object.assign(globalThis, {
  document, window,
  requestAnimationFrame: (/** @type {() => void} */ callback) => setTimeout(callback, 0),
  chrome: {
    storage: {
      local: { get: async () => ({ syncStatus: { signedIn: true, online: true, username: 'ada', serverUrl: 'http://127.0.0.1:5080' } }) },
      onChanged: { addListener() {} },
    },
    runtime: {
      sendMessage: async (/** @type {any} */ message) => {
        sent.push(message);
        return (answers[message.type] ?? (() => ({ ok: true })))(message);
      },
    },
  },
});

const db = await openStore();
await db.put('meta', { userId: 'u1', username: 'ada', personalLibraryId: 'P' }, 'account');
await db.put('libraries', { id: 'P', kind: 'personal', name: 'My library', role: 'owner', syncedVersion: 1 });
await db.put('libraries', { id: 'C1', kind: 'collection', name: 'Lab', role: 'editor', syncedVersion: 1 });
await db.put('objects', { libraryId: 'C1', kind: 'item', key: 'p1', paperId: 'p1', version: 1, deleted: false, data: { note: '' } });
await db.put('papers', { id: 'p1', title: 'LOOPer: a learned polyhedral optimizer', abstract: '' });
await import('../src/sidepanel/index.js');

/** Waits until `found` returns something, as the page renders asynchronously. @param {() => any} found @param {string} what */
async function until(found, what) {
  for (let tries = 0; tries < 200; tries++) {
    const result = found();
    if (result) return result;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.fail(`waited in vain for ${what}`);
}

/** @param {string} selector */
const shown = (selector) => until(() => /** @type {any} */ (document.querySelector(selector)), selector);

const paperInLab = '#papers .collection-paper[data-paper-id="p1"]';

test('removing a paper the worker refuses to remove shows why, on that paper', async () => {
  (await shown('.collection-entry[data-library-id="C1"]')).click();
  answers['remove-from-collection'] = () => ({ ok: false, error: 'You can only view “Lab”.' });
  (await shown(`${paperInLab} .collection-remove`)).click();
  const error = await shown(`${paperInLab} .error`);
  assert.deepEqual(sent.at(-1), { type: 'remove-from-collection', libraryId: 'C1', paperId: 'p1' });
  assert.equal(error.textContent, 'You can only view “Lab”.');
  assert.equal(error.getAttribute('role'), 'alert');
});

test('a removal whose send fails says so instead of failing silently, and a later success clears it', async () => {
  answers['remove-from-collection'] = () => { throw new Error('Could not establish connection. Receiving end does not exist.'); };
  (await shown(`${paperInLab} .collection-remove`)).click();
  const failure = 'Could not establish connection. Receiving end does not exist.';
  await until(() => document.querySelector(`${paperInLab} .error`)?.textContent === failure, 'the failure on the paper');

  answers['remove-from-collection'] = () => ({ ok: true });
  (await shown(`${paperInLab} .collection-remove`)).click();
  await until(() => !document.querySelector(`${paperInLab} .error`), 'the error to go');
  assert.equal(sent.filter((m) => m.type === 'remove-from-collection').length, 3);
});
