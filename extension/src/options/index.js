// The options page: the server URL, sign in and out, and who is signed in. The worker does the work; this page
// shows `syncStatus` and re-renders when it changes.
import { chromeApi as chrome } from '../shared/chrome-api.js';
import { DEFAULT_SERVER_URL, MessageType, SETTINGS_KEY, SYNC_STATUS_KEY } from '../shared/messages.js';
import { syncLabel } from '../shared/page-ui.js';
import { SHORTCUTS_PAGE, shortcutRows } from './shortcuts.js';

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const serverUrl = /** @type {HTMLInputElement} */ ($('server-url'));
const message = $('message');

async function render() {
  const stored = await chrome.storage.get([SETTINGS_KEY, SYNC_STATUS_KEY]);
  const status = stored[SYNC_STATUS_KEY] ?? {};
  const { state, text } = syncLabel(status);
  $('sync').dataset.state = state;
  $('sync').textContent = text;
  if (document.activeElement !== serverUrl) serverUrl.value = status.serverUrl ?? stored[SETTINGS_KEY]?.serverUrl ?? DEFAULT_SERVER_URL;
  // The session belongs to one server: changing it means signing out first.
  serverUrl.disabled = Boolean(status.signedIn);
  $('who').replaceChildren(status.signedIn ? `Signed in as ${status.username ?? '…'}` : 'Not signed in.');
  $('sign-in').hidden = Boolean(status.signedIn);
  $('sign-out').hidden = !status.signedIn;
  $('sync-now').hidden = !status.signedIn;
}

/** @param {any} request @param {HTMLElement} button */
async function run(request, button) {
  message.textContent = '';
  button.setAttribute('aria-busy', 'true');
  /** @type {HTMLButtonElement} */ (button).disabled = true;
  try {
    const answer = await chrome.runtime.sendMessage(request);
    if (!answer?.ok) message.textContent = answer?.error ?? 'Something went wrong.';
  } finally {
    button.removeAttribute('aria-busy');
    /** @type {HTMLButtonElement} */ (button).disabled = false;
    await render();
  }
}

/** Stores the typed server URL (its origin); false when it is not a URL. */
async function saveServerUrl() {
  if (serverUrl.disabled) return true;
  if (!serverUrl.reportValidity()) return false;
  await chrome.storage.set({ [SETTINGS_KEY]: { serverUrl: new URL(serverUrl.value).origin } });
  return true;
}

$('server-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  message.textContent = '';
  if (await saveServerUrl()) await render();
});
$('sign-in').addEventListener('click', async () => {
  if (await saveServerUrl()) await run({ type: MessageType.SignIn }, $('sign-in'));
});
$('sign-out').addEventListener('click', () => run({ type: MessageType.SignOut }, $('sign-out')));
$('sync-now').addEventListener('click', () => run({ type: MessageType.SyncNow }, $('sync-now')));
$('shortcuts-link').addEventListener('click', (event) => {
  // A page may not navigate to chrome:// itself; the tabs API may open it.
  event.preventDefault();
  void chrome.tabs.create(SHORTCUTS_PAGE);
});
void chrome.commands.getAll().then((commands) => $('shortcuts').replaceChildren(...shortcutRows(document, commands)));
chrome.storage.onChanged((changes) => { if (SYNC_STATUS_KEY in changes || SETTINGS_KEY in changes) void render(); });
void render();
