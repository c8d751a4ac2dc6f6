// Offline once loaded: registers the service worker (../sw.js, which caches
// every file of the site; public/sw.js) after the page has loaded, and says
// quietly when a new version is ready, with a button to reload into it.
//
// Only where it can work: a browser with service workers, a page served over
// http(s) in a secure context (https, or http on localhost). A registration
// that fails (a host that refuses it, private browsing) leaves the page as it
// is, online only; document.documentElement.dataset.offline says which:
// 'ready' (this page's files are cached), 'unavailable', or 'update' (a new
// version is waiting).

const bar = document.querySelector('#update');

function mark(state) {
  document.documentElement.dataset.offline = state;
}

/** Shows the bar; its button activates the waiting version (if any) and reloads into it. */
function offer(registration) {
  mark('update');
  if (!bar) return;
  bar.querySelector('.update__reload').onclick = () => {
    const waiting = registration.waiting;
    if (!waiting) return location.reload(); // another page activated it already
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    waiting.postMessage({ type: 'skip-waiting' });
  };
  bar.hidden = false;
}

async function register() {
  const sw = navigator.serviceWorker;
  const controlled = sw.controller !== null; // by an earlier load: a new worker now is an update
  let registration;
  try {
    registration = await sw.register(new URL('../sw.js', import.meta.url), { updateViaCache: 'none' });
  } catch {
    // Refused: registration stays undefined, as where service workers are blocked
    // and register() resolves with nothing (Playwright's serviceWorkers: 'block').
  }
  if (!registration) {
    mark('unavailable');
    return;
  }
  // An update found now or later is offered once installed, while an older version runs this page.
  const follow = (worker) =>
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed' && sw.controller) offer(registration);
    });
  if (registration.waiting && sw.controller) offer(registration);
  follow(registration.installing);
  registration.addEventListener('updatefound', () => follow(registration.installing));
  // Another page activated the new version: this page's files are now answered from it.
  if (controlled) sw.addEventListener('controllerchange', () => offer(registration));
  await sw.ready;
  if (document.documentElement.dataset.offline !== 'update') mark('ready');
}

if ('serviceWorker' in navigator && window.isSecureContext && /^https?:$/.test(location.protocol)) {
  // After the load, so that caching the site does not compete with the page's own first load.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
