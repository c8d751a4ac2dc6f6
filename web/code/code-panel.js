// The "Code" panel: the current twins as Keras or PyTorch code (./code-gen.js),
// a switch between the two, and a Copy button. It regenerates on update(),
// which the page calls when the settings change; nothing here reads the
// settings by itself.
//
// The markup it expects (the section may carry other attributes, e.g. data-hide):
//
//   <section class="panel code-panel" aria-labelledby="code-title" data-library="keras">
//     <h2 id="code-title" class="panel__title">The code of this experiment</h2>
//     <p class="caption code-panel__lede">
//       Twin A and twin B as Python: the same layers, dropout, optimiser and training length as here,
//       with comments where a library has no built-in equivalent. The data is a placeholder: load your own.
//     </p>
//     <div class="code-panel__bar">
//       <div class="code-panel__switch" role="group" aria-label="Library">
//         <button class="button button--small code-panel__library" type="button" data-library="keras"
//           aria-pressed="true">Keras</button>
//         <button class="button button--small code-panel__library" type="button" data-library="pytorch"
//           aria-pressed="false">PyTorch</button>
//       </div>
//       <button class="button button--small code-panel__copy" type="button">Copy</button>
//     </div>
//     <p class="code-panel__status caption" role="status"></p>
//     <pre class="code-panel__pre" tabindex="0" aria-label="Python code of this experiment"><code
//       class="code-panel__code"></code></pre>
//   </section>
//
// The CSS it needs (no inline styles: the page's Content-Security-Policy
// forbids them):
//
//   .code-panel { margin-bottom: var(--gap); }   (and .code-panel in the list with .controls, .share, … that sets max-width and margins)
//   .code-panel__bar { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px; }
//   .code-panel__switch { display: inline-flex; gap: 4px; }
//   .code-panel__library[aria-pressed='true'] { border-color: var(--ink); background: var(--ink); color: #fff; }
//   .code-panel__pre { max-height: 32em; margin: 8px 0 0; padding: 12px 14px; overflow: auto;
//     border: 1px solid var(--line); border-radius: 10px; background: var(--paper);
//     font: 12.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; tab-size: 4; white-space: pre; }
//   .code-panel__pre:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
//   .code-panel__status[data-kind='error'] { color: var(--danger-ink); }
//
// Use:
//   const panel = createCodePanel(document.querySelector('.code-panel'), {
//     getSettings: () => settings,            // the page's current settings (settings.js)
//     getDatasetInfo: () => ({ name, task, inputs, outputs, classes,
//                              trainCount, validationCount }),   // or null: worked out from the settings
//   });
//   panel.update();                           // whenever the settings (or the data) change

import { kerasCode, pytorchCode } from './code-gen.js';

const GENERATORS = { keras: kerasCode, pytorch: pytorchCode };
const NAMES = { keras: 'Keras', pytorch: 'PyTorch' };
const STATUS_MS = 6000;

/**
 * Fills the panel and returns { update(), library, setLibrary(name), text }.
 * getDatasetInfo may return null or leave out trainCount/validationCount:
 * the generator then works them out from the settings (the seeded points).
 */
export function createCodePanel(section, { getSettings, getDatasetInfo = () => null }) {
  const $ = (s) => section.querySelector(s);
  const codeEl = $('.code-panel__code');
  const pre = $('.code-panel__pre');
  const copyButton = $('.code-panel__copy');
  const status = $('.code-panel__status');
  const switches = [...section.querySelectorAll('.code-panel__library')];
  let library = GENERATORS[section.dataset.library] ? section.dataset.library : 'keras';
  let text = '';
  let statusTimer = 0;

  const say = (message, kind = 'ok') => {
    clearTimeout(statusTimer);
    status.textContent = message;
    status.dataset.kind = kind;
    if (kind === 'ok' && message) statusTimer = setTimeout(() => say(''), STATUS_MS);
  };

  function render() {
    let next;
    try {
      next = GENERATORS[library](getSettings(), getDatasetInfo() ?? undefined);
    } catch (err) {
      next = `# The code could not be written for these settings: ${err.message}\n`;
    }
    section.dataset.library = library;
    for (const b of switches) b.setAttribute('aria-pressed', String(b.dataset.library === library));
    pre.setAttribute('aria-label', `${NAMES[library]} code of this experiment`);
    if (next === text) return; // keep the scroll position and any selection
    if (text) say(''); // a confirmation was about the code before
    text = next;
    codeEl.textContent = text;
  }

  function setLibrary(name) {
    if (!GENERATORS[name] || name === library) return;
    library = name;
    say('');
    render();
    pre.scrollTop = 0;
  }

  for (const b of switches) b.addEventListener('click', () => setLibrary(b.dataset.library));

  /** Selects the code, for copying by hand. */
  function selectCode() {
    const selection = window.getSelection();
    const range = document.createRange();
    range.selectNodeContents(codeEl);
    selection.removeAllRanges();
    selection.addRange(range);
    pre.focus();
  }

  copyButton.addEventListener('click', async () => {
    const lines = text.split('\n').length - 1;
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      say(`Copied: ${lines} lines of ${NAMES[library]} code.`);
    } catch {
      selectCode();
      const mac = /Mac|iPhone|iPad/.test(navigator.platform ?? '');
      say(
        `The clipboard is not available here: the code is selected, press ${mac ? '⌘C' : 'Ctrl+C'} to copy it.`,
        'error',
      );
    }
  });

  render();
  return {
    update: render,
    setLibrary,
    get library() {
      return library;
    },
    get text() {
      return text;
    },
  };
}
