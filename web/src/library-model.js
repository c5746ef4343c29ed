// What the web library shows, computed from the stored objects: the personal library, the "seen but not clipped"
// list, collections with their members' notes, and one paper with everything the user wrote on it. Pure functions
// over the store's records (the side panel's own model does the joining and searching), so tests need no browser.
import { buildEntries, filterEntries, allTags } from '../../extension/src/sidepanel/library-view.js';
import { STATUSES as READING_STATUSES } from '../../extension/src/shared/reading-status.js';
import { canEditCollection, collectionSummaries, membershipsOf, storedMembers } from '../../extension/src/shared/collections.js';

export { allTags };

/** Reading statuses in the order a reader moves through them, with the words the extension shows too. */
export const STATUSES = Object.freeze(READING_STATUSES.map(([value, label]) => ({ value, label })));

/** @param {string} status */
export const statusLabel = (status) => STATUSES.find((s) => s.value === status)?.label ?? status;

/**
 * @typedef {import('../../extension/src/shared/store.js').StoredObject} StoredObject
 * @typedef {import('../../extension/src/shared/store.js').LibraryRecord} LibraryRecord
 * @typedef {import('../../extension/src/sidepanel/library-view.js').Entry} Entry
 * @typedef {import('../../extension/src/shared/collections.js').CollectionSummary} CollectionSummary
 *
 * @typedef {object} Snapshot   Everything the app reads from IndexedDB at once.
 * @property {StoredObject[]} objects   live and deleted objects of every library
 * @property {Map<string, any>} papers  catalog papers by id
 * @property {LibraryRecord[]} libraries
 * @property {{ userId: string, username: string, personalLibraryId: string } | undefined} account
 * @property {any[]} conflicts
 *
 * @typedef {{ status: string, tag: string, query: string, collectionId: string }} LibraryFilter
 *   status: '' (every saved paper) or a reading status; collectionId: '' or a collection holding the paper
 */

/** The personal library's papers and the user's collections. @param {Snapshot} snapshot */
export function libraryModel(snapshot) {
  const personalId = snapshot.account?.personalLibraryId ?? '';
  const live = snapshot.objects.filter((object) => !object.deleted);
  const entries = buildEntries({ libraryId: personalId, objects: live, papers: snapshot.papers, orphans: new Set() });
  const collections = collectionSummaries(snapshot.libraries, live, snapshot.account?.userId);
  const memberships = membershipsOf(live, collections.map((c) => c.id));
  return { personalId, entries, collections, memberships, live };
}

/** @typedef {ReturnType<typeof libraryModel>} LibraryModel */

/** Saved papers matching the filter, newest first. @param {LibraryModel} model @param {LibraryFilter} filter */
export function filterLibrary(model, { status, tag, query, collectionId }) {
  return filterEntries(model.entries, { status, tag, query })
    .filter((entry) => !collectionId || (model.memberships[entry.paperId] ?? []).includes(collectionId));
}

/**
 * Papers that were in view on a listing but never clipped, given a status, tagged or annotated: newest first.
 * @param {LibraryModel} model @param {string} query
 */
export function seenNotClipped(model, query) {
  return filterEntries(model.entries, { status: 'all', tag: '', query })
    .filter((entry) => !entry.saved && entry.sortKey)
    .sort((a, b) => (a.sortKey < b.sortKey ? 1 : a.sortKey > b.sortKey ? -1 : 0));
}

/**
 * One collection: its papers with the shared note and the annotations made in it, its members, and whether the user
 * may edit (owners and editors; viewers read).
 * @param {LibraryModel} model @param {Snapshot} snapshot @param {string} collectionId @param {string} query
 */
export function collectionModel(model, snapshot, collectionId, query) {
  const summary = model.collections.find((c) => c.id === collectionId);
  if (!summary) return undefined;
  const entries = buildEntries({ libraryId: collectionId, objects: model.live, papers: snapshot.papers,
    orphans: new Set(), collection: true });
  return {
    summary,
    canEdit: canEditCollection(summary.role),
    members: storedMembers(model.live, collectionId),
    entries: filterEntries(entries, { status: 'all', tag: '', query }),
  };
}

/**
 * One paper: the personal entry (or a bare one when it is only in collections), its catalog record, and each of the
 * user's collections holding it with that collection's note and annotations.
 * @param {LibraryModel} model @param {Snapshot} snapshot @param {string} paperId
 */
export function paperModel(model, snapshot, paperId) {
  const paper = snapshot.papers.get(paperId) ?? { id: paperId };
  const personal = model.entries.find((entry) => entry.paperId === paperId);
  const inCollections = model.collections
    .filter((collection) => (model.memberships[paperId] ?? []).includes(collection.id))
    .map((collection) => {
      const entry = buildEntries({ libraryId: collection.id, objects: model.live, papers: snapshot.papers,
        orphans: new Set(), collection: true }).find((e) => e.paperId === paperId);
      return { collection, canEdit: canEditCollection(collection.role), note: entry?.note ?? '', addedBy: entry?.addedBy,
        annotations: entry?.annotations ?? [] };
    });
  return {
    paperId,
    paper,
    personal,
    // Annotations of the personal library (buildEntries gathers every library's; collections list their own).
    annotations: (personal?.annotations ?? []).filter((a) => a.libraryId === model.personalId),
    inCollections,
    conflicts: snapshot.conflicts.filter((conflict) => conflict.paperId === paperId),
  };
}

/** @param {string} paperId */
export const huggingFaceUrl = (paperId) => `https://huggingface.co/papers/${encodeURIComponent(paperId)}`;

/** Old-style ids keep their slash (`hep-th/9901001`). @param {string} paperId */
export const arxivUrl = (paperId) => `https://arxiv.org/abs/${paperId.split('/').map(encodeURIComponent).join('/')}`;

/**
 * A new note on a paper, written here rather than on a highlight: anchored to the whole title, which the
 * extension then shows where it shows the title (annotations always have a target, SPEC §1).
 * @param {{ id: string, paperId: string, title: string, body: string }} note
 */
export function paperNote({ id, paperId, title, body }) {
  return {
    id, paperId, kind: /** @type {const} */ ('note'), body,
    target: { field: /** @type {const} */ ('title'), selectors: [
      { type: /** @type {const} */ ('TextQuoteSelector'), exact: title, prefix: '', suffix: '' },
      { type: /** @type {const} */ ('TextPositionSelector'), start: 0, end: title.length },
    ] },
  };
}

/**
 * Tags typed in one box, comma separated, added to the ones there: trimmed, without repeats, at most 40 characters.
 * @param {string[]} current @param {string} typed
 */
export function addTags(current, typed) {
  const added = typed.split(',').map((tag) => tag.trim().slice(0, 40)).filter(Boolean);
  return [...new Set([...current, ...added])];
}

/** Authors as one short line: the first three, then how many more. @param {string} authors comma separated */
export function shortAuthors(authors) {
  const names = authors.split(',').map((name) => name.trim()).filter(Boolean);
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} +${names.length - 3}` : names.join(', ');
}
