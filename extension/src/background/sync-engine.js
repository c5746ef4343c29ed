// Orchestrates sync: connect to the hub, then pull every library, then apply pushes; replay the outbox; keep the
// UI's status and badge current. The only things held in memory are the live connection and a lock that keeps
// sync steps from interleaving; everything else is read from IndexedDB or chrome.storage each time, so the
// worker can be stopped between any two steps.
import { createApi, HttpError, OfflineError } from '../shared/api.js';
import { accessToken, readSession, SignedOutError } from '../shared/auth.js';
import { chromeApi } from '../shared/chrome-api.js';
import { applyChanges, beginResync, classifyPush, finishResync, pageHighWater } from '../shared/feed.js';
import { askPagesToReRead, SYNC_STATUS_KEY } from '../shared/messages.js';
import { abandonBatch, nextBatch, settleBatch } from '../shared/outbox.js';
import {
  adoptPersonalLibrary, clearAccountData, pendingCount, readMeta, replaceLibraryList, savePapers, writeMeta,
} from '../shared/store.js';
import { connectSyncHub } from './hub.js';

/**
 * @typedef {import('../shared/store.js').Store} Store
 * @typedef {import('../shared/feed.js').PushedChange} PushedChange
 * @typedef {{ userId: string, username: string, personalLibraryId: string }} Account
 */

/**
 * @param {{ db: Store, chrome?: import('../shared/chrome-api.js').ChromeApi, fetchImpl?: typeof fetch,
 *   connectHub?: typeof connectSyncHub, retryLater?: (retry: () => Promise<void>, delayMs: number) => void }} deps
 */
export function createSyncEngine({
  db, chrome = chromeApi, fetchImpl = fetch, connectHub = connectSyncHub, retryLater = (retry, delayMs) => void setTimeout(retry, delayMs),
}) {
  /** @type {import('./hub.js').SyncHub | undefined} */
  let hub;
  let connecting = false;
  /** Sync steps run one after another, never interleaved. */
  const exclusive = serialized();
  /**
   * Status updates read, merge and write chrome.storage one after another, so a stale read can never overwrite a
   * newer `online`. Their own queue, not the sync steps': steps publish status from inside, and the badge must not
   * wait for a long pull.
   */
  const statusUpdate = serialized();
  /** The delay before the next attempt while the server cannot be reached; 0 once it answers. */
  let retryDelay = 0;
  let retryPending = false;

  /**
   * While the worker lives and the server is unreachable, try again soon: 1 s, doubling up to 10 s, as SignalR's own
   * reconnect does for a connection that was up. A worker that started while the server was down would otherwise
   * wait for the keep-syncing alarm (30 s) with its changes queued.
   */
  function retryWhileOffline() {
    if (retryPending) return;
    retryPending = true;
    retryDelay = Math.min(MAX_RETRY_DELAY_MS, retryDelay ? retryDelay * 2 : FIRST_RETRY_DELAY_MS);
    retryLater(async () => {
      retryPending = false;
      await wake();
    }, retryDelay);
  }

  async function api() {
    const session = await readSession(db);
    if (!session) throw new SignedOutError();
    return createApi({ serverUrl: session.serverUrl, token: (force) => accessToken(db, { force, fetchImpl }), fetchImpl });
  }

  /** @param {Partial<{ online: boolean, lastError: string | null }>} [change] */
  const publishStatus = (change = {}) => statusUpdate(() => writeStatus(change));

  /** @param {Partial<{ online: boolean, lastError: string | null }>} change */
  async function writeStatus(change) {
    const previous = (await chrome.storage.get([SYNC_STATUS_KEY]))[SYNC_STATUS_KEY] ?? {};
    const session = await readSession(db);
    /** @type {Account | undefined} */
    const account = await readMeta(db, 'account');
    const status = {
      online: false, lastError: null, ...previous, ...change,
      pending: await pendingCount(db),
      conflicts: await db.count('conflicts'),
      signedIn: Boolean(session),
      username: session ? account?.username ?? null : null,
      serverUrl: session?.serverUrl ?? null,
    };
    await chrome.storage.set({ [SYNC_STATUS_KEY]: status });
    // The badge counts changes that are waiting because we cannot reach the server.
    const waiting = status.pending > 0 && !(status.online && status.signedIn);
    await chrome.action.setBadge(waiting ? String(status.pending) : '');
    return status;
  }

  /** Failures of a sync step become status, not exceptions: the next event or alarm tries again. @param {unknown} error */
  async function recordFailure(error) {
    if (error instanceof OfflineError) {
      retryWhileOffline();
      return publishStatus({ online: false });
    }
    if (error instanceof SignedOutError) {
      await hub?.stop();
      hub = undefined;
      return publishStatus({ online: false, lastError: error.message });
    }
    return publishStatus({ lastError: error instanceof Error ? error.message : String(error) });
  }

  /** Libraries from `/api/me`: new ones are added, lost ones forgotten, personal writes made signed-out adopted. */
  async function refreshLibraries() {
    const me = await (await api()).me();
    /** @type {Account | undefined} */
    const known = await readMeta(db, 'account');
    if (known && known.userId !== me.userId) await clearAccountData(db);
    await writeMeta(db, 'account', { userId: me.userId, username: me.username, personalLibraryId: me.personalLibraryId });
    await adoptPersonalLibrary(db, me.personalLibraryId);
    const { added, removed, renamed } = await replaceLibraryList(db, me.libraries);
    // Every card's collection picker changes, so pages re-read all their papers (no paper list).
    if (added.length || removed.length || renamed.length) await askPagesToReRead(chrome);
  }

  /**
   * Pulls one library's change feed up to date (410: full resync from 0).
   * @param {string} libraryId @returns {Promise<string[]>} the papers whose items or annotations changed
   */
  async function pullLibrary(libraryId) {
    const client = await api();
    const touched = new Set();
    for (let rounds = 0; rounds < 1000; rounds++) {
      const since = (await db.get('libraries', libraryId))?.syncedVersion ?? 0;
      let page;
      try {
        page = await client.changes(libraryId, since);
      } catch (error) {
        if (error instanceof HttpError && error.status === 410 && since > 0) {
          await beginResync(db, libraryId);
          continue;
        }
        throw error;
      }
      for (const id of await applyChanges(db, libraryId, page.changes, pageHighWater(since, page))) touched.add(id);
      if (!page.more) break;
    }
    await finishResync(db, libraryId);
    if (touched.size) await askPagesToReRead(chrome, [...touched]);
    return [...touched];
  }

  async function pullAll() {
    for (const library of await db.getAll('libraries')) await pullLibrary(library.id);
    // Every paper, not only those pulled now: this retries papers the server did not know yet last time.
    await fetchMissingPapers();
  }

  /**
   * Titles and abstracts for papers synced from another device (or another member), so the side panel can show and
   * search them; pages re-read the papers that arrived.
   * @param {string[]} [paperIds] the papers a pull or push touched; every paper in the store when absent
   */
  async function fetchMissingPapers(paperIds) {
    if (paperIds?.length === 0) return;
    const client = await api();
    const known = new Set(await db.getAllKeys('papers'));
    const wanted = paperIds ?? (await db.getAll('objects')).map((object) => object.paperId);
    const missing = [...new Set(wanted)].filter((id) => id && !known.has(id)).slice(0, 20);
    const fetched = [];
    for (const id of missing) {
      const paper = await client.paper(id).catch((error) => {
        if (error instanceof HttpError && error.status === 404) return undefined;
        throw error;
      });
      if (!paper) continue;
      await savePapers(db, [paper]);
      fetched.push(id);
    }
    if (fetched.length) await askPagesToReRead(chrome, fetched);
  }

  /** Sends queued captures, then replays the outbox batch by batch. */
  async function flush() {
    const client = await api();
    for (const [key, capture] of await capturesInOrder()) {
      try {
        const { papers } = await client.capture({ url: capture.url, html: capture.html }, capture.idempotencyKey);
        await savePapers(db, papers ?? []);
      } catch (error) {
        if (!(error instanceof HttpError) || error.status === 429 || error.status >= 500) throw error;
      }
      await db.delete('captures', key);
    }
    let limit = undefined;
    for (let rounds = 0; rounds < 40; rounds++) {
      const batch = await nextBatch(db, limit);
      if (!batch) break;
      let reply;
      try {
        reply = await client.batch(batch);
      } catch (error) {
        if (!(error instanceof HttpError) || error.status === 401 || error.status === 429 || error.status >= 500) throw error;
        // The whole request was refused (too large, malformed, key reused): resend one operation at a time so
        // one bad operation is found and dropped instead of blocking everything behind it.
        await abandonBatch(db);
        if (batch.entries.length > 1) { limit = 1; continue; }
        await db.delete('outbox', batch.entries[0].seq);
        await publishStatus({ lastError: `A change was refused: ${error.message}` });
        continue;
      }
      const outcome = await settleBatch(db, batch, reply);
      if (outcome.refused.length) {
        await publishStatus({ lastError: `Refused by the server: ${outcome.refused.map((r) => `${r.key} (${r.status})`).join(', ')}` });
      }
      await askPagesToReRead(chrome, batch.body.operations.map((operation) => operation.data?.paperId ?? operation.key));
    }
  }

  async function capturesInOrder() {
    const keys = await db.getAllKeys('captures');
    return Promise.all(keys.map(async (key) => /** @type {const} */ ([key, await db.get('captures', key)])));
  }

  /** Applies a pushed commit when it follows what we have, else pulls. @param {PushedChange} push */
  async function applyPush(push) {
    const library = await db.get('libraries', push.libraryId);
    if (!library) {
      // A library we just joined; or one we just left, whose last push arrived late: then nothing to pull.
      await refreshLibraries();
      if (!(await db.get('libraries', push.libraryId))) return;
      await fetchMissingPapers(await pullLibrary(push.libraryId));
      return;
    }
    const decision = classifyPush(library.syncedVersion, push);
    if (decision === 'pull') {
      await fetchMissingPapers(await pullLibrary(push.libraryId));
    } else if (decision === 'apply') {
      const touched = await applyChanges(db, push.libraryId, push.changes, push.version);
      if (touched.length) await askPagesToReRead(chrome, touched);
      await fetchMissingPapers(touched);
    }
  }

  /** Connect, then pull, then push: the order that loses nothing (SPEC §5). */
  async function connect() {
    if (hub?.alive || connecting) return;
    // Claimed before the first await: a wake and a message arriving together must not open two connections.
    connecting = true;
    try {
      const session = await readSession(db);
      if (!session) return;
      hub = await connectHub({
        serverUrl: session.serverUrl,
        token: () => accessToken(db, { fetchImpl }),
        onChanged: (push) => void guarded(() => applyPush(push)),
        onLibrariesChanged: () => void updateLibraries(),
        onState: (state) => {
          if (state === 'connected') void syncNow();
          else void publishStatus({ online: false });
        },
      });
      retryDelay = 0;
    } catch (error) {
      hub = undefined;
      // Not a reason to retry by itself: the HTTP steps that follow tell an unreachable server (and retry) from a
      // hub that will not connect while the API answers (then the alarm polls).
      if (error instanceof SignedOutError) await recordFailure(error);
      else await publishStatus({ online: false });
    } finally {
      connecting = false;
    }
  }

  /** @param {() => Promise<unknown>} step */
  async function guarded(step) {
    if (!(await readSession(db))) return publishStatus({ online: false });
    try {
      await exclusive(step);
      retryDelay = 0;
      await publishStatus({ online: true, lastError: null });
    } catch (error) {
      await recordFailure(error);
    }
  }

  /** SPEC §5 `LibrariesChanged`: refetch the list, forget lost libraries, pull new ones from 0. */
  const updateLibraries = () => guarded(async () => { await refreshLibraries(); await pullAll(); });

  /** Refetch libraries, pull them all, then replay the queue. */
  const syncNow = () => guarded(async () => { await refreshLibraries(); await pullAll(); await flush(); });

  async function wake() {
    await connect();
    // Without a live connection, poll: pull and replay on every attempt until the hub is back.
    if (hub?.connected) await guarded(flush);
    else await syncNow();
  }

  return {
    connect,
    syncNow,
    /** The API client, for calls that only make sense online (collection management, exports). */
    client: api,
    /** After creating, leaving or deleting a collection here, without waiting for the hub's `LibrariesChanged`. */
    updateLibraries,
    /** After a local change: replay soon, and show the change count meanwhile. */
    flushSoon: async () => { await publishStatus(); await guarded(flush); },
    /** On worker start and every alarm: make sure the connection is up and nothing waits needlessly. */
    wake,
    async disconnect() {
      await hub?.stop();
      hub = undefined;
      await publishStatus({ online: false, lastError: null });
    },
    publishStatus,
    get connected() { return Boolean(hub?.connected); },
  };
}

const FIRST_RETRY_DELAY_MS = 1_000;
const MAX_RETRY_DELAY_MS = 10_000;

/**
 * A queue of async steps: each starts when the one before has settled, whatever its outcome.
 * @returns {<T>(step: () => Promise<T>) => Promise<T>}
 */
function serialized() {
  let tail = Promise.resolve();
  return (step) => {
    const run = tail.then(step);
    tail = run.then(() => undefined, () => undefined);
    return run;
  };
}

/** @typedef {ReturnType<typeof createSyncEngine>} SyncEngine */
