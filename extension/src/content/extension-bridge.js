// The only module that touches `chrome.*` in the content script; the page integration takes it as a default
// parameter so tests substitute a plain object.
import { STATE_REVISION_KEY, SYNC_STATUS_KEY } from '../shared/messages.js';

/**
 * @typedef {object} ExtensionBridge
 * @property {(message: import('../shared/messages.js').Message) => Promise<any>} send  a message to the worker
 * @property {(listener: (message: any) => any) => () => void} onMessage  messages from the worker; a listener's
 *   answer other than undefined goes back to the sender; returns unsubscribe
 * @property {(listener: (change: { paperIds?: string[] }) => void) => () => void} onStateChanged
 *   fires when the worker bumped the state revision or the sync status; returns unsubscribe
 */

/** `chrome` is read when used, not at import, so node tests can import this module; typed loosely (no @types). */
const chromeApi = () => /** @type {any} */ (globalThis).chrome;

/** @type {ExtensionBridge} */
export const chromeBridge = {
  async send(message) {
    return chromeApi().runtime.sendMessage(message);
  },
  onMessage(listener) {
    /** @param {any} message @param {any} _sender @param {(answer: any) => void} respond */
    const handler = (message, _sender, respond) => {
      const answer = listener(message);
      if (answer !== undefined) respond(answer);
      return false; // answers at once or not at all
    };
    chromeApi().runtime.onMessage.addListener(handler);
    return () => chromeApi().runtime.onMessage.removeListener(handler);
  },
  onStateChanged(listener) {
    /** @param {Record<string, { newValue?: any }>} changes @param {string} area */
    const handler = (changes, area) => {
      if (area !== 'local') return;
      if (changes[STATE_REVISION_KEY]) listener({ paperIds: changes[STATE_REVISION_KEY].newValue?.paperIds });
      else if (changes[SYNC_STATUS_KEY]) listener({});
    };
    chromeApi().storage.onChanged.addListener(handler);
    return () => chromeApi().storage.onChanged.removeListener(handler);
  },
};
