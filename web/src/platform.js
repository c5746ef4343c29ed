// The web library's stand-in for the `chrome.*` surface the extension's sync engine and actions use
// (extension/src/shared/chrome-api.js): `storage` is an in-memory map shared with the app's other tabs over a
// BroadcastChannel, `action.setBadge` sets the installed app's badge. Only these edges differ from the extension;
// the engine, outbox, feed and merge rules are the extension's own modules.

/** @typedef {(changes: Record<string, { newValue: any }>) => void} StorageListener */

/**
 * @param {{ channel?: { postMessage: (message: any) => void, addEventListener: (type: 'message', listener: (event: MessageEvent) => void) => void },
 *   setAppBadge?: (count?: number) => Promise<void>, clearAppBadge?: () => Promise<void> }} [deps]
 */
export function createPlatform({ channel = new BroadcastChannel('papernotes'), setAppBadge, clearAppBadge } = {}) {
  /** @type {Record<string, any>} */
  const values = {};
  /** @type {Set<StorageListener>} */
  const listeners = new Set();
  /** @type {Set<(message: any) => void>} */
  const messageListeners = new Set();

  /** @param {Record<string, any>} changed */
  const notify = (changed) => {
    const changes = Object.fromEntries(Object.entries(changed).map(([key, newValue]) => [key, { newValue }]));
    for (const listener of listeners) listener(changes);
  };
  channel.addEventListener('message', (event) => {
    const message = event.data;
    if (message?.type === 'storage') {
      Object.assign(values, message.values);
      notify(message.values);
    } else {
      for (const listener of messageListeners) listener(message);
    }
  });

  return {
    storage: {
      /** @param {string[]} keys */
      get: async (keys) => Object.fromEntries(keys.filter((key) => key in values).map((key) => [key, values[key]])),
      /** @param {Record<string, any>} changed */
      async set(changed) {
        Object.assign(values, changed);
        channel.postMessage({ type: 'storage', values: changed });
        notify(changed);
      },
      /** @param {StorageListener} listener */
      onChanged(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    action: {
      /** The number of changes waiting for the server, on the installed app's icon where the system shows badges. @param {string} text */
      async setBadge(text) {
        const count = Number(text);
        await (count > 0 ? setAppBadge?.(count) : clearAppBadge?.())?.catch(() => undefined);
      },
    },
    /** Messages between the app's tabs (not storage): `{ type: 'flush' }`, `{ type: 'signed-out' }`. */
    tabs: {
      /** @param {any} message */
      broadcast: (message) => channel.postMessage(message),
      /** @param {(message: any) => void} listener */
      onMessage: (listener) => { messageListeners.add(listener); },
    },
  };
}

/** @typedef {ReturnType<typeof createPlatform>} Platform */
