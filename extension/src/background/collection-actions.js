// Collection management and exports (SPEC §4): calls that only mean something when the server answers them, so
// unlike item and annotation changes they are never queued. Offline or signed out, they fail at once with a
// sentence the side panel shows. What the server answers is written to the store so every page sees it at once.
import { HttpError, OfflineError } from '../shared/api.js';
import { SignedOutError } from '../shared/auth.js';
import { chromeApi } from '../shared/chrome-api.js';
import { askPagesToReRead, EXPORT_FORMATS, MessageType } from '../shared/messages.js';
import { readMeta, rememberCollection } from '../shared/store.js';

/**
 * @typedef {import('../shared/messages.js').Message} Message
 * @typedef {import('../shared/messages.js').ManagementAnswer} ManagementAnswer
 * @typedef {import('./actions.js').Context} Context
 */

/** What each call does, in words, for its error sentence. */
const ACTIONS = {
  [MessageType.CreateCollection]: 'creating a collection',
  [MessageType.UpdateCollection]: 'changing a collection',
  [MessageType.DeleteCollection]: 'deleting a collection',
  [MessageType.ListMembers]: 'listing members',
  [MessageType.SetMemberRole]: 'sharing a collection',
  [MessageType.RemoveMember]: 'removing a member',
  [MessageType.ExportLibrary]: 'exporting',
};

/**
 * A file name for an export: the library's name made safe for a file system, and the format's extension.
 * @param {string} libraryName @param {import('../shared/messages.js').ExportFormat} format
 */
export function exportFileName(libraryName, format) {
  const stem = libraryName.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'library';
  return `papernotes-${stem}.${EXPORT_FORMATS[format].extension}`;
}

/**
 * The answer for a failed call: a sentence the user can act on.
 * @param {unknown} error @param {Message} message @returns {ManagementAnswer}
 */
export function failureAnswer(error, message) {
  const action = ACTIONS[message.type] ?? 'this';
  if (error instanceof OfflineError) {
    return { ok: false, offline: true, error: `You are offline: ${action} needs a connection to the server.` };
  }
  if (error instanceof SignedOutError) return { ok: false, offline: true, error: `Sign in first: ${action} needs an account.` };
  if (error instanceof HttpError) {
    const said = error.problem?.detail ?? error.problem?.title;
    if (error.status === 404 && message.type === MessageType.SetMemberRole) {
      return { ok: false, error: said ?? `There is no user called “${message.username}”.` };
    }
    if (error.status === 403) return { ok: false, error: said ?? `Your role in this collection does not allow ${action}.` };
    return { ok: false, error: said ?? `The server refused ${action} (${error.status}).` };
  }
  return { ok: false, error: error instanceof Error ? error.message : String(error) };
}

/**
 * Handles one management message.
 * @param {Message} message @param {Context} context @returns {Promise<ManagementAnswer>}
 */
export async function handleManagementMessage(message, { db, engine, chrome = chromeApi }) {
  /**
   * Shows a collection as the server answered it, on every page, before its feed catches up.
   * @param {import('../shared/messages.js').Collection} collection
   */
  const showAnswered = async (collection) => {
    await rememberCollection(db, collection);
    await askPagesToReRead(chrome);
  };
  try {
    const client = await engine.client();
    switch (message.type) {
      case MessageType.CreateCollection: {
        const name = message.name?.trim();
        if (!name) return { ok: false, error: 'A collection needs a name.' };
        const collection = await client.createCollection({ name, description: message.description?.trim() ?? '' });
        await engine.updateLibraries();
        // updateLibraries records its failures as status instead of throwing: when it could not pull the new
        // library, this is what shows its description.
        await showAnswered({ role: 'owner', ...collection });
        return { ok: true, collection };
      }
      case MessageType.UpdateCollection: {
        const { type: _type, libraryId, ...patch } = message;
        if (patch.name !== undefined && !patch.name.trim()) return { ok: false, error: 'A collection needs a name.' };
        const collection = await client.updateCollection(libraryId, patch);
        await showAnswered({ ...collection, id: libraryId });
        return { ok: true, collection };
      }
      case MessageType.DeleteCollection:
        await client.deleteCollection(message.libraryId);
        await engine.updateLibraries();
        return { ok: true };
      case MessageType.ListMembers:
        return { ok: true, members: await client.members(message.libraryId) };
      case MessageType.SetMemberRole: {
        const username = message.username?.trim();
        if (!username) return { ok: false, error: 'Whom to invite? Give their username.' };
        if (message.role !== 'editor' && message.role !== 'viewer') return { ok: false, error: 'A member is an editor or a viewer.' };
        await client.setMember(message.libraryId, username, message.role);
        return { ok: true, members: await client.members(message.libraryId) };
      }
      case MessageType.RemoveMember: {
        await client.removeMember(message.libraryId, message.username);
        const leaving = message.username === (await readMeta(db, 'account'))?.username;
        // Having left, we may no longer list its members; the library itself goes from this device too.
        if (leaving) { await engine.updateLibraries(); return { ok: true, members: [] }; }
        return { ok: true, members: await client.members(message.libraryId) };
      }
      case MessageType.ExportLibrary: {
        const format = EXPORT_FORMATS[message.format];
        if (!format) return { ok: false, error: `Unknown export format ${message.format}` };
        const library = await db.get('libraries', message.libraryId);
        const { text, contentType } = await client.exportLibrary(message.libraryId, message.format, message.paperIds);
        const name = library?.kind === 'collection' ? library.name : 'my library';
        return { ok: true, file: { name: exportFileName(name, message.format), mimeType: contentType.split(';')[0] || format.mimeType, text } };
      }
      default:
        return { ok: false, error: `Unknown message ${message.type}` };
    }
  } catch (error) {
    if (error instanceof OfflineError) await engine.publishStatus({ online: false });
    return failureAnswer(error, message);
  }
}
