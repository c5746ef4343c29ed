import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { shortcutRows } from '../src/options/shortcuts.js';

test('the options page lists the keys Chrome bound, and says "Not set" for a command Chrome left unbound', () => {
  const { document } = parseHTML('<dl></dl>');
  const rows = shortcutRows(document, [
    { name: '_execute_action', description: '', shortcut: '' },
    { name: 'clip-paper', description: 'Clip the paper in view', shortcut: 'Alt+Shift+S' },
    { name: 'mark-read', description: 'Mark the paper in view read', shortcut: '' },
  ]);
  assert.deepEqual(rows.map((row) => [row.tagName, row.textContent]),
    [['DT', 'Alt+Shift+S'], ['DD', 'Clip the paper in view'], ['DT', 'Not set'], ['DD', 'Mark the paper in view read']]);
  assert.equal(rows[0].querySelectorAll('kbd').length, 3);
  // The page itself no longer states keys of its own: what it shows comes from Chrome.
  const html = readFileSync(new URL('../src/options/options.html', import.meta.url), 'utf8');
  assert.doesNotMatch(html, /<kbd>/);
  assert.match(html, /chrome:\/\/extensions\/shortcuts/);
});
