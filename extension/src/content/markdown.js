// Renders a note's Markdown for display: marked, raw HTML in the source shown as text, then DOMPurify.
import { Marked } from 'marked';
import DOMPurify from 'dompurify';

/** @param {string} text */
const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  .replace(/"/g, '&quot;');

const markdown = new Marked({
  gfm: true,
  breaks: true,
  // Notes never need raw HTML; showing it as typed keeps `<script>` in a note visible instead of risky.
  renderer: { html: ({ text }) => escapeHtml(text) },
});

/**
 * Markdown to HTML before sanitising: raw HTML in the source comes out as text.
 * @param {string} source
 */
export function markdownToHtml(source) {
  return /** @type {string} */ (markdown.parse(source, { async: false }));
}

/** @type {WeakMap<object, ReturnType<typeof DOMPurify>>} one sanitiser per window */
const sanitizers = new WeakMap();

/**
 * Safe HTML for a note body. Where DOMPurify cannot run (a DOM without its features), the note is shown as plain
 * escaped text rather than unsanitised HTML.
 * @param {string} source Markdown
 * @param {Window} window the page's window, whose DOM DOMPurify parses with
 * @returns {string}
 */
export function renderMarkdown(source, window) {
  let purify = sanitizers.get(window);
  if (!purify) {
    purify = DOMPurify(/** @type {any} */ (window));
    purify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A') {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    });
    sanitizers.set(window, purify);
  }
  if (!purify.isSupported) return `<p>${escapeHtml(source).replace(/\n/g, '<br>')}</p>`;
  return purify.sanitize(markdownToHtml(source));
}
