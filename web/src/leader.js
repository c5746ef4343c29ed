// One tab syncs: it holds the connection to the hub, refreshes the tokens and replays the outbox. Two tabs
// refreshing at once would present the same refresh token twice, and the server revokes a reused token's whole
// family (SPEC §3). The others record their changes in IndexedDB and ask the leader to send them.

/**
 * Runs `lead` once this tab holds the app-wide lock; the lock passes to another tab when this one closes.
 * @param {() => void} lead @param {{ locks?: LockManager }} [deps]
 */
export function whenLeader(lead, { locks = globalThis.navigator?.locks } = {}) {
  if (!locks) {
    lead();
    return;
  }
  void locks.request('papernotes-sync-leader', () => {
    lead();
    // Held for the life of the tab.
    return new Promise(() => undefined);
  });
}
