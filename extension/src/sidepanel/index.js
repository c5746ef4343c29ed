// The side panel: the library with filters and search, collections, orphaned highlights, note conflicts, and the
// sync and sign-in state. It reads IndexedDB directly (same extension origin) and sends every change to the worker,
// which owns the queue; it re-renders whenever the worker bumps `stateRevision` or `syncStatus`.
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { chromeApi as chrome } from '../shared/chrome-api.js';
import { MessageType, STATE_REVISION_KEY, SYNC_STATUS_KEY } from '../shared/messages.js';
import { openStore, readMeta } from '../shared/store.js';
import { allTags, buildEntries, filterEntries } from './library-view.js';
import { el, syncLabel } from '../shared/page-ui.js';

const STATUSES = ['new', 'to-read', 'reading', 'read', 'archived'];
const dbReady = openStore();
const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const query = /** @type {HTMLInputElement} */ ($('query'));
const librarySelect = /** @type {HTMLSelectElement} */ ($('library'));
const statusSelect = /** @type {HTMLSelectElement} */ ($('status'));
const tagSelect = /** @type {HTMLSelectElement} */ ($('tag'));

/** @param {string} markdown */
const renderMarkdown = (markdown) => {
  const html = DOMPurify.sanitize(/** @type {string} */ (marked.parse(markdown, { async: false })));
  const body = el('div', { class: 'body' });
  body.innerHTML = html;
  return body;
};

/** @param {any} message */
const send = (message) => chrome.runtime.sendMessage(message);

async function render() {
  const db = await dbReady;
  const [libraries, objects, paperList, orphanList, conflicts, account, stored] = await Promise.all([
    db.getAll('libraries'), db.getAll('objects'), db.getAll('papers'), db.getAll('orphans'), db.getAll('conflicts'),
    readMeta(db, 'account'), chrome.storage.get([SYNC_STATUS_KEY]),
  ]);
  const status = stored[SYNC_STATUS_KEY] ?? {};
  renderHeader(status);
  renderConflicts(conflicts);

  const personalId = account?.personalLibraryId ?? '~personal';
  const choices = [{ id: personalId, name: 'My library' },
    ...libraries.filter((l) => l.kind === 'collection').map((l) => ({ id: l.id, name: l.name }))];
  const chosen = choices.some((c) => c.id === librarySelect.value) ? librarySelect.value : personalId;
  librarySelect.replaceChildren(...choices.map((c) => el('option', { value: c.id }, c.name)));
  librarySelect.value = chosen;

  const papers = new Map(paperList.map((paper) => [paper.id, paper]));
  const orphans = new Set(orphanList.map((orphan) => orphan.annotationId));
  const live = objects.filter((object) => !object.deleted);
  const entries = buildEntries({ libraryId: chosen, objects: live, papers, orphans });
  const tags = allTags(entries);
  const tag = tags.includes(tagSelect.value) ? tagSelect.value : '';
  tagSelect.replaceChildren(el('option', { value: '' }, 'Any tag'), ...tags.map((t) => el('option', { value: t }, t)));
  tagSelect.value = tag;

  const shown = filterEntries(entries, { status: statusSelect.value, tag, query: query.value });
  $('count').textContent = `${shown.length} of ${entries.length} papers`;
  $('papers').replaceChildren(...(shown.length ? shown.map((entry) => paperCard(entry, chosen)) : [
    el('li', { class: 'empty muted' }, entries.length ? 'Nothing matches these filters.'
      : 'Papers you see, clip or annotate on Hugging Face Papers appear here.'),
  ]));
  renderOrphans(live, papers, orphans);
  renderCollections(libraries, live);
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
    onchange: (/** @type {Event} */ event) => send({ type: MessageType.UpdateItem, paperId: entry.paperId, libraryId,
      patch: { status: /** @type {HTMLSelectElement} */ (event.target).value } }),
  }, ...STATUSES.map((s) => el('option', { value: s }, s)));
  /** @type {HTMLSelectElement} */ (statusPicker).value = entry.status;
  return el('li', { class: 'paper' },
    el('h2', {}, el('a', { href: `https://huggingface.co/papers/${entry.paperId}`, target: '_blank' }, entry.title)),
    el('div', { class: 'meta' },
      statusPicker,
      entry.starred ? el('span', { class: 'star', title: 'Starred' }, '★') : null,
      ...entry.tags.map((t) => el('span', { class: 'tag' }, t)),
      el('span', { class: 'muted' }, entry.paperId)),
    entry.note ? el('div', { class: 'note' }, renderMarkdown(entry.note)) : null,
    entry.annotations.length ? el('ul', { class: 'annotations' }, ...entry.annotations.map((a) => el('li', {
      class: `annotation${a.orphaned ? ' orphaned' : ''}`,
    },
    a.orphaned ? el('span', { class: 'badge-orphan' }, 'Orphaned: no longer found on the page. ') : null,
    a.quote ? el('q', {}, a.quote) : null,
    a.body ? renderMarkdown(a.body) : null))) : null);
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

/** @param {any[]} libraries @param {any[]} live */
function renderCollections(libraries, live) {
  const collections = libraries.filter((l) => l.kind === 'collection');
  $('collections').replaceChildren(el('h3', {}, 'Collections'), collections.length
    ? el('ul', {}, ...collections.map((c) => el('li', {}, el('button', { type: 'button', onclick: () => {
      librarySelect.value = c.id;
      statusSelect.value = 'all';
      void render();
    } }, el('span', {}, c.name), el('span', { class: 'muted' },
      `${live.filter((o) => o.libraryId === c.id && o.kind === 'item').length} · ${c.role}`)))))
    : el('p', { class: 'muted' }, 'No shared collections yet.'));
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
