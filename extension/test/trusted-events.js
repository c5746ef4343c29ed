// Events as the browser makes them from the user's own input: the content script acts on trusted events only
// (src/content/trusted.js), and linkedom, like a page script, can only make untrusted ones.

/** @template {Event} E @param {E} event @returns {E} */
export const asTrusted = (event) => Object.defineProperty(event, 'isTrusted', { value: true });

/** A trusted event of `type`. @param {any} window @param {string} type @param {EventInit} [init] */
export const userEvent = (window, type, init) => asTrusted(new window.Event(type, init));
