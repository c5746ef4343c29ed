// The web library's entry point: sign-in round trip, the store, the one syncing tab, the screens. Changes go through
// the extension's own actions (applied to IndexedDB and queued in one transaction) and its sync engine (hub, pull,
// outbox replay with Idempotency-Key, merge on 412), with platform.js in place of `chrome.*`.
import { signOut } from '../../extension/src/shared/auth.js';
import { MessageType, STATE_REVISION_KEY, SYNC_STATUS_KEY } from '../../extension/src/shared/messages.js';
import { clearAccountData, openStore, readMeta } from '../../extension/src/shared/store.js';
import { whenLeader } from './leader.js';
import { collectionModel, libraryModel, paperModel, paperNote, seenNotClipped, addTags } from './library-model.js';
import { createPlatform } from './platform.js';
import {
  collectionScreen, libraryScreen, notFoundScreen, paperScreen, seenScreen, shell, signedOutScreen,
} from './ui.js';
import { loadMarkdown } from './markdown-lazy.js';
import { beginSignIn, CALLBACK_PATH, completeSignIn } from './web-auth.js';

/** How often the syncing tab makes sure it is connected and nothing waits (the extension's alarm does this). */
const WAKE_INTERVAL_MS = 30_000;
/** Cards drawn at once: a phone shows four, a desktop six; "Show more" draws the next. */
const PAGE_SIZE = 50;

const root = /** @type {HTMLElement} */ (document.getElementById('app'));
const platform = createPlatform({
  setAppBadge: navigator.setAppBadge?.bind(navigator), clearAppBadge: navigator.clearAppBadge?.bind(navigator),
});

/**
 * @typedef {import('./ui.js').Editing} Editing
 * @type {{ snapshot?: import('./library-model.js').Snapshot, status?: any, signedIn: boolean, error?: string,
 *   filter: import('./library-model.js').LibraryFilter, limit: number, editing?: Editing, busy: boolean }}
 */
const state = { signedIn: false, filter: { status: '', tag: '', query: '', collectionId: '' }, limit: PAGE_SIZE, busy: false };

/** @type {import('../../extension/src/shared/store.js').Store} */
let db;
/** @type {import('../../extension/src/background/sync-engine.js').SyncEngine | undefined} */
let engine;

/** The engine as this tab's actions see it: the leader's own, or a message asking the leader to send. */
const engineForActions = {
  flushSoon: async () => (engine ? engine.flushSoon() : platform.tabs.broadcast({ type: 'flush' })),
};

/** @param {any} message */
async function act(message) {
  // Loaded on first use, like the engine: the first screen needs neither (a smaller script to start).
  const { handleMessage } = await import('../../extension/src/background/actions.js');
  const answer = await handleMessage(message, { db, engine: /** @type {any} */ (engine ?? engineForActions), chrome: /** @type {any} */ (platform) });
  if (answer && answer.ok === false) showError(answer.error);
  await refresh();
  return answer;
}

/** @param {string} message */
function showError(message) {
  state.error = message;
  render();
}

/** @returns {{ view: string, id?: string }} */
function route() {
  const path = location.pathname.replace(/\/+$/, '');
  if (path === '/app' || path === '') return { view: 'library' };
  if (path === '/app/seen') return { view: 'seen' };
  const paper = /^\/app\/paper\/(.+)$/.exec(path);
  if (paper) return { view: 'paper', id: decodeURIComponent(paper[1]) };
  const collection = /^\/app\/collections\/([^/]+)$/.exec(path);
  if (collection) return { view: 'collection', id: decodeURIComponent(collection[1]) };
  return { view: 'missing' };
}

/** @type {import('./ui.js').Actions} */
const actions = {
  navigate(path) {
    if (path === location.pathname) return;
    history.pushState(null, '', path);
    state.limit = PAGE_SIZE;
    state.editing = undefined;
    state.error = undefined;
    render({ newScreen: true });
  },
  setStatus: (paperId, status) => void act({ type: MessageType.UpdateItem, paperId, patch: { status } }),
  setTags: (paperId, tags) => void act({ type: MessageType.UpdateItem, paperId, patch: { tags: addTags([], tags.join(',')) } }),
  clip: (paperId) => void act({ type: MessageType.UpdateItem, paperId, patch: { clippedAt: new Date().toISOString() } }),
  edit(editing) {
    state.editing = editing;
    render({ focus: editing ? 'editor-text' : undefined });
  },
  draft(text) {
    if (state.editing) state.editing.text = text;
  },
  async save() {
    const editing = state.editing;
    if (!editing) return;
    state.editing = undefined;
    if (editing.kind === 'annotation') {
      await act({ type: MessageType.PutAnnotation, annotation: { id: editing.id, libraryId: editing.libraryId, paperId: editing.paperId, body: editing.text } });
    } else if (editing.kind === 'new-note') {
      if (editing.text.trim()) {
        await act({ type: MessageType.PutAnnotation, annotation: paperNote({ id: crypto.randomUUID(), paperId: editing.paperId, title: editing.title, body: editing.text }) });
      }
    } else {
      await act({ type: MessageType.SetCollectionNote, libraryId: editing.libraryId, paperId: editing.paperId, note: editing.text });
    }
    render();
  },
  deleteAnnotation: (libraryId, id) => void act({ type: MessageType.DeleteAnnotation, libraryId, id }),
  resolveConflict: (conflict, text) => void act({ type: MessageType.ResolveConflict, libraryId: conflict.libraryId, key: conflict.key, text }),
  filter(patch) {
    Object.assign(state.filter, patch);
    state.limit = PAGE_SIZE;
    render();
  },
  showMore() {
    state.limit += PAGE_SIZE;
    render();
  },
  async signIn() {
    state.busy = true;
    render();
    location.assign(await beginSignIn(location.origin, sessionStorage));
  },
  async signOut() {
    await engine?.disconnect();
    await signOut(db);
    // A shared or borrowed computer keeps nothing of the account once signed out.
    await clearAccountData(db);
    await db.delete('meta', 'account');
    platform.tabs.broadcast({ type: 'signed-out' });
    location.assign('/app/');
  },
};

/**
 * Catalog papers read so far, by id (null: not in the catalog yet). A 1,000-paper library's abstracts are most of
 * what the store holds, so the first screen reads only the papers it draws; the rest follow once it is shown.
 * @type {Map<string, any>}
 */
const paperCache = new Map();
let allPapersRead = false;
/** Papers the first screen shows: the newest of the library, and the paper in the address. */
const FIRST_SCREEN_PAPERS = PAGE_SIZE + 20;

/**
 * Reads what the screens show in one transaction: every object, and the catalog papers not read before (all of
 * them after the first screen; before it, only the newest).
 * @param {{ firstScreen?: boolean }} [options]
 */
async function readSnapshot({ firstScreen = false } = {}) {
  const tx = db.transaction(['objects', 'papers', 'libraries', 'meta', 'conflicts']);
  const [objects, libraries, account, session, conflicts] = await Promise.all([
    tx.objectStore('objects').getAll(), tx.objectStore('libraries').getAll(), tx.objectStore('meta').get('account'),
    tx.objectStore('meta').get('auth'), tx.objectStore('conflicts').getAll(),
  ]);
  const live = objects.filter((object) => !object.deleted && object.paperId);
  const newest = firstScreen
    ? live.filter((object) => object.kind === 'item').sort((a, b) => (sortKeyOf(b) > sortKeyOf(a) ? 1 : -1))
      .slice(0, FIRST_SCREEN_PAPERS).map((object) => object.paperId).concat(route().id ?? [])
    : live.map((object) => object.paperId);
  const wanted = [...new Set(newest)].filter((id) => !paperCache.get(id));
  await Promise.all(wanted.map(async (id) => paperCache.set(id, (await tx.objectStore('papers').get(id)) ?? null)));
  return { objects, papers: paperCache, libraries, account, conflicts, signedIn: Boolean(session) };
}

/** @param {any} object */
const sortKeyOf = (object) => object.data?.clippedAt ?? object.data?.addedAt ?? object.data?.seenAt ?? '';

/** Every catalog paper, once the first screen is drawn: search reads abstracts. */
async function readAllPapers() {
  for (const paper of await db.getAll('papers')) paperCache.set(paper.id, paper);
  allPapersRead = true;
}

let refreshing = /** @type {Promise<void> | undefined} */ (undefined);
let refreshAgain = false;
/** Re-reads the store and redraws; calls that arrive meanwhile fold into one more round. */
async function refresh() {
  if (refreshing) {
    refreshAgain = true;
    return refreshing;
  }
  refreshing = (async () => {
    do {
      refreshAgain = false;
      const snapshot = await readSnapshot({ firstScreen: !allPapersRead });
      state.signedIn = snapshot.signedIn;
      state.snapshot = snapshot;
      render();
    } while (refreshAgain);
  })().finally(() => { refreshing = undefined; });
  return refreshing;
}

/**
 * Draws the current screen. Keyboard focus (and the caret in a text box) survives a redraw caused by a live change;
 * a new screen moves focus to its heading region.
 * @param {{ newScreen?: boolean, focus?: string }} [options]
 */
function render({ newScreen = false, focus } = {}) {
  const active = /** @type {HTMLInputElement | null} */ (document.activeElement);
  const keep = active && active !== document.body && active.id ? { id: active.id, start: active.selectionStart, end: active.selectionEnd } : undefined;
  const scroll = window.scrollY;
  const navScroll = root.querySelector('.nav ul')?.scrollLeft;
  root.replaceChildren(screen());
  keepCurrentViewInSight(newScreen ? undefined : navScroll);
  if (focus) document.getElementById(focus)?.focus();
  else if (newScreen) {
    document.getElementById('main')?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  } else if (keep) {
    const again = /** @type {HTMLInputElement | null} */ (document.getElementById(keep.id));
    again?.focus({ preventScroll: true });
    if (again && keep.start !== null && typeof again.setSelectionRange === 'function' && again.type !== 'select-one') {
      try { again.setSelectionRange(keep.start, keep.end); } catch { /* not a text field */ }
    }
    window.scrollTo(0, scroll);
  }
  document.title = titleOf();
}

/**
 * On a phone the views are one row that scrolls sideways: a redraw keeps where it was scrolled, and a new screen
 * brings its own view (a collection far to the right, say) into sight.
 * @param {number | undefined} previous
 */
function keepCurrentViewInSight(previous) {
  const list = /** @type {HTMLElement | null} */ (root.querySelector('.nav ul'));
  const current = /** @type {HTMLElement | null} */ (root.querySelector('.nav [aria-current="page"]'));
  if (!list || list.scrollWidth <= list.clientWidth) return;
  if (previous !== undefined) list.scrollLeft = previous;
  else if (current) list.scrollLeft = current.offsetLeft - (list.clientWidth - current.offsetWidth) / 2;
}

function titleOf() {
  const heading = root.querySelector('h1')?.textContent;
  return heading && heading !== 'PaperNotes' ? `${heading} · PaperNotes` : 'PaperNotes';
}

function screen() {
  if (!state.signedIn || !state.snapshot) return signedOutScreen({ error: state.error, actions, busy: state.busy });
  const snapshot = state.snapshot;
  const model = libraryModel(snapshot);
  const current = route();
  let content;
  if (current.view === 'library') content = libraryScreen({ model, filter: state.filter, limit: state.limit, actions });
  else if (current.view === 'seen') content = seenScreen({ model, filter: state.filter, limit: state.limit, actions });
  else if (current.view === 'paper' && current.id) content = paperScreen({ detail: paperModel(model, snapshot, current.id), editing: state.editing, actions });
  else if (current.view === 'collection' && current.id) {
    const collection = collectionModel(model, snapshot, current.id, state.filter.query);
    content = collection ? collectionScreen({ collection, filter: state.filter, limit: state.limit, editing: state.editing, actions }) : notFoundScreen(actions);
  } else content = notFoundScreen(actions);
  const main = shell({ model, status: state.status, username: snapshot.account?.username ?? '…', route: current, actions,
    seenCount: seenNotClipped(model, '').length }, content);
  if (state.error) {
    const banner = document.createElement('p');
    banner.className = 'error banner';
    banner.setAttribute('role', 'alert');
    banner.textContent = state.error;
    main.querySelector('main')?.prepend(banner);
  }
  return main;
}

/** This tab syncs: connect, pull, replay; again when the network comes back and every 30 s while it is away. */
async function lead() {
  const { createSyncEngine } = await import('../../extension/src/background/sync-engine.js');
  engine = createSyncEngine({ db, chrome: /** @type {any} */ (platform) });
  const wake = () => void engine?.wake();
  wake();
  setInterval(wake, WAKE_INTERVAL_MS);
  addEventListener('online', () => void engine?.syncNow());
  platform.tabs.onMessage((message) => {
    if (message?.type === 'flush') void engine?.flushSoon();
    if (message?.type === 'hello') void engine?.publishStatus();
  });
}

async function start() {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/app/sw.js', { scope: '/app/' }).catch((error) => console.warn('Service worker not registered', error));
  }
  db = await openStore();
  platform.storage.onChanged((changes) => {
    if (SYNC_STATUS_KEY in changes) state.status = changes[SYNC_STATUS_KEY].newValue;
    // Papers fetched from the catalog since they were last read.
    for (const id of changes[STATE_REVISION_KEY]?.newValue?.paperIds ?? []) paperCache.delete(id);
    if (STATE_REVISION_KEY in changes || SYNC_STATUS_KEY in changes) void refresh();
  });
  platform.tabs.onMessage((message) => {
    if (message?.type === 'signed-out') location.assign('/app/');
  });
  if (location.pathname === CALLBACK_PATH) {
    try {
      await completeSignIn(db, location.href, sessionStorage);
    } catch (error) {
      state.error = error instanceof Error ? error.message : String(error);
    }
    history.replaceState(null, '', '/app/');
  }
  await refresh();
  performance.mark('papernotes:first-render');
  if (!state.signedIn) return;
  setTimeout(() => void Promise.all([readAllPapers(), loadMarkdown()]).then(refresh), 0);
  addEventListener('popstate', () => { state.editing = undefined; render({ newScreen: true }); });
  whenLeader(() => void lead());
  platform.tabs.broadcast({ type: 'hello' });
  if (!(await readMeta(db, 'account'))) state.status = { online: false, pending: 0 };
}

void start();
