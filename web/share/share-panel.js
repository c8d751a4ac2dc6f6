// Save and share: copy the link; save the experiment (settings, data and
// both twins' weights and optimiser state) as a JSON file and open one again
// (a file picker, or a file dropped on the page) to continue training exactly
// where it stopped; save a picture of both boundaries and the loss chart
// (PNG), and the losses of every epoch (CSV). Nothing here trains: main.js
// passes the worker's answers in (saved, checked).

import { readExperiment, writeExperiment } from './experiment-file.js';

function download(name, blob) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');

/** Both boundaries side by side, the loss chart under them, with titles: a canvas. */
function composePicture(parts, title) {
  const pad = 16;
  const head = 28;
  const [a, b, chart] = parts;
  const side = Math.max(a.width, b.width);
  const width = Math.max(2 * side + 3 * pad, (chart?.width ?? 0) + 2 * pad);
  const height = head + side + pad + (chart ? chart.height + pad : 0) + head;
  const out = document.createElement('canvas');
  out.width = width;
  out.height = height;
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = 'rgb(28, 33, 40)';
  ctx.font = '600 15px system-ui, sans-serif';
  ctx.fillText(title, pad, 20);
  ctx.font = '13px system-ui, sans-serif';
  ctx.fillText('A: with dropout', pad, head + side + 16 + pad);
  ctx.fillText('B: without dropout', 2 * pad + side, head + side + 16 + pad);
  ctx.drawImage(a, pad, head, side, side);
  ctx.drawImage(b, 2 * pad + side, head, side, side);
  if (chart) ctx.drawImage(chart, pad, head + side + pad + head);
  return out;
}

export function createSharePanel(section, { getQuery, requestSnapshot, check, open, pictureParts, csv, describe }) {
  const $ = (s) => section.querySelector(s);
  const status = $('.share__status');
  const input = $('#open-experiment');
  const say = (text, kind = 'ok') => {
    status.textContent = text;
    status.dataset.kind = kind;
  };

  $('.share__link').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      say('Link copied: it opens these settings, from the start of the run.');
    } catch {
      say(`Copy this link by hand (the clipboard is not available here): ${location.href}`, 'error');
    }
  });
  $('.share__save').addEventListener('click', () => {
    say('Saving…');
    requestSnapshot();
  });
  $('.share__picture').addEventListener('click', () => {
    const parts = pictureParts();
    if (!parts[0] || !parts[1]) return say('Nothing drawn yet to save.', 'error');
    composePicture(parts, describe()).toBlob((blob) => {
      if (!blob) return say('This browser could not make the picture.', 'error');
      download(`dropout-playground-${stamp()}.png`, blob);
      say('Picture saved: both boundaries and the loss chart.');
    }, 'image/png');
  });
  $('.share__csv').addEventListener('click', () => {
    const text = csv();
    download(`dropout-playground-losses-${stamp()}.csv`, new Blob([text], { type: 'text/csv' }));
    say(`Losses saved: ${text.trim().split('\n').length - 1} epochs, both twins.`);
  });

  async function openFile(file) {
    if (!file) return;
    say(`Opening ${file.name}…`);
    let text;
    try {
      text = await file.text();
    } catch (err) {
      return say(`Could not read ${file.name}: ${err.message}. Nothing changed.`, 'error');
    }
    const r = readExperiment(text);
    if (!r.ok) return say(`Could not open ${file.name}: ${r.why}. Nothing changed.`, 'error');
    const answer = await check(r.value);
    if (!answer.ok) return say(`Could not open ${file.name}: ${answer.why}. Nothing changed.`, 'error');
    open(r.value);
    say(`Opened ${file.name}: training continues from step ${r.value.step ?? '?'}.`);
  }
  input.addEventListener('change', () => {
    openFile(input.files[0]);
    input.value = '';
  });
  // A file dropped anywhere on the page.
  document.addEventListener('dragover', (e) => {
    if ([...(e.dataTransfer?.types ?? [])].includes('Files')) e.preventDefault();
  });
  document.addEventListener('drop', (e) => {
    if (!e.dataTransfer?.files?.length) return;
    e.preventDefault();
    openFile(e.dataTransfer.files[0]);
  });

  return {
    /** The worker's snapshot: write the file. */
    saved({ snapshots, dataset, step, epoch }) {
      const text = writeExperiment({ query: getQuery(), dataset, snapshots, step, epoch });
      download(`dropout-playground-step-${step}.json`, new Blob([text], { type: 'application/json' }));
      say(`Saved at step ${step}: the settings, the data and both networks (open it here to go on).`);
    },
    openFile,
  };
}
