// What the side panel offers for a collection, decided from the user's role: who may edit notes, and which share
// controls each member row gets. Pure, so it is tested without a browser; share-dialog.js draws it.

/**
 * @typedef {import('../shared/collections.js').Role} Role
 * @typedef {import('../shared/messages.js').Member} Member
 *
 * @typedef {object} MemberRow
 * @property {string} username
 * @property {Role} role
 * @property {boolean} self
 * @property {boolean} canChangeRole  the owner, on someone else's row (the owner's own role is fixed)
 * @property {boolean} canRemove      the owner, on someone else's row
 * @property {boolean} canLeave       a non-owner, on their own row (an owner deletes the collection instead)
 */

/** @type {Record<Role, string>} */
export const ROLE_LABELS = { owner: 'Owner', editor: 'Editor', viewer: 'Viewer' };

/** What each role may do, in one line for the dialog. @type {Record<Role, string>} */
export const ROLE_SUMMARIES = {
  owner: 'You own this collection: you manage its members and its public link.',
  editor: 'You are an editor: you add papers, notes and highlights.',
  viewer: 'You are a viewer: you read the papers, notes and highlights.',
};

/**
 * One row per member, with the controls the user may use on it.
 * @param {Member[]} members @param {{ me: string | undefined, myRole: Role }} viewer
 * @returns {MemberRow[]}
 */
export function memberRows(members, { me, myRole }) {
  const owner = myRole === 'owner';
  return members.map(({ username, role }) => {
    const self = username === me;
    const others = owner && !self && role !== 'owner';
    return { username, role, self, canChangeRole: others, canRemove: others, canLeave: self && role !== 'owner' };
  });
}

/**
 * The public page's full address: the server answers `/c/{token}` relative to itself.
 * @param {string | null | undefined} serverUrl @param {string | null | undefined} publicUrl
 */
export function publicLinkUrl(serverUrl, publicUrl) {
  if (!publicUrl) return null;
  try {
    return new URL(publicUrl, serverUrl ?? undefined).toString();
  } catch {
    return publicUrl;
  }
}
