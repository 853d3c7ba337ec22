/** Dev helper: segment + extract one text file (identity repair) and print sections, tasks or the whole record. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { segmentDocument } from '../src/segment/index.ts';
import { extractRecord } from '../src/extract/index.ts';

const [file, what = 'record'] = process.argv.slice(2);
const text = readFileSync(file, 'utf8').normalize('NFC').replace(/\r\n?/g, '\n').replace(/\n$/, '');
const lines = text.split('\n');
const doc = { docId: basename(file, '.txt'), wasClean: true, lines: lines.map((t, i) => ({ lineNo: i + 1, pageNumber: 1, raw: t, text: t, confidence: 1, tokens: [] })) };
const seg = segmentDocument(doc);
const x = extractRecord(seg);
const show = (n: any, d = 0): void => {
  console.log(`${'  '.repeat(d)}${n.marker} ${n.numbering} [${n.kind}] ${n.heading.slice(0, 80)} (${n.startLine}-${n.endLine})`);
  for (const c of n.children) show(c, d + 1);
};
if (what === 'tree') for (const s of seg.sections) show(s);
else if (what in x.record) console.log(JSON.stringify((x.record as any)[what], null, 1));
else console.log(JSON.stringify(x.record, null, 1));
