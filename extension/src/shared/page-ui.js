// Small pieces the extension pages (side panel, options) share: building elements and wording the sync state.

/**
 * @typedef {(tag: string, attributes?: Record<string, any>, ...children: (Node | string | null | undefined)[]) => HTMLElement} ElementBuilder
 *   Creates an element: attributes (functions become event listeners), then children (null is skipped).
 */

/** An element builder for one document (tests pass linkedom's). @param {Document} doc @returns {ElementBuilder} */
export function elementBuilder(doc) {
  return (tag, attributes = {}, ...children) => {
    const element = doc.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
      else if (value !== undefined && value !== null && value !== false) element.setAttribute(name, String(value));
    }
    element.append(...children.filter((child) => child !== null && child !== undefined));
    return element;
  };
}

/**
 * {@link ElementBuilder} for this page's document, which stays the same for the page's life. Read through
 * `globalThis` so Node (tests), which has none, can still import this module.
 * @type {ElementBuilder}
 */
export const el = elementBuilder(globalThis.document);

/**
 * The sync state in words: online, offline with N changes waiting, or signed out.
 * @param {{ signedIn?: boolean, online?: boolean, pending?: number }} status
 * @returns {{ state: 'online' | 'offline' | 'signed-out', text: string }}
 */
export function syncLabel({ signedIn, online, pending = 0 }) {
  const waiting = pending ? ` · ${pending} change${pending === 1 ? '' : 's'} waiting` : '';
  if (!signedIn) return { state: 'signed-out', text: `Signed out${waiting}` };
  if (!online) return { state: 'offline', text: `Offline${waiting}` };
  return { state: 'online', text: pending ? `Syncing${waiting}` : 'Online · up to date' };
}
