// The line above the verdict that says which lesson is on: what the dataset's
// lesson is about and what was measured for it (dataset-lessons.js), or that
// the learner's own settings are no longer the lesson's; and, when training
// pauses at the lesson's length, that it did. Reads settings, changes nothing.

import { lessonOf, lessonSettings } from '../dataset-lessons.js';
import { datasetInfo } from '../settings.js';

const same = (a, b) => (Array.isArray(a) ? a.length === b.length && a.every((v, i) => v === b[i]) : a === b);

/** What was measured for a lesson, in words (docs/CLAIMS.md). */
export function measuredText(lesson) {
  const pct = `${Math.round(lesson.winRate * 100)}%`;
  switch (lesson.claim) {
    case 'loss-and-accuracy':
      return `Measured over many seeds: the dropout twin ends this lesson with the lower validation loss and at least the same accuracy in ${pct} of runs.`;
    case 'loss':
      return `Measured over many seeds: the dropout twin ends this lesson with the lower validation loss in ${pct} of runs; the accuracies are about the same.`;
    case 'loss-regression':
      return `Measured over many seeds: the dropout twin ends this lesson with the lower validation error in ${pct} of runs.`;
    default:
      return 'Measured over many seeds: no reliable difference between the twins here.';
  }
}

export function createLessonNote(el) {
  let lesson = null;
  let onLesson = false;

  /** Is every setting the lesson sets still the lesson's? (Its claim holds over seeds: New data keeps the lesson.) */
  function matches(s) {
    const want = lessonSettings(s.dataset);
    return Object.keys(want).every((k) => k === 'dataSeed' || k === 'seed' || same(s[k], want[k]));
  }

  function configure(s) {
    lesson = lessonOf(s.dataset);
    onLesson = Boolean(lesson) && matches(s);
    el.dataset.lesson = onLesson ? s.dataset : '';
    if (!lesson) {
      el.textContent = '';
    } else if (onLesson) {
      el.textContent = lesson.note;
      el.title = `${measuredText(lesson)} Train runs ${lesson.stop} steps, then pauses.`;
    } else {
      el.textContent = `Your own settings: the ${datasetInfo(s.dataset).label} lesson's numbers were measured for its own (choose the dataset again to restore them). The verdict below reads your run.`;
      el.title = '';
    }
  }

  /** Training paused at the lesson's length (or at `stop` on the learner's own settings). */
  function paused(step) {
    el.textContent =
      onLesson && lesson
        ? `Paused at step ${step}, this lesson's length. ${measuredText(lesson)} Press Train to go on past it: the verdict keeps reading the numbers.`
        : `Paused at step ${step} (Pause at step, under More settings). Press Train to go on.`;
  }

  return { configure, paused };
}
