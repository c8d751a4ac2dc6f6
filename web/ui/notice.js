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

/** The words for settings a link had that could not be used. */
export function describeProblems(problems) {
  const items = problems.map((p) => `${p.key}=${p.raw.length > 24 ? `${p.raw.slice(0, 24)}…` : p.raw} (${p.why})`);
  return `This link had settings that could not be used, so their defaults were used instead: ${items.join('; ')}.`;
}
