import type { DocType, SectionKind, SectionNode } from '../../schemas/index.ts';
import { editDistance, foldedWords } from './text.ts';
import { isUnitList, REQUEST_OPENING } from '../gazetteer/units.ts';

/**
 * Heading words per kind, folded (no marks, lower case). A heading that names several topics
 * ("PHẠM VI, THỜI GIAN VÀ ĐỊA ĐIỂM") takes the kind of the topic it names first;
 * at the same position the longer phrase wins, so "tổ chức thực hiện" beats "thực hiện" and
 * "nhiệm vụ trọng tâm" beats "nhiệm vụ". `other` names topics that are none of the plan's parts:
 * who or what the plan covers, its members, emulation criteria, reporting rules.
 */
const RULES: [SectionKind, string[]][] = [
  ['organization', ['to chuc thuc hien', 'phan cong nhiem vu', 'phan cong thuc hien', 'phan cong trach nhiem', 'phan cong', 'trach nhiem thuc hien', 'to chuc trien khai thuc hien', 'trach nhiem cua cac', 'trach nhiem', 'nhiem vu cua cac']],
  ['funding', ['kinh phi', 'nguon kinh phi', 'du toan', 'nguon luc thuc hien']],
  ['next_steps', ['nhiem vu trong tam', 'phuong huong', 'nhiem vu giai phap thoi gian toi', 'thoi gian toi', 'nam toi', 'ke hoach thoi gian toi', 'nhiem vu tiep theo', 'giai phap trong thoi gian toi']],
  ['targets', ['chi tieu', 'muc tieu cu the', 'cac chi tieu']],
  ['situation', ['dac diem', 'tinh hinh', 'thuc trang', 'boi canh']],
  ['results', ['ket qua']],
  ['assessment', ['danh gia', 'uu diem', 'ton tai', 'han che', 'nguyen nhan', 'bai hoc kinh nghiem', 'khuyet diem', 'kho khan', 'vuong mac']],
  ['timeline', ['thoi gian', 'tien do', 'lo trinh', 'thoi han']],
  ['purpose', ['muc dich', 'yeu cau', 'muc tieu', 'quan diem']],
  ['content', ['noi dung', 'nhiem vu', 'giai phap', 'hinh thuc', 'cac hoat dong', 'hoat dong', 'bien phap', 'phuong thuc', 'phuong phap', 'cac buoc', 'phuong an']],
  ['other', ['doi tuong', 'pham vi', 'thanh phan', 'tieu chi', 'che do bao cao', 'che do thong tin bao cao', 'khen thuong', 'hieu luc', 'dieu khoan thi hanh', 'thanh vien', 'co cau to chuc', 'yeu cau ky thuat', 'quy dinh', 'quy che', 'the le', 'dieu kien', 'tieu chuan']],
];

/**
 * How far into a compact heading the fuzzy search looks. Real headings (even a long item's first
 * sentence) run to about a thousand characters; a "heading" of 50 k characters (a roman numeral
 * opening a line of OCR garbage or a file without line breaks) made every topic phrase an edit
 * distance at each of its offsets: seconds per line.
 */
const NEAR_REACH = 2000;

/** A compact phrase within a few edits of some stretch of the compact heading: its offset, or -1. */
function nearSubstring(compact: string, phrase: string): number {
  const allowed = Math.max(1, Math.floor(phrase.length / 6));
  for (let at = 0; at < Math.min(compact.length, NEAR_REACH); at++) {
    for (let len = phrase.length - allowed; len <= phrase.length + allowed; len++) {
      if (at + len > compact.length) break;
      if (editDistance(compact.slice(at, at + len), phrase, allowed) <= allowed) return at;
    }
  }
  return -1;
}

/** Word offset of a phrase in the heading's words (exact, or one edit per word of 3+ letters), or -1. */
function phraseAt(words: string[], phrase: string, fuzzy: boolean): number {
  const p = phrase.split(' ');
  outer: for (let i = 0; i + p.length <= words.length; i++) {
    // residual OCR damage touches a word, not a whole phrase ("ban chỉ" is not "hạn chế")
    let edited = 0;
    for (let k = 0; k < p.length; k++) {
      const w = words[i + k];
      const q = p[k];
      if (w === q) continue;
      if (fuzzy && q.length >= 3 && w.length >= 3 && editDistance(w, q, 1) <= 1 && (++edited <= 1 || p.length >= 3)) continue;
      continue outer;
    }
    if (edited > 0 && edited >= p.length) continue;
    return i;
  }
  return -1;
}

/** Every kind the heading names, with the offset of its first phrase, in order of appearance. */
export function namedKinds(heading: string, deep = false): { kind: SectionKind; at: number; length: number }[] {
  const words = foldedWords(heading);
  if (words.length === 0) return [];
  const compact = words.join('');
  // offsets are comparable within one pass: words in the first two, characters in the others
  const passes: ((p: string) => number)[] = [
    (p) => phraseAt(words, p, false),
    (p) => phraseAt(words, p, true),
    // OCR splits or glues words ("TỜ CHỮ C THỰC HIỆN"): compare without spaces.
    (p) => (p.length >= 8 ? compact.indexOf(p.replace(/ /g, '')) : -1),
  ];
  if (deep) passes.push((p) => (p.replace(/ /g, '').length >= 10 ? nearSubstring(compact, p.replace(/ /g, '')) : -1));
  for (const pass of passes) {
    const found: { kind: SectionKind; at: number; length: number }[] = [];
    for (const [kind, phrases] of RULES) {
      let best: { at: number; length: number } | null = null;
      for (const p of phrases) {
        const at = pass(p);
        if (at < 0) continue;
        if (!best || at < best.at || (at === best.at && p.length > best.length)) best = { at, length: p.length };
      }
      if (best) found.push({ kind, ...best });
    }
    if (found.length) return found.sort((a, b) => a.at - b.at || b.length - a.length);
  }
  return [];
}

/**
 * Kind of a section from its heading; unknown headings are "other". `deep` adds a slower pass
 * for top-level headings that OCR split and damaged at once ("TÔ CHÂU C THỰC HIỆN").
 */
export function classifyHeading(heading: string, docType: DocType = 'other', deep = false): SectionKind {
  const named = namedKinds(heading, deep);
  if (!named.length) return 'other';
  const kind = named[0].kind;
  // A plan's "nhiệm vụ trọng tâm" is its content; only reports look ahead.
  if (kind === 'next_steps' && docType !== 'bao_cao') return 'content';
  // A plan appraising the situation it starts from ("ĐÁNH GIÁ TÌNH HÌNH …", "ĐÁNH GIÁ NGUY CƠ …"):
  // only reports assess their own work. ("KIỂM TRA, ĐÁNH GIÁ" names monitoring, not an appraisal.)
  if ((kind === 'assessment' || kind === 'results') && docType !== 'bao_cao' && (named.some((n) => n.kind === 'situation') || (kind === 'assessment' && named[0].at === 0 && /^danh gia\b/.test(foldedWords(heading).join(' '))))) return 'situation';
  return kind;
}

/** Numbers that state a quantified goal: a percentage, or a count after a comparator. */
const QUANTIFIED = /\d(?:[\d.,]*\d)?\s*%|(?:ít nhất|tối thiểu|không dưới|không ít hơn|phấn đấu|đạt|trên|dưới|tăng|giảm)\s+(?:khoảng\s+)?\d/giu;

/** Phases of a roadmap: "Giai đoạn 2025 - 2030", "Năm 2026", "Đợt 1", "(2025 - 2026)". */
const PHASE = /^(?:giai đoạn|năm|đợt|bước|quý|từ năm|phase)\b|\(?\s*(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}\s*\)?/iu;

/** Numbered descendants that hold no numbered items themselves: the items a section lists. */
function itemNodes(nodes: SectionNode[]): SectionNode[] {
  const out: SectionNode[] = [];
  for (const n of nodes) {
    if (n.marker === 'bullet') continue;
    const inner = itemNodes(n.children);
    if (inner.length) out.push(...inner);
    else out.push(n);
  }
  return out;
}

/** A heading that names a unit and what it must do, not an activity ("Sở Tài chính", "Trách nhiệm của …"). */
export function isUnitHeading(heading: string, unitOpening: RegExp): boolean {
  const h = heading.replace(/\([^()]*\)/g, ' ').replace(REQUEST_OPENING, '').trim();
  if (/^(?:trách nhiệm|nhiệm vụ)\s+của\s/iu.test(h)) return true;
  // "Phòng Văn hóa - Xã hội; Trung tâm Dịch vụ tổng hợp": several units, still a heading
  return h.split(/\s*;\s*/).every((u) => unitOpening.test(u)) && (h.split(/\s+/).length <= 24 || isUnitList(h)) && !/\.\s/.test(h);
}

/**
 * The kind of a top-level section from its heading and, where the heading alone is not enough,
 * its body (gold/real/NOTES.md): a "MỤC TIÊU" holding quantified goals is `targets`; a heading
 * naming several topics takes the kind its numbered items mostly are; a roadmap whose phases list
 * activities is `content`; "NHIỆM VỤ …" whose items are units and their duties is `organization`.
 */
export function sectionKind(section: SectionNode, lines: string[], docType: DocType, unitOpening: RegExp): SectionKind {
  const kind = classifyHeading(section.heading, docType, true);
  const named = namedKinds(section.heading, true);
  const body = lines.slice(section.startLine, section.endLine).join('\n');
  const folded = foldedWords(section.heading).join(' ');
  if ((kind === 'purpose' || kind === 'targets') && /\bmuc tieu\b/.test(folded) && !/\bmuc dich\b/.test(folded)) {
    return (body.match(QUANTIFIED) ?? []).length >= 2 ? 'targets' : 'purpose';
  }
  const items = itemNodes(section.children);
  const top = section.children.filter((c) => c.marker !== 'bullet');
  // several topics named: the one its items mostly are
  // (a shorter phrase inside the first one, "nhiệm vụ" in "nhiệm vụ trọng tâm", is not another topic)
  const kinds = new Set(named.filter((n, i) => i === 0 || n.at !== named[0].at).map((n) => n.kind));
  // (a report's "PHƯƠNG HƯỚNG, NHIỆM VỤ" is its next steps whatever its items are)
  if (kinds.size >= 2 && top.length >= 2 && kind !== 'next_steps') {
    const size = new Map<SectionKind, number>();
    let total = 0;
    for (const c of top) {
      const n = c.endLine - c.startLine + 1;
      total += n;
      const k = classifyHeading(c.heading, docType);
      if (kinds.has(k)) size.set(k, (size.get(k) ?? 0) + n);
    }
    const best = [...size.entries()].sort((a, b) => b[1] - a[1])[0];
    if (best && best[1] * 2 > total) return best[0];
  }
  if (kind === 'timeline' && /\b(?:lo trinh|tien do)\b/.test(folded) && top.length >= 2) {
    const phases = top.filter((c) => PHASE.test(c.heading) && c.children.length >= 2);
    if (phases.length * 2 >= top.length) return 'content';
  }
  if (kind === 'content' && !/\b(?:noi dung|giai phap|hoat dong|hinh thuc|bien phap|phuong phap|phuong thuc|cac buoc)\b/.test(folded)) {
    const units = items.filter((c) => isUnitHeading(c.heading, unitOpening));
    if (items.length >= 2 && units.length * 3 >= items.length * 2 && /\bnhiem vu\b/.test(folded)) return 'organization';
  }
  return kind;
}

/**
 * A plan always says what is to be done: when no section is `content`, the first section of no
 * plan part ("PHẠM VI, ĐỐI TƯỢNG, NHU CẦU, PHƯƠNG ÁN HỖ TRỢ") that also names a content topic is
 * its content. Reports and letters are left as they are.
 */
export function withContentSection<T extends { heading: string; kind: SectionKind }>(sections: T[], docType: DocType): T[] {
  if ((docType !== 'ke_hoach' && docType !== 'quyet_dinh') || sections.some((s) => s.kind === 'content')) return sections;
  const k = sections.findIndex((s) => s.kind === 'other' && namedKinds(s.heading, true).some((n) => n.kind === 'content'));
  return k < 0 ? sections : sections.map((s, i) => (i === k ? { ...s, kind: 'content' as const } : s));
}
