import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderAccount, renderCollections, renderConflicts, renderLibraryHeader, renderOrphans } from '../src/sidepanel/sections.js';
import { panelContext } from './sidepanel-support.js';
import { renderMarkdown } from '../src/shared/markdown.js';

const click = (/** @type {any} */ window, /** @type {any} */ element) => element.dispatchEvent(new window.Event('click'));

test('the account section says who is signed in, offers sync, and shows the last error as an alert', () => {
  const { ctx, window, document, sent } = panelContext();
  renderAccount(ctx, { signedIn: true, online: true, username: 'ada', lastError: 'Refused by the server: p (422)' });
  assert.equal(document.getElementById('sync').dataset.state, 'online');
  assert.match(document.getElementById('account').textContent, /Signed in as ada/);
  assert.equal(document.querySelector('#account .error[role="alert"]').textContent, 'Refused by the server: p (422)');
  click(window, document.querySelector('#account .sync-now'));
  renderAccount(ctx, { signedIn: false });
  click(window, document.querySelector('#account .sign-in'));
  assert.deepEqual(sent, [{ type: 'sync-now' }, { type: 'sign-in' }]);
  assert.equal(document.querySelector('#account .error'), null);
});

test('a note conflict offers both texts and keeping both puts the other device’s first', () => {
  const { ctx, window, document, sent } = panelContext();
  renderConflicts(ctx, []);
  assert.equal(document.getElementById('conflicts').hidden, true);
  renderConflicts(ctx, [{ libraryId: 'P', key: 'n', mine: 'mine', theirs: 'theirs' }]);
  assert.equal(document.getElementById('conflicts').hidden, false);
  click(window, document.querySelector('.conflict .keep-both'));
  assert.deepEqual(sent, [{ type: 'resolve-conflict', libraryId: 'P', key: 'n', text: 'theirs\n\nmine' }]);
});

test('collections are listed with their size, role and public state, and choosing one says which', () => {
  const { ctx, window, document } = panelContext();
  const chosen = /** @type {string[]} */ ([]);
  renderCollections(ctx, [{ id: 'C1', name: 'Lab', description: '', role: 'viewer', publicUrl: '/c/x', paperCount: 1 }], 'C1',
    { onChoose: (id) => chosen.push(id), onNew: () => {} });
  const entry = document.querySelector('.collection-entry[data-library-id="C1"]');
  assert.equal(entry.getAttribute('aria-current'), 'true');
  assert.equal(entry.querySelector('.collection-entry-meta').textContent, '1 paper · Viewer · public');
  click(window, entry);
  assert.deepEqual(chosen, ['C1']);
  renderCollections(ctx, [], 'P', { onChoose: () => {}, onNew: () => {} });
  assert.match(document.getElementById('collections').textContent, /No shared collections yet/);
});

test('the library header shows the role, Share… for the owner, every export, and the last export’s failure', () => {
  const { ctx, window, document } = panelContext();
  const exports = /** @type {string[]} */ ([]);
  ctx.state.exportError = 'The server could not be reached.';
  renderLibraryHeader(ctx, 'C1', { id: 'C1', name: 'Lab', description: 'Thursdays', role: 'owner', publicUrl: null, paperCount: 0 },
    { shownCount: 3, onShare: () => {}, onExport: (format) => exports.push(format) });
  assert.equal(document.querySelector('#library-header .role-badge').textContent, 'Owner');
  assert.equal(document.querySelector('#library-header .share-open').textContent, 'Share…');
  for (const button of document.querySelectorAll('.export-button')) click(window, button);
  assert.deepEqual(exports, ['markdown', 'bibtex', 'csljson', 'jsonld']);
  assert.equal(document.querySelector('.export-error').textContent, 'The server could not be reached.');
  renderLibraryHeader(ctx, 'P', undefined, { shownCount: 1, onShare: () => {}, onExport: () => {} });
  assert.equal(document.querySelector('#library-header .library-name').textContent, 'My library');
  assert.equal(document.querySelector('#library-header .share-open'), null);
});

test('the export buttons say they export the papers the filters show, and are off when none is shown', () => {
  const { ctx, document } = panelContext();
  renderLibraryHeader(ctx, 'P', undefined, { shownCount: 1, onShare: () => {}, onExport: () => {} });
  assert.equal(document.querySelector('.export-what').textContent, 'Export the 1 paper shown:');
  assert.equal(document.querySelector('.export-button[data-format="bibtex"]').getAttribute('title'),
    'Download the 1 paper shown as BibTeX');
  renderLibraryHeader(ctx, 'P', undefined, { shownCount: 0, onShare: () => {}, onExport: () => {} });
  assert.ok([...document.querySelectorAll('.export-button')].every((button) => button.disabled));
});

test('orphaned highlights are listed with their quote and paper', () => {
  const { ctx, document } = panelContext();
  const annotation = { libraryId: 'P', kind: 'annotation', key: 'a1', data: { paperId: 'p1',
    target: { selectors: [{ type: 'TextQuoteSelector', exact: 'polyhedral' }] } } };
  renderOrphans(ctx, [annotation], new Map([['p1', { title: 'LOOPer' }]]), new Set(['a1']));
  assert.equal(document.getElementById('orphans').hidden, false);
  assert.ok(document.querySelector('#orphans .orphan-reattach') && document.querySelector('#orphans .orphan-delete'));
  assert.match(document.getElementById('orphans').textContent, /not found on their page \(1\).*polyhedral.*LOOPer/s);
});

test('a collection\'s description is Markdown, rendered as notes are', () => {
  const { ctx, document, window } = panelContext();
  const markdown = 'Papers on **agents** <img src=x onerror=alert(1)>';
  renderLibraryHeader(ctx, 'C1', { id: 'C1', name: 'Lab', description: markdown,
    role: 'viewer', publicUrl: null, paperCount: 0 }, { shownCount: 0, onShare: () => {}, onExport: () => {} });
  const description = document.querySelector('#library-header .library-description');
  // Through the one renderer notes use (linkedom has no DOMPurify, so there it is escaped text; Chromium renders it).
  assert.equal(description.innerHTML, renderMarkdown(markdown, window));
  assert.equal(description.querySelector('img[onerror]'), null);
});
