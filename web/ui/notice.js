// A visible, announced message for errors and refused settings; never a broken page.

export function createNotice(el) {
  const text = el.querySelector('.notice__text');
  el.querySelector('.notice__close').addEventListener('click', () => (el.hidden = true));
  return {
    show(message, kind = 'error') {
      text.textContent = message;
      el.dataset.kind = kind;
      el.hidden = false;
    },
    clear() {
      el.hidden = true;
      text.textContent = '';
    },
    get kind() {
      return el.hidden ? null : el.dataset.kind;
    },
  };
}

const MAX_ITEMS = 8;
const clip = (s, n) => (s.length > n ? `${s.slice(0, n)}…` : s);

/**
 * The words for what a link had that could not be used (settings.js
 * parseQuery's problems), and what the page uses instead: per key, the value
 * it now holds, which is its default or another value the link gave.
 */
export function describeProblems(problems) {
  const items = problems.slice(0, MAX_ITEMS).map((p) => `${clip(p.key, 24)}=${clip(p.raw, 24)} (${p.why})`);
  if (problems.length > MAX_ITEMS) items.push(`and ${problems.length - MAX_ITEMS} more`);
  const used = new Map();
  for (const p of problems) {
    if (p.used != null && !used.has(p.key))
      used.set(p.key, `${p.key}=${clip(p.used, 40)}${p.usedDefault ? ' (the default)' : ''}`);
  }
  const instead = used.size > 0 ? ` Used instead: ${[...used.values()].join(', ')}.` : '';
  return `This link had settings that could not be used: ${items.join('; ')}.${instead}`;
}

/** The words for a value typed into a control that could not be used. */
export const describeRefused = (label, typed, why, used) =>
  `${label}: ${typed === '' ? 'that entry' : clip(typed, 24)} could not be used (it must be ${why}), so it stays ${used}.`;
