import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allTags, buildEntries, filterEntries, libraryCounts } from '../src/sidepanel/library-view.js';
import { syncLabel } from '../src/shared/page-ui.js';

const item = (key, data, libraryId = 'P') => ({ libraryId, kind: /** @type {const} */ ('item'), key, paperId: key, version: 1, deleted: false, data });
const note = (key, paperId, body, exact = '') => ({ libraryId: 'P', kind: /** @type {const} */ ('annotation'), key, paperId, version: 1, deleted: false,
  data: { paperId, kind: 'note', body, target: { field: 'abstract', selectors: [{ type: 'TextQuoteSelector', exact }] } } });
const papers = new Map([
  ['1', { id: '1', title: 'LOOPer: a learned polyhedral optimizer', abstract: 'geometric mean speedup of 1.84x', authors: [{ name: 'Ada' }] }],
  ['2', { id: '2', title: 'Diffusion for video', abstract: 'We generate frames.' }],
  ['3', { id: '3', title: 'Only seen', abstract: '' }],
]);
const objects = [
  item('1', { status: 'reading', tags: ['compilers'], clippedAt: '2026-11-27T10:00:00Z' }),
  item('2', { status: 'new', tags: ['video'], seenAt: '2026-11-27T09:00:00Z' }),
  item('3', { status: 'new', tags: [], seenAt: '2026-11-27T08:00:00Z' }),
  note('n1', '2', 'Check the **ablation** table', 'generate frames'),
  item('9', { note: 'for Thursday' }, 'C'),
];
const entries = buildEntries({ libraryId: 'P', objects, papers, orphans: new Set(['n1']) });

test('the default view shows saved papers, not everything merely seen', () => {
  assert.deepEqual(filterEntries(entries, { status: '', tag: '', query: '' }).map((e) => e.paperId), ['1', '2']);
  assert.equal(filterEntries(entries, { status: 'all', tag: '', query: '' }).length, 3);
});

test('filters by reading status and by tag', () => {
  assert.deepEqual(filterEntries(entries, { status: 'reading', tag: '', query: '' }).map((e) => e.paperId), ['1']);
  assert.deepEqual(filterEntries(entries, { status: 'all', tag: 'video', query: '' }).map((e) => e.paperId), ['2']);
  assert.deepEqual(allTags(entries), ['compilers', 'video']);
});

test('full-text search covers titles, abstracts and notes, every word must match', () => {
  const search = (query) => filterEntries(entries, { status: 'all', tag: '', query }).map((e) => e.paperId);
  assert.deepEqual(search('polyhedral'), ['1']);
  assert.deepEqual(search('SPEEDUP geometric'), ['1']);
  assert.deepEqual(search('ablation'), ['2']);
  assert.deepEqual(search('ablation polyhedral'), []);
});

test('orphaned highlights are flagged on their paper', () => {
  const entry = entries.find((e) => e.paperId === '2');
  assert.equal(entry.annotations[0].orphaned, true);
  assert.equal(entry.annotations[0].quote, 'generate frames');
});

test('a collection shows its own papers and shared note', () => {
  const collection = buildEntries({ libraryId: 'C', objects, papers, orphans: new Set() });
  assert.deepEqual(collection.map((e) => [e.paperId, e.note]), [['9', 'for Thursday']]);
});

test('the sync state reads online, offline with changes waiting, or signed out', () => {
  assert.deepEqual(syncLabel({ signedIn: true, online: true, pending: 0 }), { state: 'online', text: 'Online · up to date' });
  assert.deepEqual(syncLabel({ signedIn: true, online: false, pending: 3 }), { state: 'offline', text: 'Offline · 3 changes waiting' });
  assert.equal(syncLabel({ signedIn: false, pending: 1 }).state, 'signed-out');
});

test('scope and reading status are separate: saved papers that are new, and everything seen that is new', () => {
  assert.deepEqual(filterEntries(entries, { scope: 'saved', status: 'new', tag: '', query: '' }).map((e) => e.paperId), ['2']);
  assert.deepEqual(filterEntries(entries, { scope: 'seen', status: 'new', tag: '', query: '' }).map((e) => e.paperId), ['2', '3']);
  assert.deepEqual(filterEntries(entries, { scope: 'seen', status: '', tag: '', query: '' }).length, 3);
});

test('the count says saved and seen, and a search that saved papers miss offers its matches in everything seen', () => {
  assert.equal(libraryCounts(entries, { scope: 'saved', status: '', tag: '', query: '' }).text, '2 saved · 3 seen');
  const missed = libraryCounts(entries, { scope: 'saved', status: '', tag: '', query: 'only seen' });
  assert.deepEqual(missed.shown, []);
  assert.equal(missed.text, '0 matches · 2 saved · 3 seen');
  assert.equal(missed.inSeenText, '1 match in Everything seen');
  const found = libraryCounts(entries, { scope: 'seen', status: '', tag: '', query: 'only seen' });
  assert.deepEqual(found.shown.map((e) => e.paperId), ['3']);
  assert.equal(found.inSeen, 0);
});
