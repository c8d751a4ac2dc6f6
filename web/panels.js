// The panels below the twins that work on request (each asks the training
// worker and shows its answer): which rate (the sweep, its own workers), the
// ensemble and its thinned networks, removing one unit (and silencing units
// from the diagram), saving and sharing, and where dropout applies (CNNs and
// RNNs, with their own worker). main.js creates them once and
// passes them what the worker says; each keeps its own state.
//
//   const panels = createPanels({ $, worker, state, diagram, diagramCanvas, getDataset, open, csv });
//   panels.reset(settings)   // new networks
//   panels.frame(frame)      // each frame: what was measured at an earlier step is marked so
//   panels.message(msg)      // a worker message for a panel: true if it was one

import { datasetInfo, datasetSpec, toQuery, twinSpecs } from './settings.js';
import { createSweepPanel } from './sweep/sweep-panel.js';
import { createEnsemblePanel } from './ensemble/ensemble-panel.js';
import { createThinnedStrip } from './ensemble/thinned-strip.js';
import { createCoadaptPanel } from './coadapt/coadapt-panel.js';
import { createSilencer } from './ui/silence.js';
import { createSharePanel } from './share/share-panel.js';
import { createLessonPanel } from './lessons/lesson-panel.js';
import { createCodePanel } from './code/code-panel.js';
import { createFamiliesPanel } from './families/families-panel.js';

export function createPanels({ $, worker, state, diagram, diagramCanvas, getDataset, open, csv, onLessonComplete }) {
  const pauseTraining = () => state.set({ running: false });
  const onRequest = (type) => ({
    request: () => worker.postMessage({ type }),
    pauseTraining,
    isRunning: () => state.get().running,
  });
  createSweepPanel($('.sweep'), state, { pauseTraining });
  createFamiliesPanel($('.families'), state);
  const ensemble = createEnsemblePanel($('.ensemble'), onRequest('ensemble'));
  const coadapt = createCoadaptPanel($('.coadapt'), onRequest('ablation'));
  const strip = createThinnedStrip($('.ensemble'), {
    ...onRequest('samples'),
    request: (opts) => worker.postMessage({ type: 'samples', ...opts }),
    getDataset,
  });
  const silencer = createSilencer({
    canvas: diagramCanvas,
    diagram,
    note: $('.diagram__silenced'),
    send: (twin, units) => worker.postMessage({ type: 'silence', twin, units }),
  });

  // Opening a file: the worker first builds its networks and throws them away ('check').
  const checks = new Map();
  let checkId = 0;
  const share = createSharePanel($('.share'), {
    getQuery: () => toQuery(state.get()),
    requestSnapshot: () => worker.postMessage({ type: 'snapshot' }),
    check: (exp) =>
      new Promise((resolve) => {
        checkId += 1;
        checks.set(checkId, resolve);
        worker.postMessage({
          type: 'check',
          id: checkId,
          dataset: datasetSpec(exp.settings),
          points: exp.points,
          restore: exp.snapshots,
          twins: twinSpecs(exp.settings),
        });
      }),
    open,
    pictureParts: () => [$('#twin-a .boundary'), $('#twin-b .boundary'), $('#loss-chart canvas')],
    csv,
    describe: () => {
      const s = state.get();
      return `Dropout Playground: ${datasetInfo(s.dataset).label}, twin A rates ${s.rate.join('/')}, step ${$('#epoch').dataset.step}`;
    },
  });

  // The code of the experiment, written again when the settings or the points change.
  const code = createCodePanel($('.code-panel'), {
    getSettings: () => state.get(),
    getDatasetInfo: () => {
      const ds = getDataset();
      return (
        ds && {
          name: ds.name,
          task: ds.task,
          inputs: ds.inputs,
          outputs: ds.outputs,
          classes: ds.classes,
          trainCount: ds.train.count,
          validationCount: ds.validation.count,
        }
      );
    },
  });
  state.subscribe(() => code.update());

  const lesson = createLessonPanel($('.guide'), { state, start: $('.guide__start'), onComplete: onLessonComplete });

  return {
    silencer,
    reset(s) {
      ensemble.reset();
      coadapt.reset();
      strip.reset();
      silencer.reset(s.layers.length);
      lesson.reset();
    },
    frame(frame) {
      const step = frame.twins[0].step;
      lesson.frame(frame);
      ensemble.frame(step);
      coadapt.frame(step);
      strip.frame(step);
    },
    /** The points changed (new networks, or an edit): the code counts them; the strip knows a table. */
    dataset: () => {
      code.update();
      if (getDataset()) strip.setDataset(getDataset());
    },
    /** Worker answers meant for a panel (the caller has checked the generation, except 'checked'). */
    message(msg) {
      const dataset = getDataset();
      if (msg.type === 'checked') {
        checks.get(msg.id)?.(msg);
        checks.delete(msg.id);
      } else if (msg.type === 'snapshot') share.saved(msg);
      else if (msg.type === 'samples') dataset && strip.show(msg);
      else if (msg.type === 'ablation') dataset && coadapt.show(msg, state.get(), dataset.task);
      else if (msg.type === 'ensemble') dataset && ensemble.show(msg, dataset.task);
      else return false;
      return true;
    },
  };
}
