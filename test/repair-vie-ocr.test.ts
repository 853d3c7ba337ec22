/**
 * Repair of what vnplan's own OCR produces (tesseract's Vietnamese model): marks misread on correct
 * letters, with the OCR's word confidences and LSTM alternatives as evidence. Text written for these
 * tests; the OCR evidence is what tesseract gives for such words (right words ~0.96, misread ones
 * lower).
 */
import { describe, expect, it } from 'vitest';
import type { IngestedDocument, OcrToken } from '../schemas/index.ts';
import { createRepairer } from '../src/repair/index.ts';
import { evidenceScores, type OcrEvidenceModel } from '../src/repair/channel/evidence.ts';
import { DEFAULT_VIE_CHANNEL_PATH, loadChannelData } from '../src/repair/channel/model.ts';

const repairer = createRepairer();

/**
 * An OCR'd page as ingest gives it: `doubt` maps a token (as written in the line) to the confidence
 * tesseract gave it; every other token was read with 0.96.
 */
function ocrDoc(lines: string[], doubt: Record<string, number> = {}, alternatives: Record<string, OcrToken['alternatives']> = {}): IngestedDocument {
  const tokens = lines.map((l) => l.split(' ').map((t): OcrToken => ({ confidence: doubt[t] ?? 0.96, ...(alternatives[t] ? { alternatives: alternatives[t] } : {}) })));
  return {
    docId: 'scan',
    sourcePath: 'scan.png',
    sourceKind: 'image-ocr',
    contentHash: '0'.repeat(64),
    encoding: null,
    warnings: [],
    pages: [{ pageNumber: 1, lines, ocrConfidence: 0.9, ocrTokens: tokens }],
  };
}

const texts = (d: ReturnType<typeof repairer.repairDocument>) => d.lines.map((l) => l.text);

describe('repair of Vietnamese-model OCR', () => {
  it('restores marks the OCR misread on well-formed syllables, where it read them with less confidence', () => {
    const doc = ocrDoc(
      ['Ủy ban nhân dân xã tố chức kiếm tra việc thực hiện kế hoạch chuyển đối số năm 2026.', 'Các thôn báo cáo kết quả trước ngày 15 tháng 12.'],
      { tố: 0.84, kiếm: 0.86, đối: 0.81 },
    );
    const out = repairer.repairDocument(doc);
    expect(out.wasClean).toBe(false);
    expect(texts(out)).toEqual(['Ủy ban nhân dân xã tổ chức kiểm tra việc thực hiện kế hoạch chuyển đổi số năm 2026.', 'Các thôn báo cáo kết quả trước ngày 15 tháng 12.']);
    // one output line per input line; the repaired words carry less than full confidence
    const changed = out.lines[0].tokens.filter((t) => t.original !== t.repaired);
    expect(changed.map((t) => t.original)).toEqual(['tố', 'kiếm', 'đối']);
  });

  it('puts back the stroke OCR lost or added in the numerals of the top-level headings, from their order', () => {
    const page = (heads: string[]) => [
      `${heads[0]} MỤC ĐÍCH, YÊU CẦU`,
      '1. Nâng cao nhận thức của cán bộ về chuyển đổi số.',
      `${heads[1]} MỤC TIÊU CHỦ YẾU`,
      '1. Phấn đấu 80% hộ gia đình sử dụng dịch vụ công trực tuyến.',
      `${heads[2]} NHIỆM VỤ, GIẢI PHÁP`,
      '1. Các thôn tổ chức tuyên truyền trên loa truyền thanh.',
      `${heads[3]} TỔ CHỨC THỰC HIỆN`,
      'Văn phòng Ủy ban nhân dân xã theo dõi, đôn đốc.',
    ];
    const first = (d: ReturnType<typeof repairer.repairDocument>) => d.lines.filter((_, i) => i % 2 === 0).map((l) => l.text.split(' ')[0]);
    // "II." read twice (a stroke of III lost), "1" for I. (its dot lost) and "lv." for IV.
    expect(first(repairer.repairDocument(ocrDoc(page(['1', 'II.', 'II.', 'lv.']))))).toEqual(['I.', 'II.', 'III.', 'IV.']);
    // numbered 1., 2., 3., 4. in capitals: a numbering of its own, left as it is
    expect(first(repairer.repairDocument(ocrDoc(page(['1.', '2.', '3.', '4.']))))).toEqual(['1.', '2.', '3.', '4.']);
    // after a heading OCR lost (III.), the numbers are left as read
    expect(first(repairer.repairDocument(ocrDoc(page(['I.', 'II.', 'V.', 'VI.']))))).toEqual(['I.', 'II.', 'V.', 'VI.']);
  });

  it('leaves a correct page alone', () => {
    const lines = [
      'KẾ HOẠCH',
      'Tổ chức tập huấn kỹ năng số cho cán bộ, công chức và người dân năm 2026',
      'I. MỤC ĐÍCH, YÊU CẦU',
      '1. Nâng cao nhận thức của cán bộ, đảng viên về chuyển đổi số; phấn đấu 80% hộ gia đình sử dụng dịch vụ công trực tuyến.',
      '- Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã chủ trì, phối hợp với các đoàn thể theo dõi, đôn đốc.',
    ];
    const out = repairer.repairDocument(ocrDoc(lines));
    expect(texts(out)).toEqual(lines);
    expect(Math.min(...out.lines.map((l) => l.confidence))).toBeGreaterThan(0.8);
  });

  it("keeps a word the OCR read with confidence even when the language model prefers a neighbour", () => {
    // "tố cáo" (to denounce) is right; read with doubt, "tố" would become the far more frequent "tổ"
    const lines = ['Công dân có quyền tố cáo hành vi vi phạm pháp luật.'];
    expect(texts(repairer.repairDocument(ocrDoc(lines)))).toEqual(lines);
  });

  it('separates two words the OCR glued with a speck read as punctuation, and keeps printed hyphens', () => {
    const out = repairer.repairDocument(ocrDoc(['Các cơ quan, đơn:vị phối hợp tiêm vắc-xin cho trẻ em.'], { 'đơn:vị': 0.58 }));
    expect(texts(out)).toEqual(['Các cơ quan, đơn vị phối hợp tiêm vắc-xin cho trẻ em.']);
  });

  it('marks a token it cannot check (a number) as doubtful when the OCR read it with little confidence', () => {
    const out = repairer.repairDocument(ocrDoc(['Kế hoạch số 1S/KH-UBND ngày 27/3/2026 của Ủy ban nhân dân xã.'], { '1S/KH-UBND': 0.25 }));
    const doubtful = out.lines[0].tokens.find((t) => t.original === '1S/KH-UBND')!;
    const sure = out.lines[0].tokens.find((t) => t.original === '27/3/2026')!;
    // calibrated on the training scans: about two numbers in five read this weakly are wrong
    expect(doubtful.confidence).toBeLessThan(0.75);
    expect(sure.confidence).toBeGreaterThan(0.95);
    expect(out.lines[0].confidence).toBe(doubtful.confidence);
  });

  it('keeps the lines of a page that came from a text layer as written, beside OCR\'d pages', () => {
    const doc = ocrDoc(['Ủy ban nhân dân xã tố chức kiếm tra.'], { tố: 0.84, kiếm: 0.86 });
    doc.pages.unshift({ pageNumber: 1, lines: ['Xã tố chức hội nghị.'], ocrConfidence: null });
    doc.pages[1].pageNumber = 2;
    expect(texts(repairer.repairDocument(doc))).toEqual(['Xã tố chức hội nghị.', 'Ủy ban nhân dân xã tổ chức kiểm tra.']);
  });
});

describe('OCR evidence', () => {
  const model = loadChannelData(DEFAULT_VIE_CHANNEL_PATH).evidence as OcrEvidenceModel;

  it('is learned: lower word confidence speaks against the word as read, a listed alternative for a reading', () => {
    const ratios = model.confLogRatio;
    expect(ratios[ratios.length - 1]).toBeGreaterThan(0);
    expect(ratios[0]).toBeLessThan(ratios[ratios.length - 1] - 1);
    const alt = model.altLogRatio;
    expect(alt[alt.length - 1]).toBeGreaterThan(alt[0]);
    expect(model.altMissLogp).toBeLessThan(0);
  });

  it('scores a candidate the LSTM listed as an alternative above one it did not', () => {
    const out = new Float64Array(3);
    // "Phắt" read with 'á' as the second choice for its third letter (0.59), as tesseract gave it
    evidenceScores(model, { confidence: 0.89, alternatives: [null, null, [['á', 0.59], ['ấ', 0.03]], null] }, 'Phắt', 0, ['phắt', 'phát', 'phất'], [true, false, false], out);
    expect(out[1]).toBeGreaterThan(out[2]);
    expect(out[1]).toBeGreaterThan(0);
  });
});
