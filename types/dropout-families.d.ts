// The second module, dropout_families (createFamiliesModule): the convolutional
// and recurrent networks (docs/API.md, "Beyond dense layers").
import type { Evaluation, ModuleOptions, Rows, Task } from './dropout-core';

export type FeatureDropoutKind = 'spatial' | 'elementwise';

export interface ConvNetworkConfig {
  height?: number;
  width?: number;
  channels?: number;
  kernelSize?: 3 | 5;
  filters?: number;
  padding?: 'same' | 'valid';
  convDropout?: number | { rate?: number; kind?: FeatureDropoutKind };
  hidden?: number;
  rate?: number;
  classes?: number;
  dropoutMode?: 'inverted' | 'original';
  optimizer?: 'sgd' | 'momentum' | 'adam';
  learningRate?: number;
  momentum?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  batchSize?: number;
  seed?: number;
}

export interface ImageSet {
  x: Rows;
  y: Rows;
  count?: number;
}

export interface Glyphs {
  side: number;
  classes: number;
  names: string[];
  train: { x: Float32Array; y: Float32Array; count: number };
  validation: { x: Float32Array; y: Float32Array; count: number };
}

export declare class ConvNetwork {
  constructor(config: ConvNetworkConfig);
  config(): Required<Omit<ConvNetworkConfig, 'convDropout'>> & {
    convDropout: { rate: number; kind: FeatureDropoutKind };
    mapHeight: number;
    mapWidth: number;
  };
  setData(data: { train: ImageSet; validation?: ImageSet | null }): void;
  train(steps: number): { step: number; epoch: number; loss: number; diverged: boolean };
  evaluate(): Evaluation;
  predict(x: Rows): Float32Array;
  predictMC(x: Rows, passes: number): Float32Array;
  masks(example: number): {
    kind: FeatureDropoutKind;
    examples: number;
    featureMaps: Float32Array;
    hidden: Float32Array;
  };
  featureMaps(image: Rows): Float32Array;
  filters(): { kernel: Float32Array; bias: Float32Array };
  update(
    settings: Pick<
      ConvNetworkConfig,
      | 'convDropout'
      | 'rate'
      | 'dropoutMode'
      | 'optimizer'
      | 'learningRate'
      | 'momentum'
      | 'beta1'
      | 'beta2'
      | 'epsilon'
      | 'batchSize'
    >,
  ): void;
  delete(): void;
}

export type RecurrentDropoutKind = 'variational' | 'naive' | 'non-recurrent';

export interface RecurrentDropout {
  kind?: RecurrentDropoutKind;
  inputRate?: number;
  recurrentRate?: number;
  outputRate?: number;
}

export interface RecurrentNetworkConfig {
  cell?: 'lstm' | 'rnn';
  inputs?: number;
  units?: number;
  head?: 'many-to-one' | 'many-to-many';
  task?: Task;
  classes?: number;
  dropout?: RecurrentDropout;
  learningRate?: number;
  seed?: number;
}

export interface Sequences {
  name: 'sines' | 'pattern';
  steps: number;
  inputs: number;
  manyToMany: boolean;
  train: { x: Float32Array; y: Float32Array; count: number };
  validation: { x: Float32Array; y: Float32Array; count: number };
}

export declare class RecurrentNetwork {
  constructor(config: RecurrentNetworkConfig);
  config(): Required<Omit<RecurrentNetworkConfig, 'classes' | 'dropout'>> & {
    classes?: number;
    dropout: Required<RecurrentDropout>;
  };
  setData(data: {
    steps: number;
    train: ImageSet;
    validation?: ImageSet | null;
    name?: string;
    inputs?: number;
    manyToMany?: boolean;
  }): void;
  train(steps: number): { step: number; loss: number; diverged: boolean };
  evaluate(): Evaluation;
  predict(x: Rows, steps: number): Float32Array;
  masks(example: number): {
    kind: RecurrentDropoutKind;
    steps: number;
    examples: number;
    input: Float32Array | null;
    recurrent: Float32Array | null;
    output: Float32Array | null;
  };
  hiddenStates(x: Rows): Float32Array;
  update(settings: { dropout?: RecurrentDropout; learningRate?: number }): void;
  delete(): void;
}

export interface DropoutFamilies {
  ConvNetwork: typeof ConvNetwork;
  RecurrentNetwork: typeof RecurrentNetwork;
  makeGlyphs(spec?: {
    side?: number;
    classes?: number;
    train?: number;
    validation?: number;
    noise?: number;
    seed?: number;
  }): Glyphs;
  makeSequences(spec: {
    name: 'sines' | 'pattern';
    sequences?: number;
    steps?: number;
    noise?: number;
    validation?: number;
    seed?: number;
  }): Sequences;
  memoryStats(): { allocatedBytes: number; heapBytes: number };
}

declare function createFamiliesModule(options?: ModuleOptions): Promise<DropoutFamilies>;
export default createFamiliesModule;
