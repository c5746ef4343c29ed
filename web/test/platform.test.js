// The web library's stand-in for chrome.storage and the badge: what one tab writes, the others hear.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPlatform } from '../src/platform.js';

/** Two ends of one BroadcastChannel, delivering to every end but the sender, like the real one. */
function channels(count) {
  const ends = Array.from({ length: count }, () => ({ listeners: [] }));
  return ends.map((end) => ({
    postMessage: (data) => ends.filter((other) => other !== end).forEach((other) => other.listeners.forEach((l) => l({ data }))),
    addEventListener: (_type, listener) => end.listeners.push(listener),
  }));
}

test('status written by the syncing tab reaches this tab’s listeners and the other tabs', async () => {
  const [first, second] = channels(2);
  const leader = createPlatform({ channel: first });
  const follower = createPlatform({ channel: second });
  const heard = [];
  follower.storage.onChanged((changes) => heard.push(changes));
  const local = [];
  leader.storage.onChanged((changes) => local.push(changes));

  await leader.storage.set({ syncStatus: { online: true, pending: 2 } });

  assert.deepEqual(local, [{ syncStatus: { newValue: { online: true, pending: 2 } } }]);
  assert.deepEqual(heard, local);
  assert.deepEqual(await follower.storage.get(['syncStatus', 'other']), { syncStatus: { online: true, pending: 2 } });
});

test('tab messages reach the other tabs and are not storage', async () => {
  const [first, second] = channels(2);
  const follower = createPlatform({ channel: first });
  const leader = createPlatform({ channel: second });
  const messages = [];
  leader.tabs.onMessage((message) => messages.push(message));
  follower.tabs.broadcast({ type: 'flush' });
  assert.deepEqual(messages, [{ type: 'flush' }]);
  assert.deepEqual(await leader.storage.get(['type']), {});
});

test('the app badge counts waiting changes and clears at zero', async () => {
  const calls = [];
  const [channel] = channels(1);
  const platform = createPlatform({ channel, setAppBadge: async (n) => { calls.push(n); }, clearAppBadge: async () => { calls.push('clear'); } });
  await platform.action.setBadge('3');
  await platform.action.setBadge('');
  assert.deepEqual(calls, [3, 'clear']);
});
