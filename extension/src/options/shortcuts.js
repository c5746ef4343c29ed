// The keyboard shortcuts as Chrome bound them. Chrome leaves a suggested key unbound when it clashes with one of its
// own or another extension's, so the options page shows what chrome.commands.getAll() answers, never the manifest.

/** Where Chrome lets the user change an extension's shortcuts (a chrome:// page: opened with chrome.tabs.create). */
export const SHORTCUTS_PAGE = 'chrome://extensions/shortcuts';

/**
 * One row per command: its description and its keys, or that it has none yet.
 * @param {Document} document @param {{ name?: string, description?: string, shortcut?: string }[]} commands
 * @returns {HTMLElement[]} `dt`/`dd` pairs for a `<dl>`
 */
export function shortcutRows(document, commands) {
  const rows = [];
  // `_execute_action` opens the side panel (the toolbar button); it has no description of ours.
  for (const command of commands.filter((c) => c.name !== '_execute_action' && c.description)) {
    const keys = document.createElement('dt');
    if (command.shortcut) {
      command.shortcut.split('+').forEach((key, index) => {
        if (index > 0) keys.append('+');
        const kbd = document.createElement('kbd');
        kbd.textContent = key;
        keys.append(kbd);
      });
    } else {
      keys.className = 'unbound';
      keys.textContent = 'Not set';
    }
    const what = document.createElement('dd');
    what.textContent = /** @type {string} */ (command.description);
    rows.push(keys, what);
  }
  return rows;
}
