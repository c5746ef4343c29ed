// Bundles extension/src into extension/dist (loaded unpacked). `node build.mjs --watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { cp, mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const dist = `${root}dist`;

/** Entry points: [source, output name, format]. The content script is a classic script, so IIFE. */
const entries = [
  ['src/background/index.js', 'background', 'esm'],
  ['src/content/index.js', 'content', 'iife'],
  ['src/sidepanel/index.js', 'sidepanel', 'esm'],
  ['src/options/index.js', 'options', 'esm'],
];

/** Static files copied as they are. */
const statics = ['manifest.json', 'sidepanel/sidepanel.html', 'sidepanel/sidepanel.css', 'options/options.html',
  'options/options.css', 'content/content.css', 'shared/theme.css', 'icons'];

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
for (const file of statics) {
  const target = `${dist}/${file.includes('/') && !file.startsWith('icons') ? file.split('/').pop() : file}`;
  await cp(`${root}src/${file}`, target, { recursive: true }).catch((error) => {
    if (error.code !== 'ENOENT') throw error;
  });
}
const contexts = await Promise.all(entries.map(([source, name, format]) => esbuild.context({
  entryPoints: { [name]: `${root}${source}` },
  bundle: true,
  format,
  target: 'chrome116',
  outdir: dist,
  sourcemap: 'linked',
  logLevel: 'warning',
})));
if (process.argv.includes('--watch')) {
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
}
