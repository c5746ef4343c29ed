// The PaperNotes REST API (SPEC §4) as the extension uses it. Bearer tokens come from `auth.js`; a 401 refreshes
// once and retries. Failures are typed so the sync engine can tell "offline" from "refused".

/** The server could not be reached (network down, server stopped). */
export class OfflineError extends Error {
  /** @param {unknown} cause */
  constructor(cause) { super('Server unreachable', { cause }); this.name = 'OfflineError'; }
}

/** The server answered with an error status; `problem` is its RFC 9457 body when it sent one. */
export class HttpError extends Error {
  /** @param {number} status @param {any} problem */
  constructor(status, problem) {
    super(problem?.title ? `${status} ${problem.title}` : `Server answered ${status}`);
    this.name = 'HttpError';
    this.status = status;
    this.problem = problem;
  }
}

/**
 * @typedef {{ id: string, kind: 'personal' | 'collection', name: string, role: string, version: number }} LibrarySummary
 * @typedef {{ userId: string, username: string, personalLibraryId: string, libraries: LibrarySummary[] }} Me
 * @typedef {import('./feed.js').ChangeEntry} ChangeEntry
 */

/**
 * @param {{ serverUrl: string, token: (force?: boolean) => Promise<string>, fetchImpl?: typeof fetch }} options
 */
export function createApi({ serverUrl, token, fetchImpl = fetch }) {
  /**
   * @param {string} method @param {string} path
   * @param {{ body?: any, headers?: Record<string, string>, text?: boolean }} [options]  text: answer the body as text
   */
  async function request(method, path, { body, headers = {}, text = false } = {}) {
    const send = async (/** @type {boolean} */ force) => {
      const init = {
        method,
        headers: {
          Accept: text ? '*/*' : 'application/json',
          Authorization: `Bearer ${await token(force)}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        // A server that accepts the connection but never answers must not stall the sync queue behind it.
        signal: AbortSignal.timeout(30_000),
      };
      try {
        return await fetchImpl(new URL(path, serverUrl), init);
      } catch (error) {
        throw new OfflineError(error);
      }
    };
    let response = await send(false);
    if (response.status === 401) response = await send(true);
    if (!response.ok) throw new HttpError(response.status, await response.json().catch(() => undefined));
    if (text) return { text: await response.text(), contentType: response.headers.get('Content-Type') ?? '' };
    return response.status === 204 ? undefined : response.json().catch(() => undefined);
  }

  const library = (/** @type {string} */ id) => `/api/libraries/${encodeURIComponent(id)}`;
  const collection = (/** @type {string} */ id) => `/api/collections/${encodeURIComponent(id)}`;
  /** @typedef {import('./messages.js').Collection} Collection */
  return {
    /** @returns {Promise<Me>} */
    me: () => request('GET', '/api/me'),
    /** @param {string} libraryId @param {number} since @returns {Promise<{ version: number, changes: ChangeEntry[], more: boolean }>} */
    changes: (libraryId, since) => request('GET', `${library(libraryId)}/changes?since=${since}&limit=1000`),
    /**
     * @param {import('./outbox.js').Batch} batch
     * @returns {Promise<{ version: number, results: import('./outbox.js').OperationResult[] }>}
     */
    batch: (batch) => request('POST', `${library(batch.libraryId)}/batch`, {
      body: batch.body, headers: { 'Idempotency-Key': batch.idempotencyKey },
    }),
    /** @param {{ url: string, html: string }} capture @param {string} idempotencyKey @returns {Promise<{ papers: any[] }>} */
    capture: (capture, idempotencyKey) => request('POST', '/api/captures', {
      body: capture, headers: { 'Idempotency-Key': idempotencyKey },
    }),
    /** @param {string} paperId */
    paper: (paperId) => request('GET', `/api/papers/${encodeURIComponent(paperId)}`),
    /** @param {{ name: string, description: string }} fields @returns {Promise<Collection>} */
    createCollection: (fields) => request('POST', '/api/collections', { body: fields }),
    /**
     * @param {string} id @param {{ name?: string, description?: string, publicLink?: boolean, rotateLink?: true }} patch
     * @returns {Promise<Collection>}
     */
    updateCollection: (id, patch) => request('PATCH', collection(id), { body: patch }),
    /** @param {string} id */
    deleteCollection: (id) => request('DELETE', collection(id)),
    /** @param {string} id @returns {Promise<import('./messages.js').Member[]>} */
    members: (id) => request('GET', `${collection(id)}/members`),
    /** @param {string} id @param {string} username @param {'editor' | 'viewer'} role */
    setMember: (id, username, role) => request('PUT', `${collection(id)}/members/${encodeURIComponent(username)}`, { body: { role } }),
    /** @param {string} id @param {string} username */
    removeMember: (id, username) => request('DELETE', `${collection(id)}/members/${encodeURIComponent(username)}`),
    /**
     * @param {string} libraryId @param {import('./messages.js').ExportFormat} format
     * @param {string[]} [paperIds] only these papers (what the reader's filters show)
     * @returns {Promise<{ text: string, contentType: string }>}
     */
    exportLibrary: (libraryId, format, paperIds) => request('GET', `${library(libraryId)}/export?format=${encodeURIComponent(format)}${
      paperIds ? `&papers=${paperIds.map(encodeURIComponent).join(',')}` : ''}`, { text: true }),
  };
}

/** @typedef {ReturnType<typeof createApi>} Api */
