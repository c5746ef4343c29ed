import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { ShareDialog } from '../src/sidepanel/share-dialog.js';
import { memberRows, publicLinkUrl } from '../src/sidepanel/collection-view.js';
import { collectionSummaries, membershipsOf, sortMembers, storedMembers } from '../src/shared/collections.js';

/** @param {'owner' | 'editor' | 'viewer'} role @param {Record<string, (message: any) => any>} [answers] by message type */
function openDialog(role, answers = {}) {
  const { window, document } = parseHTML('<html><body><button class="opener">Share</button></body></html>');
  const sent = /** @type {any[]} */ ([]);
  const copied = /** @type {string[]} */ ([]);
  const members = [{ username: 'ada', role: 'owner' }, { username: 'bo', role: 'editor' }, { username: 'cy', role: 'viewer' }];
  const dialog = new ShareDialog({
    document,
    send: async (message) => {
      sent.push(message);
      return (answers[message.type] ?? (() => ({ ok: true, members })))(message);
    },
    copy: async (text) => { copied.push(text); },
    storedMembers: () => [{ username: 'ada', role: 'owner' }],
  });
  const me = { owner: 'ada', editor: 'bo', viewer: 'cy' }[role];
  const collection = { id: 'C1', name: 'Papers for Thursday', description: 'Lab reading', role, publicUrl: '/c/abc', paperCount: 2 };
  const opened = dialog.open(collection, { me, serverUrl: 'http://127.0.0.1:5080', opener: document.querySelector('.opener') });
  const $ = (/** @type {string} */ selector) => /** @type {any} */ (dialog.dialog.querySelector(selector));
  const $$ = (/** @type {string} */ selector) => [...dialog.dialog.querySelectorAll(selector)];
  const submit = (/** @type {string} */ selector) => $(selector).dispatchEvent(new window.Event('submit', { cancelable: true }));
  return { window, document, dialog, sent, copied, opened, $, $$, submit };
}

test('the owner sees every member with roles to change, the invite form and the public link to copy', async () => {
  const { dialog, sent, opened, $, $$, copied } = openDialog('owner');
  await opened;
  assert.ok(dialog.isOpen);
  assert.deepEqual(sent[0], { type: 'list-members', libraryId: 'C1' });
  assert.equal($('.share-title').textContent, 'Share “Papers for Thursday”');
  assert.deepEqual($$('.share-member').map((li) => li.getAttribute('data-username')), ['ada', 'bo', 'cy']);
  assert.equal($('.share-member[data-username="ada"] .share-member-role'), null, 'the owner’s own role is fixed');
  assert.equal($('.share-member[data-username="bo"] .share-member-role').value, 'editor');
  assert.ok($('.share-member[data-username="cy"] .share-member-remove'));
  assert.equal($('.share-invite').hidden, false);
  assert.equal($('.share-public-toggle').checked, true);
  assert.equal($('.share-public-url').value, 'http://127.0.0.1:5080/c/abc');
  assert.equal($('.share-leave').hidden, true);
  $('.share-copy').click();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(copied, ['http://127.0.0.1:5080/c/abc']);
  assert.equal($('.share-notice').textContent, 'Link copied.');
});

test('inviting by username sends the chosen role, clears the field and shows the new member list', async () => {
  const { sent, opened, $, submit } = openDialog('owner', {
    'set-member-role': () => ({ ok: true, members: [{ username: 'ada', role: 'owner' }, { username: 'dee', role: 'viewer' }] }),
  });
  await opened;
  $('.share-invite-username').value = ' dee ';
  $('.share-invite-role option[value="viewer"]').selected = true;
  submit('.share-invite');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(sent.at(-1), { type: 'set-member-role', libraryId: 'C1', username: 'dee', role: 'viewer' });
  assert.equal($('.share-invite-username').value, '');
  assert.ok($('.share-member[data-username="dee"]'));
  assert.equal($('.share-notice').textContent, 'dee was invited as a viewer.');
});

test('changing a role and removing a member each send one call', async () => {
  const { window, sent, opened, $ } = openDialog('owner');
  await opened;
  $('.share-member[data-username="bo"] option[value="viewer"]').selected = true;
  $('.share-member[data-username="bo"] .share-member-role').dispatchEvent(new window.Event('change'));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(sent.at(-1), { type: 'set-member-role', libraryId: 'C1', username: 'bo', role: 'viewer' });
  $('.share-member[data-username="cy"] .share-member-remove').click();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(sent.at(-1), { type: 'remove-member', libraryId: 'C1', username: 'cy' });
});

test('offline, the dialog shows the members as last synced and says why it cannot do more', async () => {
  const offline = () => ({ ok: false, offline: true, error: 'You are offline: listing members needs a connection to the server.' });
  const { opened, $, $$, submit } = openDialog('owner', { 'list-members': offline, 'set-member-role': offline });
  await opened;
  assert.equal($('.share-error').hidden, false);
  assert.match($('.share-error').textContent, /offline/);
  assert.equal($('.share-error').getAttribute('role'), 'alert');
  assert.deepEqual($$('.share-member').map((li) => li.getAttribute('data-username')), ['ada']);
  $('.share-invite-username').value = 'dee';
  submit('.share-invite');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal($('.share-invite-username').value, 'dee', 'what was typed stays for a retry');
});

test('turning the public link off and rotating it update the dialog from the answer', async () => {
  let publicUrl = '/c/abc';
  const { window, sent, opened, $ } = openDialog('owner', {
    'update-collection': (message) => {
      publicUrl = message.publicLink === false ? null : message.rotateLink ? '/c/new' : publicUrl;
      return { ok: true, collection: { id: 'C1', name: 'Papers for Thursday', publicUrl } };
    },
  });
  await opened;
  $('.share-rotate').click();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(sent.at(-1), { type: 'update-collection', libraryId: 'C1', rotateLink: true });
  assert.equal($('.share-public-url').value, 'http://127.0.0.1:5080/c/new');
  $('.share-public-toggle').checked = false;
  $('.share-public-toggle').dispatchEvent(new window.Event('change'));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(sent.at(-1), { type: 'update-collection', libraryId: 'C1', publicLink: false });
  assert.equal($('.share-public-link').hidden, true);
  assert.equal($('.share-public-toggle').checked, false);
});

test('an editor reads members and the link but manages nothing, and can leave after confirming', async () => {
  const { dialog, sent, opened, $, $$ } = openDialog('editor');
  await opened;
  assert.equal($('.share-invite').hidden, true);
  assert.equal($('.share-details').hidden, true);
  assert.equal($('.share-public-label').hidden, true);
  assert.equal($('.share-rotate').hidden, true);
  assert.equal($('.share-public-url').value, 'http://127.0.0.1:5080/c/abc');
  assert.equal($$('.share-member-role').length, 0);
  assert.equal($$('.share-member-remove').length, 0);
  $('.share-leave').click();
  assert.equal($('.share-confirm-row').hidden, false);
  assert.equal(sent.length, 1, 'nothing happens before the confirmation');
  $('.share-confirm').click();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(sent.at(-1), { type: 'remove-member', libraryId: 'C1', username: 'bo' });
  assert.equal(dialog.isOpen, false);
});

test('the owner deletes only after confirming; a refusal keeps the dialog open with the reason', async () => {
  const { dialog, sent, opened, $ } = openDialog('owner', {
    'delete-collection': () => ({ ok: false, error: 'Your role in this collection does not allow deleting a collection.' }),
  });
  await opened;
  $('.share-delete').click();
  assert.match($('.share-confirm-text').textContent, /for every member/);
  $('.share-confirm').click();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(sent.at(-1), { type: 'delete-collection', libraryId: 'C1' });
  assert.ok(dialog.isOpen);
  assert.match($('.share-error').textContent, /does not allow/);
});

test('renaming needs a name; a saved name shows in the title', async () => {
  const { sent, opened, $, submit } = openDialog('owner', {
    'update-collection': (message) => ({ ok: true, collection: { id: 'C1', name: message.name, description: message.description, publicUrl: '/c/abc' } }),
  });
  await opened;
  $('.share-name').value = '   ';
  submit('.share-details');
  assert.equal(sent.length, 1);
  assert.match($('.share-error').textContent, /needs a name/);
  $('.share-name').value = 'Survey draft';
  submit('.share-details');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(sent.at(-1), { type: 'update-collection', libraryId: 'C1', name: 'Survey draft', description: 'Lab reading' });
  assert.equal($('.share-title').textContent, 'Share “Survey draft”');
});

test('member rows: only the owner manages others; only a non-owner leaves', () => {
  const members = [{ username: 'ada', role: /** @type {const} */ ('owner') }, { username: 'bo', role: /** @type {const} */ ('viewer') }];
  assert.deepEqual(memberRows(members, { me: 'ada', myRole: 'owner' }).map((r) => [r.username, r.canChangeRole, r.canRemove, r.canLeave]),
    [['ada', false, false, false], ['bo', true, true, false]]);
  assert.deepEqual(memberRows(members, { me: 'bo', myRole: 'viewer' }).map((r) => [r.username, r.canChangeRole, r.canRemove, r.canLeave]),
    [['ada', false, false, false], ['bo', false, false, true]]);
});

test('the public link is made absolute against the server; no link is null', () => {
  assert.equal(publicLinkUrl('http://127.0.0.1:5080', '/c/tok'), 'http://127.0.0.1:5080/c/tok');
  assert.equal(publicLinkUrl('http://127.0.0.1:5080', 'https://notes.example/c/tok'), 'https://notes.example/c/tok');
  assert.equal(publicLinkUrl('http://127.0.0.1:5080', null), null);
});

test('collections are listed by name with the role and the details their feed carries', () => {
  const libraries = [
    { id: 'C2', kind: /** @type {const} */ ('collection'), name: 'Zeta', role: 'viewer', syncedVersion: 3 },
    { id: 'P', kind: /** @type {const} */ ('personal'), name: 'Mine', role: 'owner', syncedVersion: 1 },
    { id: 'C1', kind: /** @type {const} */ ('collection'), name: 'Old name', role: 'editor', syncedVersion: 5, publicUrl: '/c/x' },
  ];
  const o = (libraryId, kind, key, data, deleted = false) => ({ libraryId, kind, key, version: 1, deleted, data });
  const objects = [
    o('C1', 'collection', 'C1', { name: 'Alpha', description: 'Lab' }),
    o('C1', 'member', 'u1', { username: 'ada', role: 'owner' }),
    // Keyed by user id like the server's feed: another member who once had the name `ada` is not the user.
    o('C2', 'member', 'u9', { username: 'ada', role: 'owner' }),
    o('C1', 'item', 'p1', { note: '' }), o('C1', 'item', 'p2', null, true), o('C2', 'item', 'p1', { note: 'x' }),
  ];
  assert.deepEqual(collectionSummaries(libraries, objects, 'u1'), [
    { id: 'C1', name: 'Alpha', description: 'Lab', role: 'owner', publicUrl: '/c/x', paperCount: 1 },
    { id: 'C2', name: 'Zeta', description: '', role: 'viewer', publicUrl: null, paperCount: 1 },
  ]);
  assert.deepEqual(membershipsOf(objects, ['C1', 'C2']), { p1: ['C1', 'C2'] });
  assert.deepEqual(storedMembers(objects, 'C1'), [{ username: 'ada', role: 'owner' }]);
  assert.deepEqual(collectionSummaries(libraries, objects, 'u2').map((c) => c.role), ['editor', 'viewer'], 'no entry: the library list’s role');
  assert.deepEqual(sortMembers([{ username: 'b', role: 'viewer' }, { username: 'z', role: 'editor' }, { username: 'a', role: 'owner' }])
    .map((m) => m.username), ['a', 'z', 'b']);
});
