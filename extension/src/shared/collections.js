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
 * A collection's name and the user's role in it. The collection's own feed (its `collection` object, the user's
 * `member` entry) arrives live, so it is newer than the library list, which only `/api/me` refreshes.
 * @param {LibraryRecord} library @param {any} details data of its live `collection` object
 * @param {any} self data of the user's live `member` entry
 * @returns {{ id: string, name: string, role: Role }}
 */
export const collectionNameAndRole = (library, details, self) => ({
  id: library.id, name: details?.name ?? library.name, role: /** @type {Role} */ (self?.role ?? library.role),
});

/**
 * The collections the user belongs to, by name.
 * @param {LibraryRecord[]} libraries @param {StoredObject[]} objects @param {string | undefined} username
 * @returns {CollectionSummary[]}
 */
export function collectionSummaries(libraries, objects, username) {
  return libraries.filter((library) => library.kind === 'collection').map((library) => {
    const details = objects.find((o) => live(o, library.id, 'collection'))?.data ?? {};
    const self = username ? objects.find((o) => live(o, library.id, 'member') && o.data?.username === username) : undefined;
    return {
      ...collectionNameAndRole(library, details, self?.data),
      description: details.description ?? library.description ?? '',
      publicUrl: ('publicUrl' in details ? details.publicUrl : library.publicUrl) ?? null,
      paperCount: objects.filter((o) => live(o, library.id, 'item')).length,
    };
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
