// The only module that touches `chrome.*`. Everything else takes it as a default parameter, so tests pass a fake
// with the same shape instead of patching globals.

/** @typedef {{ [key: string]: any }} StorageChanges */

export const chromeApi = {
  storage: {
    /** @param {string[]} keys @returns {Promise<Record<string, any>>} */
    get: (keys) => chrome.storage.local.get(keys),
    /** @param {Record<string, any>} values */
    set: (values) => chrome.storage.local.set(values),
    /** @param {(changes: Record<string, chrome.storage.StorageChange>) => void} listener @returns {() => void} */
    onChanged(listener) {
      /** @param {Record<string, chrome.storage.StorageChange>} changes @param {string} area */
      const wrapped = (changes, area) => { if (area === 'local') listener(changes); };
      chrome.storage.onChanged.addListener(wrapped);
      return () => chrome.storage.onChanged.removeListener(wrapped);
    },
  },
  runtime: {
    /** @param {any} message @returns {Promise<any>} */
    sendMessage: (message) => chrome.runtime.sendMessage(message),
    /** @param {(message: any, sender: chrome.runtime.MessageSender, respond: (answer: any) => void) => boolean | void} listener */
    onMessage: (listener) => chrome.runtime.onMessage.addListener(listener),
    /** @param {() => void} listener */
    onInstalled: (listener) => chrome.runtime.onInstalled.addListener(listener),
    /** @param {() => void} listener */
    onStartup: (listener) => chrome.runtime.onStartup.addListener(listener),
    openOptionsPage: () => chrome.runtime.openOptionsPage(),
    /** @param {string} path */
    getURL: (path) => chrome.runtime.getURL(path),
    id: () => chrome.runtime.id,
  },
  identity: {
    getRedirectURL: () => chrome.identity.getRedirectURL(),
    /** @param {string} url @returns {Promise<string | undefined>} */
    launchWebAuthFlow: (url) => chrome.identity.launchWebAuthFlow({ url, interactive: true }),
  },
  alarms: {
    /** @param {string} name @param {number} periodInMinutes */
    create: (name, periodInMinutes) => chrome.alarms.create(name, { periodInMinutes, delayInMinutes: periodInMinutes }),
    /** @param {(alarm: chrome.alarms.Alarm) => void} listener */
    onAlarm: (listener) => chrome.alarms.onAlarm.addListener(listener),
  },
  action: {
    /** @param {string} text */
    setBadge: async (text) => {
      await chrome.action.setBadgeBackgroundColor({ color: '#ff9d00' });
      await chrome.action.setBadgeText({ text });
    },
  },
  sidePanel: {
    openOnActionClick: () => chrome.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }),
  },
  commands: {
    /** @param {(command: string) => void} listener */
    onCommand: (listener) => chrome.commands.onCommand.addListener(listener),
    /** The extension's commands with the keys Chrome actually bound (empty when it refused a suggested key). */
    getAll: () => chrome.commands.getAll(),
  },
  tabs: {
    /** The active tab of the focused window, if any. */
    active: async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0],
    /** @param {number} tabId @param {any} message */
    sendMessage: (tabId, message) => chrome.tabs.sendMessage(tabId, message),
    /** Opens a tab; the only way to reach chrome:// pages such as the shortcut settings. @param {string} url */
    create: (url) => chrome.tabs.create({ url }),
  },
};

/** @typedef {typeof chromeApi} ChromeApi */
