// Types of <dropout-playground> (web/embed.js, docs/EMBEDDING.md). Checked by
// tests/js/types.test.mjs (tsc on tests/types/).

export interface TwinProgress {
  name: 'A' | 'B';
  trainLoss: number | null;
  validationLoss: number | null;
  trainAccuracy: number | null;
  validationAccuracy: number | null;
}

export interface DropoutPlaygroundEventMap {
  ready: CustomEvent<{ settings: string }>;
  progress: CustomEvent<{ epoch: number; step: number; twins: TwinProgress[] }>;
  diverged: CustomEvent<{ step: number; twins: { name: 'A' | 'B'; diverged: boolean }[] }>;
  error: CustomEvent<{ message: string }>;
  'lesson-complete': CustomEvent<{ lesson: number; text: string }>;
}

export declare class DropoutPlayground extends HTMLElement {
  static observedAttributes: string[];
  /** The framed page's URL: src + settings + hide + lesson. */
  readonly url: string;
  /** The settings as a query string (the attribute; changing it reloads the frame). */
  settings: string;
  /** The guided lesson's card, 0-11 (the attribute; changing it reloads the frame). */
  lesson: number;
  play(): void;
  pause(): void;
  /** Exactly n minibatch steps, 1-10,000. */
  step(n?: number): void;
  reset(): void;
  /** New settings without reloading the frame. */
  load(settings: string): void;
  addEventListener<K extends keyof DropoutPlaygroundEventMap>(
    type: K,
    listener: (this: DropoutPlayground, ev: DropoutPlaygroundEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
}

export declare const MESSAGE_SOURCE: 'dropout-playground';

declare global {
  interface HTMLElementTagNameMap {
    'dropout-playground': DropoutPlayground;
  }
}
