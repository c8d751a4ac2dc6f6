// The code of the experiment: the page's twins written as runnable Python,
// Keras or PyTorch. The parts: code-common.js (the plan, the header, the notes),
// code-keras.js and code-pytorch.js (the writers).

export { kerasCode } from './code-keras.js';
export { pytorchCode } from './code-pytorch.js';
export { STEPS_WITHOUT_STOP, datasetInfoFor, pyFloat, shortQuery, experimentPlan } from './code-common.js';
