// An export of a library, fetched through the worker (it holds the token) and saved as a file by this page.
import { MessageType } from '../shared/messages.js';

/**
 * @typedef {object} DownloadDeps
 * @property {Document} document
 * @property {(message: import('../shared/messages.js').Message) => Promise<any>} send  never rejects
 * @property {Pick<typeof URL, 'createObjectURL' | 'revokeObjectURL'>} [urls]
 */

/** How long the file's object URL stays valid: long enough for the browser to start saving it. */
const REVOKE_AFTER_MS = 60_000;

/**
 * Asks for the export, saves the file, and answers the sentence to show when it failed (null when it worked). The
 * button is busy meanwhile, so a second click cannot start a second download.
 * @param {DownloadDeps} deps @param {string} libraryId @param {import('../shared/messages.js').ExportFormat} format
 * @param {HTMLButtonElement} button @param {string[]} [paperIds] only these papers (what the filters show); all when absent
 * @returns {Promise<string | null>}
 */
export async function downloadExport({ document, send, urls = URL }, libraryId, format, button, paperIds) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  const answer = await send({ type: MessageType.ExportLibrary, libraryId, format, ...(paperIds ? { paperIds } : {}) });
  button.disabled = false;
  button.removeAttribute('aria-busy');
  if (!answer.ok) return answer.error ?? 'The export failed.';
  if (!answer.file) return null;
  const url = urls.createObjectURL(new Blob([answer.file.text], { type: answer.file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = answer.file.name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => urls.revokeObjectURL(url), REVOKE_AFTER_MS);
  return null;
}
