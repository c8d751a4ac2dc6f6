// The network engine's worker starts here, as soon as the page is parsed: it
// fetches its modules and compiles the wasm while the page's own modules are
// still loading. main.js imports this module (the same instance) and listens
// through listen(), which first hands over whatever the worker said before
// (a message with no listener would be lost: a failed load, for one).
export const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });

const early = [];
const keep = (event) => early.push(event);
worker.addEventListener('message', keep);
worker.addEventListener('error', keep);

/** Replaces the early buffer with the page's handlers, replaying what arrived before. */
export function listen(onMessage, onError) {
  worker.removeEventListener('message', keep);
  worker.removeEventListener('error', keep);
  for (const event of early.splice(0)) (event.type === 'error' ? onError : onMessage)(event);
  worker.addEventListener('message', onMessage);
  worker.addEventListener('error', onError);
}
