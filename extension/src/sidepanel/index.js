// The side panel: the library with filters and search, collections (their papers, shared notes and highlights,
// sharing and exports), orphaned highlights, note conflicts, and the sync and sign-in state. It reads IndexedDB
// directly (same extension origin) and sends every change to the worker, which owns the queue; it re-renders
// whenever the worker bumps `stateRevision` or `syncStatus`. The parts live beside it: paper-cards.js, sections.js,
// export-download.js; what it remembers between renders is one object (panel-state.js).
import { chromeApi as chrome } from '../shared/chrome-api.js';
import { collectionSummaries, storedMembers } from '../shared/collections.js';
import { STATE_REVISION_KEY, SYNC_STATUS_KEY } from '../shared/messages.js';
import { el } from '../shared/page-ui.js';
import { openStore, readMeta } from '../shared/store.js';
import { downloadExport } from './export-download.js';
import { allTags, buildEntries, filterEntries, libraryCounts } from './library-view.js';
import { NewCollectionDialog } from './new-collection-dialog.js';
import { collectionPaperCard, noteInput, paperCard } from './paper-cards.js';
import { chooseLibrary, createPanelState } from './panel-state.js';
import { renderAccount, renderCollections, renderConflicts, renderLibraryHeader, renderOrphans } from './sections.js';
import { ShareDialog } from './share-dialog.js';

const dbReady = openStore();
const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const query = /** @type {HTMLInputElement} */ ($('query'));
const scopeSelect = /** @type {HTMLSelectElement} */ ($('scope'));
const statusSelect = /** @type {HTMLSelectElement} */ ($('status'));
const tagSelect = /** @type {HTMLSelectElement} */ ($('tag'));

/**
 * Sends a message to the worker. A send that fails (the worker restarting, the extension reloaded) answers like a
 * refusal, so every caller shows one kind of error and no rejection goes unhandled.
 * @param {import('../shared/messages.js').Message} message @returns {Promise<any>}
 */
const send = (message) => chrome.runtime.sendMessage(message).then(
  (answer) => answer ?? { ok: false, error: 'No answer from the extension.' },
  (error) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }));

const state = createPanelState();
/** @type {import('./paper-cards.js').PanelContext} */
const ctx = { window, document, el, send, state, render };

const shareDialog = new ShareDialog({
  document, send, copy: (text) => navigator.clipboard.writeText(text),
  storedMembers: (libraryId) => storedMembers(state.objects, libraryId),
});
const newCollectionDialog = new NewCollectionDialog({
  document, send,
  onCreated: (collection) => { state.pendingSelection = collection.id; scheduleRender(); },
});

async function render() {
  const db = await dbReady;
  const [libraries, objects, paperList, orphanList, conflicts, account, stored] = await Promise.all([
    db.getAll('libraries'), db.getAll('objects'), db.getAll('papers'), db.getAll('orphans'), db.getAll('conflicts'),
    readMeta(db, 'account'), chrome.storage.get([SYNC_STATUS_KEY]),
  ]);
  const status = stored[SYNC_STATUS_KEY] ?? {};
  state.account = { userId: account?.userId, username: account?.username ?? status.username ?? undefined,
    serverUrl: status.serverUrl ?? null };
  renderAccount(ctx, status);
  renderConflicts(ctx, conflicts);

  const personalId = account?.personalLibraryId ?? '~personal';
  const live = objects.filter((object) => !object.deleted);
  state.objects = live;
  const collections = collectionSummaries(libraries, live, state.account.userId);
  // One control says what is shown (saved papers, everything seen, or a collection); reading status is another.
  const scopes = [{ id: 'saved', name: 'Saved' }, { id: 'seen', name: 'Everything seen' }];
  const picked = chooseLibrary(state, [...scopes, ...collections], scopeSelect.value || 'saved', 'saved');
  scopeSelect.replaceChildren(...scopes.map((c) => el('option', { value: c.id }, c.name)),
    ...(collections.length ? [el('optgroup', { label: 'Collections' },
      ...collections.map((c) => el('option', { value: c.id }, c.name)))] : []));
  scopeSelect.value = picked;
  const collection = collections.find((c) => c.id === picked);
  const chosen = collection ? collection.id : personalId;
  // A collection has no reading status or tags of its own: those filters belong to the personal library.
  statusSelect.hidden = tagSelect.hidden = Boolean(collection);

  const papers = new Map(paperList.map((paper) => [paper.id, paper]));
  const orphans = new Set(orphanList.map((orphan) => orphan.annotationId));
  const entries = buildEntries({ libraryId: chosen, objects: live, papers, orphans, collection: Boolean(collection) });
  const tags = allTags(entries);
  const tag = tags.includes(tagSelect.value) ? tagSelect.value : '';
  tagSelect.replaceChildren(el('option', { value: '' }, 'Any tag'), ...tags.map((t) => el('option', { value: t }, t)));
  tagSelect.value = tag;

  const scope = picked === 'seen' ? 'seen' : 'saved';
  const counts = collection ? undefined
    : libraryCounts(entries, { scope, status: statusSelect.value, tag, query: query.value });
  const shown = counts?.shown ?? filterEntries(entries, { scope: 'seen', status: '', tag: '', query: query.value });
  renderLibraryHeader(ctx, chosen, collection, {
    shownCount: shown.length,
    onShare: (c, opener) => void shareDialog.open(c, { me: state.account.username, serverUrl: state.account.serverUrl, opener }),
    // What the filters show is what the file holds; the whole library needs no list of papers.
    onExport: (format, button) => void downloadExport({ document, send }, chosen, format, button,
      shown.length === entries.length ? undefined : shown.map((entry) => entry.paperId))
      .then((error) => { state.exportError = error; scheduleRender(); }),
  });
  $('count').textContent = counts ? counts.text
    : `${shown.length === entries.length ? '' : `${shown.length} of `}${entries.length} paper${entries.length === 1 ? '' : 's'}`;
  const showSeen = () => { scopeSelect.value = 'seen'; void render(); };
  keepingFocus(() => $('papers').replaceChildren(...(shown.length
    ? shown.map((entry) => (collection ? collectionPaperCard(ctx, entry, collection) : paperCard(ctx, entry, chosen))) : [
      el('li', { class: 'empty muted' }, counts?.inSeen
        ? el('span', {}, 'No saved paper matches. ', el('button', { type: 'button', class: 'show-seen link', onclick: showSeen },
          counts.inSeenText))
        : entries.length ? 'Nothing matches these filters.'
          : collection ? 'No papers yet: add them with the Collections button under a paper on Hugging Face Papers.'
            : 'Papers you see, clip or annotate on Hugging Face Papers appear here.'),
    ])));
  renderOrphans(ctx, live, papers, orphans);
  renderCollections(ctx, collections, chosen, {
    onNew: (opener) => newCollectionDialog.open(opener),
    onChoose: (libraryId) => {
      scopeSelect.value = libraryId;
      void render().then(() => {
        window.scrollTo({ top: 0 });
        /** @type {HTMLElement | null} */ (document.querySelector('#library-header .library-name'))?.focus();
      });
    },
  });
  shareDialog.update(shareDialog.collection && collections.find((c) => c.id === shareDialog.collection?.id));
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
  const again = noteInput(document, key);
  again?.focus();
  again?.setSelectionRange(start, end);
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
