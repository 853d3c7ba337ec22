import { describe, expect, it } from 'vitest';
import { alignChars, alignTokens } from '../src/repair/channel/align.ts';
import { charScorer, estimateChannel } from '../src/repair/channel/estimate.ts';
import { loadChannelData, OcrChannel, StrippedChannel } from '../src/repair/channel/model.ts';
import { consistentToneStyle } from '../src/repair/channel/build-channel.ts';
import { applyCase, casePattern, spellingKey, splitEdges } from '../src/repair/channel/text.ts';
import { classifyText } from '../src/repair/decoder/classify.ts';
import { repairRomanHeading } from '../src/repair/decoder/roman.ts';

const toks = (s: string) => s.split(' ');

describe('token alignment', () => {
  it('pairs OCR tokens with clean ones, including splits and joins', () => {
    const units = alignTokens(toks('Tổ chức thực hiện kế hoạch này'), toks('T6 chirc thuc hi én kéhoach nay'));
    expect(units.map((u) => u.op)).toEqual(['sub', 'sub', 'sub', 'split', 'join', 'sub']);
    expect(units[3]).toMatchObject({ clean: ['hiện'], ocr: ['hi', 'én'] });
    expect(units[4]).toMatchObject({ clean: ['kế', 'hoạch'], ocr: ['kéhoach'] });
  });

  it('aligns characters with one- and two-character chunks', () => {
    const score = charScorer({ chars: {}, defaultChar: { total: 0, chunks: {}, unseen: [-2, -3, -4], unseenSymbol: -2.5 } });
    const al = alignChars('chức', 'chirc', score);
    expect(al.pairs.map(([t]) => t).filter(Boolean).join('')).toBe('chức');
    expect(al.pairs.map(([, o]) => o).join('')).toBe('chirc');
  });
});

describe('channel estimation from pairs', () => {
  it('learns that a digit stands for a marked vowel from repeated evidence', () => {
    const clean = Array.from({ length: 40 }, () => 'số lớp là số').join(' ');
    const ocr = Array.from({ length: 40 }, () => 's6 16p 1a s6').join(' ');
    const data = estimateChannel(alignTokens(toks(clean), toks(ocr)), { số: 100, sở: 80, lớp: 50, là: 200, la: 10 });
    expect(data.chars['ố'].chunks['6']).toBeGreaterThan(-0.5);
    expect(data.tokens['s6']['số']).toBe(80);
    const ch = new OcrChannel(data);
    expect(ch.candidates('s6')[0].word).toBe('số');
  });

  it('ranks the learned confusions first with the committed channel', () => {
    const ch = new OcrChannel(loadChannelData());
    for (const [obs, truth] of [['s6', 'số'], ['ngudi', 'người'], ['1a', 'là'], ['16p', 'lớp']]) {
      expect(ch.candidates(obs).slice(0, 3).map((c) => c.word)).toContain(truth);
    }
    for (const c of ch.candidates('chirc')) expect(c.channel).toBeLessThanOrEqual(0);
  });

  it('searches the lexicon exactly: each word at its best alignment score, ties at the cut all kept', () => {
    const data = loadChannelData();
    // no stored lists: every form goes through the search
    const ch = new OcrChannel({ ...data, precomputed: {} });
    // (forms a word reads without an inserted char: the search prices insertions by the learned
    // insertion rate, the alignment by its own insertion table)
    for (const obs of ['b0', 's6', 'x&', 'ngudi', 'kstthc', 'chirc']) {
      for (const c of ch.candidates(obs)) {
        if (c.word === obs) continue;
        // the search's score is the best segmentation, as the exact alignment computes it
        expect(c.channel).toBeCloseTo(ch.logProb(c.word, obs), 3);
      }
    }
    // dozens of words share the floor score of a digit read for a vowel: the frequent one is not
    // dropped by the order in which the search met them
    expect(ch.candidates('b0').map((c) => c.word)).toContain('bộ');
  });

  it('writes every word in the tone-placement style most of the lexicon uses', () => {
    // per-word majorities: three words in the style "hòa", one in the style "toạ"
    const lexicon = { hòa: 900, thủy: 500, ủy: 800, toạ: 300, khoa: 100 };
    const variants = { hoà: 'hòa', thuỷ: 'thủy', uỷ: 'ủy', tọa: 'toạ' };
    const out = consistentToneStyle(lexicon, variants);
    expect(Object.keys(out.lexicon)).toEqual(['hòa', 'ủy', 'thủy', 'tọa', 'khoa']);
    expect(out.lexicon['tọa']).toBe(300);
    expect(out.spellingVariants).toMatchObject({ toạ: 'tọa', hoà: 'hòa' });
    expect(out.spellingVariants).not.toHaveProperty('tọa');
  });

  it('offers every marked variant of a stripped word, most frequent first', () => {
    const st = new StrippedChannel(loadChannelData().lexicon);
    const words = st.candidates('so').map((c) => c.word);
    expect(words).toEqual(expect.arrayContaining(['số', 'sở', 'sổ']));
  });
});

describe('text helpers', () => {
  it('splits edge punctuation but keeps OCR symbols that stand for letters', () => {
    expect(splitEdges('“Binh')).toEqual({ pre: '“', core: 'Binh', post: '' });
    expect(splitEdges('$6”,')).toEqual({ pre: '', core: '$6', post: '”,' });
  });

  it('copies case patterns', () => {
    expect(applyCase('kế', casePattern('KE'))).toBe('KẾ');
    expect(applyCase('bình', casePattern('Binh'))).toBe('Bình');
    expect(applyCase('số', casePattern('s6'))).toBe('số');
  });

  it('groups spellings that differ only in tone placement or final i/y', () => {
    expect(spellingKey('hoá')).toBe(spellingKey('hóa'));
    expect(spellingKey('kĩ')).toBe(spellingKey('kỹ'));
    expect(spellingKey('tuy')).not.toBe(spellingKey('tui'));
  });

  it('reads roman-numeral headings only where they are headings', () => {
    expect(repairRomanHeading('I11.', 'I11. TO CHUC')).toBe('III.');
    expect(repairRomanHeading('111.', '111. TO CHUC THUC HIEN')).toBe('III.');
    expect(repairRomanHeading('11.', '11. Cac xa thuc hien')).toBeNull();
    expect(repairRomanHeading('IV.', 'IV. KINH PHI')).toBeNull();
  });

  it('tells clean, stripped and OCR text apart', () => {
    const lex = loadChannelData().lexicon;
    expect(classifyText(['Ủy ban nhân dân xã có trách nhiệm tổ chức thực hiện kế hoạch này.'], lex)).toBe('clean');
    expect(classifyText(['Uy ban nhan dan xa co trach nhiem to chuc thuc hien ke hoach nay.'], lex)).toBe('stripped');
    expect(classifyText(['Uy ban nhan dan x3 c6 trach nhiém t6 chirc thuc hién ké hoach nay.'], lex)).toBe('ocr');
  });
});
