// Small pieces the extension pages (side panel, options) share: building elements and wording the sync state.

/**
 * Creates an element: attributes (functions become event listeners), then children (null is skipped).
 * @param {string} tag @param {Record<string, any>} [attributes] @param {...(Node | string | null | undefined)} children
 * @returns {HTMLElement}
 */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value !== undefined && value !== null && value !== false) element.setAttribute(name, String(value));
  }
  element.append(...children.filter((child) => child !== null && child !== undefined));
  return element;
}

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
