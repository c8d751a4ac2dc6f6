// Calls the types must refuse (tests/js/types.test.mjs expects exactly these errors).
import createDropoutModule from '../../types/dropout-core';
import type { DropoutPlayground } from '../../types/embed';

export async function wrong(pg: DropoutPlayground): Promise<void> {
  const dp = await createDropoutModule();
  dp.makeDataset({ name: 'spirals' }); // a dataset that does not exist
  const net = new dp.Network({ inputs: 2, layers: [{ units: 8, activation: 'gelu' }] }); // no such activation
  net.unitAblation('test'); // the sets are 'train' and 'validation'
  pg.addEventListener('progress', (e) => e.detail.loss); // progress has no loss
  pg.step('ten'); // a number
}
