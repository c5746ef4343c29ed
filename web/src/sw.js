// The web library's service worker: keeps the app shell (page, script, styles, manifest, icons) so the library opens
// offline; the data itself is in IndexedDB. Shell files are answered from the cache at once and refreshed behind
// it; a new build (a new BUILD_ID) installs a fresh cache. The API, the hub and the sign-in pages are never cached.
/// <reference lib="webworker" />
/* global BUILD_ID, SHELL_FILES */
const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));
const CACHE = `papernotes-app-${BUILD_ID}`;
/** The page, its script chunks, styles, manifest and icons, listed by build.mjs. @type {string[]} */
const SHELL = SHELL_FILES;

sw.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await sw.clients.claim();
  })());
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin || !url.pathname.startsWith('/app/')) return;
  // Every page of the app is the same shell; the app reads its route from the address.
  const key = request.mode === 'navigate' ? '/app/' : url.pathname;
  if (request.mode !== 'navigate' && !SHELL.includes(key)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const cached = await cache.match(key);
    const fresh = fetch(key === '/app/' ? '/app/' : request).then(async (response) => {
      if (response.ok) await cache.put(key, response.clone());
      return response;
    });
    if (cached) {
      event.waitUntil(fresh.catch(() => undefined));
      return cached;
    }
    return fresh;
  })());
});
