import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { NoteEditor } from '../src/content/note-editor.js';
import { markdownToHtml, renderMarkdown } from '../src/shared/markdown.js';
import { asTrusted, userEvent } from './trusted-events.js';

function openPage() {
  const { window } = parseHTML('<html><body><p>page</p></body></html>');
  Object.assign(window, { scrollX: 0, scrollY: 0, innerWidth: 1280 });
  const rect = { top: 100, bottom: 120, left: 200, width: 80 };
  return { window, rect, editor: new NoteEditor(window) };
}

function key(window, name, extra = {}) {
  const event = asTrusted(new window.Event('keydown', { bubbles: true }));
  Object.defineProperty(event, 'key', { value: name });
  for (const [k, v] of Object.entries(extra)) Object.defineProperty(event, k, { value: v });
  return event;
}

test('Markdown renders emphasis, links and lists, and raw HTML in a note stays text', () => {
  const html = markdownToHtml('**Key** claim, see [repo](https://github.com/x/y)\n\n- one\n- two\n\n<img src=x onerror=alert(1)>');
  assert.match(html, /<strong>Key<\/strong>/);
  assert.match(html, /<a href="https:\/\/github.com\/x\/y">repo<\/a>/);
  assert.match(html, /<li>one<\/li>/);
  assert.ok(!html.includes('<img'), html);
});

test('where the sanitiser cannot run, a note is shown as escaped text, never as unsanitised HTML', () => {
  const { window } = parseHTML('<html><body></body></html>');
  const html = renderMarkdown('<script>alert(1)</script> **x**', window);
  assert.ok(!html.includes('<script'), html);
  assert.ok(html.includes('&lt;script&gt;'));
});

test('a new note opens in the editor; Ctrl+Enter saves the trimmed Markdown and closes', () => {
  const { window, rect, editor } = openPage();
  const saved = [];
  editor.open({ rect, quote: 'geometric mean speedup', body: '', onSave: (body) => saved.push(body), onDelete: null });
  assert.ok(editor.isOpen);
  assert.equal(editor.root.querySelector('.quote').textContent, '“geometric mean speedup”');
  assert.equal(editor.textarea.hidden, false);
  assert.equal(editor.root.querySelector('.delete').hidden, true, 'nothing to delete yet');
  editor.textarea.value = '  Check **Table 2**.  ';
  editor.textarea.dispatchEvent(key(window, 'Enter', { ctrlKey: true }));
  assert.deepEqual(saved, ['Check **Table 2**.']);
  assert.equal(editor.isOpen, false);
  editor.destroy();
});

test('an existing note opens rendered; Edit, Cancel and Delete do what they say', () => {
  const { window, rect, editor } = openPage();
  const deleted = [];
  const saved = [];
  editor.open({ rect, quote: 'q', body: 'Hello', onSave: (b) => saved.push(b), onDelete: () => deleted.push(true) });
  assert.equal(editor.textarea.hidden, true);
  assert.equal(editor.rendered.hidden, false);
  assert.match(editor.rendered.innerHTML, /Hello/);
  editor.root.querySelector('.edit').dispatchEvent(userEvent(window, 'click'));
  assert.equal(editor.textarea.hidden, false);
  editor.textarea.value = 'changed, then cancelled';
  editor.root.querySelector('.cancel').dispatchEvent(userEvent(window, 'click'));
  assert.equal(editor.textarea.hidden, true);
  assert.equal(editor.textarea.value, 'Hello');
  editor.root.querySelector('.delete').dispatchEvent(userEvent(window, 'click'));
  assert.deepEqual(deleted, [true]);
  assert.deepEqual(saved, []);
  assert.equal(editor.isOpen, false);
  editor.destroy();
});

test('Escape closes the editor without saving', () => {
  const { window, rect, editor } = openPage();
  const saved = [];
  editor.open({ rect, quote: 'q', body: '', onSave: (b) => saved.push(b), onDelete: null });
  editor.textarea.value = 'draft';
  editor.textarea.dispatchEvent(key(window, 'Escape'));
  assert.equal(editor.isOpen, false);
  assert.deepEqual(saved, []);
  editor.destroy();
});

test('a note’s image becomes a link (no remote fetch for every reader) and a task list gives no inputs to the sanitiser to keep', () => {
  const html = markdownToHtml('![chart](https://tracker.example/p.png)\n\n<form action="https://x"><input name=p></form>');
  assert.ok(!html.includes('<img'), html);
  assert.match(html, /<a href="https:\/\/tracker.example\/p.png">chart<\/a>/);
  assert.ok(!html.includes('<form') && !html.includes('<input'), html);
});
