// <dropout-playground>: the playground in a lesson page, for teachers.
//
//   <script type="module" src="https://your.host/dropout/web/embed.js"></script>
//   <dropout-playground settings="dataset=circle&rate=0,0.5,0.5" hide="intro,training" lesson="4"></dropout-playground>
//
// It frames the playground (by default the one this script was served with)
// with the settings as URL keys (see web/settings.js). Two ways:
//   attributes / properties: src, settings (a query string), hide, lesson (0-11), height (CSS length)
//   methods: play(), pause(), step(n = 1), reset(), load(settings) (new settings, no reload)
//   events:  ready, progress ({ epoch, step, twins: [{ name, trainLoss, validationLoss,
//            trainAccuracy, validationAccuracy }] }, a few times a second), diverged,
//            error ({ message }), lesson-complete ({ lesson, text })
// It talks to the frame by postMessage with the frame's origin only, and
// listens only to that window from that origin; the page obeys only the
// origin that said hello (web/embed-bridge.js). It imports nothing, so a page
// on another origin loads it with this one file's CORS header (scripts/serve.mjs).

export const MESSAGE_SOURCE = 'dropout-playground';
const HOST_SOURCE = 'dropout-playground-host';
const EVENTS = ['ready', 'progress', 'diverged', 'error', 'lesson-complete'];
const SHADOW_CSS = ':host { display: block; } iframe { display: block; width: 100%; border: 0; }';

export class DropoutPlayground extends HTMLElement {
  static observedAttributes = ['src', 'settings', 'hide', 'height', 'lesson'];

  #frame = null;
  #ready = false; // the frame answered this load's hello
  #queue = []; // commands given before that: sent once it has
  #onMessage = (e) => {
    if (e.source !== this.#frame?.contentWindow || e.origin !== this.#origin || e.data?.source !== MESSAGE_SOURCE)
      return;
    if (e.data.type === 'ready') {
      this.#ready = true;
      for (const message of this.#queue.splice(0)) this.#post(message);
    }
    if (EVENTS.includes(e.data.type)) this.dispatchEvent(new CustomEvent(e.data.type, { detail: e.data.detail }));
  };

  get #origin() {
    return new URL(this.url).origin;
  }

  connectedCallback() {
    if (!this.#frame) {
      const root = this.attachShadow({ mode: 'open' });
      this.#frame = document.createElement('iframe');
      this.#frame.title = this.getAttribute('title') ?? 'Dropout playground';
      this.#frame.loading = 'lazy';
      // Each load of the frame: say hello, so that the page knows whom to talk to.
      this.#frame.addEventListener('load', () => {
        this.#ready = false;
        this.#post({ type: 'hello' });
      });
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

  /** The framed page's URL: src (default: this script's playground) + settings + hide + lesson. */
  get url() {
    const url = new URL(this.getAttribute('src') ?? new URL('../', import.meta.url).href, document.baseURI);
    for (const [key, value] of new URLSearchParams(this.getAttribute('settings') ?? ''))
      url.searchParams.set(key, value);
    const hide = this.getAttribute('hide');
    if (hide) url.searchParams.set('hide', hide);
    const lesson = this.getAttribute('lesson');
    if (lesson) url.searchParams.set('lesson', lesson);
    return url.href;
  }

  get settings() {
    return this.getAttribute('settings') ?? '';
  }
  set settings(query) {
    this.setAttribute('settings', String(query));
  }
  get lesson() {
    return Number(this.getAttribute('lesson') ?? 0);
  }
  set lesson(n) {
    this.setAttribute('lesson', String(n));
  }

  play() {
    this.#send({ type: 'play' });
  }
  pause() {
    this.#send({ type: 'pause' });
  }
  step(n = 1) {
    this.#send({ type: 'step', n });
  }
  reset() {
    this.#send({ type: 'reset' });
  }
  /** New settings (a query string) without reloading the frame. */
  load(settings) {
    this.#send({ type: 'settings', query: `?${String(settings).replace(/^\?/, '')}` });
  }

  /** A command: now if the frame is ready, else once it is (a page may call play() at once). */
  #send(message) {
    if (this.#ready) this.#post(message);
    else this.#queue.push(message);
  }

  #post(message) {
    this.#frame?.contentWindow?.postMessage({ source: HOST_SOURCE, ...message }, this.#origin);
  }

  #update() {
    this.#frame.style.height = this.getAttribute('height') ?? '900px';
    const url = this.url;
    if (this.#frame.src !== url) this.#frame.src = url;
  }
}

if (!customElements.get('dropout-playground')) customElements.define('dropout-playground', DropoutPlayground);
