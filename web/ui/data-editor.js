// Editing the data by hand: with a class chosen (or, on the 1-D sine, "add a
// point"), a click on either twin's plot adds a point there to the training
// or the validation set; Shift-click, or a long press on a touch screen,
// removes the nearest point. Both twins train on the edit at once (main.js
// sends it to the worker); the points go in the link while they fit.
//
//   const editor = createDataEditor(field, boundaries, { onEdit });
//   editor.setDataset(ds);   // new networks: the points to edit from
//   onEdit(points, what)     // what: words for the status line

import { nearestPoint, pointsOf, withPoint, withoutPoint } from '../data-edit.js';

const LONG_PRESS_MS = 550;
const REACH_PX = 14; // a removal takes the nearest point within this many CSS pixels

export function createDataEditor(field, boundaries, { onEdit }) {
  const mode = field.querySelector('#edit-mode');
  const target = field.querySelector('#edit-set');
  const status = field.querySelector('.edit__status');
  let info = null; // { inputs, task, classes }
  let points = null;

  function options(ds) {
    const list = [['off', 'Off: clicks do nothing']];
    if (ds.inputs > 2) {
      // A table of 20 features has no plane to click on.
      mode.replaceChildren(...list.map(([v, label]) => new Option(label, v)));
      mode.disabled = true;
      mode.title = 'This dataset is a table of 20 features: there is no plane to click points onto.';
      return;
    }
    if (ds.task === 'regression' && ds.inputs === 1) list.push(['add', 'Add a point where I click']);
    else if (ds.task !== 'regression')
      for (let c = 0; c < (ds.task === 'multiclass' ? ds.classes : 2); c++) list.push([String(c), `Add class ${c}`]);
    mode.replaceChildren(...list.map(([v, label]) => new Option(label, v)));
    // A 2-D regression has no class and no position for a value: nothing to add by a click.
    mode.disabled = list.length === 1;
    mode.title = mode.disabled ? 'The plane dataset is a regression over the plane: a click cannot say a value.' : '';
  }

  function setDataset(ds) {
    const previous = mode.value;
    info = { inputs: ds.inputs, task: ds.task, classes: ds.classes };
    points = pointsOf(ds);
    options(ds);
    if ([...mode.options].some((o) => o.value === previous)) mode.value = previous;
    update();
  }

  const update = () => {
    const on = mode.value !== 'off';
    target.disabled = !on;
    for (const b of boundaries) b.canvas.classList.toggle('boundary--editing', on);
  };
  mode.addEventListener('change', update);

  const count = () => `${points.train.y.length} training and ${points.validation.y.length} validation points`;

  function add(b, e) {
    const rect = b.canvas.getBoundingClientRect();
    const [x, y] = b.toData(e.clientX - rect.left, e.clientY - rect.top);
    const set = target.value;
    const round = (v) => Math.round(v * 1000) / 1000; // what a link keeps
    points =
      info.inputs === 1
        ? withPoint(points, set, [round(x)], round(y))
        : withPoint(points, set, [round(x), round(y)], Number(mode.value));
    const what = info.inputs === 1 ? 'a point' : `a point of class ${mode.value}`;
    onEdit(points, `Added ${what} to the ${set === 'train' ? 'training' : 'validation'} set: ${count()}.`);
  }

  function remove(b, e) {
    const rect = b.canvas.getBoundingClientRect();
    const q = b.toData(e.clientX - rect.left, e.clientY - rect.top);
    const near = nearestPoint(points, q, info.inputs, REACH_PX * b.dataPerPixel());
    if (!near) {
      status.textContent = 'No point near enough to remove: Shift-click on a point.';
      return;
    }
    if (near.set === 'train' && points.train.y.length === 1) {
      status.textContent = 'That is the last training point: the networks need at least one.';
      return;
    }
    points = withoutPoint(points, near, info.inputs);
    onEdit(points, `Removed a ${near.set === 'train' ? 'training' : 'validation'} point: ${count()}.`);
  }

  for (const b of boundaries) {
    let press = 0;
    let pressed = false;
    b.canvas.addEventListener('pointerdown', (e) => {
      if (!points || mode.value === 'off' || e.pointerType !== 'touch') return;
      pressed = false;
      press = setTimeout(() => {
        pressed = true;
        remove(b, e);
      }, LONG_PRESS_MS);
    });
    const cancel = () => clearTimeout(press);
    b.canvas.addEventListener('pointerup', cancel);
    b.canvas.addEventListener('pointerleave', cancel);
    b.canvas.addEventListener('pointercancel', cancel);
    b.canvas.addEventListener('click', (e) => {
      if (!points || mode.value === 'off') return;
      if (pressed) {
        pressed = false; // the long press already removed a point
        return;
      }
      if (e.shiftKey) remove(b, e);
      else add(b, e);
    });
  }

  return {
    setDataset,
    /** The words under the control: what the last edit did, and whether the link keeps it. */
    say: (text) => (status.textContent = text),
  };
}
