// The web library's model: what each screen lists, from stored objects alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addTags, arxivUrl, collectionModel, filterLibrary, libraryModel, paperModel, paperNote, seenNotClipped, shortAuthors,
} from '../src/library-model.js';
import { plainText } from '../src/ui.js';

const PERSONAL = 'lib-me';
const GROUP = 'lib-group';
const READONLY = 'lib-readonly';

/** @param {string} libraryId @param {string} kind @param {string} key @param {any} data */
const object = (libraryId, kind, key, data, deleted = false) => ({ libraryId, kind, key, paperId: data?.paperId ?? (kind === 'item' ? key : undefined), version: 1, deleted, data });

function snapshot() {
  return {
    account: { userId: 'u1', username: 'ada', personalLibraryId: PERSONAL },
    libraries: [
      { id: PERSONAL, kind: 'personal', name: 'Library', role: 'owner', syncedVersion: 1 },
      { id: GROUP, kind: 'collection', name: 'Group', role: 'editor', syncedVersion: 1 },
      { id: READONLY, kind: 'collection', name: 'Friday', role: 'viewer', syncedVersion: 1 },
    ],
    papers: new Map([
      ['2401.00001', { id: '2401.00001', title: 'Sparse experts', abstract: 'Routing tokens to experts.', authors: ['A', 'B', 'C', 'D', 'E'] }],
      ['2401.00002', { id: '2401.00002', title: 'Dense retrieval', abstract: 'Vectors everywhere.', authors: [] }],
    ]),
    conflicts: [{ libraryId: PERSONAL, key: 'n1', paperId: '2401.00001', field: 'body', mine: 'a', theirs: 'b' }],
    objects: [
      object(PERSONAL, 'item', '2401.00001', { status: 'reading', tags: ['moe'], clippedAt: '2026-01-02T00:00:00Z' }),
      object(PERSONAL, 'item', '2401.00002', { status: 'to-read', tags: ['ir'], clippedAt: '2026-01-01T00:00:00Z' }),
      object(PERSONAL, 'item', '2401.00003', { status: 'new', seenAt: '2026-01-03T00:00:00Z' }),
      object(PERSONAL, 'item', '2401.00004', { status: 'new', seenAt: '2026-01-05T00:00:00Z' }),
      object(PERSONAL, 'item', '2401.00005', { status: 'read', clippedAt: '2026-01-04T00:00:00Z' }, true),
      object(PERSONAL, 'annotation', 'n1', { paperId: '2401.00001', kind: 'note', body: 'Compare with **switch** transformers' }),
      object(GROUP, 'item', '2401.00001', { note: 'Read section 3', addedBy: 'bob' }),
      object(GROUP, 'annotation', 'g1', { paperId: '2401.00001', kind: 'highlight', body: 'group note', createdBy: 'bob' }),
      object(READONLY, 'item', '2401.00002', { note: 'Friday' }),
    ],
  };
}

test('the library lists saved papers newest first and filters by status, tag, collection and text', () => {
  const model = libraryModel(snapshot());
  const ids = (filter) => filterLibrary(model, { status: '', tag: '', query: '', collectionId: '', ...filter }).map((e) => e.paperId);
  assert.deepEqual(ids({}), ['2401.00001', '2401.00002'], 'seen-only and deleted papers are not in the library');
  assert.deepEqual(ids({ status: 'to-read' }), ['2401.00002']);
  assert.deepEqual(ids({ tag: 'moe' }), ['2401.00001']);
  assert.deepEqual(ids({ collectionId: READONLY }), ['2401.00002']);
  assert.deepEqual(ids({ query: 'vectors' }), ['2401.00002'], 'abstracts are searched');
  assert.deepEqual(ids({ query: 'switch' }), ['2401.00001'], 'notes are searched');
});

test('seen but not clipped lists only papers merely seen, newest first', () => {
  const model = libraryModel(snapshot());
  assert.deepEqual(seenNotClipped(model, '').map((e) => e.paperId), ['2401.00004', '2401.00003']);
});

test('a collection shows its members’ notes, editable for editors and read-only for viewers', () => {
  const data = snapshot();
  const model = libraryModel(data);
  const group = collectionModel(model, data, GROUP, '');
  const friday = collectionModel(model, data, READONLY, '');
  assert.equal(group?.canEdit, true);
  assert.equal(friday?.canEdit, false);
  assert.equal(group?.entries[0].note, 'Read section 3');
  assert.deepEqual(group?.entries[0].annotations.map((a) => a.id), ['g1'], 'only what was written in the collection');
  assert.equal(collectionModel(model, data, 'lib-unknown', ''), undefined);
});

test('a paper gathers its personal notes, its collections and its conflicts', () => {
  const data = snapshot();
  const detail = paperModel(libraryModel(data), data, '2401.00001');
  assert.deepEqual(detail.annotations.map((a) => a.id), ['n1'], 'personal annotations only');
  assert.deepEqual(detail.inCollections.map((c) => [c.collection.name, c.canEdit, c.note]), [['Group', true, 'Read section 3']]);
  assert.equal(detail.conflicts.length, 1);
  assert.equal(paperModel(libraryModel(data), data, '2499.99999').paper.id, '2499.99999', 'an unknown paper still opens');
});

test('a note written here is anchored to the whole title, as the server requires a target', () => {
  const note = paperNote({ id: 'x', paperId: '2401.00001', title: 'Sparse experts', body: 'hi' });
  assert.equal(note.kind, 'note');
  assert.equal(note.target.field, 'title');
  assert.deepEqual(note.target.selectors.map((s) => s.type), ['TextQuoteSelector', 'TextPositionSelector']);
  assert.equal(note.target.selectors[0].exact, 'Sparse experts');
  assert.equal(note.target.selectors[1].end, 'Sparse experts'.length);
});

test('small helpers: tags, authors, arXiv links for old-style ids, excerpts without Markdown marks', () => {
  assert.deepEqual(addTags(['rl'], ' ml, rl ,, vision '), ['rl', 'ml', 'vision']);
  assert.equal(shortAuthors('A, B, C, D, E'), 'A, B, C +2');
  assert.equal(arxivUrl('hep-th/9901001'), 'https://arxiv.org/abs/hep-th/9901001');
  assert.equal(plainText('The **key** claim, see [Table 2](https://x.org).\n\n> quoted'), 'The key claim, see Table 2. quoted');
});
