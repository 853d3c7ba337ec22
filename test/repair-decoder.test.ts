import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RepairedDocument, type IngestedDocument } from '../schemas/index.ts';
import { createRepairer } from '../src/repair/index.ts';
import { stripMarks } from '../src/repair/channel/text.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures/repair');

function doc(lines: string[], docId = 'test'): IngestedDocument {
  return {
    docId,
    sourcePath: `${docId}.txt`,
    sourceKind: 'text',
    contentHash: '0'.repeat(64),
    encoding: 'utf-8',
    pages: [{ pageNumber: 1, lines, ocrConfidence: null }],
    warnings: [],
  };
}

const repairer = createRepairer();
const repairLine = (line: string) => repairer.repairDocument(doc([line])).lines[0];

describe('repair of OCR output', () => {
  it('restores a sentence read without Vietnamese support', () => {
    expect(repairLine('Trién khai Phong trao “Binh dan hoc vu s6”').text).toBe('Triển khai Phong trào “Bình dân học vụ số”');
  });

  it('keeps numbers, dates and document codes while repairing the words around them', () => {
    const l = repairLine('Thuc hién Nghi quyét s6 57-NQ/TW ngay 22/12/2024 ctia B6 Chinh tri');
    expect(l.text).toBe('Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị');
  });

  it('reads a short number as a word when the context says the OCR turned letters into digits', () => {
    expect(repairLine('Nguoi dan 6 vung sau duoc h6 tro kip thoi').text).toBe('Người dân ở vùng sâu được hỗ trợ kịp thời');
    expect(repairLine('Uu tién cac x4 kho khan, nhat 12 céc thén vung cao').text).toBe('Ưu tiên các xã khó khăn, nhất là các thôn vùng cao');
    expect(repairLine('Ty 18 tang truong kinh té dat 8% trong 6 thang dau nam').text).toBe('Tỷ lệ tăng trưởng kinh tế đạt 8% trong 6 tháng đầu năm');
  });

  it('reads a symbol the synthetic OCR never produced for a marked vowel from context (x& → xã)', () => {
    const r = createRepairer({ kind: 'ocr' });
    const line = (l: string) => r.repairDocument(doc([l])).lines[0].text;
    expect(line('Uy ban nhan dan x& Binh An tb chitc hop dan')).toBe('Ủy ban nhân dân xã Bình An tổ chức họp dân');
    // with the token table trusted too much this reads "xứ"
    expect(line('nguoi dan trong x&;')).toBe('người dân trong xã;');
    expect(line('Cong an x& phdi hop voi cac thon')).toBe('Công an xã phối hợp với các thôn');
  });

  it('rejoins a document code the OCR split at a space, but not a list marker', () => {
    const r = createRepairer({ kind: 'ocr' });
    const line = (l: string) => r.repairDocument(doc([l])).lines[0];
    expect(line('Can ctt Nghi dinh s6 88/2005/ NĐ-CP ngay 11/7/2005').text).toBe('Căn cứ Nghị định số 88/2005/NĐ-CP ngày 11/7/2005');
    expect(line('Thong tu 56/2022/TT- BTC cua B6 Tai chinh').text).toBe('Thông tư 56/2022/TT-BTC của Bộ Tài chính');
    expect(line('Luat s6 64/2025/QH1 5 ngay 19/02/2025').text).toBe('Luật số 64/2025/QH15 ngày 19/02/2025');
    // each raw token keeps its own record
    expect(line('Bao céo 621/ BC-BTC ngay 3/5').tokens.map((t) => t.original)).toEqual(['Bao', 'céo', '621/', 'BC-BTC', 'ngay', '3/5']);
    expect(line('1/ T6 chitc tuyén truyén').text).toBe('1/ Tổ chức tuyên truyền');
    expect(line('1/ UBND x& chi dao').text).toBe('1/ UBND xã chỉ đạo');
  });

  it('keeps real numbers as numbers', () => {
    expect(repairLine('Diéu 12. Trach nhiém thi hanh').text).toBe('Điều 12. Trách nhiệm thi hành');
    expect(repairLine('Tong s6 c6 15 xa, 3 phuong tham gia; 2 don vi chua bao céo').text).toBe('Tổng số có 15 xã, 3 phường tham gia; 2 đơn vị chưa báo cáo');
  });

  it('corrects the case the OCR garbled from the words around it', () => {
    const r = createRepairer({ kind: 'ocr' });
    const line = (l: string) => r.repairDocument(doc([l])).lines[0].text;
    // a marked capital vowel read as a plain capital: a capitalised word, not a heading
    expect(line('Bao cao cua BO Tai chinh vé ng4n sach')).toBe('Báo cáo của Bộ Tài chính về ngân sách');
    // a lower-case i inside a heading in capitals
    expect(line('UY BAN NHAN DAN TiNH LAM DONG')).toBe('ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG');
    // l read as a capital I
    expect(line('Kip thdi xir Iy cac vi pham')).toBe('Kịp thời xử lý các vi phạm');
    // abbreviations in capitals do not make their neighbours capitals
    expect(line('Van phong HDND va UBND x4 theo doi')).toBe('Văn phòng HĐND và UBND xã theo dõi');
  });

  it('repairs the letters of a code part from the look-alikes the channel learned (Đ read as P)', () => {
    expect(repairLine('Ké hoach s6 09-KH/PU ngay 22/8/2025').text).toContain('09-KH/ĐU');
  });

  it('reads a consonant pair inside a heading in capitals as the marked syllable it was', () => {
    const r = createRepairer({ kind: 'ocr' });
    expect(r.repairDocument(doc(['IV. TIEN PQ THUC HIEN'])).lines[0].text).toBe('IV. TIẾN ĐỘ THỰC HIỆN');
    expect(r.repairDocument(doc(['Luu: VT, KT'])).lines[0].text).toBe('Lưu: VT, KT');
  });

  it('keeps short all-caps consonant runs (archive codes after "Lưu") as written', () => {
    expect(repairLine('- Luu VT, VX').text).toBe('- Lưu VT, VX');
    expect(repairLine('Luu: VT, VP, TH.').text).toBe('Lưu: VT, VP, TH.');
    // a known code part read with a look-alike is still repaired
    expect(repairLine('- Luu VT, HDND xa').text).toContain('HĐND');
  });

  it('repairs roman-numeral headings at line start', () => {
    expect(repairLine('I1. MUC TIEU').text).toBe('II. MỤC TIÊU');
    expect(repairLine('IV. TO CHUC THUC HIEN').text.startsWith('IV. ')).toBe(true);
    expect(repairLine('1. Muc dich').text.startsWith('1. ')).toBe(true);
  });

  it('splits words the OCR ran together, keeping one token record per raw token', () => {
    const l = repairLine('Uy ban nhan dan xa xay dung kéhoach thuc hién');
    expect(l.text).toBe('Ủy ban nhân dân xã xây dựng kế hoạch thực hiện');
    expect(l.tokens.find((t) => t.original === 'kéhoach')?.repaired).toBe('kế hoạch');
    expect(repairLine('dé thuc hiénKé hoach nay').text).toBe('để thực hiện Kế hoạch này');
    // plain ASCII words outside the lexicon are not taken apart
    expect(repairLine('cai dat ung dung Zalo').text.endsWith('Zalo')).toBe(true);
  });

  it('merges a word the OCR split in two when the context reads it as one', () => {
    const r = createRepairer({ kind: 'ocr' });
    const l = r.repairDocument(doc(['Trién khai thuc hi én cac nhiém vu', 'THU TUC HANH CH INH', 'cac thon va to dan ph6'])).lines;
    expect(l.map((x) => x.text)).toEqual(['Triển khai thực hiện các nhiệm vụ', 'THỦ TỤC HÀNH CHÍNH', 'các thôn và tổ dân phố']);
    // one record per raw token: the first half carries the word, the second is emptied
    expect(l[0].tokens.slice(2, 5).map((t) => [t.original, t.repaired])).toEqual([['thuc', 'thực'], ['hi', 'hiện'], ['én', '']]);
    expect(l[0].tokens[3].confidence).toBeGreaterThan(0.5);
  });

  it('repairs words joined by a slash one by one, but leaves codes alone', () => {
    const l = repairLine('Uy ban nhan dan cac xa/phuong tren dia ban tinh');
    expect(l.text).toBe('Ủy ban nhân dân các xã/phường trên địa bàn tỉnh');
    expect(l.tokens.find((t) => t.original === 'xa/phuong')?.repaired).toBe('xã/phường');
    expect(repairLine('Nghi quyet so 57-NQ/TW cua Bo Chinh tri').text).toContain(' 57-NQ/TW ');
  });

  it('copies the observed case pattern onto the repaired word', () => {
    expect(repairLine('KE HOACH').text).toBe('KẾ HOẠCH');
  });

  it('keeps the line count, blank lines and the schema on a real synthetic OCR page', () => {
    const ocr = readFileSync(join(FIXTURE, 'ocr-sample.ocr.txt'), 'utf8').split('\n');
    const out = repairer.repairDocument(doc(ocr));
    expect(RepairedDocument.parse(out).lines).toHaveLength(ocr.length);
    out.lines.forEach((l, i) => {
      expect(l.raw).toBe(ocr[i]);
      if (!ocr[i].trim()) expect(l.text).toBe(ocr[i]);
      for (const t of l.tokens) {
        expect(t.confidence).toBeGreaterThanOrEqual(0);
        expect(t.confidence).toBeLessThanOrEqual(1);
        expect(ocr[i].slice(t.start, t.start + t.original.length)).toBe(t.original);
      }
    });
    // most words come back with their marks: far more marked words than in the OCR
    const marked = (s: string) => s.split(/\s+/).filter((w) => stripMarks(w) !== w).length;
    const text = out.lines.map((l) => l.text).join('\n');
    expect(marked(text)).toBeGreaterThan(2 * marked(ocr.join('\n')));
  });
});

describe('repair of diacritic-stripped text', () => {
  it('restores marks and gives ambiguous words a lower confidence', () => {
    const l = repairLine('Uy ban nhan dan xa co trach nhiem to chuc thuc hien ke hoach nay.');
    expect(l.text).toBe('Ủy ban nhân dân xã có trách nhiệm tổ chức thực hiện kế hoạch này.');
    const clear = repairLine('to chuc thuc hien').tokens;
    const vague = repairLine('ban').tokens[0];
    expect(Math.min(...clear.map((t) => t.confidence))).toBeGreaterThan(vague.confidence);
  });
});

describe('mostly clean text with some marks lost', () => {
  it('restores the unmarked words and leaves the marked ones as written', () => {
    const clean = readFileSync(join(FIXTURE, 'ocr-sample.clean.txt'), 'utf8').split('\n');
    // every 8th word loses its marks; the hoá/hóa spelling of the page must survive
    let k = 0;
    const damaged = clean.map((l) => l.split(' ').map((w) => (++k % 8 === 0 ? stripMarks(w) : w)).join(' '));
    const out = repairer.repairDocument(doc(damaged));
    expect(out.wasClean).toBe(false);
    const words = (ls: string[]) => ls.join(' ').split(/\s+/).filter(Boolean);
    const gold = words(clean);
    const got = words(out.lines.map((l) => l.text));
    expect(got).toHaveLength(gold.length);
    const wrong = got.filter((w, i) => w !== gold[i]).length;
    const damagedWrong = words(damaged).filter((w, i) => w !== gold[i]).length;
    expect(wrong).toBeLessThan(damagedWrong / 4);
    // a word that was written with its marks is never changed
    words(damaged).forEach((w, i) => { if (stripMarks(w) !== w) expect(got[i]).toBe(w); });
  });
});

describe('clean documents', () => {
  it('passes clean Vietnamese through unchanged, marked as clean', () => {
    const clean = readFileSync(join(FIXTURE, 'ocr-sample.clean.txt'), 'utf8').split('\n');
    const out = repairer.repairDocument(doc(clean));
    expect(out.wasClean).toBe(true);
    expect(out.lines.map((l) => l.text)).toEqual(clean);
  });

  it('in a batch, uses clean documents to adapt the model and passes them through', () => {
    const clean = readFileSync(join(FIXTURE, 'ocr-sample.clean.txt'), 'utf8').split('\n');
    const stripped = clean.map(stripMarks);
    const [a, b] = repairer.repairBatch([doc(clean, 'clean'), doc(stripped, 'stripped')]);
    expect(a.wasClean).toBe(true);
    expect(b.wasClean).toBe(false);
    expect(b.lines).toHaveLength(clean.length);
    const same = b.lines.filter((l, i) => l.text === clean[i]).length;
    expect(same / clean.length).toBeGreaterThan(0.9);
  });
});

describe('the decoder memo', () => {
  it('changes nothing: the same page decodes alike with a memo, with a full memo, and without one', async () => {
    const { DecoderCache, decodeLines } = await import('../src/repair/decoder/decoder.ts');
    const { OcrChannel, loadChannelData } = await import('../src/repair/channel/model.ts');
    const { loadLanguageModel } = await import('../src/repair/language-model/index.ts');
    const lines = readFileSync(join(FIXTURE, 'ocr-sample.ocr.txt'), 'utf8').split('\n');
    const lm = loadLanguageModel();
    const data = loadChannelData();
    const decode = (cache?: InstanceType<typeof DecoderCache>) =>
      decodeLines(lines, { lm, channel: new OcrChannel(data), cache }).map((l) => [l.text, l.tokens.map((t) => t.confidence.toFixed(9))]);
    const memo = new DecoderCache();
    const withMemo = decode(memo);
    expect(memo.matrices.slabs.length).toBeGreaterThan(0);
    // an arena with no room: every matrix is kept for its clause only
    const full = new DecoderCache(0);
    expect(decode(full)).toEqual(withMemo);
    expect(full.matrices.slabs.length).toBe(0);
    expect(decode(undefined)).toEqual(withMemo);
    // and a second pass through the warm memo
    expect(decode(memo)).toEqual(withMemo);
  });
});
