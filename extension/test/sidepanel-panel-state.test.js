import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseLibrary, createPanelState } from '../src/sidepanel/panel-state.js';

const choices = [{ id: 'P' }, { id: 'C1' }];

test('a collection just created is shown as soon as it is listed, once', () => {
  const state = createPanelState();
  state.pendingSelection = 'C2';
  assert.equal(chooseLibrary(state, choices, 'C1', 'P'), 'C1', 'not stored yet: the current choice stays');
  assert.equal(state.pendingSelection, 'C2');
  assert.equal(chooseLibrary(state, [...choices, { id: 'C2' }], 'C1', 'P'), 'C2');
  assert.equal(state.pendingSelection, null);
  assert.equal(chooseLibrary(state, [...choices, { id: 'C2' }], 'C1', 'P'), 'C1', 'then the picker decides again');
});

test('a library that is gone (left, deleted) falls back to the personal library', () => {
  assert.equal(chooseLibrary(createPanelState(), choices, 'C9', 'P'), 'P');
});
