// Everything the side panel remembers between renders, in one object, and the one decision made from it alone:
// which library to show. The rest is read from IndexedDB and chrome.storage on every render.

/**
 * @typedef {object} PanelState
 * @property {import('../shared/store.js').StoredObject[]} objects  live objects as last rendered: the share dialog
 *   shows members from them while the server cannot be asked
 * @property {Map<string, string>} noteDrafts   collection notes being edited, by `libraryId/paperId`: they survive
 *   the re-renders a sync causes
 * @property {Map<string, string | null>} entryErrors  why the last change to a paper in a collection failed (a note
 *   not saved, a removal refused), by `libraryId/paperId`
 * @property {string | null} pendingSelection  a collection just created: selected once the worker has stored it
 * @property {string | null} exportError        the last export failure, shown until the next export
 * @property {{ userId?: string, username?: string, serverUrl: string | null }} account  who is signed in, where
 */

/** @returns {PanelState} */
export function createPanelState() {
  return {
    objects: [],
    noteDrafts: new Map(),
    entryErrors: new Map(),
    pendingSelection: null,
    exportError: null,
    account: { serverUrl: null },
  };
}

/**
 * The library to show: a collection just created as soon as it is listed, else the one chosen in the picker while
 * it still exists, else the personal library.
 * @param {PanelState} state @param {{ id: string }[]} choices @param {string} picked the picker's value
 * @param {string} personalId
 */
export function chooseLibrary(state, choices, picked, personalId) {
  const listed = (/** @type {string | null} */ id) => id !== null && choices.some((choice) => choice.id === id);
  if (listed(state.pendingSelection)) {
    const created = /** @type {string} */ (state.pendingSelection);
    state.pendingSelection = null;
    return created;
  }
  return listed(picked) ? picked : personalId;
}
