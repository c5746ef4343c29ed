// The messages between content scripts, extension pages and the service worker: a discriminated union on `type`.
// A listener returns `true` only when it will answer asynchronously.

/**
 * @typedef {'new' | 'to-read' | 'reading' | 'read' | 'archived'} ReadingStatus
 *
 * @typedef {{ type: 'TextQuoteSelector', exact: string, prefix?: string, suffix?: string }
 *   | { type: 'TextPositionSelector', start: number, end: number }} Selector
 *
 * @typedef {object} Annotation   SPEC §1; `id` is a client-chosen UUID.
 * @property {string} id
 * @property {string} paperId
 * @property {'highlight' | 'note'} kind
 * @property {{ field: 'title' | 'abstract' | 'summary', selectors: Selector[] }} target  `summary` is Hugging Face's
 *   AI-generated summary, which trending cards show in place of the abstract
 * @property {string} [color]
 * @property {string} [body]      Markdown
 * @property {string} [libraryId] the personal library when absent
 *
 * @typedef {object} Item         SPEC §1, personal library.
 * @property {string} paperId
 * @property {ReadingStatus} [status]
 * @property {string[]} [tags]
 * @property {boolean} [starred]
 * @property {string | null} [seenAt]
 * @property {string | null} [clippedAt]
 */

/**
 * Content script → worker.
 * @typedef {{ type: 'capture-page', url: string, html: string }} CapturePage
 *   The page's HTML, sent to `POST /api/captures` (queued while offline).
 * @typedef {{ type: 'mark-seen', paperIds: string[], at: string }} MarkSeen
 *   Papers whose card stayed half in view for a second; sets `seenAt` once.
 * @typedef {{ type: 'get-page-state', paperIds: string[] }} GetPageState
 *   Answers {@link PageState} for these papers.
 * @typedef {{ type: 'update-item', paperId: string, patch: Partial<Item> & { force?: boolean }, libraryId?: string }} UpdateItem
 *   Clip, status, tags, star: applied locally at once and queued. `force: true` comes with a status the user chose
 *   below the current one (SPEC §4: status only rises otherwise).
 * @typedef {{ type: 'put-annotation', annotation: Annotation }} PutAnnotation
 * @typedef {{ type: 'reattach-annotation', id: string, libraryId?: string }} ReattachAnnotation
 *   From the side panel: moves an orphaned annotation onto the text selected in the active tab's paper (the same
 *   paper). Answers `ok: false` with a sentence when there is no such selection.
 * @typedef {{ type: 'delete-annotation', id: string, libraryId?: string }} DeleteAnnotation
 * @typedef {{ type: 'report-orphans', paperId: string, annotationIds: string[], anchoredIds?: string[],
 *   textVersion?: string, url?: string }} ReportOrphans
 *   What one page made of a paper's annotations: `annotationIds` are those whose field is on the page but whose text
 *   could not be found in it (not even fuzzily), in this version of the text; `anchoredIds` those it painted. An orphan
 *   is listed in the side panel (never deleted on its own) until any page anchors it again, which clears it.
 * @typedef {{ type: 'add-to-collection', paperId: string, libraryId: string }} AddToCollection
 *   Puts the paper in a collection library (an item there), from the card's collection picker.
 * @typedef {{ type: 'remove-from-collection', paperId: string, libraryId: string }} RemoveFromCollection
 *   Both are refused (`ok: false`) for a collection the user only views; offline they queue like any other change.
 * @typedef {{ type: 'set-collection-note', paperId: string, libraryId: string, note: string }} SetCollectionNote
 *   The shared Markdown note of a paper in a collection (owner and editor only); queued through the outbox.
 *
 * Worker → content script (the active tab), for the manifest's keyboard shortcuts.
 * @typedef {{ type: 'command', command: 'clip-paper' | 'mark-read' | 'highlight-selection' }} Command
 *
 * Extension pages → worker.
 * @typedef {{ type: 'sign-in' }} SignIn
 * @typedef {{ type: 'sign-out' }} SignOut
 * @typedef {{ type: 'sync-now' }} SyncNow
 * @typedef {{ type: 'resolve-conflict', libraryId: string, key: string, text: string }} ResolveConflict
 *   The text the user kept for a note whose two versions diverged; it replaces the shared copy.
 *
 * Collection management, side panel → worker. These are online-only API calls (SPEC §4): they answer
 * {@link ManagementAnswer}; offline or signed out they fail at once with `offline: true` and a sentence to show.
 * @typedef {{ type: 'create-collection', name: string, description?: string }} CreateCollection
 *   Answers `collection`; the worker then refetches the library list and pulls the new library.
 * @typedef {{ type: 'update-collection', libraryId: string, name?: string, description?: string,
 *   publicLink?: boolean, rotateLink?: true }} UpdateCollection
 *   Rename, describe, turn the public link on or off, or rotate it. Answers `collection` (with `publicUrl`, relative
 *   to the server, while the link is on).
 * @typedef {{ type: 'delete-collection', libraryId: string }} DeleteCollection   owner only
 * @typedef {{ type: 'list-members', libraryId: string }} ListMembers           answers `members`
 * @typedef {{ type: 'set-member-role', libraryId: string, username: string, role: 'editor' | 'viewer' }} SetMemberRole
 *   Invites a user by username, or changes a member's role (owner only).
 * @typedef {{ type: 'remove-member', libraryId: string, username: string }} RemoveMember
 *   Owner removes a member; with one's own username it means leave the collection.
 * @typedef {{ type: 'export-library', libraryId: string, format: ExportFormat, paperIds?: string[] }} ExportLibrary
 *   Answers `file: { name, mimeType, text }` for the page to download; `paperIds` narrows it to what the reader's
 *   filters show.
 * @typedef {'markdown' | 'bibtex' | 'csljson' | 'jsonld'} ExportFormat
 *
 * @typedef {object} Collection   As `POST`/`PATCH /api/collections` answer it.
 * @property {string} id
 * @property {string} name
 * @property {string} [description]
 * @property {'owner' | 'editor' | 'viewer'} [role]
 * @property {string | null} [publicUrl]  `/c/{token}` while the public link is on
 *
 * @typedef {{ username: string, role: 'owner' | 'editor' | 'viewer' }} Member
 *
 * @typedef {object} ManagementAnswer
 * @property {boolean} ok
 * @property {string} [error]          a sentence for the user
 * @property {boolean} [offline]       the server could not be reached, or nobody is signed in
 * @property {Collection} [collection]
 * @property {Member[]} [members]
 * @property {{ name: string, mimeType: string, text: string }} [file]
 *
 * @typedef {CapturePage | MarkSeen | GetPageState | UpdateItem | PutAnnotation | DeleteAnnotation
 *   | ReportOrphans | ReattachAnnotation | AddToCollection | RemoveFromCollection | SetCollectionNote | SignIn | SignOut | SyncNow
 *   | ResolveConflict | CreateCollection | UpdateCollection | DeleteCollection | ListMembers | SetMemberRole
 *   | RemoveMember | ExportLibrary | Command} Message
 *
 * @typedef {object} PageState
 * @property {Record<string, Item>} items       by paper id
 * @property {Annotation[]} annotations         of the requested papers, every library the user reads
 * @property {boolean} signedIn
 * @property {{ id: string, name: string, role: 'owner' | 'editor' | 'viewer' }[]} [collections]
 *   the collection libraries the user belongs to, for the card's collection picker
 * @property {Record<string, string[]>} [memberships]  by paper id: the collection library ids holding that paper
 */

/** Every message type, so senders and listeners agree on spelling. */
export const MessageType = Object.freeze({
  CapturePage: 'capture-page',
  MarkSeen: 'mark-seen',
  GetPageState: 'get-page-state',
  UpdateItem: 'update-item',
  PutAnnotation: 'put-annotation',
  DeleteAnnotation: 'delete-annotation',
  ReportOrphans: 'report-orphans',
  ReattachAnnotation: 'reattach-annotation',
  /** Worker → content script: the current selection as a target on the given paper (`{ ok, target }`). */
  SelectionTarget: 'selection-target',
  AddToCollection: 'add-to-collection',
  RemoveFromCollection: 'remove-from-collection',
  Command: 'command',
  SignIn: 'sign-in',
  SignOut: 'sign-out',
  SyncNow: 'sync-now',
  ResolveConflict: 'resolve-conflict',
  SetCollectionNote: 'set-collection-note',
  CreateCollection: 'create-collection',
  UpdateCollection: 'update-collection',
  DeleteCollection: 'delete-collection',
  ListMembers: 'list-members',
  SetMemberRole: 'set-member-role',
  RemoveMember: 'remove-member',
  ExportLibrary: 'export-library',
});

/** The export formats of `GET /api/libraries/{lib}/export` (SPEC §4), with the file each becomes. */
export const EXPORT_FORMATS = Object.freeze({
  markdown: { label: 'Markdown', extension: 'md', mimeType: 'text/markdown' },
  bibtex: { label: 'BibTeX', extension: 'bib', mimeType: 'application/x-bibtex' },
  csljson: { label: 'CSL-JSON', extension: 'json', mimeType: 'application/vnd.citationstyles.csl+json' },
  jsonld: { label: 'Web Annotation JSON-LD', extension: 'jsonld', mimeType: 'application/ld+json' },
});

/**
 * `chrome.storage.local` key the worker bumps after every local or remote change; pages and content scripts
 * listen with `storage.onChanged` and re-read what they show. Value: `{ at: number, paperIds?: string[] }`.
 */
export const STATE_REVISION_KEY = 'stateRevision';

/**
 * Tells pages and content scripts to re-read, by bumping {@link STATE_REVISION_KEY}.
 * @param {import('./chrome-api.js').ChromeApi} chrome
 * @param {string[]} [paperIds] the papers whose cards changed; absent, every card re-reads (its collection picker changed)
 */
export const askPagesToReRead = (chrome, paperIds) => chrome.storage.set({ [STATE_REVISION_KEY]: { at: Date.now(), paperIds } });

/**
 * `chrome.storage.local` key holding `{ online, pending, conflicts, signedIn, username, serverUrl, lastError }`
 * for the UI.
 */
export const SYNC_STATUS_KEY = 'syncStatus';

/** `chrome.storage.local` key of the options page's settings: `{ serverUrl }` (an origin). */
export const SETTINGS_KEY = 'settings';

/** The server a fresh install talks to (SPEC §2's example address). */
export const DEFAULT_SERVER_URL = 'http://127.0.0.1:5080';
