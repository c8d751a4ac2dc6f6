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

export interface DropoutCore {
  Network: typeof Network;
  makeDataset(spec: DatasetSpec): Dataset;
  datasetNames(): DatasetName[];
  memoryStats(): { allocatedBytes: number; heapBytes: number };
}

export interface ModuleOptions {
  locateFile?: (file: string) => string;
  wasmBinary?: ArrayBuffer | Uint8Array;
}

declare function createDropoutModule(options?: ModuleOptions): Promise<DropoutCore>;
export default createDropoutModule;
