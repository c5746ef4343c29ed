import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { REPLACED_EVENT, replaceOlderCopies } from '../src/content/replacement.js';

test('the page dispatching the replacement event does not switch a live copy off; a copy whose extension is gone stops', () => {
  const { document, window } = parseHTML('<html><body></body></html>');
  let alive = true;
  let destroyed = 0;
  replaceOlderCopies(document, { destroy: () => { destroyed++; } }, () => alive);
  document.dispatchEvent(new window.CustomEvent(REPLACED_EVENT)); // what a page script can do
  assert.equal(destroyed, 0);
  alive = false; // the extension was reloaded: a fresh copy is injected and says so
  replaceOlderCopies(document, { destroy: () => {} }, () => true);
  assert.equal(destroyed, 1);
  document.dispatchEvent(new window.CustomEvent(REPLACED_EVENT));
  assert.equal(destroyed, 1, 'stopped once');
});
