import { openStoreForReading } from '../src/store/index.ts';
const db = openStoreForReading(process.argv[2]);
const agg = await import('../src/analysis/aggregate.ts');
const fmt = await import('../src/analysis/aggregate-format.ts');
for (let i = 0; i < 2; i++) {
  let t = performance.now();
  const r = agg.aggregate(db, { province: null, asOf: '2026-01-01' });
  console.log('aggregate', Math.round(performance.now() - t)); t = performance.now();
  fmt.formatAggregateTables(r, { color: false, limit: 25, sections: [...fmt.AGGREGATE_SECTIONS] });
  console.log('format', Math.round(performance.now() - t));
}
