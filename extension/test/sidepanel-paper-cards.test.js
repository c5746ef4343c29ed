import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annotationList, collectionPaperCard, paperCard } from '../src/sidepanel/paper-cards.js';
import { entry, panelContext } from './sidepanel-support.js';

const collection = (/** @type {'owner' | 'editor' | 'viewer'} */ role) => ({
  id: 'C1', name: 'Lab', description: '', role, publicUrl: null, paperCount: 1 });

/** @param {any} card @param {any} window @param {string} status */
function choose(card, window, status) {
  const picker = card.querySelector('.status-picker');
  Object.defineProperty(picker, 'value', { value: status });
  picker.dispatchEvent(new window.Event('change'));
}

test('a personal card un-archives with force and archives without it, as the page’s cards do', () => {
  const { ctx, window, sent } = panelContext();
  const archived = paperCard(ctx, entry({ status: 'archived' }), 'P');
  assert.equal(archived.querySelector('option[selected]').getAttribute('value'), 'archived');
  choose(archived, window, 'read');
  choose(paperCard(ctx, entry({ status: 'read' }), 'P'), window, 'archived');
  assert.deepEqual(sent.map((m) => m.patch), [{ status: 'read', force: true }, { status: 'archived' }]);
  assert.deepEqual(sent[0], { type: 'update-item', paperId: '2412.20138', libraryId: 'P', patch: { status: 'read', force: true } });
});

test('a card’s title opens the paper in a new tab that cannot reach back', () => {
  const { ctx } = panelContext();
  const link = paperCard(ctx, entry(), 'P').querySelector('h2 a');
  assert.equal(link.getAttribute('href'), 'https://huggingface.co/papers/2412.20138');
  assert.equal(link.getAttribute('target'), '_blank');
  assert.equal(link.getAttribute('rel'), 'noopener noreferrer');
});

test('a viewer sees a collection’s note but no way to edit it or remove the paper', () => {
  const { ctx } = panelContext();
  const card = collectionPaperCard(ctx, entry({ note: '' }), collection('viewer'));
  assert.equal(card.querySelector('.note-edit'), null);
  assert.equal(card.querySelector('.collection-remove'), null);
  assert.equal(card.querySelector('.collection-note').textContent, 'No shared note.');
});

test('an editor’s note is drafted in the panel state, and a refused save keeps the draft and says why', async () => {
  const { ctx, window, sent, renders } = panelContext({ 'set-collection-note': () => ({ ok: false, error: 'You can only view “Lab”.' }) });
  collectionPaperCard(ctx, entry({ note: 'old' }), collection('editor')).querySelector('.note-edit').dispatchEvent(new window.Event('click'));
  assert.equal(ctx.state.noteDrafts.get('C1/2412.20138'), 'old');
  assert.equal(renders.count, 1);
  const editing = collectionPaperCard(ctx, entry({ note: 'old' }), collection('editor'));
  const input = editing.querySelector('.note-input');
  assert.equal(input.value, 'old');
  ctx.state.noteDrafts.set('C1/2412.20138', '  new words ');
  editing.querySelector('.note-form').dispatchEvent(new window.Event('submit', { cancelable: true }));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(sent.at(-1), { type: 'set-collection-note', libraryId: 'C1', paperId: '2412.20138', note: 'new words' });
  assert.equal(ctx.state.noteDrafts.get('C1/2412.20138'), 'new words');
  assert.equal(ctx.state.entryErrors.get('C1/2412.20138'), 'You can only view “Lab”.');
  const shown = collectionPaperCard(ctx, entry({ note: 'old' }), collection('editor'));
  assert.equal(shown.querySelector('.error[role="alert"]').textContent, 'You can only view “Lab”.');
});

test('highlights list their quote and author, and say when the page could not find them', () => {
  const { ctx } = panelContext();
  const list = annotationList(ctx, entry({ annotations: [
    { id: 'a', libraryId: 'C1', kind: 'highlight', body: '', quote: 'polyhedral', createdBy: 'bo', orphaned: true }] }));
  assert.equal(list.querySelector('q').textContent, 'polyhedral');
  assert.match(list.querySelector('.badge-orphan').textContent, /Not found/);
  assert.equal(list.querySelector('.annotation-author').textContent, '— bo');
  assert.equal(annotationList(ctx, entry()), null);
});

test('an orphan can be re-attached to the selection or deleted from the panel; a failed re-attach says why', async () => {
  const { ctx, window, sent } = panelContext({
    'reattach-annotation': () => ({ ok: false, error: 'Select the passage first.' }) });
  const orphan = { id: 'a', libraryId: 'P', kind: 'highlight', body: '', quote: 'polyhedral', orphaned: true };
  const list = annotationList(ctx, entry({ annotations: [orphan, { ...orphan, id: 'b', orphaned: false }] }));
  assert.equal(list.querySelectorAll('.orphan-reattach').length, 1, 'only the orphan offers re-attach');
  list.querySelector('.orphan-reattach').dispatchEvent(new window.Event('click'));
  list.querySelector('.orphan-delete').dispatchEvent(new window.Event('click'));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(sent, [{ type: 'reattach-annotation', id: 'a', libraryId: 'P' },
    { type: 'delete-annotation', id: 'a', libraryId: 'P' }]);
  assert.equal(ctx.state.entryErrors.get('annotation/a'), null, 'the delete that worked clears the earlier failure');
});
