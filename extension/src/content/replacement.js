// A content script left over from before an extension reload keeps running in its page, cut off from the extension;
// a fresh injection asks it to stop with a DOM event. The page can dispatch that event too, so it is only a hint:
// a copy stops only when its own extension context is gone, which nothing on the page can bring about.

/** Dispatched on the document by a fresh injection. */
export const REPLACED_EVENT = 'papernotes-content-replaced';

/** Whether this copy's extension is still there (reloading or removing it clears `chrome.runtime.id` here). */
export const extensionAlive = () => Boolean(/** @type {any} */ (globalThis).chrome?.runtime?.id);

/**
 * Tells any older copy to stop, and stops `integration` when a later injection says so and this copy's extension is
 * gone.
 * @param {Document} document @param {{ destroy(): void }} integration @param {() => boolean} [alive]
 * @returns {() => void} stops listening
 */
export function replaceOlderCopies(document, integration, alive = extensionAlive) {
  document.dispatchEvent(new (document.defaultView ?? globalThis).CustomEvent(REPLACED_EVENT));
  const onReplaced = () => {
    if (alive()) return;
    document.removeEventListener(REPLACED_EVENT, onReplaced);
    integration.destroy();
  };
  document.addEventListener(REPLACED_EVENT, onReplaced);
  return () => document.removeEventListener(REPLACED_EVENT, onReplaced);
}
