// The example lesson page's script: loads <dropout-playground> from the
// playground's host (?playground=<its URL>, default: the folder above docs/
// when this page is served from the playground's own repository), then reacts
// to the three playgrounds' events and drives the second one.

const base = new URL(new URLSearchParams(location.search).get('playground') ?? '../../dist/', location.href);
// Every playground of this page comes from that host: said before the element is
// defined, so that each frame loads once, from there.
for (const el of document.querySelectorAll('dropout-playground')) el.setAttribute('src', base.href);
await import(new URL('web/embed.js', base).href);

const $ = (id) => document.getElementById(id);
const fmt = (x) => (Number.isFinite(x) ? x.toFixed(3) : '–');

// 1. Follow the validation losses.
$('overfit').addEventListener('progress', (e) => {
  const [a, b] = e.detail.twins;
  const out = $('overfit-readout');
  out.dataset.events = String(Number(out.dataset.events) + 1);
  out.dataset.epoch = String(e.detail.epoch);
  out.textContent = `Epoch ${e.detail.epoch}: validation loss with dropout ${fmt(a.validationLoss)}, without ${fmt(b.validationLoss)}.`;
});

// 2. Buttons on this page drive the playground.
const under = $('underfit');
$('underfit-play').addEventListener('click', () => under.play());
$('underfit-pause').addEventListener('click', () => under.pause());
$('underfit-step').addEventListener('click', () => under.step(10));
$('underfit-reset').addEventListener('click', () => under.reset());
under.addEventListener('progress', (e) => {
  const [a] = e.detail.twins;
  const out = $('underfit-readout');
  out.dataset.step = String(e.detail.step);
  out.textContent = `Step ${e.detail.step}: twin A's training loss ${fmt(a.trainLoss)}.`;
});

// 3. The guided card's check.
$('masks').addEventListener('lesson-complete', (e) => {
  const out = $('masks-readout');
  out.dataset.done = 'true';
  out.textContent = `Card ${e.detail.lesson} done: ${e.detail.text}`;
});
for (const el of document.querySelectorAll('dropout-playground'))
  el.addEventListener('error', (e) => console.warn(`${el.id}: ${e.detail.message}`));
