// One in-memory PaperNotes server for every extension unit test that talks to "the server" through fetch. It keeps
// the rules the real server keeps (server/PaperNotes.Server, SPEC §3-§4), so a test cannot pass against a fake that
// is kinder or stricter than the real thing:
// - a batch commits as ONE new library version, stamping every object it wrote; nothing written, no new version;
// - an operation is stale (412 with the current change entry) only when the stored version is NEWER than its
//   `ifUnmodifiedSinceVersion`; a put of an object the server never had creates it;
// - a personal item's status only rises unless the write says `force: true` (archived is the highest);
// - viewers may read a collection but a batch to it is 403;
// - a batch with a seen Idempotency-Key answers the stored reply and writes nothing;
// - the change feed lists objects above `since`, oldest first, in pages that never split a version, and answers 410
//   below `goneBelow`;
// - the token endpoint rotates refresh tokens; /connect/revoke records what was revoked.
import { needsForce } from '../src/shared/reading-status.js';

/**
 * @typedef {{ kind: string, key: string, version: number, deleted: boolean, data: any }} Entry
 * @typedef {{ kind: 'personal' | 'collection', name: string, description: string, members: Map<string, string>,
 *   publicUrl: string | null, version: number, objects: Map<string, Entry>, goneBelow: number }} FakeLibrary
 */

export const PERSONAL = 'P';

/** @param {{ me?: string }} [options] `me`: the username every request is made as */
export function fakeServer({ me = 'ada' } = {}) {
  const state = {
    online: true,
    /** @type {Map<string, FakeLibrary>} */
    libraries: new Map(),
    /** Usernames and user ids: like the real server, the feed keys `member` entries by user id. */
    users: new Map([['ada', 'u1'], ['bo', 'u2'], ['cy', 'u3']]),
    /** Every request as `METHOD /path?query`. */
    requests: /** @type {string[]} */ ([]),
    /** Every batch received, with its Idempotency-Key and body. */
    batches: /** @type {{ key: string, libraryId: string, body: any }[]} */ ([]),
    replays: /** @type {Map<string, any>} */ (new Map()),
    papersAsked: /** @type {string[]} */ ([]),
    /** Form bodies posted to /connect/token and /connect/revoke. */
    tokenRequests: /** @type {URLSearchParams[]} */ ([]),
    revoked: /** @type {{ token: string, hint: string | null }[]} */ ([]),
    /** The most changes one feed page lists (the client's `limit` when lower). */
    pageLimit: Infinity,
    liveRefreshToken: 'r1',
    issued: 1,
    created: 0,
  };
  state.libraries.set(PERSONAL, newLibrary('personal', 'Mine', { [me]: 'owner' }));

  /** @param {string} id */
  const library = (id) => /** @type {FakeLibrary} */ (state.libraries.get(id));

  /**
   * Commits writes as one version of the library, like LiteDbLibraryStore.Commit.
   * @param {string} libraryId @param {{ kind: string, key: string, data: any, deleted?: boolean }[]} writes
   */
  function commit(libraryId, writes) {
    const lib = library(libraryId);
    if (!writes.length) return lib.version;
    lib.version++;
    for (const { kind, key, data, deleted = false } of writes) {
      lib.objects.set(`${kind}/${key}`, { kind, key, version: lib.version, deleted, data: deleted ? null : data });
    }
    return lib.version;
  }

  /** Another device or member writes one object directly (one commit). @param {string} libraryId @param {string} kind @param {string} key @param {any} data @param {boolean} [deleted] */
  const write = (libraryId, kind, key, data, deleted = false) => commit(libraryId, [{ kind, key, data, deleted }]);

  /** Another device writes a personal item. @param {string} key @param {any} data */
  const remoteWrite = (key, data) => write(PERSONAL, 'item', key, data);

  /** @param {string} libraryId @param {string} kind @param {string} key */
  const object = (libraryId, kind, key) => library(libraryId)?.objects.get(`${kind}/${key}`);

  /** @param {string} name @param {Record<string, string>} members username → role */
  function addCollection(name, members) {
    const id = `C${++state.created}`;
    state.libraries.set(id, newLibrary('collection', name, members));
    write(id, 'collection', id, { name, description: '' });
    for (const [username, role] of Object.entries(members)) write(id, 'member', state.users.get(username), { username, role });
    return id;
  }

  /** What the server stores for a put: a personal item keeps its status unless raised or forced. @param {FakeLibrary} lib @param {any} op @param {Entry | undefined} current */
  function stored(lib, op, current) {
    if (lib.kind !== 'personal' || op.kind !== 'item') return op.data;
    const before = current && !current.deleted ? current.data : undefined;
    const { force, ...fields } = op.data ?? {};
    const next = { ...before, ...fields };
    if (before?.status && !force && needsForce(before.status, next.status)) next.status = before.status;
    return next;
  }

  /** @param {string} libraryId @param {any} body */
  function batch(libraryId, body) {
    const lib = library(libraryId);
    const writes = [];
    const results = body.operations.map((/** @type {any} */ op, /** @type {number} */ index) => {
      const current = lib.objects.get(`${op.kind}/${op.key}`);
      if (op.op === 'delete' && (!current || current.deleted)) return { index, status: 404 };
      if (current && !(current.deleted && op.op === 'put' && !(op.ifUnmodifiedSinceVersion > 0))
        && current.version > op.ifUnmodifiedSinceVersion) return { index, status: 412, current };
      writes.push({ kind: op.kind, key: op.key, deleted: op.op === 'delete', data: op.op === 'put' ? stored(lib, op, current) : null });
      return { index, status: current && !current.deleted ? (op.op === 'delete' ? 204 : 200) : 201 };
    });
    const version = commit(libraryId, writes);
    for (const result of results) if (result.status < 300) result.version = version;
    return { version, results };
  }

  const view = (/** @type {string} */ id) => {
    const c = library(id);
    return { id, name: c.name, description: c.description, role: c.members.get(me), ...(c.publicUrl ? { publicUrl: c.publicUrl } : {}) };
  };

  /** @type {typeof fetch} */
  const fetchImpl = async (input, init = {}) => {
    if (!state.online) throw new TypeError('fetch failed');
    const url = new URL(String(input));
    const method = init.method ?? 'GET';
    state.requests.push(`${method} ${url.pathname}${url.search}`);
    const json = (/** @type {any} */ value, status = 200) => Response.json(value, { status });
    const problem = (/** @type {number} */ status, /** @type {string} */ title) => Response.json(
      { type: `https://papernotes.example/${status}`, title, status }, { status, headers: { 'Content-Type': 'application/problem+json' } });

    if (url.pathname === '/connect/token' || url.pathname === '/connect/revoke') {
      const form = new URLSearchParams(String(init.body));
      state.tokenRequests.push(form);
      if (url.pathname === '/connect/revoke') {
        state.revoked.push({ token: form.get('token') ?? '', hint: form.get('token_type_hint') });
        return new Response(null, { status: 200 });
      }
      if (form.get('grant_type') === 'refresh_token' && form.get('refresh_token') !== state.liveRefreshToken) {
        return json({ error: 'invalid_grant' }, 400);
      }
      state.liveRefreshToken = `r${++state.issued}`;
      return json({ access_token: `a${state.issued}`, refresh_token: state.liveRefreshToken, expires_in: 900 });
    }

    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    if (url.pathname === '/api/me') {
      return json({ userId: state.users.get(me), username: me, personalLibraryId: PERSONAL, libraries: [...state.libraries]
        .filter(([, l]) => l.members.has(me))
        .map(([id, l]) => ({ id, kind: l.kind, name: l.name, role: l.members.get(me), version: l.version })) });
    }
    let match = url.pathname.match(/^\/api\/libraries\/([^/]+)\/(changes|batch|export)$/);
    if (match) {
      const [, id, route] = match;
      const lib = state.libraries.get(id);
      if (!lib?.members.has(me)) return problem(404, 'No such library');
      if (route === 'changes') {
        const since = Number(url.searchParams.get('since'));
        if (since > 0 && since < lib.goneBelow) return problem(410, 'Gone');
        const all = [...lib.objects.values()].filter((o) => o.version > since).sort((a, b) => a.version - b.version);
        const limit = Math.min(Number(url.searchParams.get('limit') ?? 1000), state.pageLimit);
        if (all.length <= limit) return json({ version: lib.version, changes: all, more: false });
        // Like LiteDbLibraryStore.Changes: a page never splits one version, and its version is a safe next `since`.
        const firstLeftOut = all[limit].version;
        let changes = all.slice(0, limit).filter((o) => o.version < firstLeftOut);
        if (!changes.length) changes = all.filter((o) => o.version === firstLeftOut);
        const last = changes.at(-1).version;
        return json({ version: last, changes, more: last < lib.version });
      }
      if (route === 'export') return new Response(`# ${lib.name}\n`, { headers: { 'Content-Type': 'text/markdown; charset=utf-8' } });
      const key = /** @type {Record<string, string>} */ (init.headers)['Idempotency-Key'];
      state.batches.push({ key, libraryId: id, body });
      if (!['owner', 'editor'].includes(lib.members.get(me) ?? '')) return problem(403, 'Forbidden');
      if (state.replays.has(key)) return json(state.replays.get(key));
      const reply = batch(id, body);
      state.replays.set(key, reply);
      return json(reply);
    }
    const paper = url.pathname.match(/^\/api\/papers\/(.+)$/);
    // No catalog here: every paper is one the server does not know (yet).
    if (paper) {
      state.papersAsked.push(decodeURIComponent(paper[1]));
      return problem(404, 'No such paper');
    }
    if (url.pathname === '/api/collections' && method === 'POST') {
      const id = addCollection(body.name, { [me]: 'owner' });
      library(id).description = body.description;
      return json(view(id), 201);
    }
    match = url.pathname.match(/^\/api\/collections\/([^/]+)(?:\/members(?:\/([^/]+))?)?$/);
    if (match) {
      const [, id, encoded] = match;
      const username = encoded && decodeURIComponent(encoded);
      const collection = state.libraries.get(id);
      if (!collection?.members.has(me)) return problem(404, 'No such collection');
      if (url.pathname.endsWith('/members')) return json([...collection.members].map(([u, role]) => ({ username: u, role })));
      if (username && method === 'PUT') {
        if (!state.users.has(username)) return problem(404, 'No such user');
        collection.members.set(username, body.role);
        write(id, 'member', state.users.get(username), { username, role: body.role });
        return new Response(null, { status: 204 });
      }
      if (username && method === 'DELETE') {
        collection.members.delete(username);
        write(id, 'member', state.users.get(username), null, true);
        return new Response(null, { status: 204 });
      }
      if (method === 'PATCH') {
        if (body.publicLink === false) collection.publicUrl = null;
        if (body.publicLink === true && !collection.publicUrl) collection.publicUrl = `/c/token${collection.version}`;
        if (body.rotateLink) collection.publicUrl = `/c/rotated${collection.version}`;
        if (body.name) collection.name = body.name;
        return json(view(id));
      }
      if (method === 'DELETE') { state.libraries.delete(id); return new Response(null, { status: 204 }); }
    }
    return problem(404, 'Not found');
  };
  return { state, fetchImpl, write, commit, remoteWrite, object, library, addCollection };
}

/** @param {'personal' | 'collection'} kind @param {string} name @param {Record<string, string>} members */
function newLibrary(kind, name, members) {
  return { kind, name, description: '', members: new Map(Object.entries(members)), publicUrl: null, version: 0,
    objects: new Map(), goneBelow: 0 };
}

/** A session as sign-in stores it, for a device that starts signed in. */
export const SIGNED_IN = Object.freeze({ serverUrl: 'http://127.0.0.1:5080', accessToken: 't', expiresAt: Date.now() + 3_600_000, refreshToken: 'r' });

/**
 * A worker as the tests drive it: its own IndexedDB, chrome.storage, badge, and a sync engine talking to `server`.
 * @param {ReturnType<typeof fakeServer>} server
 * @param {{ connectHub?: any, fetchImpl?: typeof fetch, signedIn?: boolean }} [options]
 */
export async function fakeDevice(server, { connectHub, fetchImpl = server.fetchImpl, signedIn = true } = {}) {
  const { openStore } = await import('../src/shared/store.js');
  const { createSyncEngine } = await import('../src/background/sync-engine.js');
  const { handleMessage } = await import('../src/background/actions.js');
  const db = await openStore(`device-${crypto.randomUUID()}`);
  if (signedIn) await db.put('meta', { ...SIGNED_IN }, 'auth');
  const storage = /** @type {Record<string, any>} */ ({});
  const revisions = /** @type {any[]} */ ([]);
  const badge = { text: '' };
  const chrome = /** @type {any} */ ({
    storage: { get: async () => storage, set: async (/** @type {any} */ values) => {
      if (values.stateRevision) revisions.push(values.stateRevision);
      Object.assign(storage, values);
    } },
    action: { setBadge: async (/** @type {string} */ text) => { badge.text = text; } },
  });
  connectHub ??= async () => { throw new Error('no hub in unit tests: the engine polls'); };
  /** Retries the engine scheduled while offline; a test runs them itself instead of waiting on timers. */
  const retries = /** @type {{ run: () => Promise<void>, delayMs: number }[]} */ ([]);
  const retryLater = (/** @type {() => Promise<void>} */ run, /** @type {number} */ delayMs) => { retries.push({ run, delayMs }); };
  const engine = createSyncEngine({ db, chrome, fetchImpl, connectHub, retryLater });
  const context = { db, engine, chrome, fetchImpl };
  return { db, engine, storage, revisions, badge, chrome, context, retries,
    send: (/** @type {any} */ message) => handleMessage(message, context) };
}
