// The side panel: the library with filters and search, collections (their papers, shared notes and highlights,
// sharing and exports), orphaned highlights, note conflicts, and the sync and sign-in state. It reads IndexedDB
// directly (same extension origin) and sends every change to the worker, which owns the queue; it re-renders
// whenever the worker bumps `stateRevision` or `syncStatus`.
import { chromeApi as chrome } from '../shared/chrome-api.js';
import { canEditCollection, collectionSummaries, storedMembers } from '../shared/collections.js';
import { EXPORT_FORMATS, MessageType, STATE_REVISION_KEY, SYNC_STATUS_KEY } from '../shared/messages.js';
import { renderMarkdown as markdownHtml } from '../shared/markdown.js';
import { el, syncLabel } from '../shared/page-ui.js';
import { needsForce, STATUSES } from '../shared/reading-status.js';
import { openStore, readMeta } from '../shared/store.js';
import { ROLE_LABELS } from './collection-view.js';
import { allTags, buildEntries, filterEntries } from './library-view.js';
import { NewCollectionDialog } from './new-collection-dialog.js';
import { ShareDialog } from './share-dialog.js';

const dbReady = openStore();
const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const query = /** @type {HTMLInputElement} */ ($('query'));
const librarySelect = /** @type {HTMLSelectElement} */ ($('library'));
const statusSelect = /** @type {HTMLSelectElement} */ ($('status'));
const tagSelect = /** @type {HTMLSelectElement} */ ($('tag'));

/** A note's Markdown as the page's note editor shows it (shared/markdown.js). @param {string} markdown */
const renderMarkdown = (markdown) => {
  const body = el('div', { class: 'body' });
  body.innerHTML = markdownHtml(markdown, window);
  return body;
};

/**
 * Sends a message to the worker. A send that fails (the worker restarting, the extension reloaded) answers like a
 * refusal, so every caller shows one kind of error and no rejection goes unhandled.
 * @param {import('../shared/messages.js').Message} message @returns {Promise<any>}
 */
const send = (message) => chrome.runtime.sendMessage(message).then(
  (answer) => answer ?? { ok: false, error: 'No answer from the extension.' },
  (error) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }));

/** Objects as last rendered, so the share dialog can show members while the server cannot be asked. */
let lastObjects = /** @type {import('../shared/store.js').StoredObject[]} */ ([]);
/** Collection note drafts being edited, by `libraryId/paperId`: they survive the re-renders a sync causes. */
const noteDrafts = new Map();

const shareDialog = new ShareDialog({
  document, send, copy: (text) => navigator.clipboard.writeText(text),
  storedMembers: (libraryId) => storedMembers(lastObjects, libraryId),
});
const newCollectionDialog = new NewCollectionDialog({
  document, send,
  onCreated: (collection) => { pendingSelection = collection.id; scheduleRender(); },
});
/** A collection just created: selected once the worker has stored it. @type {string | null} */
let pendingSelection = null;

/** Who is signed in, to which server: the share dialog needs both. */
let currentUsername = /** @type {string | undefined} */ (undefined);
let currentServerUrl = /** @type {string | null} */ (null);

async function render() {
  const db = await dbReady;
  const [libraries, objects, paperList, orphanList, conflicts, account, stored] = await Promise.all([
    db.getAll('libraries'), db.getAll('objects'), db.getAll('papers'), db.getAll('orphans'), db.getAll('conflicts'),
    readMeta(db, 'account'), chrome.storage.get([SYNC_STATUS_KEY]),
  ]);
  const status = stored[SYNC_STATUS_KEY] ?? {};
  currentUsername = account?.username ?? status.username ?? undefined;
  currentServerUrl = status.serverUrl ?? null;
  renderHeader(status);
  renderConflicts(conflicts);

  const personalId = account?.personalLibraryId ?? '~personal';
  const live = objects.filter((object) => !object.deleted);
  lastObjects = live;
  const collections = collectionSummaries(libraries, live, currentUsername);
  const choices = [{ id: personalId, name: 'My library' }, ...collections.map((c) => ({ id: c.id, name: c.name }))];
  const wanted = pendingSelection && choices.some((c) => c.id === pendingSelection) ? pendingSelection : librarySelect.value;
  if (wanted === pendingSelection) pendingSelection = null;
  const chosen = choices.some((c) => c.id === wanted) ? wanted : personalId;
  librarySelect.replaceChildren(...choices.map((c) => el('option', { value: c.id }, c.name)));
  librarySelect.value = chosen;
  const collection = collections.find((c) => c.id === chosen);
  // A collection has no reading status or tags of its own: those filters belong to the personal library.
  statusSelect.hidden = tagSelect.hidden = Boolean(collection);

  const papers = new Map(paperList.map((paper) => [paper.id, paper]));
  const orphans = new Set(orphanList.map((orphan) => orphan.annotationId));
  const entries = buildEntries({ libraryId: chosen, objects: live, papers, orphans, collection: Boolean(collection) });
  const tags = allTags(entries);
  const tag = tags.includes(tagSelect.value) ? tagSelect.value : '';
  tagSelect.replaceChildren(el('option', { value: '' }, 'Any tag'), ...tags.map((t) => el('option', { value: t }, t)));
  tagSelect.value = tag;

  renderLibraryHeader(chosen, collection);
  const shown = filterEntries(entries, { status: collection ? '' : statusSelect.value, tag: collection ? '' : tag, query: query.value });
  $('count').textContent = `${shown.length} of ${entries.length} papers`;
  keepingFocus(() => $('papers').replaceChildren(...(shown.length
    ? shown.map((entry) => (collection ? collectionPaperCard(entry, collection) : paperCard(entry, chosen))) : [
      el('li', { class: 'empty muted' }, entries.length ? 'Nothing matches these filters.'
        : collection ? 'No papers yet: add them with the Collections button under a paper on Hugging Face Papers.'
          : 'Papers you see, clip or annotate on Hugging Face Papers appear here.'),
    ])));
  renderOrphans(live, papers, orphans);
  renderCollections(collections, chosen);
  shareDialog.update(shareDialog.collection && collections.find((c) => c.id === shareDialog.collection.id));
}

/**
 * Re-rendering replaces the note editors; put focus and the caret back where the user was typing.
 * @param {() => void} rerender
 */
function keepingFocus(rerender) {
  const active = /** @type {HTMLTextAreaElement | null} */ (document.activeElement);
  const key = active?.classList?.contains('note-input') ? active.dataset.key : undefined;
  const [start, end] = key ? [active.selectionStart, active.selectionEnd] : [0, 0];
  rerender();
  if (!key) return;
  const again = /** @type {HTMLTextAreaElement | null} */ ([...document.querySelectorAll('.note-input')]
    .find((input) => /** @type {HTMLElement} */ (input).dataset.key === key) ?? null);
  again?.focus();
  again?.setSelectionRange(start, end);
}

/**
 * Above the papers: what is shown, the role in it, sharing, and the exports.
 * @param {string} libraryId @param {import('../shared/collections.js').CollectionSummary | undefined} collection
 */
function renderLibraryHeader(libraryId, collection) {
  const header = $('library-header');
  header.dataset.libraryId = libraryId;
  header.dataset.kind = collection ? 'collection' : 'personal';
  const share = collection ? el('button', { type: 'button', class: 'share-open',
    'aria-haspopup': 'dialog',
    onclick: (/** @type {Event} */ event) => void shareDialog.open(collection, { me: currentUsername, serverUrl: currentServerUrl,
      opener: /** @type {HTMLElement} */ (event.currentTarget) }),
  }, collection.role === 'owner' ? 'Share…' : 'Members…') : null;
  header.replaceChildren(
    el('div', { class: 'library-title' },
      el('h2', { class: 'library-name', tabindex: -1 }, collection ? collection.name : 'My library'),
      collection ? el('span', { class: 'role-badge', 'data-role': collection.role }, ROLE_LABELS[collection.role] ?? collection.role) : null,
      share),
    // replaceChildren would write a null as the text "null".
    ...(collection?.description ? [el('p', { class: 'library-description muted' }, collection.description)] : []),
    el('div', { class: 'exports', role: 'group', 'aria-label': 'Export this library' },
      el('span', { class: 'muted' }, 'Export'),
      ...Object.entries(EXPORT_FORMATS).map(([format, { label }]) => el('button', {
        type: 'button', class: 'export-button', 'data-format': format, title: `Download as ${label}`,
        onclick: (/** @type {Event} */ event) => void download(libraryId, /** @type {any} */ (format), /** @type {HTMLButtonElement} */ (event.currentTarget)),
      }, label.replace('Web Annotation ', '')))),
    el('p', { class: 'export-error error', role: 'alert', hidden: !exportError }, exportError ?? ''));
}

/** The last export failure, shown until the next export. @type {string | null} */
let exportError = null;

/**
 * Fetches an export through the worker and saves it as a file.
 * @param {string} libraryId @param {import('../shared/messages.js').ExportFormat} format @param {HTMLButtonElement} button
 */
async function download(libraryId, format, button) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  const answer = await send({ type: MessageType.ExportLibrary, libraryId, format });
  button.disabled = false;
  button.removeAttribute('aria-busy');
  exportError = answer.ok ? null : answer.error ?? 'The export failed.';
  if (answer.ok && answer.file) {
    const url = URL.createObjectURL(new Blob([answer.file.text], { type: answer.file.mimeType }));
    const link = el('a', { href: url, download: answer.file.name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
  scheduleRender();
}

/**
 * A paper in a collection: its shared note (editable by owners and editors) and the highlights made in it.
 * @param {import('./library-view.js').Entry} entry @param {import('../shared/collections.js').CollectionSummary} collection
 */
function collectionPaperCard(entry, collection) {
  const editable = canEditCollection(collection.role);
  const key = `${collection.id}/${entry.paperId}`;
  const editing = noteDrafts.has(key);
  const startEditing = () => {
    noteDrafts.set(key, entry.note);
    void render().then(() => /** @type {HTMLElement | null} */ (document.querySelector(`.note-input[data-key="${CSS.escape(key)}"]`))?.focus());
  };
  const stopEditing = () => { noteDrafts.delete(key); void render(); };
  /** @param {any} answer @param {string} failure what to say when the worker refused without a reason */
  const showOutcome = (answer, failure) => {
    entryErrors.set(key, answer.ok ? null : answer.error ?? failure);
    void render();
  };
  const save = async () => {
    const note = String(noteDrafts.get(key) ?? '').trim();
    noteDrafts.delete(key);
    const answer = await send({ type: MessageType.SetCollectionNote, libraryId: collection.id, paperId: entry.paperId, note });
    if (!answer.ok) noteDrafts.set(key, note);
    showOutcome(answer, 'The note was not saved.');
  };
  const remove = async () => showOutcome(
    await send({ type: MessageType.RemoveFromCollection, libraryId: collection.id, paperId: entry.paperId }), 'The paper was not removed.');
  const error = entryErrors.get(key);
  let note;
  if (editing) {
    const input = /** @type {HTMLTextAreaElement} */ (el('textarea', {
      id: `note-${key}`, class: 'note-input', 'data-key': key, rows: 4, placeholder: 'Why this paper? Markdown works.',
      oninput: (/** @type {Event} */ event) => noteDrafts.set(key, /** @type {HTMLTextAreaElement} */ (event.target).value),
      onkeydown: (/** @type {KeyboardEvent} */ event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); void save(); }
        if (event.key === 'Escape') { event.preventDefault(); stopEditing(); }
      },
    }));
    input.value = noteDrafts.get(key);
    note = el('form', { class: 'note-form', onsubmit: (/** @type {Event} */ event) => { event.preventDefault(); void save(); } },
      el('label', { for: `note-${key}`, class: 'visually-hidden' }, `Shared note on ${entry.title}`), input,
      el('div', { class: 'note-actions' },
        el('span', { class: 'muted' }, 'Ctrl+Enter saves · Esc cancels'),
        el('button', { type: 'button', class: 'note-cancel', onclick: stopEditing }, 'Cancel'),
        el('button', { type: 'submit', class: 'note-save primary' }, 'Save note')));
  } else {
    note = entry.note ? el('div', { class: 'note collection-note' }, renderMarkdown(entry.note))
      : el('p', { class: 'note collection-note muted' }, editable ? 'No shared note yet.' : 'No shared note.');
  }
  return el('li', { class: 'paper collection-paper', 'data-paper-id': entry.paperId },
    el('h2', {}, el('a', { href: `https://huggingface.co/papers/${entry.paperId}`, target: '_blank' }, entry.title)),
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
    annotationList(entry));
}

/**
 * Why the last change to a paper in a collection failed (a note not saved, a removal refused: a role lost
 * meanwhile), by `libraryId/paperId`. @type {Map<string, string | null>}
 */
const entryErrors = new Map();

/** @param {import('./library-view.js').Entry} entry */
function annotationList(entry) {
  return entry.annotations.length ? el('ul', { class: 'annotations' }, ...entry.annotations.map((a) => el('li', {
    class: `annotation${a.orphaned ? ' orphaned' : ''}`,
  },
  a.orphaned ? el('span', { class: 'badge-orphan' }, 'Orphaned: no longer found on the page. ') : null,
  a.quote ? el('q', {}, a.quote) : null,
  a.body ? renderMarkdown(a.body) : null,
  a.createdBy ? el('span', { class: 'annotation-author muted' }, `— ${a.createdBy}`) : null))) : null;
}

/** @param {any} status */
function renderHeader(status) {
  const { state, text } = syncLabel(status);
  const pill = $('sync');
  pill.dataset.state = state;
  pill.textContent = text;
  $('account').replaceChildren(
    status.signedIn
      ? el('span', {}, 'Signed in as ', el('strong', {}, status.username ?? '…'))
      : el('span', { class: 'muted' }, 'Not signed in: changes stay on this device.'),
    status.signedIn
      ? el('button', { type: 'button', onclick: () => send({ type: MessageType.SyncNow }) }, 'Sync now')
      : el('button', { type: 'button', class: 'primary', onclick: () => send({ type: MessageType.SignIn }) }, 'Sign in'),
  );
  if (status.lastError) $('account').append(el('p', { class: 'error', role: 'alert' }, status.lastError));
}

/** @param {import('./library-view.js').Entry} entry @param {string} libraryId */
function paperCard(entry, libraryId) {
  const statusPicker = el('select', {
    'aria-label': `Status of ${entry.title}`,
    onchange: (/** @type {Event} */ event) => {
      const status = /** @type {import('../shared/messages.js').ReadingStatus} */ (/** @type {HTMLSelectElement} */ (event.target).value);
      // Moving down the order (un-archiving too) is sent with `force`, as the cards on the page send it.
      void send({ type: MessageType.UpdateItem, paperId: entry.paperId, libraryId,
        patch: { status, ...(needsForce(entry.status, status) ? { force: true } : {}) } });
    },
  }, ...STATUSES.map(([value, label]) => el('option', { value }, label)));
  /** @type {HTMLSelectElement} */ (statusPicker).value = entry.status;
  return el('li', { class: 'paper' },
    el('h2', {}, el('a', { href: `https://huggingface.co/papers/${entry.paperId}`, target: '_blank' }, entry.title)),
    el('div', { class: 'meta' },
      statusPicker,
      entry.starred ? el('span', { class: 'star', title: 'Starred' }, '★') : null,
      ...entry.tags.map((t) => el('span', { class: 'tag' }, t)),
      el('span', { class: 'muted' }, entry.paperId)),
    annotationList(entry));
}

/** @param {any[]} conflicts */
function renderConflicts(conflicts) {
  const section = $('conflicts');
  section.hidden = !conflicts.length;
  section.replaceChildren(el('h3', {}, 'Notes to reconcile'), ...conflicts.map((conflict) => {
    const resolve = (/** @type {string} */ text) => send({ type: MessageType.ResolveConflict,
      libraryId: conflict.libraryId, key: conflict.key, text });
    return el('div', { class: 'conflict' },
      el('div', {}, 'This note was edited here and on another device.'),
      el('div', { class: 'versions' },
        el('div', {}, el('strong', {}, 'This device'), el('pre', {}, conflict.mine)),
        el('div', {}, el('strong', {}, 'Other device'), el('pre', {}, conflict.theirs))),
      el('div', { class: 'actions' },
        el('button', { type: 'button', onclick: () => resolve(conflict.mine) }, 'Keep this device’s'),
        el('button', { type: 'button', onclick: () => resolve(conflict.theirs) }, 'Keep other device’s'),
        el('button', { type: 'button', class: 'primary', onclick: () => resolve(`${conflict.theirs}\n\n${conflict.mine}`) },
          'Keep both')));
  }));
}

/** @param {any[]} live @param {Map<string, any>} papers @param {Set<string>} orphans */
function renderOrphans(live, papers, orphans) {
  const orphaned = live.filter((o) => o.kind === 'annotation' && orphans.has(o.key));
  const section = $('orphans');
  section.hidden = !orphaned.length;
  section.replaceChildren(el('h3', {}, `Orphaned highlights (${orphaned.length})`), el('ul', {}, ...orphaned.map((o) => el('li', {},
    el('span', { class: 'badge-orphan' }, '⚠ '),
    el('q', {}, o.data?.target?.selectors?.find((/** @type {any} */ s) => s.type === 'TextQuoteSelector')?.exact ?? '(no text)'),
    el('span', { class: 'muted' }, ` — ${papers.get(o.data?.paperId)?.title ?? o.data?.paperId}`)))));
}

/**
 * The collections the user belongs to, with their role, and "New collection".
 * @param {import('../shared/collections.js').CollectionSummary[]} collections @param {string} chosen
 */
function renderCollections(collections, chosen) {
  $('collections').replaceChildren(
    el('div', { class: 'collections-head' }, el('h3', {}, 'Collections'),
      el('button', { type: 'button', class: 'new-collection', 'aria-haspopup': 'dialog',
        onclick: (/** @type {Event} */ event) => newCollectionDialog.open(/** @type {HTMLElement} */ (event.currentTarget)) }, '+ New collection')),
    collections.length
      ? el('ul', { class: 'collection-list' }, ...collections.map((c) => el('li', {}, el('button', {
        type: 'button', class: 'collection-entry', 'data-library-id': c.id, 'aria-current': c.id === chosen ? 'true' : undefined,
        onclick: () => {
          librarySelect.value = c.id;
          void render().then(() => {
            window.scrollTo({ top: 0 });
            /** @type {HTMLElement | null} */ (document.querySelector('#library-header .library-name'))?.focus();
          });
        },
      }, el('span', { class: 'collection-entry-name' }, c.name),
      el('span', { class: 'collection-entry-meta muted' },
        `${c.paperCount} paper${c.paperCount === 1 ? '' : 's'} · ${ROLE_LABELS[c.role] ?? c.role}${c.publicUrl ? ' · public' : ''}`)))))
      : el('p', { class: 'muted' }, 'No shared collections yet. Create one, or ask a colleague to invite you.'));
}

let scheduled = false;
function scheduleRender() {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => { scheduled = false; void render(); });
}

chrome.storage.onChanged((changes) => {
  if (STATE_REVISION_KEY in changes || SYNC_STATUS_KEY in changes) scheduleRender();
});
$('filters').addEventListener('input', scheduleRender);
$('filters').addEventListener('submit', (event) => event.preventDefault());
document.addEventListener('keydown', (event) => {
  const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement
    || event.target instanceof HTMLSelectElement;
  if (event.key === '/' && !typing) { event.preventDefault(); query.focus(); }
  if (event.key === 'Escape' && event.target === query) { query.value = ''; scheduleRender(); }
});
void render();
