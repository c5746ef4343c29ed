// Bundles web/src into web/dist, which the server serves at /app. The sync modules come from the extension's
// sources (../extension/src), not copies: both build from the same files. `node build.mjs --watch` is not offered;
// the build takes well under a second.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, rm } from 'node:fs/promises';
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
await esbuild.build({ ...common, entryPoints: { app: `${root}src/main.js` }, format: 'esm', outdir: dist });
await esbuild.build({ ...common, entryPoints: { app: `${root}src/app.css` }, outdir: dist, loader: { '.png': 'file' } });

// The service worker's cache is named after what it caches, so every build that changes the shell replaces it.
const hash = createHash('sha256');
for (const file of ['index.html', 'app.js', 'app.css', 'manifest.webmanifest']) hash.update(await readFile(`${dist}/${file}`));
await esbuild.build({ ...common, entryPoints: { sw: `${root}src/sw.js` }, format: 'iife', outdir: dist,
  define: { BUILD_ID: JSON.stringify(hash.digest('hex').slice(0, 12)) } });
