import { createHash } from 'node:crypto';
import type {
  Extraction,
  IngestedDocument,
  LineSpan,
  RepairedDocument,
  SectionNode,
  SegmentedDocument,
  StructuredRecord,
} from '../../schemas/index.ts';
import type { SaveInput } from './index.ts';

/**
 * Renders a StructuredRecord as the plain text of a commune document and builds the four stage
 * records the store takes, with provenance pointing at the rendered lines. Used where a record
 * exists without a source text: tests (the gold JSON, the generated corpus) and analysts who
 * want to load hand-made records. The pipeline itself never calls this.
 */
export interface RenderedDocument {
  lines: string[];
  provenance: Extraction['provenance'];
  sections: SectionNode[];
  preambleEnd: number;
}

const DOC_TYPE_HEADING: Record<StructuredRecord['meta']['doc_type'], string> = {
  ke_hoach: 'KẾ HOẠCH',
  bao_cao: 'BÁO CÁO',
  quyet_dinh: 'QUYẾT ĐỊNH',
  cong_van: 'CÔNG VĂN',
  thong_bao: 'THÔNG BÁO',
  other: 'VĂN BẢN',
};

function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  if (d) return `ngày ${Number(d)} tháng ${Number(m)} năm ${y}`;
  if (m) return `ngày … tháng ${Number(m)} năm ${y}`;
  return `năm ${y}`;
}

function shortDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return [d && Number(d), m && Number(m), y].filter(Boolean).join('/');
}

/** Lays the record out as a document: header, preamble citing references, sections with their items, signature, recipients. */
export function renderRecord(record: StructuredRecord): RenderedDocument {
  const lines: string[] = [];
  const add = (text: string): number => lines.push(text);
  const m = record.meta;
  const place = m.commune ? `${m.commune_type ?? 'xã'} ${m.commune}` : m.province ? `tỉnh ${m.province}` : '';

  add(m.issuer ? m.issuer.toLocaleUpperCase('vi') : 'ỦY BAN NHÂN DÂN');
  add('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  add('Độc lập - Tự do - Hạnh phúc');
  add(`Số: ${m.number ?? '      '}`);
  if (m.issued_date) add(`${m.commune ?? m.province ?? ''}, ${formatDate(m.issued_date)}`);
  add(DOC_TYPE_HEADING[m.doc_type]);
  if (m.title) add(m.title);

  const references: LineSpan[] = record.references.map((r) => {
    const n = add(
      `Căn cứ ${r.kind ?? 'văn bản'} số ${r.number}${r.date ? ` ngày ${shortDate(r.date)}` : ''}${r.issuer ? ` của ${r.issuer}` : ''};`,
    );
    return { start: n, end: n };
  });
  if (place) add(`UBND ${place} ban hành ${DOC_TYPE_HEADING[m.doc_type].toLocaleLowerCase('vi')} như sau:`);
  const preambleEnd = lines.length;

  const provenance: Extraction['provenance'] = {
    sections: [],
    tasks: new Array(record.tasks.length),
    targets: new Array(record.targets.length),
    references,
    responsibilities: new Array(record.responsibilities.length),
    deadlines: new Array(record.deadlines.length),
    recipients: [],
    funding: null,
  };
  const nodes: SectionNode[] = [];
  // Items whose section is unknown go under the first section of a matching kind, else the last section.
  const targetsHome = Math.max(0, record.sections.findIndex((s) => s.kind === 'targets'));
  const responsibilitiesHome = record.sections.findIndex((s) => s.kind === 'organization');
  const fundingHome = record.sections.findIndex((s) => s.kind === 'funding');
  const deadlinesHome = record.sections.findIndex((s) => s.kind === 'timeline');

  const writeTasks = (idx: number[], level: number, children: SectionNode[]) => {
    for (const i of idx) {
      const t = record.tasks[i];
      const start = add(`${t.numbering}. ${t.title}`);
      if (t.lead_units.length) add(`- Đơn vị chủ trì: ${t.lead_units.join('; ')}.`);
      if (t.partner_units.length) add(`- Đơn vị phối hợp: ${t.partner_units.join('; ')}.`);
      if (t.timeline) add(`- Thời gian thực hiện: ${t.timeline}.`);
      provenance.tasks[i] = { start, end: lines.length };
      children.push({ numbering: t.numbering, marker: t.numbering.includes('.') ? 'decimal' : 'arabic', heading: t.title, kind: 'other', level, startLine: start, endLine: lines.length, children: [] });
    }
  };

  record.sections.forEach((s, si) => {
    const start = add(`${s.numbering}. ${s.heading}`);
    const children: SectionNode[] = [];
    const taskIdx = record.tasks.map((t, i) => [t, i] as const).filter(([t]) => t.section_numbering === s.numbering).map(([, i]) => i);
    if (si === 0) taskIdx.push(...record.tasks.map((t, i) => [t, i] as const).filter(([t]) => t.section_numbering === null || !record.sections.some((x) => x.numbering === t.section_numbering)).map(([, i]) => i));
    writeTasks(taskIdx, 1, children);
    if (si === targetsHome) {
      record.targets.forEach((t, i) => {
        const n = add(`- ${t.statement}`);
        provenance.targets[i] = { start: n, end: n };
      });
    }
    if (si === fundingHome || (fundingHome < 0 && si === record.sections.length - 1 && record.funding.present)) {
      if (record.funding.present) {
        const a = add(`Kinh phí thực hiện từ ${record.funding.sources.join(', ') || 'các nguồn hợp pháp'}.`);
        provenance.funding = { start: a, end: a };
      }
    }
    if (si === responsibilitiesHome || (responsibilitiesHome < 0 && si === record.sections.length - 1)) {
      record.responsibilities.forEach((r, i) => {
        const a = add(`${i + 1}. ${r.unit}`);
        for (let k = 0; k < r.duties; k++) add(`- Nhiệm vụ ${k + 1} của đơn vị.`);
        provenance.responsibilities[i] = { start: a, end: lines.length };
        children.push({ numbering: String(i + 1), marker: 'arabic', heading: r.unit, kind: 'other', level: 1, startLine: a, endLine: lines.length, children: [] });
      });
    }
    if (si === deadlinesHome || (deadlinesHome < 0 && si === record.sections.length - 1)) {
      record.deadlines.forEach((d, i) => {
        const n = add(`- Trước ${formatDate(d.date)}: ${d.what}.`);
        provenance.deadlines[i] = { start: n, end: n };
      });
    }
    if (lines.length === start) add('');
    provenance.sections.push({ start, end: lines.length });
    nodes.push({ numbering: s.numbering, marker: /^[IVXLC]+$/.test(s.numbering) ? 'roman' : 'arabic', heading: s.heading, kind: s.kind, level: 0, startLine: start, endLine: lines.length, children });
  });
  // A record without sections still has items: put them after the preamble.
  if (record.sections.length === 0) {
    writeTasks(record.tasks.map((_, i) => i), 1, []);
    record.targets.forEach((t, i) => { const n = add(`- ${t.statement}`); provenance.targets[i] = { start: n, end: n }; });
    record.responsibilities.forEach((r, i) => { const n = add(`${r.unit}`); provenance.responsibilities[i] = { start: n, end: n }; });
    record.deadlines.forEach((d, i) => { const n = add(`- ${d.what}`); provenance.deadlines[i] = { start: n, end: n }; });
    if (record.funding.present) { const n = add(`Kinh phí: ${record.funding.sources.join(', ')}`); provenance.funding = { start: n, end: n }; }
  }

  if (m.signer_role) m.signer_role.split(' / ').forEach((r) => add(r));
  if (m.signer) add(m.signer);
  if (record.recipients.length) add('Nơi nhận:');
  for (const r of record.recipients) {
    const n = add(`- ${r};`);
    provenance.recipients.push({ start: n, end: n });
  }
  if (lines.length === 0) add('');
  return { lines, provenance, sections: nodes, preambleEnd };
}

/**
 * The store inputs for a record, as if the pipeline had read its rendered text. `lineConfidence`
 * (default 1) lets tests mark lines as uncertain repairs; `wasClean` marks clean sources.
 */
export function inputsFromRecord(
  record: StructuredRecord,
  options: { sourcePath?: string; wasClean?: boolean; lineConfidence?: (lineNo: number, text: string) => number } = {},
): SaveInput {
  const rendered = renderRecord(record);
  const text = rendered.lines.join('\n');
  const sourcePath = options.sourcePath ?? `${record.doc_id}.txt`;
  const contentHash = createHash('sha256').update(`${sourcePath}\n${text}`).digest('hex');
  const ingested: IngestedDocument = {
    docId: record.doc_id,
    sourcePath,
    sourceKind: 'text',
    contentHash,
    encoding: 'utf-8',
    pages: [{ pageNumber: 1, lines: rendered.lines, ocrConfidence: null }],
    warnings: [],
  };
  const repaired: RepairedDocument = {
    docId: record.doc_id,
    wasClean: options.wasClean ?? true,
    lines: rendered.lines.map((t, i) => ({
      lineNo: i + 1,
      pageNumber: 1,
      raw: t,
      text: t,
      confidence: options.lineConfidence?.(i + 1, t) ?? 1,
      tokens: [],
    })),
  };
  const segmented: SegmentedDocument = {
    docId: record.doc_id,
    lines: rendered.lines,
    preambleEnd: rendered.preambleEnd,
    sections: rendered.sections,
  };
  return { ingested, repaired, segmented, extraction: { record, provenance: rendered.provenance } };
}
