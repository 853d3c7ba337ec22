import type { LineSpan, Reference } from '../../schemas/index.ts';
import { foldVietnamese, fuzzyEqual } from '../segment/text.ts';
import { repairDocNumber } from './codes.ts';
import { leadingDate } from './dates.ts';
import { lineAt, squash, type JoinedText } from './text.ts';

/** Kinds of cited documents, longest first so "Kế hoạch hành động" wins over "Kế hoạch". */
const KINDS = [
  'Kế hoạch hành động', 'Kế hoạch liên tịch', 'Chương trình hành động', 'Chương trình công tác', 'Chương trình phối hợp',
  'Nghị quyết liên tịch', 'Thông tư liên tịch', 'Nghị quyết', 'Nghị định', 'Quyết định', 'Kế hoạch', 'Công văn', 'Văn bản',
  'Thông tư', 'Thông báo kết luận', 'Thông báo', 'Chỉ thị', 'Kết luận', 'Hướng dẫn', 'Luật', 'Báo cáo', 'Tờ trình', 'Công điện',
  'Đề án', 'Phương án', 'Quy định', 'Quy chế phối hợp', 'Quy chế', 'Biên bản', 'Chương trình', 'Pháp lệnh', 'Điều lệ', 'Nghị quyết chuyên đề', 'Thông tri',
];

const KIND_RE = KINDS.map((k) => k.replace(/ /g, '\\s+')).join('|');
/** Vietnamese document numbers: "57-NQ/TW", "71/NQ-CP", "02/2025/TT-BGDĐT", "2699/SKHCN-BCVT&CĐS". */
// (a Party number whose hyphen OCR lost, "08 NQ/ĐU", is read with the hyphen put back)
// (a stray space after an inner hyphen, "27/NQ- TW", is closed up when a code follows)
// (a number may carry a sub-number: "66.2/2025/NQ-CP")
const NUMBER_RE = String.raw`\d{1,5}(?:\.\d{1,2})?(?:\/\d{4})?(?:\s?[-\/]\s?|\s(?=\p{Lu}{1,6}\/\p{Lu}))\p{Lu}[\p{Lu}\p{Ll}\d&]*(?:[-\/](?:\s(?=\p{Lu}{2,}(?![\p{Ll}])))?\p{Lu}[\p{Lu}\p{Ll}\d&]*)*`;
const CITATION = new RegExp(String.raw`(?<![\p{L}])(?:(${KIND_RE})\s+)?(số\s*:?\s*)?(${NUMBER_RE})`, 'giu');
/** "số" as OCR leaves it when repair missed it: "s6", "sb", "sở", "$6", "s". */
const SO_LIKE = /(?:^|\s)(?:s[^\s\d]{0,2}|s\d|\$\d?)['’`]?\s*:?\s*$/iu;

/** The kind printed before a number whose words repair left damaged ("Nghi quyột" → "Nghị quyết"). */
export function fuzzyKindBefore(before: string): string | null {
  const words = before.replace(SO_LIKE, '').trim().split(/\s+/).slice(-4);
  // Compare compactly: OCR may glue the words ("K&hoach") or split them.
  for (const kind of KINDS) {
    const n = kind.split(' ').length;
    for (let k = Math.min(words.length, n + 1); k >= Math.max(1, n - 1); k--) {
      if (fuzzyEqual(words.slice(-k).join(''), kind)) return kind;
    }
  }
  return null;
}

const ISSUER_END = /\s+(?:về|v\/v|thực hiện|triển khai|ban hành|quy định|hướng dẫn|phê duyệt|tổ chức|nhằm|đã|để|theo|trên địa bàn|sửa đổi|bổ sung|trong khi|trong|tại|cho|với|và các|đối với)(?![\p{L}\p{N}])|[,;.()]|$/u;

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function numberKey(n: string): string {
  return foldVietnamese(n).replace(/[^a-z0-9]/g, '');
}

/**
 * Short names a text defines: "Ban Chỉ đạo của tỉnh về … (gọi tắt là Ban Chỉ đạo
 * tỉnh)" maps "Ban Chỉ đạo tỉnh" to the full name. The full name starts after "của"/"do"/"là" or a
 * clause boundary before the parenthesis.
 */
export function shortNames(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/\(\s*(?:sau đây\s+)?(?:gọi tắt là|viết tắt là|gọi chung là|sau đây gọi là)\s*:?\s*([^()]{2,80}?)\s*\)/giu)) {
    const before = text.slice(Math.max(0, (m.index ?? 0) - 240), m.index).trimEnd();
    const short = squash(m[1]).replace(/^[“"]|[”"]$/g, '');
    // the full name starts where its first word last occurs ("… của UBND phường về việc kiện toàn
    // Ban Chỉ đạo … (gọi tắt là Ban Chỉ đạo phường)" defines "Ban Chỉ đạo …")
    const head = short.split(' ')[0];
    const at = before.lastIndexOf(` ${head} `);
    const cut = at >= 0 ? at : Math.max(before.lastIndexOf(' của '), before.lastIndexOf(' do '), before.lastIndexOf('; '), before.lastIndexOf('. '));
    const long = squash(cut >= 0 ? before.slice(cut).replace(/^\s*(?:của|do|là|;|\.)\s+/u, '') : before).replace(/^[,\s]+/, '');
    // only names of bodies: a document's short name ("Chỉ thị số 27/CT-TTg") is left alone
    if (!/^\p{Lu}/u.test(long) || /\bsố\b|\d+[-/]\p{Lu}/u.test(long) || long.split(' ').length < 3) continue;
    out.set(foldVietnamese(short), long);
  }
  return out;
}

/** Cited documents, once per number in order of first citation. */
export function extractReferences(j: JoinedText): { references: Reference[]; spans: LineSpan[] } {
  const found = citations(j);
  // issuers named by a short name the text defined are written in full (gold/structured/NOTES.md)
  const names = shortNames(j.text);
  if (names.size) {
    const longs = [...names.values()];
    for (const r of found.references) {
      if (!r.issuer) continue;
      // by its short name, or cut short at "về" where the text goes on to define it
      r.issuer = names.get(foldVietnamese(r.issuer)) ?? longs.find((l) => l.startsWith(`${r.issuer} `)) ?? r.issuer;
    }
  }
  return found;
}

function citations(j: JoinedText): { references: Reference[]; spans: LineSpan[] } {
  const refs: Reference[] = [];
  const spans: LineSpan[] = [];
  const index = new Map<string, number>();
  let lastKind: string | null = null;
  let lastEnd = -1;
  for (const m of j.text.matchAll(CITATION)) {
    const at = m.index ?? 0;
    const number = repairDocNumber(m[3].replace(/^(\d{1,5})\s+(?=\p{Lu})/u, '$1-').replace(/\s+/g, ''));
    if (!/\p{Lu}{2,}|\p{Lu}.*\//u.test(number.replace(/^\d+(?:\/\d{4})?/, ''))) continue;
    let kind = m[1] ? capitalise(squash(m[1])) : null;
    const before = j.text.slice(Math.max(0, at - 40), at);
    const soLike = !!m[2] || SO_LIKE.test(before);
    if (!kind) kind = fuzzyKindBefore(before);
    // "Luật Bảo vệ môi trường số 72/2020/QH14": the kind opens the cited title.
    if (!kind && soLike) {
      const opener = new RegExp(String.raw`(?<![\p{L}])(${KIND_RE})\s+\p{Lu}[^;:.\d]{0,50}$`, 'u').exec(j.text.slice(Math.max(0, at - 70), at));
      if (opener) kind = capitalise(squash(opener[1]));
    }
    // "…ngày 21/10/2025; số 152-CV/ĐU" continues the previous kind.
    if (!kind && soLike && lastKind && at - lastEnd < 40) kind = lastKind;
    // A slash-coded number ("57-NQ/TW") is a citation even when "số" and the kind are damaged.
    if (!kind && !soLike && !/\d[-/]\p{Lu}[\p{L}\d&]*[-/]\p{Lu}/u.test(number)) continue;
    const after = j.text.slice(at + m[0].length);
    const date = leadingDate(after);
    let issuer: string | null = null;
    const rest = date ? after.slice(date.index + date.length) : after;
    const by = /^\s*,?\s*(?:của|do)\s+/u.exec(rest);
    if (by) {
      const tail = rest.slice(by[0].length);
      const end = ISSUER_END.exec(tail);
      const who = squash(tail.slice(0, end ? end.index : 80));
      if (who && /^\p{Lu}/u.test(who) && who.split(' ').length <= 14) issuer = who;
    }
    lastKind = kind;
    lastEnd = at + m[0].length + (date ? date.index + date.length : 0);
    const key = numberKey(number);
    const seen = index.get(key);
    if (seen !== undefined) {
      const r = refs[seen];
      if (!r.date && date) r.date = date.iso;
      if (!r.issuer && issuer) r.issuer = issuer;
      continue;
    }
    index.set(key, refs.length);
    refs.push({ kind, number, date: date?.iso ?? null, issuer });
    const line = lineAt(j, at);
    spans.push({ start: line, end: lineAt(j, at + m[0].length - 1) });
  }
  return { references: refs, spans };
}
