// What the worker does for each message (shared/messages.js): user actions are applied to the local store and
// queued in one transaction, then the engine is asked to replay the queue. Answers are plain JSON.
import { readSession, signIn, signOut } from '../shared/auth.js';
import { chromeApi } from '../shared/chrome-api.js';
import { askPagesToReRead, DEFAULT_SERVER_URL, MessageType, SETTINGS_KEY } from '../shared/messages.js';
import { byName, canEditCollection, collectionNameAndRole, membershipsOf } from '../shared/collections.js';
import { recordChange } from '../shared/outbox.js';
import { needsForce } from '../shared/reading-status.js';
import { liveObjectData, objectsOfPapers, PENDING_PERSONAL_LIBRARY, readMeta, reportOrphans } from '../shared/store.js';
import { handleManagementMessage } from './collection-actions.js';

/** Captures wait here while offline; older ones are superseded by newer visits anyway. */
const MAX_QUEUED_CAPTURES = 10;

/**
 * @typedef {import('../shared/store.js').Store} Store
 * @typedef {import('../shared/store.js').LibraryRecord} LibraryRecord
 * @typedef {import('../shared/messages.js').Message} Message
 * @typedef {import('../shared/messages.js').Item} Item
 * @typedef {{ db: Store, engine: import('./sync-engine.js').SyncEngine, chrome?: import('../shared/chrome-api.js').ChromeApi,
 *   fetchImpl?: typeof fetch }} Context
 */

/** @param {Store} db @returns {Promise<string>} */
async function personalLibraryId(db) {
  return (await readMeta(db, 'account'))?.personalLibraryId ?? PENDING_PERSONAL_LIBRARY;
}

/**
 * A collection's name and the user's role, as its feed refines them. Every open Papers tab asks for these after each
 * change, so this reads two objects by key, never the collection's papers: the server keys a collection's
 * `collection` object by the library id and each `member` entry by the member's user id.
 * @param {Store} db @param {LibraryRecord} library @param {string | undefined} userId
 */
async function collectionOf(db, library, userId) {
  const [details, self] = await Promise.all([
    liveObjectData(db, library.id, 'collection', library.id),
    userId ? liveObjectData(db, library.id, 'member', userId) : undefined,
  ]);
  return collectionNameAndRole(library, details, self);
}

/** @param {Store} db @returns {Promise<string | undefined>} */
const userIdOf = async (db) => (await readMeta(db, 'account'))?.userId;

/** The user's collections by name, for the cards' collection pickers. @param {Store} db */
async function collectionsOf(db) {
  const libraries = (await db.getAll('libraries')).filter((library) => library.kind === 'collection');
  const userId = await userIdOf(db);
  return (await Promise.all(libraries.map((library) => collectionOf(db, library, userId)))).sort(byName);
}

/**
 * Why this user may not change this collection's papers, or undefined when they may.
 * @param {Store} db @param {string} libraryId
 */
async function refusalToEdit(db, libraryId) {
  /** @type {LibraryRecord | undefined} */
  const library = await db.get('libraries', libraryId);
  if (library?.kind !== 'collection') return { ok: false, error: 'That collection is not (or no longer) yours.' };
  const collection = await collectionOf(db, library, await userIdOf(db));
  if (!canEditCollection(collection.role)) return { ok: false, error: `You can only view “${collection.name}”.` };
  return undefined;
}

/**
 * Why this user may not change annotations in this library, or undefined when they may: their own library always,
 * a collection as its papers (the server would refuse the batch with 403 and the local copy would stay altered).
 * @param {Store} db @param {string} libraryId
 */
const refusalToAnnotate = async (db, libraryId) =>
  (libraryId === await personalLibraryId(db) ? undefined : refusalToEdit(db, libraryId));

/**
 * The item after a patch. A status the user moved down (un-archiving included) carries `force` (SPEC §4), or the
 * server would keep the higher one: the caller's `force` when it sent one, else whether the move goes down.
 * @param {Partial<Item> | undefined} previous @param {Partial<Item> & { force?: boolean }} patch
 */
export function patchItem(previous, patch) {
  const { paperId: _key, force, ...fields } = patch;
  /** @type {Record<string, any>} */
  const next = { status: 'new', tags: [], ...previous, ...fields };
  delete next.force;
  if (fields.status && (force ?? needsForce(previous?.status, next.status))) next.force = true;
  return next;
}

/**
 * Handles one message; the result is sent back as the answer.
 * @param {Message} message @param {Context} context
 */
export async function handleMessage(message, { db, engine, chrome = chromeApi, fetchImpl = fetch }) {
  /** @param {string[]} paperIds */
  const changed = async (paperIds) => {
    await askPagesToReRead(chrome, paperIds);
    void engine.flushSoon();
  };
  switch (message.type) {
    case MessageType.GetPageState: {
      const personal = await personalLibraryId(db);
      const objects = await objectsOfPapers(db, message.paperIds);
      const collections = await collectionsOf(db);
      return {
        items: Object.fromEntries(objects.filter((o) => o.kind === 'item' && o.libraryId === personal)
          .map((o) => [o.key, { paperId: o.key, ...o.data }])),
        annotations: objects.filter((o) => o.kind === 'annotation')
          .map((o) => ({ ...o.data, id: o.key, libraryId: o.libraryId })),
        signedIn: Boolean(await readSession(db)),
        collections,
        memberships: membershipsOf(objects, collections.map((c) => c.id)),
      };
    }
    case MessageType.AddToCollection:
    case MessageType.RemoveFromCollection: {
      const refusal = await refusalToEdit(db, message.libraryId);
      if (refusal) return refusal;
      const adding = message.type === MessageType.AddToCollection;
      // Adding a paper already there changes nothing (and queues nothing): its shared note stays.
      await recordChange(db, { libraryId: message.libraryId, kind: 'item', key: message.paperId, op: adding ? 'put' : 'delete',
        update: (previous) => previous ?? { note: '' } });
      await changed([message.paperId]);
      return { ok: true };
    }
    case MessageType.SetCollectionNote: {
      const refusal = await refusalToEdit(db, message.libraryId);
      if (refusal) return refusal;
      await recordChange(db, { libraryId: message.libraryId, kind: 'item', key: message.paperId, op: 'put',
        // The same note again is no change: nothing to queue.
        update: (previous) => (previous?.note === message.note ? previous : { ...previous, note: message.note }) });
      await changed([message.paperId]);
      return { ok: true };
    }
    case MessageType.MarkSeen: {
      const libraryId = await personalLibraryId(db);
      for (const paperId of message.paperIds) {
        await recordChange(db, { libraryId, kind: 'item', key: paperId, op: 'put',
          update: (previous) => (previous?.seenAt ? previous : patchItem(previous, { seenAt: message.at })) });
      }
      await changed(message.paperIds);
      return { ok: true };
    }
    case MessageType.UpdateItem: {
      const libraryId = message.libraryId ?? await personalLibraryId(db);
      const object = await recordChange(db, { libraryId, kind: 'item', key: message.paperId, op: 'put',
        update: (previous) => patchItem(previous, message.patch) });
      await changed([message.paperId]);
      return { ok: true, item: { paperId: message.paperId, ...object?.data } };
    }
    case MessageType.PutAnnotation: {
      const { id, libraryId: target, ...fields } = message.annotation;
      const libraryId = target ?? await personalLibraryId(db);
      const refusal = await refusalToAnnotate(db, libraryId);
      if (refusal) return refusal;
      await recordChange(db, { libraryId, kind: 'annotation', key: id, op: 'put',
        update: (previous) => ({ ...previous, ...fields }) });
      await changed([fields.paperId]);
      return { ok: true };
    }
    case MessageType.DeleteAnnotation: {
      const libraryId = message.libraryId ?? await personalLibraryId(db);
      const refusal = await refusalToAnnotate(db, libraryId);
      if (refusal) return refusal;
      const existing = await db.get('objects', [libraryId, 'annotation', message.id]);
      await recordChange(db, { libraryId, kind: 'annotation', key: message.id, op: 'delete' });
      await changed(existing?.paperId ? [existing.paperId] : []);
      return { ok: true };
    }
    case MessageType.ReattachAnnotation: {
      const libraryId = message.libraryId ?? await personalLibraryId(db);
      const refusal = await refusalToAnnotate(db, libraryId);
      if (refusal) return refusal;
      const existing = await liveObjectData(db, libraryId, 'annotation', message.id);
      if (!existing) return { ok: false, error: 'That highlight is gone.' };
      const tab = await chrome.tabs.active();
      const answer = tab?.id === undefined ? undefined : await chrome.tabs.sendMessage(tab.id,
        { type: MessageType.SelectionTarget, paperId: existing.paperId }).catch(() => undefined);
      if (!answer?.ok) {
        return { ok: false, error: 'Select the passage in the title, abstract or summary of this paper on its page, then choose Re-attach.' };
      }
      await recordChange(db, { libraryId, kind: 'annotation', key: message.id, op: 'put',
        update: (previous) => ({ ...previous, target: answer.target }) });
      await reportOrphans(db, existing.paperId, [], { anchoredIds: [message.id] });
      await changed([existing.paperId]);
      return { ok: true };
    }
    case MessageType.ReportOrphans:
      await reportOrphans(db, message.paperId, message.annotationIds,
        { anchoredIds: message.anchoredIds, textVersion: message.textVersion, url: message.url });
      await askPagesToReRead(chrome, [message.paperId]);
      return { ok: true };
    case MessageType.ResolveConflict: {
      const conflict = await db.get('conflicts', [message.libraryId, message.key]);
      if (!conflict) return { ok: false, error: 'No such conflict' };
      await recordChange(db, { libraryId: message.libraryId, kind: conflict.kind, key: message.key, op: 'put',
        update: (previous) => ({ ...previous, [conflict.field]: message.text }) });
      await db.delete('conflicts', [message.libraryId, message.key]);
      await changed([conflict.paperId]);
      return { ok: true };
    }
    case MessageType.CapturePage: {
      const keys = await db.getAllKeys('captures');
      for (const key of keys.slice(0, Math.max(0, keys.length - MAX_QUEUED_CAPTURES + 1))) await db.delete('captures', key);
      await db.add('captures', { url: message.url, html: message.html, idempotencyKey: crypto.randomUUID(), at: Date.now() });
      void engine.flushSoon();
      return { ok: true, queued: true };
    }
    case MessageType.SignIn: {
      const serverUrl = (await chrome.storage.get([SETTINGS_KEY]))[SETTINGS_KEY]?.serverUrl ?? DEFAULT_SERVER_URL;
      try {
        await signIn(db, serverUrl, { chrome, fetchImpl });
      } catch (error) {
        await engine.publishStatus({ lastError: error.message });
        return { ok: false, error: error.message };
      }
      await engine.connect();
      await engine.syncNow();
      return { ok: true, status: await engine.publishStatus() };
    }
    case MessageType.SignOut:
      await engine.disconnect();
      await signOut(db, { fetchImpl });
      return { ok: true, status: await engine.publishStatus({ online: false }) };
    case MessageType.SyncNow:
      await engine.syncNow();
      return { ok: true, status: await engine.publishStatus() };
    case MessageType.CreateCollection:
    case MessageType.UpdateCollection:
    case MessageType.DeleteCollection:
    case MessageType.ListMembers:
    case MessageType.SetMemberRole:
    case MessageType.RemoveMember:
    case MessageType.ExportLibrary:
      return handleManagementMessage(message, { db, engine, chrome, fetchImpl });
    default:
      return { ok: false, error: `Unknown message ${/** @type {any} */ (message).type}` };
  }
}
