// The words of the network diagram: the captions under the columns, the
// compact style's key line, and the note above the units (the mode, and what
// this step's mask did). Every text drawn is also recorded with its box, so
// that a test (or the renderer itself) can tell whether any is cut off or
// runs into another.

import { CAPTION_LINE, NOTE_BAND, compactKey } from './layout.js';
import { INK, INK_SOFT, RULE, font } from './style.js';

// At inference every unit is kept; what happens to the outputs depends on the scaling mode.
const INFERENCE_NOTES = {
  inverted: ['every unit kept, no scaling (kept units were scaled ×1/(1−rate) in training)', 'all kept, no scaling'],
  original: ['every unit kept, each output scaled ×(1−rate)', 'all kept, scaled ×(1−rate)'],
};

/** Boxes of the texts drawn this frame: { kind, text, x, y, w, h } in CSS px. */
export function createTextBoxes() {
  const boxes = [];
  return {
    boxes,
    clear: () => (boxes.length = 0),
    add: (kind, text, x, y, w, h) => boxes.push({ kind, text, x, y, w, h }),
    /** How many boxes leave the canvas or overlap another box. */
    problems(width, height) {
      let n = 0;
      for (let i = 0; i < boxes.length; i++) {
        const a = boxes[i];
        if (a.x < -0.5 || a.y < -0.5 || a.x + a.w > width + 0.5 || a.y + a.h > height + 0.5) n++;
        for (let j = i + 1; j < boxes.length; j++) if (overlap(a, boxes[j])) n++;
      }
      return n;
    },
  };
}

const overlap = (a, b) =>
  a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;

/** The captions under the columns: centred under each, never cut off by the canvas edge. */
export function drawCaptions(ctx, layout, captions, view, texts) {
  const { cssWidth } = layout;
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'center';
  for (let c = 0; c < layout.cols.length; c++) {
    const cap = captions[c];
    const col = layout.cols[c];
    const wide = cap.width;
    const x = Math.max(4 + wide / 2, Math.min(cssWidth - 4 - wide / 2, col.x));
    let y = layout.captionY + 11;
    ctx.font = font(12, 600);
    ctx.fillStyle = INK;
    ctx.fillText(cap.title, x, y);
    ctx.font = font(11);
    ctx.fillStyle = INK_SOFT;
    for (const line of cap.details) {
      y += CAPTION_LINE;
      ctx.fillText(line, x, y);
    }
    texts.add('caption', cap.title, x - wide / 2, layout.captionY, wide, y + 3 - layout.captionY);
  }
  if (layout.compact) drawKey(ctx, layout, view, texts);
}

/** The compact style's key line, at the bottom left. */
function drawKey(ctx, layout, view, texts) {
  ctx.font = font(11);
  const room = layout.cssWidth - 8;
  const [long, short] = compactKey(view);
  const text = ctx.measureText(long).width <= room ? long : short;
  ctx.fillStyle = INK_SOFT;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(text, 4, layout.keyY);
  texts.add('key', text, 4, layout.keyY - 10, Math.min(room, ctx.measureText(text).width), 13);
}

/**
 * The line above the units: which mode, and what the mask did. Returns the
 * words, for canvas.dataset.note. s: the masks' summary (masks.js); view:
 * { dropoutMode: 'inverted' | 'original', maskPer: 'example' | 'batch' | 'epoch', epoch }.
 */
export function drawNote(ctx, layout, training, s, texts, view = {}) {
  const { cssWidth } = layout;
  const y = 13;
  const head = training ? 'training:' : 'inference:';
  let [long, short] = INFERENCE_NOTES[view.dropoutMode] ?? INFERENCE_NOTES.inverted;
  let count = '';
  if (training) {
    if (!s.anyDropout) long = short = 'no dropout, every unit kept';
    else if (!s.stepped) long = short = 'masks appear after the first step';
    else if (s.rows === 0) long = short = "this step's weight mask";
    else if (s.shared && view.maskPer === 'epoch')
      [long, short] = [`one mask held for all of epoch ${view.epoch ?? ''}`.trim(), 'one mask per epoch'];
    else if (s.shared) [long, short] = ["this step's mask, shared by the batch", 'one mask per batch'];
    else {
      short = `example ${s.row + 1} of ${s.rows}`;
      long = `this step's mask for ${short}`;
    }
    if (s.masked > 0) count = `${s.droppedAll} of ${s.masked} units dropped`;
    if (s.removedAll > 0) count += `${count ? ' · ' : ''}${s.removedAll} weights dropped`;
    if (s.gaussian) count += `${count ? ' · ' : ''}bar: noise factor`;
  } else if (!s.anyDropout) {
    long = short = 'every unit kept (no dropout to scale for)';
  }
  ctx.textBaseline = 'middle';
  ctx.font = font(12, 700);
  const headWidth = ctx.measureText(head).width + 5;
  ctx.font = font(12);
  const room = cssWidth - 8 - headWidth;
  const countWidth = count ? ctx.measureText(count).width + 16 : 0;
  let body = long;
  let bodyWidth = ctx.measureText(long).width;
  if (bodyWidth + countWidth > room && long !== short) {
    body = short;
    bodyWidth = ctx.measureText(short).width;
  }
  if (bodyWidth > room) {
    ctx.font = font(11); // the inference note on the narrowest canvases
    bodyWidth = ctx.measureText(body).width;
  }
  ctx.fillStyle = INK_SOFT;
  ctx.textAlign = 'left';
  ctx.fillText(body, 4 + headWidth, y);
  texts.add('note', body, 4 + headWidth, y - 8, Math.min(bodyWidth, room), 16);
  if (count && bodyWidth + countWidth <= room) {
    ctx.textAlign = 'right';
    ctx.fillText(count, cssWidth - 4, y);
    texts.add('note', count, cssWidth - 4 - (countWidth - 16), y - 8, countWidth - 16, 16);
  }
  ctx.font = font(12, 700);
  ctx.textAlign = 'left';
  ctx.fillStyle = INK;
  ctx.fillText(head, 4, y);
  texts.add('note', head, 4, y - 8, headWidth - 5, 16);
  ctx.fillStyle = RULE;
  ctx.fillRect(4, NOTE_BAND, cssWidth - 8, 1);
  return `${head} ${long}`;
}
