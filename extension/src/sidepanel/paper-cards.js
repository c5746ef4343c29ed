// The papers of the shown library, one card each: in the personal library its reading status, star and tags; in a
// collection its shared note (editable by owners and editors) and who added it; in both the highlights made on it.
import { canEditCollection } from '../shared/collections.js';
import { renderMarkdown } from '../shared/markdown.js';
import { MessageType } from '../shared/messages.js';
import { needsForce, STATUSES } from '../shared/reading-status.js';

/**
 * @typedef {import('./library-view.js').Entry} Entry
 * @typedef {import('../shared/collections.js').CollectionSummary} CollectionSummary
 *
 * @typedef {object} PanelContext  What every part of the side panel draws with.
 * @property {Window} window
 * @property {Document} document
 * @property {import('../shared/page-ui.js').ElementBuilder} el
 * @property {(message: import('../shared/messages.js').Message) => Promise<any>} send  to the worker; never rejects
 * @property {import('./panel-state.js').PanelState} state
 * @property {() => Promise<void>} render  draws the whole panel again
 */

/** The paper's title, linking to its page on Hugging Face in a new tab. @param {PanelContext} ctx @param {Entry} entry */
const titleLink = ({ el }, entry) => el('h2', {}, el('a', {
  href: `https://huggingface.co/papers/${entry.paperId}`, target: '_blank', rel: 'noopener noreferrer' }, entry.title));

/**
 * A note's Markdown, rendered as everywhere else notes show (shared/markdown.js).
 * @param {PanelContext} ctx @param {string} markdown @param {string} [className]
 */
export function noteBody({ el, window }, markdown, className = 'body') {
  const body = el('div', { class: className });
  body.innerHTML = renderMarkdown(markdown, window);
  return body;
}

/**
 * A paper in the personal library; changing its status moves down the order with `force`, as the cards on the page do.
 * @param {PanelContext} ctx @param {Entry} entry @param {string} libraryId
 */
export function paperCard(ctx, entry, libraryId) {
  const { el, send } = ctx;
  // The current status is the option marked `selected`: each render builds the picker anew.
  const statusPicker = el('select', {
    class: 'status-picker',
    'aria-label': `Status of ${entry.title}`,
    onchange: (/** @type {Event} */ event) => {
      const status = /** @type {import('../shared/messages.js').ReadingStatus} */ (/** @type {HTMLSelectElement} */ (event.target).value);
      void send({ type: MessageType.UpdateItem, paperId: entry.paperId, libraryId,
        patch: { status, ...(needsForce(entry.status, status) ? { force: true } : {}) } });
    },
  }, ...STATUSES.map(([value, label]) => el('option', { value, selected: value === entry.status }, label)));
  return el('li', { class: 'paper', 'data-paper-id': entry.paperId },
    titleLink(ctx, entry),
    el('div', { class: 'meta' },
      statusPicker,
      entry.starred ? el('span', { class: 'star', title: 'Starred' }, '★') : null,
      ...entry.tags.map((t) => el('span', { class: 'tag' }, t)),
      el('span', { class: 'muted' }, entry.paperId)),
    annotationList(ctx, entry));
}

/**
 * A paper in a collection: its shared note (editable by owners and editors) and the highlights made in it.
 * @param {PanelContext} ctx @param {Entry} entry @param {CollectionSummary} collection
 */
export function collectionPaperCard(ctx, entry, collection) {
  const { el, send, state, render, document } = ctx;
  const editable = canEditCollection(collection.role);
  const key = `${collection.id}/${entry.paperId}`;
  const editing = state.noteDrafts.has(key);
  const startEditing = () => {
    state.noteDrafts.set(key, entry.note ?? '');
    void render().then(() => noteInput(document, key)?.focus());
  };
  const stopEditing = () => { state.noteDrafts.delete(key); void render(); };
  /** @param {any} answer @param {string} failure what to say when the worker refused without a reason */
  const showOutcome = (answer, failure) => {
    state.entryErrors.set(key, answer.ok ? null : answer.error ?? failure);
    void render();
  };
  const save = async () => {
    const note = String(state.noteDrafts.get(key) ?? '').trim();
    state.noteDrafts.delete(key);
    const answer = await send({ type: MessageType.SetCollectionNote, libraryId: collection.id, paperId: entry.paperId, note });
    if (!answer.ok) state.noteDrafts.set(key, note);
    showOutcome(answer, 'The note was not saved.');
  };
  const remove = async () => showOutcome(
    await send({ type: MessageType.RemoveFromCollection, libraryId: collection.id, paperId: entry.paperId }), 'The paper was not removed.');
  const error = state.entryErrors.get(key);
  let note;
  if (editing) {
    const input = /** @type {HTMLTextAreaElement} */ (el('textarea', {
      id: `note-${key}`, class: 'note-input', 'data-key': key, rows: 4, placeholder: 'Why this paper? Markdown works.',
      oninput: (/** @type {Event} */ event) => state.noteDrafts.set(key, /** @type {HTMLTextAreaElement} */ (event.target).value),
      onkeydown: (/** @type {KeyboardEvent} */ event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); void save(); }
        if (event.key === 'Escape') { event.preventDefault(); stopEditing(); }
      },
    }));
    input.value = state.noteDrafts.get(key) ?? '';
    note = el('form', { class: 'note-form', onsubmit: (/** @type {Event} */ event) => { event.preventDefault(); void save(); } },
      el('label', { for: `note-${key}`, class: 'visually-hidden' }, `Shared note on ${entry.title}`), input,
      el('div', { class: 'note-actions' },
        el('span', { class: 'muted' }, 'Ctrl+Enter saves · Esc cancels'),
        el('button', { type: 'button', class: 'note-cancel', onclick: stopEditing }, 'Cancel'),
        el('button', { type: 'submit', class: 'note-save primary' }, 'Save note')));
  } else {
    note = entry.note ? el('div', { class: 'note collection-note' }, noteBody(ctx, entry.note))
      : el('p', { class: 'note collection-note muted' }, editable ? 'No shared note yet.' : 'No shared note.');
  }
  return el('li', { class: 'paper collection-paper', 'data-paper-id': entry.paperId },
    titleLink(ctx, entry),
    el('div', { class: 'meta' },
      el('span', { class: 'muted' }, entry.paperId),
      entry.addedBy ? el('span', { class: 'added-by muted' }, `added by ${entry.addedBy}`) : null,
      editable && !editing ? el('button', { type: 'button', class: 'note-edit', onclick: startEditing,
        'aria-label': `${entry.note ? 'Edit' : 'Add'} the shared note on ${entry.title}` }, entry.note ? 'Edit note' : 'Add note') : null,
      editable ? el('button', { type: 'button', class: 'collection-remove',
        'aria-label': `Remove ${entry.title} from ${collection.name}`,
        onclick: () => void remove() }, 'Remove') : null),
    note,
    error ? el('p', { class: 'error', role: 'alert' }, error) : null,
    annotationList(ctx, entry));
}

/**
 * The open note editor of a paper in a collection, if any. @param {Document} document @param {string} key `libraryId/paperId`
 * @returns {HTMLTextAreaElement | undefined}
 */
export const noteInput = (document, key) => /** @type {HTMLTextAreaElement[]} */ ([...document.querySelectorAll('.note-input')])
  .find((input) => input.dataset.key === key);

/** The highlights and notes on a paper, orphaned ones marked with what to do about them. @param {PanelContext} ctx @param {Entry} entry */
export function annotationList(ctx, entry) {
  const { el } = ctx;
  return entry.annotations.length ? el('ul', { class: 'annotations' }, ...entry.annotations.map((a) => el('li', {
    class: `annotation${a.orphaned ? ' orphaned' : ''}`, 'data-annotation-id': a.id,
  },
  a.orphaned ? el('span', { class: 'badge-orphan' }, 'Not found in the text the paper’s page shows now. ') : null,
  a.quote ? el('q', {}, a.quote) : null,
  a.body ? noteBody(ctx, a.body) : null,
  a.createdBy ? el('span', { class: 'annotation-author muted' }, `— ${a.createdBy}`) : null,
  a.orphaned ? orphanActions(ctx, a) : null))) : null;
}

/**
 * What the reader can do with an orphan: move it onto text they selected on the paper's page, or delete it.
 * @param {PanelContext} ctx @param {{ id: string, libraryId: string, quote: string }} annotation
 */
export function orphanActions(ctx, annotation) {
  const { el, send, state, render } = ctx;
  const key = `annotation/${annotation.id}`;
  /** @param {any} answer @param {string} failure */
  const showOutcome = (answer, failure) => {
    state.entryErrors.set(key, answer.ok ? null : answer.error ?? failure);
    void render();
  };
  const error = state.entryErrors.get(key);
  return el('div', { class: 'orphan-actions' },
    el('button', { type: 'button', class: 'orphan-reattach',
      title: 'Select the passage on the paper’s page first',
      onclick: async () => showOutcome(await send({ type: MessageType.ReattachAnnotation, id: annotation.id,
        libraryId: annotation.libraryId }), 'The highlight was not moved.') }, 'Re-attach to selection'),
    el('button', { type: 'button', class: 'orphan-delete',
      'aria-label': `Delete the highlight “${annotation.quote}”`,
      onclick: async () => showOutcome(await send({ type: MessageType.DeleteAnnotation, id: annotation.id,
        libraryId: annotation.libraryId }), 'The highlight was not deleted.') }, 'Delete'),
    error ? el('p', { class: 'error', role: 'alert' }, error) : null);
}
