// A worker thread starts without the main thread's module hooks: register tsx (as bin/vnplan.mjs
// does) before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./worker.ts');

export default worker.default;
