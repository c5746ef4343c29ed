import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { downloadExport } from '../src/sidepanel/export-download.js';
import { panelContext } from './sidepanel-support.js';

test('an export is saved under the worker’s file name, and its object URL is revoked a minute later', async (t) => {
  mock.timers.enable({ apis: ['setTimeout'] });
  t.after(() => mock.timers.reset());
  const { document } = panelContext();
  const sent = /** @type {any[]} */ ([]);
  const created = /** @type {Blob[]} */ ([]);
  const revoked = /** @type {string[]} */ ([]);
  const urls = { createObjectURL: (/** @type {Blob} */ blob) => (created.push(blob), 'blob:1'), revokeObjectURL: (/** @type {string} */ url) => void revoked.push(url) };
  const clicked = /** @type {any[]} */ ([]);
  document.addEventListener('click', (/** @type {any} */ event) => clicked.push(event.target), true);
  const button = document.createElement('button');
  const answered = downloadExport({ document, send: async (message) => { sent.push(message);
    assert.equal(button.disabled, true, 'busy while the export is fetched');
    return { ok: true, file: { name: 'papernotes-lab.bib', mimeType: 'application/x-bibtex', text: '@article{x}' } }; }, urls },
  'C1', 'bibtex', button);
  assert.equal(await answered, null);
  assert.deepEqual(sent, [{ type: 'export-library', libraryId: 'C1', format: 'bibtex' }]);
  assert.equal(await created[0].text(), '@article{x}');
  assert.equal(clicked[0]?.getAttribute('download'), 'papernotes-lab.bib');
  assert.equal(document.querySelector('a[download]'), null, 'the link is gone once clicked');
  assert.equal(button.disabled, false);
  mock.timers.tick(60_000);
  assert.deepEqual(revoked, ['blob:1']);
});

test('a failed export answers the sentence to show and saves nothing', async () => {
  const { document } = panelContext();
  const button = document.createElement('button');
  const error = await downloadExport({ document, send: async () => ({ ok: false, error: 'You are offline.' }),
    urls: { createObjectURL: () => assert.fail('nothing to save'), revokeObjectURL: () => {} } }, 'C1', 'markdown', button);
  assert.equal(error, 'You are offline.');
  assert.equal(button.disabled, false);
});

test('an export of what the filters show names those papers', async () => {
  const { document } = panelContext();
  const sent = /** @type {any[]} */ ([]);
  await downloadExport({ document, send: async (message) => (sent.push(message), { ok: true }) }, 'P', 'bibtex',
    document.createElement('button'), ['2412.20138']);
  assert.deepEqual(sent, [{ type: 'export-library', libraryId: 'P', format: 'bibtex', paperIds: ['2412.20138'] }]);
});
