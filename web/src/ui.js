// The screens of the web library, drawn from the model (library-model.js) and the sync status. Every control has a
// label and a stable id, so a re-render after a live change keeps the keyboard focus where it was (main.js).
import { renderedMarkdown } from './markdown-lazy.js';
import { h } from './dom.js';
import {
  STATUSES, allTags, arxivUrl, filterLibrary, huggingFaceUrl, seenNotClipped, shortAuthors, statusLabel,
} from './library-model.js';

/**
 * @typedef {import('./library-model.js').LibraryModel} LibraryModel
 * @typedef {import('./library-model.js').Entry} Entry
 * @typedef {import('./library-model.js').Snapshot} Snapshot
 *
 * @typedef {object} Actions
 * @property {(path: string) => void} navigate
 * @property {(paperId: string, status: string) => void} setStatus
 * @property {(paperId: string, typed: string) => void} addTags      comma-separated, added to what the paper has
 * @property {(paperId: string, tag: string) => void} removeTag
 * @property {(paperId: string) => void} clip
 * @property {(edit: Editing) => void} edit            opens an editor (or closes it with `undefined`)
 * @property {(text: string) => void} draft            the open editor's text as typed
 * @property {() => void} save                         saves the open editor
 * @property {(libraryId: string, id: string, paperId: string) => void} deleteAnnotation
 * @property {(conflict: any, text: string) => void} resolveConflict
 * @property {(patch: Partial<import('./library-model.js').LibraryFilter>) => void} filter
 * @property {() => void} showMore
 * @property {() => void} signIn
 * @property {() => void} signOut
 *
 * @typedef {{ kind: 'annotation', libraryId: string, id: string, paperId: string, text: string }
 *   | { kind: 'new-note', paperId: string, title: string, text: string }
 *   | { kind: 'collection-note', libraryId: string, paperId: string, text: string }} Editing
 *
 * @typedef {{ online: boolean, pending: number, conflicts: number, signedIn: boolean, username: string | null,
 *   lastError: string | null }} SyncStatus
 */

/** Ids safe for the DOM from paper ids (which may hold dots and a slash). @param {string} text */
const domId = (text) => text.replace(/[^A-Za-z0-9_-]/g, '_');

/** @param {string} paperId */
export const paperPath = (paperId) => `/app/paper/${encodeURIComponent(paperId)}`;

/** A link the app follows itself (no page load), still a real link for the keyboard, new tabs and screen readers. */
function appLink(/** @type {Actions} */ actions, /** @type {string} */ href, /** @type {Record<string, any>} */ attributes, ...children) {
  return h('a', { ...attributes, href, onclick: (/** @type {MouseEvent} */ event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    actions.navigate(href);
  } }, ...children);
}

/** A link to another site in a new tab; `context` (the paper) is read by screen readers after the visible words. */
const external = (/** @type {string} */ href, /** @type {string} */ text, /** @type {string} */ context) =>
  h('a.button-link', { href, target: '_blank', rel: 'noopener noreferrer' }, text, h('span.sr-only', null, `: ${context} (new tab)`));

/** A note's Markdown as one line of plain text for a card's excerpt: marks, link targets and line breaks dropped. @param {string} source */
export const plainText = (source) => source.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*_`#>~]+/g, '')
  .replace(/\s+/g, ' ').trim();

/** @param {string} source */
function markdown(source) {
  const box = h('div.markdown');
  const html = renderedMarkdown(source);
  // Until the renderer has loaded (a moment after the first screen), the text as typed.
  if (html === undefined) box.append(h('p.plain', null, source));
  else box.innerHTML = html;
  return box;
}

/** @param {SyncStatus | undefined} status */
export function syncText(status) {
  if (!status) return { state: 'idle', text: 'Starting…' };
  const waiting = status.pending ? ` · ${status.pending} waiting` : '';
  if (!status.online) return { state: 'offline', text: `Offline${waiting}` };
  if (status.pending) return { state: 'sending', text: `Sending ${status.pending}…` };
  return { state: 'online', text: 'Up to date' };
}

/** The page around every signed-in screen. */
export function shell(/** @type {{ model: LibraryModel, status: SyncStatus | undefined, username: string, route: any, actions: Actions, seenCount: number }} */ { model, status, username, route, actions, seenCount }, /** @type {HTMLElement} */ content) {
  const sync = syncText(status);
  const current = (/** @type {string} */ view, /** @type {string} */ [id] = '') => (route.view === view && (!id || route.id === id) ? 'page' : false);
  const savedCount = model.entries.filter((e) => e.saved).length;
  return h('div.layout', null,
    h('header.topbar', null,
      appLink(actions, '/app/', { class: 'brand', 'aria-label': 'PaperNotes, your library' },
        h('img', { src: '/app/icons/icon-192.png', alt: '', width: 28, height: 28 }), h('span', null, 'PaperNotes')),
      h('div.topbar-end', null,
        h('span.pill', { id: 'sync-status', 'data-state': sync.state, role: 'status', 'aria-live': 'polite' }, sync.text),
        h('details.account', { id: 'account' },
          h('summary', { 'aria-label': `Account: ${username}` }, h('span.avatar', { 'aria-hidden': 'true' }, username.slice(0, 1).toUpperCase())),
          h('div.account-menu', null,
            h('p', null, 'Signed in as ', h('strong', null, username)),
            status?.lastError ? h('p.error', null, status.lastError) : null,
            h('button', { type: 'button', id: 'sign-out', onclick: actions.signOut }, 'Sign out'))))),
    h('nav.nav', { 'aria-label': 'Library views' },
      h('ul', null,
        h('li', null, appLink(actions, '/app/', { 'aria-current': current('library') }, 'Library', h('span.count', null, savedCount))),
        h('li', null, appLink(actions, '/app/seen', { 'aria-current': current('seen') }, 'Seen, not clipped', h('span.count', null, seenCount))),
        model.collections.length ? h('li.nav-heading', { 'aria-hidden': 'true' }, 'Collections') : null,
        model.collections.map((c) => h('li', null, appLink(actions, `/app/collections/${encodeURIComponent(c.id)}`,
          { 'aria-current': current('collection', [c.id]), 'aria-label': `Collection ${c.name}, ${c.paperCount} papers` },
          c.name, h('span.count', null, c.paperCount)))))),
    h('main.main', { id: 'main', tabindex: '-1' }, content));
}

/** The status picker of one paper. */
function statusSelect(/** @type {Actions} */ actions, /** @type {string} */ paperId, /** @type {string} */ status, /** @type {string} */ idPrefix, /** @type {string} */ title, /** @type {boolean} */ visibleLabel = false) {
  const id = `${idPrefix}-${domId(paperId)}`;
  const select = /** @type {HTMLSelectElement} */ (statusOptions().cloneNode(true));
  select.id = id;
  select.dataset.status = status;
  select.value = status;
  select.addEventListener('change', () => actions.setStatus(paperId, select.value));
  return h('span.status-field', null,
    h(visibleLabel ? 'label' : 'label.sr-only', { for: id }, visibleLabel ? 'Reading status' : `Reading status of “${title}”`),
    select);
}

/** @type {HTMLSelectElement | undefined} */
let statusTemplate;
/**
 * The status select with its options, built once and cloned for every card: appending options one by one to each
 * card's select made the browser re-examine the select after every option, half of a 50-card first render.
 */
const statusOptions = () => (statusTemplate ??= /** @type {HTMLSelectElement} */ (
  h('select.status', null, STATUSES.map((s) => h('option', { value: s.value }, s.label)))));

const tagList = (/** @type {string[]} */ tags) => (tags.length
  ? h('ul.tags', { 'aria-label': 'Tags' }, tags.map((tag) => h('li.tag', null, tag))) : null);

/** @param {Entry} entry */
function annotationCounts(entry) {
  const highlights = entry.annotations.filter((a) => a.kind === 'highlight').length;
  const notes = entry.annotations.filter((a) => a.kind === 'note' || (a.kind === 'highlight' && a.body)).length;
  const parts = [];
  if (highlights) parts.push(`${highlights} highlight${highlights === 1 ? '' : 's'}`);
  if (notes) parts.push(`${notes} note${notes === 1 ? '' : 's'}`);
  return parts.length ? h('span.counts', null, parts.join(' · ')) : null;
}

/** One paper of the library list. */
function paperCard(/** @type {Actions} */ actions, /** @type {Entry} */ entry) {
  const titleId = `title-${domId(entry.paperId)}`;
  const excerpt = entry.annotations.find((a) => a.body || a.quote);
  return h('li', null, h('article.paper', { 'aria-labelledby': titleId, 'data-paper-id': entry.paperId },
    h('h2.paper-title', null, appLink(actions, paperPath(entry.paperId), { id: titleId }, entry.title)),
    h('p.meta', null, [shortAuthors(entry.authors), `arXiv ${entry.paperId}`].filter(Boolean).join(' · ')),
    excerpt ? h('p.excerpt', null,
      excerpt.quote ? h('mark', null, excerpt.quote) : null, excerpt.quote && excerpt.body ? ' — ' : '', plainText(excerpt.body)) : null,
    h('div.controls', null, statusSelect(actions, entry.paperId, entry.status, 'status', entry.title), tagList(entry.tags),
      annotationCounts(entry))));
}

/** The search box and filters above a list. */
function filters(/** @type {Actions} */ actions, /** @type {import('./library-model.js').LibraryFilter} */ filter, /** @type {{ tags?: string[], collections?: { id: string, name: string }[] }} */ options) {
  return h('form.filters', { role: 'search', 'aria-label': 'Search and filter', onsubmit: (/** @type {Event} */ e) => e.preventDefault() },
    h('div.field.search-field', null, h('label', { for: 'search' }, 'Search'),
      h('input', { id: 'search', type: 'search', value: filter.query, placeholder: 'Titles, abstracts, notes, highlights',
        autocomplete: 'off', oninput: (/** @type {Event} */ e) => actions.filter({ query: /** @type {HTMLInputElement} */ (e.target).value }) })),
    options.tags ? h('div.field', null, h('label', { for: 'filter-status' }, 'Status'),
      h('select', { id: 'filter-status', onchange: (/** @type {Event} */ e) => actions.filter({ status: /** @type {HTMLSelectElement} */ (e.target).value }) },
        h('option', { value: '', selected: filter.status === '' }, 'Any status'),
        STATUSES.map((s) => h('option', { value: s.value, selected: filter.status === s.value }, s.label)))) : null,
    options.tags ? h('div.field', null, h('label', { for: 'filter-tag' }, 'Tag'),
      h('select', { id: 'filter-tag', onchange: (/** @type {Event} */ e) => actions.filter({ tag: /** @type {HTMLSelectElement} */ (e.target).value }) },
        h('option', { value: '', selected: !filter.tag }, 'Any tag'),
        options.tags.map((tag) => h('option', { value: tag, selected: filter.tag === tag }, tag)))) : null,
    options.collections ? h('div.field', null, h('label', { for: 'filter-collection' }, 'Collection'),
      h('select', { id: 'filter-collection', onchange: (/** @type {Event} */ e) => actions.filter({ collectionId: /** @type {HTMLSelectElement} */ (e.target).value }) },
        h('option', { value: '', selected: !filter.collectionId }, 'Any collection'),
        options.collections.map((c) => h('option', { value: c.id, selected: filter.collectionId === c.id }, c.name)))) : null);
}

/** A list cut at `limit` with a button for the rest: a 1,000-paper library draws its first screen fast. */
function limitedList(/** @type {Actions} */ actions, /** @type {HTMLElement[]} */ items, /** @type {number} */ limit, /** @type {string} */ empty) {
  if (!items.length) return h('p.empty', null, empty);
  return h('div', null, h('ul.papers', null, items.slice(0, limit)),
    items.length > limit ? h('button.more', { type: 'button', id: 'show-more', onclick: actions.showMore },
      `Show more (${items.length - limit} left)`) : null);
}

export function libraryScreen(/** @type {{ model: LibraryModel, filter: any, limit: number, actions: Actions }} */ { model, filter, limit, actions }) {
  const entries = filterLibrary(model, filter);
  const saved = model.entries.filter((e) => e.saved);
  const filtered = entries.length !== saved.length;
  return h('div.screen', null,
    h('div.screen-head', null, h('h1', null, 'Library'),
      h('p.muted', { id: 'result-count', role: 'status' }, filtered ? `${entries.length} of ${saved.length} papers` : `${saved.length} papers`)),
    filters(actions, filter, { tags: allTags(saved), collections: model.collections }),
    limitedList(actions, entries.map((entry) => paperCard(actions, entry)), limit,
      saved.length ? 'No paper matches these filters.' : 'No papers yet. Clip papers on Hugging Face with the extension, or give one a status here.'));
}

export function seenScreen(/** @type {{ model: LibraryModel, filter: any, limit: number, actions: Actions }} */ { model, filter, limit, actions }) {
  const entries = seenNotClipped(model, filter.query);
  return h('div.screen', null,
    h('div.screen-head', null, h('h1', null, 'Seen, not clipped'),
      h('p.muted', null, 'Papers that were on your screen on Hugging Face but that you did not keep, newest first.')),
    filters(actions, filter, {}),
    limitedList(actions, entries.map((entry) => {
      const titleId = `title-${domId(entry.paperId)}`;
      return h('li', null, h('article.paper.seen', { 'aria-labelledby': titleId, 'data-paper-id': entry.paperId },
        h('h2.paper-title', null, appLink(actions, paperPath(entry.paperId), { id: titleId }, entry.title)),
        h('p.meta', null, [shortAuthors(entry.authors), `seen ${formatDate(entry.sortKey)}`].filter(Boolean).join(' · ')),
        h('div.controls', null,
          h('button.primary', { type: 'button', id: `clip-${domId(entry.paperId)}`, 'aria-label': `Clip “${entry.title}”`,
            onclick: () => actions.clip(entry.paperId) }, 'Clip'),
          external(huggingFaceUrl(entry.paperId), 'Hugging Face', entry.title))));
    }), limit, 'Nothing here: every paper you saw is clipped, or none was seen yet.'));
}

/** @param {string} iso */
const formatDate = (iso) => (iso ? new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' }) : '');

/** A Markdown editor: a labelled text box with Save and Cancel; Ctrl+Enter saves, Escape cancels. */
function editor(/** @type {Actions} */ actions, /** @type {Editing} */ editing, /** @type {string} */ label) {
  return h('div.editor', null,
    h('label', { for: 'editor-text' }, label),
    h('textarea', { id: 'editor-text', rows: 6, value: editing.text, 'aria-describedby': 'editor-help',
      oninput: (/** @type {Event} */ e) => actions.draft(/** @type {HTMLTextAreaElement} */ (e.target).value),
      onkeydown: (/** @type {KeyboardEvent} */ e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); actions.save(); }
        if (e.key === 'Escape') { e.preventDefault(); actions.edit(undefined); }
      } }),
    h('p.help.muted', { id: 'editor-help' }, 'Markdown: **bold**, _italic_, [links](https://…), lists. Ctrl+Enter saves.'),
    h('div.row', null,
      h('button.primary', { type: 'button', id: 'editor-save', onclick: actions.save }, 'Save'),
      h('button', { type: 'button', id: 'editor-cancel', onclick: () => actions.edit(undefined) }, 'Cancel')));
}

const isEditing = (/** @type {Editing | undefined} */ editing, /** @type {Partial<Editing>} */ match) =>
  Boolean(editing && Object.entries(match).every(([key, value]) => /** @type {any} */ (editing)[key] === value));

/** One paper with everything written on it. */
export function paperScreen(/** @type {{ detail: ReturnType<typeof import('./library-model.js').paperModel>, editing: Editing | undefined, actions: Actions }} */ { detail, editing, actions }) {
  const { paper, personal, paperId } = detail;
  const title = paper.title ?? personal?.title ?? paperId;
  const names = (paper.authors ?? []).map((/** @type {any} */ a) => (typeof a === 'string' ? a : a?.name)).filter(Boolean);
  // A hundred-author paper would push everything else below the fold on a phone.
  const authors = names.length > 12 ? `${names.slice(0, 10).join(', ')} and ${names.length - 10} more` : names.join(', ');
  const tags = personal?.tags ?? [];
  return h('div.screen.paper-screen', null,
    appLink(actions, '/app/', { class: 'back' }, '← Library'),
    h('h1', { id: 'paper-title' }, title),
    h('p.meta', null, [authors, `arXiv ${paperId}`].filter(Boolean).join(' · ')),
    h('p.links', null, external(huggingFaceUrl(paperId), 'Open on Hugging Face', title),
      external(arxivUrl(paperId), 'Open on arXiv', title)),
    h('section.panel', { 'aria-label': 'Status and tags' },
      statusSelect(actions, paperId, personal?.status ?? 'new', 'paper-status', title, true),
      h('div.tag-editor', null,
        h('span.label', { id: 'tags-label' }, 'Tags'),
        tags.length ? h('ul.tags', { 'aria-labelledby': 'tags-label' }, tags.map((tag) => h('li.tag', null, tag,
          h('button.tag-remove', { type: 'button', id: `remove-tag-${domId(tag)}`, 'aria-label': `Remove tag ${tag}`,
            onclick: () => actions.removeTag(paperId, tag) }, '×')))) : h('span.muted', null, 'none'),
        h('form.add-tag', { onsubmit: (/** @type {Event} */ e) => {
          e.preventDefault();
          const input = /** @type {HTMLInputElement} */ (/** @type {HTMLFormElement} */ (e.target).elements.namedItem('tag'));
          if (!input.value.trim()) return;
          actions.addTags(paperId, input.value);
          input.value = '';
        } },
          h('label.sr-only', { for: 'add-tag' }, 'Add tags, separated by commas'),
          h('input', { id: 'add-tag', name: 'tag', placeholder: 'Add a tag', autocomplete: 'off' }),
          h('button', { type: 'submit', id: 'add-tag-button' }, 'Add')))),
    paper.abstract ? h('section', null, h('h2', null, 'Abstract'), h('p.abstract', null, paper.abstract)) : null,
    detail.conflicts.length ? h('section.conflicts', { 'aria-labelledby': 'conflicts-title' },
      h('h2', { id: 'conflicts-title' }, 'Notes changed in two places'),
      detail.conflicts.map((conflict, index) => h('div.conflict', null,
        h('p.muted', null, 'This note was edited here and elsewhere at the same time. Both texts are kept; choose one.'),
        h('div.versions', null,
          h('div', null, h('h3', null, 'Theirs (shown now)'), markdown(conflict.theirs),
            h('button', { type: 'button', id: `keep-theirs-${index}`, onclick: () => actions.resolveConflict(conflict, conflict.theirs) }, 'Keep theirs')),
          h('div', null, h('h3', null, 'Yours'), markdown(conflict.mine),
            h('button', { type: 'button', id: `keep-mine-${index}`, onclick: () => actions.resolveConflict(conflict, conflict.mine) }, 'Keep yours')))))) : null,
    h('section', { 'aria-labelledby': 'notes-title' },
      h('div.section-head', null, h('h2', { id: 'notes-title' }, 'Highlights and notes'),
        isEditing(editing, { kind: 'new-note', paperId }) ? null
          : h('button', { type: 'button', id: 'add-note', onclick: () => actions.edit({ kind: 'new-note', paperId, title, text: '' }) }, 'Add a note')),
      isEditing(editing, { kind: 'new-note', paperId }) ? editor(actions, /** @type {Editing} */ (editing), 'New note') : null,
      detail.annotations.length ? h('ul.annotations', null, detail.annotations.map((a) => h('li.annotation', { 'data-annotation-id': a.id },
        a.quote && a.kind === 'highlight' ? h('blockquote', { 'data-color': a.color ?? 'yellow' }, a.quote) : null,
        isEditing(editing, { kind: 'annotation', id: a.id }) ? editor(actions, /** @type {Editing} */ (editing), a.kind === 'highlight' ? 'Note on this highlight' : 'Note')
          : h('div', null, a.body ? markdown(a.body) : null,
            h('div.row', null,
              h('button', { type: 'button', id: `edit-${a.id}`, 'aria-label': a.body ? 'Edit note' : 'Add a note to this highlight',
                onclick: () => actions.edit({ kind: 'annotation', libraryId: a.libraryId, id: a.id, paperId, text: a.body }) }, a.body ? 'Edit' : 'Add note'),
              h('button.quiet', { type: 'button', id: `delete-${a.id}`, 'aria-label': a.kind === 'highlight' ? 'Delete highlight' : 'Delete note',
                onclick: () => actions.deleteAnnotation(a.libraryId, a.id, paperId) }, 'Delete')))))) 
        : (isEditing(editing, { kind: 'new-note', paperId }) ? null : h('p.muted', null, 'No highlights or notes yet.'))),
    detail.inCollections.length ? h('section', { 'aria-labelledby': 'collections-title' },
      h('h2', { id: 'collections-title' }, 'In your collections'),
      detail.inCollections.map((c) => collectionNote(actions, editing, c.collection, paperId, c.note, c.canEdit, c.annotations, c.addedBy, true))) : null);
}

/** A collection's shared note on one paper, editable by owners and editors, read-only for viewers. */
function collectionNote(/** @type {Actions} */ actions, /** @type {Editing | undefined} */ editing, /** @type {{ id: string, name: string, role: string }} */ collection, /** @type {string} */ paperId, /** @type {string} */ note, /** @type {boolean} */ canEdit, /** @type {any[]} */ annotations, /** @type {string | undefined} */ addedBy, /** @type {boolean} */ named) {
  const open = isEditing(editing, { kind: 'collection-note', libraryId: collection.id, paperId });
  return h('div.collection-note', { 'data-collection-id': collection.id },
    named ? h('h3', null, collection.name, h('span.role', null, collection.role)) : null,
    addedBy ? h('p.muted.small', null, `Added by ${addedBy}`) : null,
    open ? editor(actions, /** @type {Editing} */ (editing), `Shared note in ${collection.name}`)
      : h('div', null, note ? markdown(note) : h('p.muted', null, 'No shared note.'),
        canEdit ? h('button', { type: 'button', id: `edit-note-${domId(collection.id)}-${domId(paperId)}`,
          'aria-label': `${note ? 'Edit' : 'Write'} the shared note in ${collection.name}`,
          onclick: () => actions.edit({ kind: 'collection-note', libraryId: collection.id, paperId, text: note }) }, note ? 'Edit note' : 'Write a note')
          : h('p.readonly', null, 'Read-only: you are a viewer of this collection.')),
    annotations.length ? h('ul.annotations.members', null, annotations.map((a) => h('li.annotation', null,
      a.quote ? h('blockquote', null, a.quote) : null, a.body ? markdown(a.body) : null,
      a.createdBy ? h('p.muted.small', null, `— ${a.createdBy}`) : null))) : null);
}

/** A collection: its papers with the members' shared notes. */
export function collectionScreen(/** @type {{ collection: NonNullable<ReturnType<typeof import('./library-model.js').collectionModel>>, filter: any, limit: number, editing: Editing | undefined, actions: Actions }} */ { collection, filter, limit, editing, actions }) {
  const { summary, canEdit, members, entries } = collection;
  return h('div.screen', null,
    h('div.screen-head', null, h('h1', null, summary.name),
      // Markdown, as notes are.
      summary.description ? markdown(summary.description) : null,
      h('p.role-line', { id: 'collection-role' }, canEdit ? `You are ${summary.role === 'owner' ? 'the owner' : 'an editor'}: you can edit its notes.`
        : 'You are a viewer: this collection is read-only for you.')),
    members.length ? h('details.members', { id: 'members' }, h('summary', null, `${members.length} member${members.length === 1 ? '' : 's'}`),
      h('ul', null, members.map((m) => h('li', null, m.username, h('span.role', null, m.role))))) : null,
    filters(actions, filter, {}),
    limitedList(actions, entries.map((entry) => {
      const titleId = `title-${domId(entry.paperId)}`;
      return h('li', null, h('article.paper', { 'aria-labelledby': titleId, 'data-paper-id': entry.paperId },
        h('h2.paper-title', null, appLink(actions, paperPath(entry.paperId), { id: titleId }, entry.title)),
        h('p.meta', null, [shortAuthors(entry.authors), entry.addedBy ? `added by ${entry.addedBy}` : ''].filter(Boolean).join(' · ')),
        collectionNote(actions, editing, summary, entry.paperId, entry.note, canEdit, entry.annotations, undefined, false)));
    }), limit, 'No papers in this collection yet.'));
}

export function signedOutScreen(/** @type {{ error?: string, actions: Actions, busy?: boolean }} */ { error, actions, busy }) {
  return h('main.signed-out', { id: 'main' },
    h('div.card', null,
      h('img', { src: '/app/icons/icon-192.png', alt: '', width: 72, height: 72 }),
      h('h1', null, 'PaperNotes'),
      h('p', null, 'Your papers, reading status, highlights and notes from Hugging Face Papers, on any device. Works offline; changes sync when you are back.'),
      error ? h('p.error', { role: 'alert' }, error) : null,
      h('button.primary.big', { type: 'button', id: 'sign-in', onclick: actions.signIn, disabled: busy }, busy ? 'Signing in…' : 'Sign in'),
      h('p.muted.small', null, 'You sign in on this server’s own page; the app never sees your password.')));
}

export function notFoundScreen(/** @type {Actions} */ actions) {
  return h('div.screen', null, h('h1', null, 'Not here'), h('p', null, 'This page does not exist in your library. ',
    appLink(actions, '/app/', {}, 'Back to the library')));
}
