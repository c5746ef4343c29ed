import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mayHandle, PAGE_MESSAGES } from '../src/background/message-policy.js';
import { MessageType } from '../src/shared/messages.js';

const ID = 'iahkonijnnkmacmjgpkjilgoflajhfpm';
const contentScript = { id: ID, tab: /** @type {any} */ ({ id: 3 }), url: 'https://huggingface.co/papers/trending', frameId: 0 };
const sidePanel = { id: ID, url: `chrome-extension://${ID}/sidepanel.html` };
const management = [MessageType.CreateCollection, MessageType.UpdateCollection, MessageType.DeleteCollection,
  MessageType.ListMembers, MessageType.SetMemberRole, MessageType.RemoveMember, MessageType.ExportLibrary,
  MessageType.SignIn, MessageType.SignOut, MessageType.SyncNow, MessageType.ResolveConflict, MessageType.SetCollectionNote];

test('a content script on a Papers page may send what a page needs, and nothing that manages collections or the account', () => {
  for (const type of PAGE_MESSAGES) assert.equal(mayHandle({ type }, contentScript, ID), true, type);
  for (const type of management) assert.equal(mayHandle({ type }, contentScript, ID), false, type);
});

test('the extension’s own pages may send every message, in the side panel or opened in a tab', () => {
  for (const type of [...PAGE_MESSAGES, ...management]) {
    assert.equal(mayHandle({ type }, sidePanel, ID), true, type);
    assert.equal(mayHandle({ type }, { ...sidePanel, tab: /** @type {any} */ ({ id: 9 }) }, ID), true, type);
  }
});

test('another extension, another site, or a sender without a page is refused', () => {
  const get = { type: MessageType.GetPageState, paperIds: [] };
  assert.equal(mayHandle(get, { ...contentScript, id: 'someoneelse' }, ID), false);
  assert.equal(mayHandle(get, { ...contentScript, url: 'https://huggingface.co.evil.example/papers' }, ID), false);
  assert.equal(mayHandle(get, { ...contentScript, url: 'http://huggingface.co/papers' }, ID), false);
  assert.equal(mayHandle(get, { id: ID, url: 'https://huggingface.co/papers' }, ID), false, 'not from a tab');
  assert.equal(mayHandle(null, sidePanel, ID), false);
});
