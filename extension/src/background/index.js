// The service worker. Listeners are registered synchronously at the top level (MV3 only delivers events to
// listeners present when the worker starts); every start, whatever woke it, revives the sync connection.
import { chromeApi as chrome } from '../shared/chrome-api.js';
import { MessageType } from '../shared/messages.js';
import { openStore } from '../shared/store.js';
import { handleMessage } from './actions.js';
import { mayHandle } from './message-policy.js';
import { createSyncEngine } from './sync-engine.js';

/** The alarm that restarts a stopped worker so sync resumes without user action. Chrome's minimum period is 30 s. */
const KEEP_SYNCING_ALARM = 'keep-syncing';

const ready = openStore().then((db) => ({ db, engine: createSyncEngine({ db }) }));

chrome.runtime.onMessage((message, sender, respond) => {
  // Extension pages may ask anything; content scripts only what a Papers page needs (message-policy.js).
  if (!mayHandle(message, sender, chrome.runtime.id())) {
    respond({ ok: false, error: 'Not allowed from here' });
    return false;
  }
  ready.then((context) => handleMessage(message, context))
    .then(respond, (error) => respond({ ok: false, error: error instanceof Error ? error.message : String(error) }));
  return true;
});

chrome.commands.onCommand(async (command) => {
  const tab = await chrome.tabs.active();
  if (tab?.id === undefined) return;
  // No content script on this tab (not a Papers page): nothing to do.
  await chrome.tabs.sendMessage(tab.id, { type: MessageType.Command, command }).catch(() => undefined);
});

chrome.alarms.onAlarm((alarm) => {
  if (alarm.name === KEEP_SYNCING_ALARM) void ready.then(({ engine }) => engine.wake());
});

const install = () => {
  chrome.alarms.create(KEEP_SYNCING_ALARM, 0.5);
  void chrome.sidePanel.openOnActionClick();
};
chrome.runtime.onInstalled(install);
chrome.runtime.onStartup(install);

void ready.then(({ engine }) => engine.wake());
