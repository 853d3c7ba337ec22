/**
 * Child process for test/store-open-race.test.ts: opens each of the stores DIR/store-<i>.sqlite
 * (i < COUNT) at the moment START + i × STEP ms, so that several such processes open every new
 * store at the same instant. Prints one line per store: "ok" or the error.
 *
 *   node --import tsx test/helpers/open-stores-at.ts DIR COUNT START STEP
 */
import { join } from 'node:path';
import { openStore } from '../../src/store/index.ts';

const [dir, count, start, step] = process.argv.slice(2);
for (let i = 0; i < Number(count); i++) {
  const at = Number(start) + i * Number(step);
  while (Date.now() < at) {
    // spin: a timer would wake each process at a different moment
  }
  try {
    openStore(join(dir!, `store-${i}.sqlite`)).close();
    console.log('ok');
  } catch (e) {
    console.log(`store-${i}: ${(e as Error).message}`);
  }
}
