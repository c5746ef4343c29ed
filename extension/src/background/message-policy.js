// Who may ask the worker for what. The extension's own pages (side panel, options) may send every message. A
// content script runs inside huggingface.co, next to the page's own scripts: if one ever were turned against us it
// must not reach collections, members, exports, sign-in or conflicts, so content scripts may send page-level
// messages only, and only from the pages the manifest injects them into. Everyone else is refused.
import { MessageType } from '../shared/messages.js';

/** What a Papers page needs: its state, and the changes its cards, highlights and notes make. */
export const PAGE_MESSAGES = Object.freeze(new Set(/** @type {string[]} */ ([
  MessageType.GetPageState, MessageType.CapturePage, MessageType.MarkSeen, MessageType.UpdateItem,
  MessageType.PutAnnotation, MessageType.DeleteAnnotation, MessageType.ReportOrphans,
  MessageType.AddToCollection, MessageType.RemoveFromCollection,
])));

/** The site the content scripts run on (manifest `content_scripts.matches`). */
const PAGE_ORIGIN = 'https://huggingface.co';

/** @param {string | undefined} url */
const originOf = (url) => {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Whether the worker takes this message from this sender.
 * @param {any} message @param {chrome.runtime.MessageSender} sender @param {string} extensionId
 */
export function mayHandle(message, sender, extensionId) {
  if (sender.id !== extensionId || typeof message?.type !== 'string') return false;
  // An extension page, whether in the side panel, the options page or opened in a tab.
  if (sender.url?.startsWith(`chrome-extension://${extensionId}/`)) return true;
  return Boolean(sender.tab) && originOf(sender.url) === PAGE_ORIGIN && PAGE_MESSAGES.has(message.type);
}
