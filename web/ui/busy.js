// The busy indicator and the note on coarser views: the page never goes
// silent while the worker is busy. Reads frames (frame.load, from
// worker-load.js) and arrival times; changes no setting.
//
// - "Working…" with a spinner when a frame is late (none for LATE_MS while
//   training, or while new networks are being built), or while the speed
//   asks for more steps per frame than the worker can fit into a frame;
// - a caption when the views were made coarser to keep up.
//
// For tests and curious readers, the indicator's data- attributes hold the
// longest gap between frames over the last few seconds of training
// (data-max-interval, ms) and what the last frame cost (data-steps,
// data-train-ms, data-frame-ms, data-level: see worker-load.js).

const LATE_MS = 350;
const HOLD_MS = 1200; // while training, once shown, shown at least this long (no flicker)
const WINDOW_MS = 4000; // the frame gaps data-max-interval looks at
const REWORD_MS = 2000; // new words (a new count of steps) at most this often: it is a live region

/** The same message but for its numbers? */
const sameStart = (a, b) => a.split(':')[0] === b.split(':')[0];

export function createBusyIndicator({ indicator, note }) {
  const text = indicator.querySelector('.busy__text');
  let running = false;
  let waitingSince = null; // new networks asked for, no frame yet
  let lastFrameAt = null;
  let load = null;
  let shownAt = 0;
  let wordedAt = 0;
  let gaps = []; // [time, gap] of the frames of the last WINDOW_MS while training
  let timer = 0;

  function message(now) {
    if (waitingSince != null && now - waitingSince > LATE_MS) return 'Working… building the networks';
    const late = running && lastFrameAt != null && now - lastFrameAt > LATE_MS;
    const capped = running && load && load.steps > 0 && load.steps < load.stepsAsked;
    if (capped) {
      return `Working… training ${load.stepsAsked} steps per frame is heavy here: ${load.steps} per frame instead`;
    }
    if (late) return load ? `Working… training ${load.stepsAsked} steps per frame is heavy here` : 'Working…';
    return null;
  }

  function update() {
    const now = performance.now();
    const words = message(now);
    if (words) {
      if (indicator.hidden) shownAt = now;
      const fresh = indicator.hidden || !sameStart(text.textContent, words);
      if (text.textContent !== words && (fresh || now - wordedAt > REWORD_MS)) {
        text.textContent = words;
        wordedAt = now;
      }
      indicator.hidden = false;
    } else if (!indicator.hidden && (!running || now - shownAt > HOLD_MS)) {
      indicator.hidden = true;
    }
    const watching = running || waitingSince != null || !indicator.hidden;
    if (watching && !timer) timer = setInterval(update, 100);
    if (!watching && timer) {
      clearInterval(timer);
      timer = 0;
    }
  }

  function showNote(frame) {
    const l = frame.load;
    if (!l || l.level === 0) {
      note.hidden = true;
      return;
    }
    const average = frame.twins.some((t) => t.thinnedView === 'average');
    const words =
      `To keep a frame at least every 250 ms, the boundaries are drawn from a ${l.grid}×${l.grid} grid` +
      (average
        ? ` and the average is of ${l.averageCount} thinned networks on ${l.averageGrid}×${l.averageGrid}`
        : '') +
      '; fewer layers or units bring back the full detail.';
    if (note.textContent !== words) note.textContent = words;
    note.hidden = false;
  }

  /** A frame arrived. */
  function frame(f) {
    const now = performance.now();
    if (running && lastFrameAt != null && waitingSince == null) {
      gaps.push([now, now - lastFrameAt]);
      gaps = gaps.filter(([t]) => now - t <= WINDOW_MS);
      indicator.dataset.maxInterval = String(Math.round(Math.max(...gaps.map(([, g]) => g))));
    }
    lastFrameAt = now;
    waitingSince = null;
    load = f.load ?? null;
    if (load) {
      indicator.dataset.steps = String(load.steps);
      indicator.dataset.trainMs = String(Math.round(load.trainMs));
      indicator.dataset.frameMs = String(Math.round(load.frameMs));
      indicator.dataset.level = String(load.level);
    }
    showNote(f);
    update();
  }

  /** New networks were asked for: their first frame may take a while. */
  function waiting() {
    waitingSince = performance.now();
    gaps = [];
    update();
  }

  function setRunning(on) {
    running = on;
    lastFrameAt = performance.now(); // late counts from now
    gaps = [];
    update();
  }

  return { frame, waiting, setRunning };
}
