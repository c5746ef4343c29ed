// Input and select borders show where a field is, so they need 3:1 against what surrounds them (WCAG 1.4.11,
// non-text contrast): #e5e7eb on white was 1.24:1. Read from the stylesheets themselves, light and dark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const read = (path) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** @param {string} hex #rrggbb */
function luminance(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a, b) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};
/** The value of a custom property in a block of CSS. @param {string} css @param {string} name */
const valueOf = (css, name) => new RegExp(`${name}:\\s*(#[0-9a-f]{6})`, 'i').exec(css)?.[1];

test('extension pages: the border of inputs and selects stands out 3:1 from the page and its surfaces, light and dark', () => {
  const css = read('../src/shared/theme.css');
  assert.match(css, /input, select, textarea \{[^}]*border: 1px solid var\(--control-border\)/);
  const [light, dark] = css.split('@media (prefers-color-scheme: dark)');
  for (const [scheme, block] of [['light', light], ['dark', dark]]) {
    for (const background of ['--bg', '--surface']) {
      const ratio = contrast(valueOf(block, '--control-border'), valueOf(block, background));
      assert.ok(ratio >= 3, `${scheme} ${background}: ${ratio.toFixed(2)}:1`);
    }
  }
});

test('on Hugging Face pages: the card controls\' select and tag field stand out 3:1 from the card, light and dark', () => {
  const css = read('../src/content/content.css');
  const controls = read('../src/content/card-controls.js');
  assert.match(controls, /select \{[^}]*border: 1px solid var\(--pn-control-border\)/);
  assert.match(controls, /\.tag-input \{[^}]*border: 1px dashed var\(--pn-control-border\)/);
  const [light, dark] = css.split('html.dark .papernotes-host');
  for (const [scheme, block, cards] of [['light', light, ['#ffffff', '#f9fafb']], ['dark', dark, ['#0b0f19', '#111827']]]) {
    for (const card of cards) {
      const ratio = contrast(valueOf(block, '--pn-control-border'), card);
      assert.ok(ratio >= 3, `${scheme} on ${card}: ${ratio.toFixed(2)}:1`);
    }
  }
});
