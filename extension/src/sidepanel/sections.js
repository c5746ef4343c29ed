// The side panel's sections around the papers: the sync state and account, notes to reconcile, the collections
// list, the header of the shown library (role, sharing, exports), and orphaned highlights. Each draws into its
// element of sidepanel.html from what render() read, and sends changes to the worker.
import { MessageType, EXPORT_FORMATS } from '../shared/messages.js';
import { syncLabel } from '../shared/page-ui.js';
import { ROLE_LABELS } from './collection-view.js';
import { noteBody, orphanActions } from './paper-cards.js';

/**
 * @typedef {import('./paper-cards.js').PanelContext} PanelContext
 * @typedef {import('../shared/collections.js').CollectionSummary} CollectionSummary
 */

/** @param {PanelContext} ctx @param {string} id */
const $ = ({ document }, id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * The sync pill, who is signed in, and sign-in or sync-now; the last error when there is one.
 * @param {PanelContext} ctx @param {any} status the worker's `syncStatus`
 */
export function renderAccount(ctx, status) {
  const { el, send } = ctx;
  const { state, text } = syncLabel(status);
  const pill = $(ctx, 'sync');
  pill.dataset.state = state;
  pill.textContent = text;
  $(ctx, 'account').replaceChildren(
    status.signedIn
      ? el('span', {}, 'Signed in as ', el('strong', {}, status.username ?? '…'))
      : el('span', { class: 'muted' }, 'Not signed in: changes stay on this device.'),
    status.signedIn
      ? el('button', { type: 'button', class: 'sync-now', onclick: () => void send({ type: MessageType.SyncNow }) }, 'Sync now')
      : el('button', { type: 'button', class: 'sign-in primary', onclick: () => void send({ type: MessageType.SignIn }) }, 'Sign in'),
    ...(status.lastError ? [el('p', { class: 'error', role: 'alert' }, status.lastError)] : []));
}

/**
 * Notes edited here and on another device, each with the three ways to settle it.
 * @param {PanelContext} ctx @param {any[]} conflicts stored conflicts
 */
export function renderConflicts(ctx, conflicts) {
  const { el, send } = ctx;
  const section = $(ctx, 'conflicts');
  section.hidden = !conflicts.length;
  section.replaceChildren(el('h3', {}, 'Notes to reconcile'), ...conflicts.map((conflict) => {
    const resolve = (/** @type {string} */ text) => void send({ type: MessageType.ResolveConflict,
      libraryId: conflict.libraryId, key: conflict.key, text });
    return el('div', { class: 'conflict' },
      el('div', {}, 'This note was edited here and on another device.'),
      el('div', { class: 'versions' },
        el('div', {}, el('strong', {}, 'This device'), el('pre', {}, conflict.mine)),
        el('div', {}, el('strong', {}, 'Other device'), el('pre', {}, conflict.theirs))),
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'keep-mine', onclick: () => resolve(conflict.mine) }, 'Keep this device’s'),
        el('button', { type: 'button', class: 'keep-theirs', onclick: () => resolve(conflict.theirs) }, 'Keep other device’s'),
        el('button', { type: 'button', class: 'keep-both primary', onclick: () => resolve(`${conflict.theirs}\n\n${conflict.mine}`) },
          'Keep both')));
  }));
}

/**
 * Highlights the page could no longer find, with the paper each belongs to.
 * @param {PanelContext} ctx @param {any[]} live live objects @param {Map<string, any>} papers @param {Set<string>} orphans annotation ids
 */
export function renderOrphans(ctx, live, papers, orphans) {
  const { el } = ctx;
  const orphaned = live.filter((o) => o.kind === 'annotation' && orphans.has(o.key));
  const section = $(ctx, 'orphans');
  section.hidden = !orphaned.length;
  section.replaceChildren(el('h3', {}, `Highlights not found on their page (${orphaned.length})`),
    el('p', { class: 'muted' }, 'Select the passage again on the paper’s page and choose Re-attach, or delete the highlight.'),
    el('ul', {}, ...orphaned.map((o) => {
      const quote = o.data?.target?.selectors?.find((/** @type {any} */ s) => s.type === 'TextQuoteSelector')?.exact ?? '';
      return el('li', {},
        el('span', { class: 'badge-orphan' }, '⚠ '),
        el('q', {}, quote || '(no text)'),
        el('span', { class: 'muted' }, ` — ${papers.get(o.data?.paperId)?.title ?? o.data?.paperId}`),
        orphanActions(ctx, { id: o.key, libraryId: o.libraryId, quote }));
    })));
}

/**
 * The collections the user belongs to, with their role, and "New collection".
 * @param {PanelContext} ctx @param {CollectionSummary[]} collections @param {string} chosen the shown library
 * @param {{ onChoose: (libraryId: string) => void, onNew: (opener: HTMLElement) => void }} actions
 */
export function renderCollections(ctx, collections, chosen, { onChoose, onNew }) {
  const { el } = ctx;
  $(ctx, 'collections').replaceChildren(
    el('div', { class: 'collections-head' }, el('h3', {}, 'Collections'),
      el('button', { type: 'button', class: 'new-collection', 'aria-haspopup': 'dialog',
        onclick: (/** @type {Event} */ event) => onNew(/** @type {HTMLElement} */ (event.currentTarget)) }, '+ New collection')),
    collections.length
      ? el('ul', { class: 'collection-list' }, ...collections.map((c) => el('li', {}, el('button', {
        type: 'button', class: 'collection-entry', 'data-library-id': c.id, 'aria-current': c.id === chosen ? 'true' : undefined,
        onclick: () => onChoose(c.id),
      }, el('span', { class: 'collection-entry-name' }, c.name),
      el('span', { class: 'collection-entry-meta muted' },
        `${c.paperCount} paper${c.paperCount === 1 ? '' : 's'} · ${ROLE_LABELS[c.role] ?? c.role}${c.publicUrl ? ' · public' : ''}`)))))
      : el('p', { class: 'muted' }, 'No shared collections yet. Create one, or ask a colleague to invite you.'));
}

/**
 * Above the papers: what is shown, the role in it, sharing, and the exports (with the last export's failure).
 * @param {PanelContext} ctx @param {string} libraryId @param {CollectionSummary | undefined} collection
 * @param {{ shownCount: number, onShare: (collection: CollectionSummary, opener: HTMLElement) => void,
 *   onExport: (format: import('../shared/messages.js').ExportFormat, button: HTMLButtonElement) => void }} actions
 *   shownCount: the papers the filters show, which is what an export holds
 */
export function renderLibraryHeader(ctx, libraryId, collection, { shownCount, onShare, onExport }) {
  const { el, state } = ctx;
  const header = $(ctx, 'library-header');
  header.dataset.libraryId = libraryId;
  header.dataset.kind = collection ? 'collection' : 'personal';
  const share = collection ? el('button', { type: 'button', class: 'share-open', 'aria-haspopup': 'dialog',
    onclick: (/** @type {Event} */ event) => onShare(collection, /** @type {HTMLElement} */ (event.currentTarget)),
  }, collection.role === 'owner' ? 'Share…' : 'Members…') : null;
  header.replaceChildren(
    el('div', { class: 'library-title' },
      el('h2', { class: 'library-name', tabindex: -1 }, collection ? collection.name : 'My library'),
      collection ? el('span', { class: 'role-badge', 'data-role': collection.role }, ROLE_LABELS[collection.role] ?? collection.role) : null,
      share),
    // replaceChildren would write a null as the text "null".
    // Markdown, rendered and sanitised as notes are.
    ...(collection?.description ? [noteBody(ctx, collection.description, 'library-description muted')] : []),
    el('div', { class: 'exports', role: 'group', 'aria-label': `Export the ${papersShown(shownCount)}` },
      el('span', { class: 'muted export-what' }, `Export the ${papersShown(shownCount)}:`),
      ...Object.entries(EXPORT_FORMATS).map(([format, { label }]) => el('button', {
        type: 'button', class: 'export-button', 'data-format': format, disabled: shownCount === 0,
        title: `Download the ${papersShown(shownCount)} as ${label}`,
        onclick: (/** @type {Event} */ event) => onExport(/** @type {any} */ (format), /** @type {HTMLButtonElement} */ (event.currentTarget)),
      }, label.replace('Web Annotation ', '')))),
    el('p', { class: 'export-error error', role: 'alert', hidden: !state.exportError }, state.exportError ?? ''));
}

/** "1 paper shown", "18 papers shown". @param {number} count */
const papersShown = (count) => `${count} paper${count === 1 ? '' : 's'} shown`;
