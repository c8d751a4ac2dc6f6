// <dropout-playground>: the playground in a lesson page, for teachers.
//
//   <script type="module" src="https://your.host/dropout/web/embed.js"></script>
//   <dropout-playground settings="dataset=circle&rate=0,0.5,0.5" hide="intro,training"></dropout-playground>
//
// It frames the playground (by default the one this script was served with)
// with the settings as URL keys (see web/settings.js), and re-dispatches the
// page's progress as a `progress` event whose detail is
// { epoch, step, twins: [{ name, trainLoss, validationLoss, trainAccuracy, validationAccuracy }] }.
// Attributes: src (the playground's URL), settings (a query string), hide, height (CSS length).
// It imports nothing, so a page on another origin loads it with this one
// file's CORS header (scripts/serve.mjs).

export const MESSAGE_SOURCE = 'dropout-playground';
const SHADOW_CSS = ':host { display: block; } iframe { display: block; width: 100%; border: 0; }';

export class DropoutPlayground extends HTMLElement {
  static observedAttributes = ['src', 'settings', 'hide', 'height'];

  #frame = null;
  #onMessage = (e) => {
    if (e.source !== this.#frame?.contentWindow || e.data?.source !== MESSAGE_SOURCE) return;
    if (e.data.type === 'progress') this.dispatchEvent(new CustomEvent('progress', { detail: e.data.detail }));
  };

  connectedCallback() {
    if (!this.#frame) {
      const root = this.attachShadow({ mode: 'open' });
      this.#frame = document.createElement('iframe');
      this.#frame.title = this.getAttribute('title') ?? 'Dropout playground';
      this.#frame.loading = 'lazy';
      root.append(this.#frame);
      // A constructed style sheet, not a <style> element: a host page whose
      // Content-Security-Policy forbids inline styles allows it.
      if ('adoptedStyleSheets' in root) {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(SHADOW_CSS);
        root.adoptedStyleSheets = [sheet];
      } else {
        const style = document.createElement('style');
        style.textContent = SHADOW_CSS;
        root.prepend(style);
      }
    }
    window.addEventListener('message', this.#onMessage);
    this.#update();
  }

  disconnectedCallback() {
    window.removeEventListener('message', this.#onMessage);
  }

  attributeChangedCallback() {
    if (this.#frame) this.#update();
  }

  /** The framed page's URL: src (default: this script's playground) + settings + hide. */
  get url() {
    const url = new URL(this.getAttribute('src') ?? new URL('../', import.meta.url).href, document.baseURI);
    for (const [key, value] of new URLSearchParams(this.getAttribute('settings') ?? ''))
      url.searchParams.set(key, value);
    const hide = this.getAttribute('hide');
    if (hide) url.searchParams.set('hide', hide);
    return url.href;
  }

  #update() {
    this.#frame.style.height = this.getAttribute('height') ?? '900px';
    const url = this.url;
    if (this.#frame.src !== url) this.#frame.src = url;
  }
}

if (!customElements.get('dropout-playground')) customElements.define('dropout-playground', DropoutPlayground);
