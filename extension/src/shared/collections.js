// Collections as the worker and the side panel show them: the library list from `/api/me`, refined by each
// collection's own feed objects (kinds `collection` and `member`, which arrive live), and which collections hold
// which papers. Pure functions over stored records, so both sides agree and tests need no browser.

/**
 * @typedef {import('./store.js').StoredObject} StoredObject
 * @typedef {import('./store.js').LibraryRecord} LibraryRecord
 * @typedef {'owner' | 'editor' | 'viewer'} Role
 *
 * @typedef {object} CollectionSummary
 * @property {string} id            the collection's library id
 * @property {string} name
 * @property {string} description
 * @property {Role} role            the signed-in user's role
 * @property {string | null} publicUrl  `/c/{token}` (relative to the server) while the public link is on
 * @property {number} paperCount
 */

/** Owners and editors change a collection's papers and notes; viewers only read. @param {string | undefined} role */
export const canEditCollection = (role) => role === 'owner' || role === 'editor';

/** @param {StoredObject} object @param {string} libraryId @param {string} kind */
const live = (object, libraryId, kind) => object.libraryId === libraryId && object.kind === kind && !object.deleted;

/** Collections are listed by name. @param {{ name: string }} a @param {{ name: string }} b */
export const byName = (a, b) => a.name.localeCompare(b.name);

/**
 * One collection as the worker and the side panel both show it. The collection's own feed (its `collection` object,
 * the user's `member` entry, which the server keys by USER ID) arrives live, so it is newer than the library list,
 * which only `/api/me` refreshes.
 * @param {LibraryRecord} library @param {any} details data of its live `collection` object
 * @param {any} self data of the user's live `member` entry @param {number} [paperCount]
 * @returns {CollectionSummary}
 */
export function collectionSummary(library, details, self, paperCount = 0) {
  return {
    id: library.id,
    name: details?.name ?? library.name,
    description: details?.description ?? library.description ?? '',
    role: /** @type {Role} */ (self?.role ?? library.role),
    publicUrl: (details && 'publicUrl' in details ? details.publicUrl : library.publicUrl) ?? null,
    paperCount,
  };
}

/**
 * A collection's name and the user's role in it (what a Papers page's collection picker needs).
 * @param {LibraryRecord} library @param {any} details @param {any} self see {@link collectionSummary}
 * @returns {{ id: string, name: string, role: Role }}
 */
export const collectionNameAndRole = (library, details, self) => {
  const { id, name, role } = collectionSummary(library, details, self);
  return { id, name, role };
};

/**
 * The collections the user belongs to, by name.
 * @param {LibraryRecord[]} libraries @param {StoredObject[]} objects
 * @param {string | undefined} userId the signed-in user's id: the key of their `member` entry in each collection
 * @returns {CollectionSummary[]}
 */
export function collectionSummaries(libraries, objects, userId) {
  return libraries.filter((library) => library.kind === 'collection').map((library) => {
    const details = objects.find((o) => live(o, library.id, 'collection'))?.data;
    const self = userId ? objects.find((o) => live(o, library.id, 'member') && o.key === userId)?.data : undefined;
    return collectionSummary(library, details, self, objects.filter((o) => live(o, library.id, 'item')).length);
  }).sort(byName);
}

/**
 * By paper id, the collections holding it.
 * @param {StoredObject[]} objects @param {string[]} collectionIds
 * @returns {Record<string, string[]>}
 */
export function membershipsOf(objects, collectionIds) {
  const collections = new Set(collectionIds);
  /** @type {Record<string, string[]>} */
  const memberships = {};
  for (const object of objects) {
    if (object.kind !== 'item' || object.deleted || !collections.has(object.libraryId)) continue;
    (memberships[object.key] ??= []).push(object.libraryId);
  }
  return memberships;
}

/**
 * Members as the collection's feed knows them, for when the server cannot be asked: owner first, then by name.
 * @param {StoredObject[]} objects @param {string} libraryId
 * @returns {{ username: string, role: Role }[]}
 */
export function storedMembers(objects, libraryId) {
  return sortMembers(objects.filter((o) => live(o, libraryId, 'member') && o.data?.username)
    .map((o) => ({ username: o.data.username, role: o.data.role })));
}

const ROLE_ORDER = { owner: 0, editor: 1, viewer: 2 };

/** Owner first, then editors, then viewers, each by name. @template {{ username: string, role: Role }} M @param {M[]} members */
export const sortMembers = (members) => [...members].sort((a, b) => (ROLE_ORDER[a.role] ?? 3) - (ROLE_ORDER[b.role] ?? 3)
  || a.username.localeCompare(b.username));
