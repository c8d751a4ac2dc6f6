// Types of the core's JS API (docs/API.md): the Emscripten module
// build-wasm/dropout_core.mjs (dist/wasm/ on the page). Checked by
// tests/js/types.test.mjs (tsc on tests/types/).

export type Task = 'binary' | 'multiclass' | 'regression';
export type Activation = 'relu' | 'leaky_relu' | 'tanh' | 'sigmoid' | 'linear' | 'selu';
export type DropoutKind = 'bernoulli' | 'gaussian' | 'alpha' | 'dropconnect';
export type DatasetName = 'circle' | 'xor' | 'gaussians' | 'spiral' | 'moons' | 'blobs3' | 'sine' | 'plane';
export type SetName = 'train' | 'validation';
export type Rows = Float32Array | Float64Array | number[];

export interface DatasetSpec {
  name: DatasetName;
  points?: number;
  noise?: number;
  validation?: number;
  seed?: number;
}

export interface DataSet {
  x: Float32Array;
  y: Float32Array;
  count: number;
}

export interface Dataset {
  name: DatasetName;
  task: Task;
  inputs: number;
  outputs: number;
  classes: number;
  train: DataSet;
  validation: DataSet;
  box: { xMin: number; xMax: number; yMin: number; yMax: number };
}

export interface LayerConfig {
  units: number;
  activation?: Activation;
  rate?: number;
  kind?: DropoutKind;
}

export interface NetworkConfig {
  inputs: number;
  task?: Task;
  classes?: number;
  layers?: LayerConfig[];
  inputDropout?: { rate?: number; kind?: DropoutKind };
  dropoutMode?: 'inverted' | 'original';
  maskPer?: 'example' | 'batch' | 'epoch';
  init?: 'auto' | 'glorot' | 'he';
  optimizer?: 'sgd' | 'momentum' | 'adam';
  learningRate?: number;
  momentum?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  l1?: number;
  l2?: number;
  maxNorm?: number;
  batchSize?: number;
  seed?: number;
}

export interface Metrics {
  loss: number;
  accuracy: number | null;
  count: number;
}

export interface Evaluation {
  train: Metrics;
  validation: Metrics | null;
  diverged: boolean;
  step: number;
  epoch: number;
}

export interface Grid {
  width: number;
  height: number;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

export interface Mask {
  site: number;
  kind: DropoutKind;
  rate: number;
  shared: boolean;
  units: number;
  rows: number;
  values: Float32Array;
}

export interface Snapshot {
  version: 2;
  config: Required<NetworkConfig>;
  step: number;
  epoch: number;
  cursor: number;
  diverged: boolean;
  params: string[];
  optimizer: string[];
}

export interface UnitRef {
  layer: number;
  unit: number;
}

export declare class Network {
  constructor(config: NetworkConfig);
  static restore(snapshot: Snapshot): Network;
  config(): Required<NetworkConfig>;
  setData(dataset: { train: { x: Rows; y: Rows }; validation?: { x: Rows; y: Rows } }): void;
  train(steps: number): { step: number; epoch: number; loss: number; diverged: boolean };
  evaluate(): Evaluation;
  pointLosses(set: SetName): Float32Array | null;
  predict(x: Rows): Float32Array;
  predictThinned(x: Rows, seed: number): Float32Array;
  thinnedMasks(seed: number): Mask[];
  predictMC(x: Rows, passes: number): { mean: Float32Array; variance: Float32Array };
  /** A view into wasm memory: stale at the next call into the network. */
  predictGrid(options: Grid & { thinned?: boolean; thinnedSeed?: number }): Float32Array;
  /** A view into wasm memory: stale at the next call into the network. */
  unitGrid(options: Partial<Grid> & { width: number; height: number }): Float32Array;
  masks(): Mask[];
  weights(): { inputs: number; units: number; kernel: Float32Array; bias: Float32Array }[];
  activationStats(
    x: Rows,
  ): { layer: number; meanActivation: number; nearZeroFraction: number; unitMeans: Float32Array }[];
  unitAblation(set: SetName): { baseline: number; layers: { layer: number; losses: Float32Array }[] } | null;
  setSilenced(units: UnitRef[]): void;
  silenced(): UnitRef[];
  update(partial: {
    learningRate?: number;
    momentum?: number;
    l1?: number;
    l2?: number;
    maxNorm?: number;
    batchSize?: number;
    rates?: number[];
  }): void;
  snapshot(): Snapshot;
  delete(): void;
}

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
  masks(example: number): {
    kind: FeatureDropoutKind;
    examples: number;
    featureMaps: Float32Array;
    hidden: Float32Array;
  };
  featureMaps(image: Rows): Float32Array;
  filters(): { kernel: Float32Array; bias: Float32Array };
  update(settings: Pick<
    ConvNetworkConfig,
    'convDropout' | 'rate' | 'dropoutMode' | 'optimizer' | 'learningRate' | 'momentum' | 'beta1' | 'beta2' | 'epsilon' | 'batchSize'
  >): void;
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

export interface DropoutCore {
  Network: typeof Network;
  ConvNetwork: typeof ConvNetwork;
  RecurrentNetwork: typeof RecurrentNetwork;
  makeDataset(spec: DatasetSpec): Dataset;
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
  datasetNames(): DatasetName[];
  memoryStats(): { allocatedBytes: number; heapBytes: number };
}

export interface ModuleOptions {
  locateFile?: (file: string) => string;
  wasmBinary?: ArrayBuffer | Uint8Array;
}

declare function createDropoutModule(options?: ModuleOptions): Promise<DropoutCore>;
export default createDropoutModule;
