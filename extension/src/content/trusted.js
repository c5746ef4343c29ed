// Script on huggingface.co shares the DOM with our UI and can dispatch any event on it, but only the browser makes
// trusted ones (from the user's own mouse and keyboard). Every handler that acts on the user's behalf (clip, status,
// tags, collections, saving or deleting a note, opening one) runs for trusted events only.

/**
 * Wraps an event handler so that events a script dispatched are ignored.
 * @template {Event} E @param {(event: E) => void} handler @returns {(event: E) => void}
 */
export const trusted = (handler) => (event) => {
  if (event.isTrusted) handler(event);
};
