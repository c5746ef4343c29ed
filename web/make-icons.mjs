// Draws the web library's PWA icons (192 and 512 px, what Chromium's installability check asks for) with the
// extension's drawing, so both show the same mark. Run by hand (`npm run icons`); the PNGs are committed.
import { writeFile } from 'node:fs/promises';
import { render } from '../extension/make-icons.mjs';

for (const size of [192, 512]) await writeFile(new URL(`./src/icons/icon-${size}.png`, import.meta.url), render(size));
