import { canonicalUnitName, isUnitList, OCR_SO, REQUEST_OPENING, snapToKnownUnit, UNIT_OPENING } from '../gazetteer/units.ts';
import { foldVietnamese } from '../segment/text.ts';
import { squash } from './text.ts';

/**
 * A unit name with OCR-damaged words respelt from the standing commune bodies of
 * src/gazetteer/units.ts ("Phòng Kinh tộ" → "Phòng Kinh tế"), keeping the printed case and any
 * trailing commune word. Names that are not a known body, or use abbreviations, are returned as printed.
 */
export function respellUnit(rawPrinted: string): string {
  // "S6 Y tế", "Sé KHCN", "S6Y tế": the OCR shape of "Sở" (as "s6" is of "số") before a capitalised name.
  const printed = rawPrinted.replace(OCR_SO, 'Sở ');
  // An OCR "&" glued to a word stands for the hyphen of "Văn hóa - Xã hội".
  const variants = [printed, printed.replace(/(?<=\p{L})&\s*/gu, ' - ')];
  for (const v of variants) {
    const out = respellKnown(v);
    if (out !== null) return out;
  }
  // A list of bodies in one name ("Các trường, trạm y tế"): respell each piece.
  if (printed.includes(', ')) return printed.split(', ').map((p) => respellKnown(p) ?? p).join(', ');
  return printed;
}

function respellKnown(printed: string): string | null {
  const known = snapToKnownUnit(canonicalUnitName(printed, { snap: false }));
  if (!known) return null;
  const spaced = printed.replace(/\s*-\s*/g, ' - ').replace(/\s+/g, ' ').trim();
  let words = spaced.split(' ');
  const target = known.split(' ');
  let tail: string[] = [];
  if (words.length === target.length + 1 && /^(xã|phường|đặc khu)$/iu.test(words[words.length - 1])) {
    tail = words.slice(-1);
    words = words.slice(0, -1);
  }
  if (words.length !== target.length || words.some((w) => /^\p{Lu}{2,}$/u.test(w))) return null;
  const out = words.map((w, i) => {
    const t = target[i];
    if (w.toLocaleLowerCase('vi') === t) return w;
    // Known names are keyed with "xã"; a ward's "Công an phường" keeps its own commune word.
    if (t === 'xã' && foldVietnamese(w) === 'phuong') return 'phường';
    // The printed capital is kept only where the letters survived (a damaged "Wng" says nothing about case).
    const upper = /^\p{Lu}/u.test(w) && (i === 0 || foldVietnamese(w) === foldVietnamese(t));
    return upper ? t.charAt(0).toLocaleUpperCase('vi') + t.slice(1) : t;
  });
  return [...out, ...tail].join(' ');
}

const UNIT_HEAD = UNIT_OPENING;

/** True when the words before " và " end an abbreviation pair such as "HĐND và UBND". */
function abbreviationPair(left: string): boolean {
  return /\b\p{Lu}{2,}$/u.test(left.trim());
}

function splitOn(parts: string[], sep: RegExp, keep: (left: string, right: string) => boolean): string[] {
  const out: string[] = [];
  for (const part of parts) {
    const pieces = part.split(sep);
    let cur = pieces[0];
    for (let k = 1; k < pieces.length; k++) {
      const right = pieces[k].trim();
      if (keep(cur, right)) {
        out.push(cur);
        cur = right;
      } else {
        cur = `${cur}${sep.source.includes(',') ? ',' : ' và'} ${right}`;
      }
    }
    out.push(cur);
  }
  return out;
}

/**
 * One entry per named unit or group (gold/structured/NOTES.md): ";" always separates; "," and "và"
 * separate only before the head of a new unit, so "các cơ quan, đơn vị trên địa bàn xã",
 * "Văn phòng HĐND và UBND xã" and "Các trường Tiểu học và THCS" stay whole.
 */
export function splitUnits(text: string): string[] {
  const cleaned = squash(text).replace(/[.;,\s]+$/, '');
  if (!cleaned) return [];
  let parts = cleaned.split(/\s*;\s*/);
  parts = splitOn(parts, /\s*,\s*/, (_l, r) => UNIT_HEAD.test(r) && /^\p{Lu}|^các\s/u.test(r) && !/^(các\s+)?(đơn vị|ban|ngành|cơ quan)(?![\p{L}\p{N}])/u.test(r));
  parts = splitOn(parts, /\s+và\s+/, (l, r) => UNIT_HEAD.test(r) && !abbreviationPair(l) && !/^(các\s+)?(ngành|ban)(?![\p{L}\p{N}])/u.test(r));
  return parts
    // "… theo chức năng, nhiệm vụ (được giao)": a qualifier, not part of the name
    .map((p) => p.replace(/\s+theo chức năng(?:,?\s*nhiệm vụ)?(?:,?\s*quyền hạn)?(?:\s+được giao)?.*$/iu, ''))
    .map((p) => p.replace(/^(đơn vị|cơ quan)\s*:\s*/i, '').replace(/^đề nghị\s+/i, '').replace(/[.;:,\s]+$/, '').trim())
    .filter((p) => /\p{L}{2,}/u.test(p))
    .map(respellUnit);
}

/**
 * Verbs (and the adverbs that open a predicate) of duty sentences, lower case: in "Sở Xây dựng
 * đăng tải …", "các cơ quan, đơn vị kịp thời phản ánh …" the subject ends where one begins.
 * Capitalised words are part of unit names ("Sở Xây dựng", "Ban Chỉ đạo"), so matching is
 * case-sensitive.
 */
export const DUTY_VERBS = [
  'chủ trì', 'phối hợp', 'có trách nhiệm', 'chịu trách nhiệm', 'được phân công', 'được giao', 'là cơ quan', 'là đơn vị', 'căn cứ',
  'tổ chức', 'thực hiện', 'triển khai', 'tham mưu', 'xây dựng', 'hoàn thành', 'rà soát', 'tuyên truyền', 'kiểm tra', 'hướng dẫn',
  'theo dõi', 'đôn đốc', 'vận động', 'tổng hợp', 'báo cáo', 'phổ biến', 'thống kê', 'giám sát', 'chuẩn bị', 'bố trí', 'cập nhật',
  'phát động', 'duy trì', 'đẩy mạnh', 'tăng cường', 'bảo đảm', 'đảm bảo', 'lập', 'tập huấn', 'điều tra', 'đăng tải', 'kiện toàn',
  'nâng cao', 'chỉ đạo', 'quan tâm', 'tiếp tục', 'chủ động', 'kịp thời', 'khẩn trương', 'nghiêm túc', 'thường xuyên', 'định kỳ',
  'phát huy', 'phản ánh', 'phản hồi', 'đề xuất', 'ban hành', 'cử', 'giao', 'lồng ghép', 'đổi mới', 'tích cực', 'sử dụng', 'cung cấp',
  'hỗ trợ', 'phân công', 'quản lý', 'nghiên cứu', 'trình', 'thẩm định', 'cân đối', 'ưu tiên', 'huy động', 'quán triệt', 'đăng ký',
  'thông tin', 'biên soạn', 'in ấn', 'phát hành', 'tiếp nhận', 'xử lý', 'giải quyết', 'thành lập', 'mở', 'vận hành', 'đánh giá',
  'sơ kết', 'tổng kết', 'bình xét', 'khen thưởng', 'gửi', 'nắm', 'tập trung', 'tạo điều kiện', 'khuyến khích', 'chấp hành',
  'tiến hành', 'tham gia', 'góp ý', 'phục vụ', 'bảo vệ', 'phòng chống', 'xây dựng kế hoạch', 'lựa chọn', 'rà soát,',
];
const DUTY_VERB_G = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${DUTY_VERBS.join('|')})(?![\p{L}\p{N}])`, 'gu');

/** The first verb of a sentence; a verb-like word after "các", "những", "của" is a noun ("các tổ chức"). */
function firstVerb(t: string): { index: number; verb: string } | null {
  for (const m of t.matchAll(DUTY_VERB_G)) {
    const before = t.slice(0, m.index).trimEnd();
    const after = t.slice((m.index ?? 0) + m[0].length);
    // a noun in a list ("các cơ quan, tổ chức, cá nhân"): after "các"/"của"/a comma, or before one
    if (/(?:^|\s)(?:các|những|mọi|của|và|cho|với)$|,$/u.test(before)) continue;
    // "tổ chức" is also the noun "organisation": in a list ("cơ quan, tổ chức, cá nhân") it is one
    if (/^tổ chức$/u.test(m[0]) && /^\s*(?:[,;.]|và\s|$)/u.test(after)) continue;
    // a unit type names what it does ("Ban quản lý chợ", "Trung tâm phục vụ hành chính công")
    if (/(?:^|\s)(?:Ban|Tổ|Phòng|Trung tâm|Đội|Hội đồng|Ủy ban|Văn phòng|Chi cục|Cục|Viện|ban|tổ|đội)$/u.test(before)) continue;
    // a predicate has an object: a verb with less than three words after it ends a name, not a clause
    if (after.trim().split(/\s+/).length < 3) continue;
    return { index: m.index ?? 0, verb: m[0] };
  }
  return null;
}

/** Lead-in clauses before a duty sentence's subject: "Căn cứ …,", "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc". */
const LEAD_IN = /^(?:(?:căn cứ|trên cơ sở|trong quá trình|theo|để|nhằm|sau khi|khi)(?![\p{L}])[^,]{0,160},\s*)?(?:nếu có (?:khó khăn|vướng mắc|phát sinh)(?:,?\s*(?:khó khăn|vướng mắc|phát sinh))*\s*,?\s*)?/iu;

/**
 * The unit a duty sentence is about: its subject, before the first verb ("Giao Sở Tư pháp theo dõi
 * …" → "Sở Tư pháp"; "Căn cứ …, các sở, ngành và UBND các xã được phân công …" → "các sở, ngành
 * và UBND các xã"). Null when the sentence does not open with a unit.
 */
export function subjectUnit(sentence: string): string | null {
  return subjectOf(sentence)?.unit ?? null;
}

/** The subject of a heading that is an active clause ("Sở X chỉ đạo Chi cục Y thực hiện …"), not a participle ("Các phòng được giao chủ trì …"). */
export function activeSubject(sentence: string): string | null {
  const s = subjectOf(sentence);
  return s && !s.participle ? s.unit : null;
}

/** Verbs that qualify the noun before them rather than state what it must do ("các cơ quan được giao chủ trì", "lực lượng tham gia …"). */
const PARTICIPLE = /^(?:được giao|được phân công|tham gia)$/u;
/** The predicate of a duty that follows such a participle: "… có trách nhiệm", "… phải tuân thủ". */
const MODAL = /(?<![\p{L}])(?:có trách nhiệm|chịu trách nhiệm|có nhiệm vụ|phải|cần)(?![\p{L}])/u;

function subjectOf(sentence: string): { unit: string; participle: boolean } | null {
  let t = squash(sentence).replace(/^[-+•·*]\s*/, '');
  t = t.replace(LEAD_IN, '').replace(REQUEST_OPENING, '');
  if (!UNIT_HEAD.test(t)) return null;
  const verb = firstVerb(t.slice(1));
  if (!verb) return null;
  const colon = /[:;.(]/.exec(t);
  let end = verb.index + 1;
  const participle = PARTICIPLE.test(verb.verb);
  // "Tất cả lực lượng tham gia thực hiện Kế hoạch này phải …": the subject runs to the predicate
  // when the participle is a short qualifier (a long one describes the units: the name ends before it)
  if (participle) {
    const modal = MODAL.exec(t.slice(end, colon ? Math.max(end, colon.index) : t.length));
    if (modal && t.slice(verb.index + 1, end + modal.index).trim().split(/\s+/).length <= 8) end += modal.index;
  }
  if (colon && colon.index < end) end = colon.index;
  const unit = t.slice(0, end).replace(/[\s,;:.-]+$/, '').trim();
  // (a long subject is a list of units, or no subject at all)
  if (!unit || (unit.split(' ').length > 20 && !isUnitList(unit))) return null;
  return { unit: unit.charAt(0).toLocaleUpperCase('vi') + unit.slice(1), participle };
}

/** "X chủ trì, phối hợp với Y (verb …)": X the lead, Y the partners up to the next verb. */
export function parseAssignment(text: string): { lead: string[]; partner: string[] } | null {
  const t = squash(text).replace(/[.;]+$/, '');
  const m = /^(.+?)\s+chủ trì(?:\s*[,;]?\s*(?:và\s+)?phối hợp(?:\s+(?:với|cùng))?\s+(.+))?(?:[,;]?\s.*)?$/iu.exec(t);
  if (!m || !UNIT_HEAD.test(m[1].replace(/^(?:giao|đề nghị)\s+/iu, ''))) return null;
  let partner = m[2] ?? '';
  const verb = firstVerb(partner);
  if (verb && verb.index > 0) partner = partner.slice(0, verb.index);
  return { lead: splitUnits(m[1].replace(/^(?:giao|đề nghị)\s+/iu, '')), partner: partner ? splitUnits(partner) : [] };
}
