// The side panel's model: the papers of one library joined with their catalog data and annotations, then
// filtered by status, tag and a full-text query. Pure, so it is tested without a browser.

/**
 * @typedef {import('../shared/store.js').StoredObject} StoredObject
 *
 * @typedef {object} AnnotationView
 * @property {string} id
 * @property {string} libraryId
 * @property {'highlight' | 'note'} kind
 * @property {string} body
 * @property {string} quote     the highlighted text
 * @property {string} [color]
 * @property {string} [createdBy]
 * @property {boolean} orphaned the page could not anchor it
 *
 * @typedef {object} Entry
 * @property {string} paperId
 * @property {string} title
 * @property {string} abstract
 * @property {string} authors
 * @property {string} status
 * @property {string[]} tags
 * @property {boolean} starred
 * @property {boolean} saved     clipped, given a status, tagged or annotated: more than merely seen
 * @property {string} note       collection note
 * @property {string} [addedBy]  collection: who added it
 * @property {string} sortKey
 * @property {AnnotationView[]} annotations
 *
 * @typedef {{ scope?: 'saved' | 'seen', status: string, tag: string, query: string }} Filter
 *   scope: saved papers, or everything seen (merely scrolled past included); status: '' (any) or a reading status.
 *   Without a scope, status alone says both, as the web library asks: '' saved, 'all' everything seen, or a
 *   reading status among everything seen.
 */

/** @param {any} data */
const quoteOf = (data) => data?.target?.selectors?.find((/** @type {any} */ s) => s.type === 'TextQuoteSelector')?.exact ?? '';

/**
 * @param {{ libraryId: string, objects: StoredObject[], papers: Map<string, any>, orphans: Set<string>,
 *   collection?: boolean }} source
 *   objects: live objects of every library. The personal library shows annotations of every library, as the page
 *   does; a collection shows only those made in it (what its members share), and every paper in it counts as saved.
 * @returns {Entry[]}
 */
export function buildEntries({ libraryId, objects, papers, orphans, collection = false }) {
  /** @type {Map<string, AnnotationView[]>} */
  const annotationsByPaper = new Map();
  for (const object of objects) {
    if (object.kind !== 'annotation' || object.deleted || !object.data?.paperId) continue;
    if (collection && object.libraryId !== libraryId) continue;
    const list = annotationsByPaper.get(object.data.paperId) ?? [];
    list.push({ id: object.key, libraryId: object.libraryId, kind: object.data.kind, body: object.data.body ?? '',
      quote: quoteOf(object.data), color: object.data.color, createdBy: object.data.createdBy,
      orphaned: orphans.has(object.key) });
    annotationsByPaper.set(object.data.paperId, list);
  }
  return objects.filter((object) => object.kind === 'item' && object.libraryId === libraryId && !object.deleted)
    .map((object) => {
      const data = object.data ?? {};
      const paper = papers.get(object.key) ?? {};
      const annotations = annotationsByPaper.get(object.key) ?? [];
      const status = data.status ?? 'new';
      return {
        paperId: object.key,
        title: paper.title ?? object.key,
        abstract: paper.abstract ?? '',
        authors: (paper.authors ?? []).map((/** @type {any} */ a) => (typeof a === 'string' ? a : a?.name)).join(', '),
        status,
        tags: data.tags ?? [],
        starred: Boolean(data.starred),
        saved: collection || Boolean(data.clippedAt) || status !== 'new' || (data.tags ?? []).length > 0 || annotations.length > 0
          || Boolean(data.note),
        note: data.note ?? '',
        addedBy: data.addedBy,
        sortKey: data.clippedAt ?? data.addedAt ?? data.seenAt ?? '',
        annotations,
      };
    })
    .sort((a, b) => (a.sortKey < b.sortKey ? 1 : a.sortKey > b.sortKey ? -1 : 0));
}

/** Lower-case words of a query; every one must occur somewhere in the entry. @param {string} query */
const terms = (query) => query.toLowerCase().split(/\s+/).filter(Boolean);

/** @param {Entry} entry */
function searchableText(entry) {
  return [entry.title, entry.abstract, entry.authors, entry.note, entry.paperId, ...entry.tags,
    ...entry.annotations.flatMap((a) => [a.body, a.quote])].join('\n').toLowerCase();
}

/** @param {Entry[]} entries @param {Filter} filter */
export function filterEntries(entries, { scope, status, tag, query }) {
  const words = terms(query);
  const savedOnly = (scope ?? (status === '' ? 'saved' : 'seen')) === 'saved';
  const wanted = status === 'all' ? '' : status;
  return entries.filter((entry) => {
    if (savedOnly && !entry.saved) return false;
    if (wanted && entry.status !== wanted) return false;
    if (tag && !entry.tags.includes(tag)) return false;
    if (!words.length) return true;
    const text = searchableText(entry);
    return words.every((word) => text.includes(word));
  });
}

/** Every tag in use, alphabetically. @param {Entry[]} entries */
export const allTags = (entries) => [...new Set(entries.flatMap((entry) => entry.tags))].sort();

/**
 * What the personal library's count line says: how many papers are saved and seen, how many the filters show, and,
 * when saved papers show none, how many everything seen would show (so a search is never silently too narrow).
 * @param {Entry[]} entries @param {Filter & { scope: 'saved' | 'seen' }} filter
 */
export function libraryCounts(entries, filter) {
  const shown = filterEntries(entries, filter);
  const saved = entries.filter((entry) => entry.saved).length;
  const narrowed = Boolean(filter.status || filter.tag || terms(filter.query).length);
  const inSeen = filter.scope === 'saved' && shown.length === 0
    ? filterEntries(entries, { ...filter, scope: 'seen' }).length : 0;
  const plural = (/** @type {number} */ n, /** @type {string} */ word) => `${n} ${word}${n === 1 ? '' : 'es'}`;
  return {
    shown,
    /** e.g. "1 saved · 18 seen", with "2 matches ·" in front while a search or filter narrows the list */
    text: `${narrowed ? `${plural(shown.length, 'match')} · ` : ''}${saved} saved · ${entries.length} seen`,
    /** matches under "Everything seen" when "Saved" shows none; 0 otherwise */
    inSeen,
    inSeenText: inSeen ? `${plural(inSeen, 'match')} in Everything seen` : '',
  };
}
