import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeText, repairMojibake } from '../src/ingest/encoding.ts';
import { ingestFile } from '../src/ingest/index.ts';
import { decodeLegacy, encodeLegacy, LEGACY_ENCODINGS, unicodeToVni, vniToUnicode, windows1252Text } from '../src/ingest/legacy.ts';
import { isVietnameseSyllable, syllableShare } from '../src/ingest/vietnamese.ts';
import { PLAN_LINES, PLAN_LINES_2 } from './fixtures/ingest/build.ts';

const PLAN = [...PLAN_LINES, ...PLAN_LINES_2].join('\n');
const dir = mkdtempSync(join(tmpdir(), 'vnplan-ingest-enc-'));
function file(name: string, bytes: Buffer | string): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Vietnamese syllables', () => {
  it('accepts real syllables and rejects mojibake and impossible forms', () => {
    for (const w of ['nghiêng', 'Quyết', 'khuya', 'người', 'đặc', 'GIỮ', 'hoạch', 'thuở', 'oán']) expect(isVietnameseSyllable(w), w).toBe(true);
    // sắc/nặng only before stop consonants; two tones; Latin-1 leftovers; TCVN3 symbols.
    for (const w of ['phỏt', 'hoàch', 'ắá', 'ñoäng', 'Ph¸t', '®éng', 'Phaùt', 'strength']) expect(isVietnameseSyllable(w), w).toBe(false);
  });
  it('scores Vietnamese text far above its mojibake', () => {
    expect(syllableShare(PLAN)).toBeGreaterThan(0.95);
    expect(syllableShare(iconv.decode(encodeLegacy(PLAN, 'tcvn3'), 'windows-1252'))).toBeLessThan(0.6);
  });
});

describe('legacy tables', () => {
  it('maps hand-checked TCVN3 and VNI sequences', () => {
    // TCVN3 (ABC): ¸ = á, ® = đ, é = ộ, µ = à, ­ = ư, ê = ờ.
    expect(decodeLegacy(Buffer.from('Ph¸t ®éng', 'latin1'), 'tcvn3')).toBe('Phát động');
    expect(decodeLegacy(Buffer.from([0x74, 0x72, 0xb5, 0x6f]), 'tcvn3')).toBe('trào');
    expect(decodeLegacy(Buffer.from([0x6e, 0x67, 0xad, 0xea, 0x69]), 'tcvn3')).toBe('người');
    // VNI: base letter + mark; ñ = đ, ö = ư, ô = ơ, ò = ị, Ñ = Đ.
    expect(vniToUnicode('Phaùt ñoäng')).toBe('Phát động');
    expect(vniToUnicode('ngöôøi')).toBe('người');
    expect(vniToUnicode('ñòa phöông')).toBe('địa phương');
    expect(vniToUnicode('ÑAÛNG UÛY')).toBe('ĐẢNG ỦY');
    expect(unicodeToVni('Kế hoạch')).toBe('Keá hoaïch');
    // VISCII: 0xB5 = ộ; Windows-1258: tone as a separate combining byte (0xF2 = dot below).
    expect(decodeLegacy(Buffer.from([0xf0, 0xb5, 0x6e, 0x67]), 'viscii')).toBe('động');
    expect(decodeLegacy(Buffer.from([0xf0, 0xf4, 0xf2, 0x6e, 0x67]), 'windows-1258')).toBe('động');
  });
  it('round-trips the whole plan through every legacy encoding', () => {
    for (const enc of LEGACY_ENCODINGS) expect(decodeLegacy(encodeLegacy(PLAN, enc), enc), enc).toBe(PLAN);
  });
});

describe('text files in every encoding', () => {
  it.each(LEGACY_ENCODINGS)('detects and converts a raw %s file', async (enc) => {
    const doc = await ingestFile(file(`plan-${enc}.txt`, encodeLegacy(PLAN, enc)));
    expect(doc.encoding).toBe(enc);
    expect(doc.pages[0].lines.join('\n')).toBe(PLAN);
  });

  it('reads TCVN3 text typed in capitals (toned capitals sit on control codes)', async () => {
    const caps = [...PLAN_LINES, ...PLAN_LINES_2].map((l) => l.toUpperCase()).join('\n');
    const doc = await ingestFile(file('caps-tcvn3.txt', encodeLegacy(caps, 'tcvn3')));
    expect(doc.encoding).toBe('tcvn3');
    expect(doc.pages[0].lines.join('\n')).toBe(caps);
  });

  it('reads an HTML page saved in TCVN3 as its visible text', async () => {
    const html = `<html><head><meta charset="x-user-defined"><style>p{}</style></head><body>${PLAN_LINES.map((l) => `<p>${l}</p>`).join('')}</body></html>`;
    const doc = await ingestFile(file('page.htm', encodeLegacy(html, 'tcvn3')));
    expect(doc.encoding).toBe('tcvn3');
    expect(doc.pages[0].lines).toEqual(PLAN_LINES);
  });

  it('reads UTF-16 LE/BE with and without BOM, UTF-8 with BOM', async () => {
    const le = Buffer.from(PLAN, 'utf16le');
    const be = Buffer.from(le).swap16();
    const cases: [string, Buffer][] = [
      ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), le])],
      ['utf-16le', le],
      ['utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), be])],
      ['utf-16be', be],
      ['utf-8-bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(PLAN)])],
    ];
    for (const [i, [enc, bytes]] of cases.entries()) {
      const doc = await ingestFile(file(`u${i}.txt`, bytes));
      expect(doc.encoding, `case ${i}`).toBe(enc);
      expect(doc.pages[0].lines.join('\n')).toBe(PLAN);
    }
  });

  it('normalises NFD to NFC and says so', async () => {
    const doc = await ingestFile(file('nfd.txt', PLAN.normalize('NFD')));
    expect(doc.pages[0].lines.join('\n')).toBe(PLAN);
    expect(doc.warnings.join(' ')).toMatch(/NFD/);
  });
});

describe('legacy mojibake inside Unicode text', () => {
  const asMojibake = (s: string, enc: 'tcvn3' | 'vni') => windows1252Text(encodeLegacy(s, enc));

  it.each(['tcvn3', 'vni'] as const)('repairs %s mojibake in a UTF-8 file', async (enc) => {
    const doc = await ingestFile(file(`moji-${enc}.txt`, asMojibake(PLAN, enc)));
    expect(doc.encoding).toBe(`utf-8+${enc}`);
    expect(doc.pages[0].lines.join('\n')).toBe(PLAN);
  });

  it('repairs double-encoded UTF-8', () => {
    const lines = PLAN_LINES.map((l) => windows1252Text(Buffer.from(l, 'utf8')));
    const out = repairMojibake(lines);
    expect(out.kind).toBe('utf-8');
    expect(out.lines).toEqual(PLAN_LINES);
  });

  it('leaves Unicode lines alone in a mixed document and Unicode-only text untouched', () => {
    const mixed = PLAN_LINES.map((l, i) => (i % 2 === 0 ? asMojibake(l, 'tcvn3') : l));
    const out = repairMojibake(mixed);
    expect(out.kind).toBe('tcvn3');
    expect(out.lines).toEqual(PLAN_LINES);
    expect(repairMojibake(PLAN_LINES)).toEqual({ lines: PLAN_LINES, kind: null });
    // French-looking Latin-1 text is not Vietnamese mojibake: no conversion wins.
    expect(repairMojibake(['Café crème brûlée à la française']).kind).toBeNull();
  });

  it('leaves OCR output made without Vietnamese support alone (its é, ó are not mojibake)', () => {
    // What an English-only OCR makes of Vietnamese: marks dropped, ê-family read as é, ô with
    // sắc/huyền as ó/ò, đ as d, some letters as digits.
    const engOcr = (line: string) =>
      line
        .normalize('NFD')
        .replace(/e\u0302[\u0300\u0301\u0303\u0309\u0323]?/gu, 'é')
        .replace(/o\u0302\u0301/gu, 'ó')
        .replace(/o\u0302\u0300/gu, 'ò')
        .replace(/[\u0300-\u036f]/gu, '')
        .replace(/đ/gu, 'd')
        .replace(/Đ/gu, 'D')
        .replace(/\bsố\b|\bso\b/gu, 's6');
    const ocrLines = [...PLAN_LINES, ...PLAN_LINES_2].map(engOcr);
    expect(ocrLines.join(' ')).toMatch(/é/);
    expect(repairMojibake(ocrLines)).toEqual({ lines: ocrLines, kind: null });
  });

  it('leaves real English-model OCR of Vietnamese untouched', async () => {
    // plan-eng-ocr.txt: PLAN_LINES + PLAN_LINES_2 typeset, degraded and OCR'd with tesseract eng
    // by /work/shared/tools/degrade (degrade.sh --seed 5). Re-decoding its é/á/ó as TCVN3 makes a
    // few words Vietnamese (`thuéc` → `thuộc`) and many wrong: an earlier rule converted it.
    const path = join(import.meta.dirname, 'fixtures/ingest/plan-eng-ocr.txt');
    const doc = await ingestFile(path);
    expect(doc.encoding).toBe('utf-8');
    expect(doc.pages[0].lines.join('\n')).toBe(readFileSync(path, 'utf8').replace(/\n$/, ''));
  });

  it('refuses bytes that decode to no Vietnamese at all', () => {
    const junk = Buffer.from(Array.from({ length: 4000 }, (_, i) => 0x80 + ((i * 37) % 0x7f)));
    expect(decodeText(junk)).toBeNull();
  });
});
