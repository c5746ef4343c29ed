// Bundles web/src into web/dist, which the server serves at /app. The sync modules come from the extension's
// sources (../extension/src), not copies: both build from the same files. `node build.mjs --watch` is not offered;
// the build takes well under a second.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const dist = `${root}dist`;
const common = { bundle: true, minify: true, target: 'chrome116', logLevel: /** @type {const} */ ('warning'), sourcemap: /** @type {const} */ ('linked') };

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
await Promise.all([
  cp(`${root}src/index.html`, `${dist}/index.html`),
  cp(`${root}src/manifest.webmanifest`, `${dist}/manifest.webmanifest`),
  cp(`${root}src/icons`, `${dist}/icons`, { recursive: true }),
]);
// The sync engine, the actions and the Markdown renderer load after the first screen, in chunks of their own.
await esbuild.build({ ...common, entryPoints: { app: `${root}src/main.js` }, format: 'esm', outdir: dist, splitting: true,
  chunkNames: 'chunks/[name]-[hash]' });
await esbuild.build({ ...common, entryPoints: { app: `${root}src/app.css` }, outdir: dist, loader: { '.png': 'file' } });

// The service worker caches the shell: every file but source maps. Its cache is named after what it caches, so
// every build that changes the shell replaces it.
const files = (await readdir(dist, { recursive: true, withFileTypes: true }))
  .filter((entry) => entry.isFile() && !entry.name.endsWith('.map'))
  .map((entry) => relative(dist, join(entry.parentPath, entry.name)).split(sep).join('/')).sort();
const hash = createHash('sha256');
for (const file of files) hash.update(file).update(await readFile(`${dist}/${file}`));
const shell = ['/app/', ...files.filter((file) => file !== 'index.html').map((file) => `/app/${file}`)];
await esbuild.build({ ...common, entryPoints: { sw: `${root}src/sw.js` }, format: 'iife', outdir: dist,
  define: { BUILD_ID: JSON.stringify(hash.digest('hex').slice(0, 12)), SHELL_FILES: JSON.stringify(shell) } });
