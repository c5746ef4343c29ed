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
 * @property {{ field: 'title' | 'abstract', selectors: Selector[] }} target
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
 * @typedef {{ type: 'update-item', paperId: string, patch: Partial<Item>, libraryId?: string }} UpdateItem
 *   Clip, status, tags, star: applied locally at once and queued. Lowering a status (read → to-read) is sent
 *   with `force`, so the server's monotonic rule keeps the user's explicit choice.
 * @typedef {{ type: 'put-annotation', annotation: Annotation }} PutAnnotation
 * @typedef {{ type: 'delete-annotation', id: string, libraryId?: string }} DeleteAnnotation
 * @typedef {{ type: 'report-orphans', paperId: string, annotationIds: string[] }} ReportOrphans
 *   After anchoring a paper's annotations: the ones that could not be anchored (an empty list clears the flags).
 *   The side panel lists them as orphaned.
 *
 * Worker → content script (`chrome.tabs.sendMessage` to the active tab).
 * @typedef {{ type: 'command', command: 'clip-paper' | 'mark-read' | 'highlight-selection' }} Command
 *   A keyboard shortcut from the manifest's `commands`; the content script acts on the focused card or selection.
 *
 * Extension pages → worker.
 * @typedef {{ type: 'sign-in' }} SignIn
 * @typedef {{ type: 'sign-out' }} SignOut
 * @typedef {{ type: 'sync-now' }} SyncNow
 * @typedef {{ type: 'resolve-conflict', libraryId: string, key: string, text: string }} ResolveConflict
 *   The text the user kept for a note whose two versions diverged; it replaces the shared copy.
 *
 * @typedef {CapturePage | MarkSeen | GetPageState | UpdateItem | PutAnnotation | DeleteAnnotation | ReportOrphans
 *   | SignIn | SignOut | SyncNow | ResolveConflict} Message
 *
 * @typedef {object} PageState
 * @property {Record<string, Item>} items       by paper id
 * @property {Annotation[]} annotations         of the requested papers, every library the user reads
 * @property {boolean} signedIn
 * @property {{ id: string, name: string, role: string }[]} collections  shared collections, for a picker
 */

/** Every message type, so senders and listeners agree on spelling. */
export const MessageType = Object.freeze({
  CapturePage: 'capture-page',
  MarkSeen: 'mark-seen',
  GetPageState: 'get-page-state',
  UpdateItem: 'update-item',
  PutAnnotation: 'put-annotation',
  DeleteAnnotation: 'delete-annotation',
  SignIn: 'sign-in',
  SignOut: 'sign-out',
  SyncNow: 'sync-now',
  ReportOrphans: 'report-orphans',
  ResolveConflict: 'resolve-conflict',
  Command: 'command',
});

/**
 * `chrome.storage.local` key the worker bumps after every local or remote change; pages and content scripts
 * listen with `storage.onChanged` and re-read what they show. Value: `{ at: number, paperIds?: string[] }`.
 */
export const STATE_REVISION_KEY = 'stateRevision';

/**
 * `chrome.storage.local` key holding `{ online, pending, conflicts, signedIn, username, serverUrl, lastError }`
 * for the UI.
 */
export const SYNC_STATUS_KEY = 'syncStatus';

/** `chrome.storage.local` key of the options page's settings: `{ serverUrl }` (an origin). */
export const SETTINGS_KEY = 'settings';

/** The server a fresh install talks to (SPEC §2's example address). */
export const DEFAULT_SERVER_URL = 'http://127.0.0.1:5080';
