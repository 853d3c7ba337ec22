import { parseMarker, recipientsLabel } from '../segment/index.ts';
import { editDistance, foldKeepLength, foldVietnamese, upperShare } from '../segment/text.ts';
import { dropStrayQuotes, squash } from './text.ts';

/**
 * The closing block: "Nơi nhận" recipients on the left, the signature block (roles, signer name)
 * on the right. OCR and text export interleave the two columns line by line, so every line is
 * split into a recipient part and signature parts.
 */
export interface ClosingBlock {
  recipients: { text: string; line: number }[];
  roles: string[];
  signer: string | null;
}

/**
 * Signature roles, matched on the folded upper-case line so damaged marks still match. A signature
 * block is a chain of roles: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "TM. BAN THƯỜNG TRỰC
 * / CHỦ TỊCH", "T/M ĐẢNG ỦY / BÍ THƯ", printed one per line or run together on one line. A chain is
 * made of segments: a prefix (TM., KT., TL., TUQ., Q.; Party documents write T/M and K/T) with the
 * collective body or position it signs for, or a personal position alone.
 */
// (OCR reads the prefix's dot as a colon or a comma: "KT: CHỦ TỊCH")
const ROLE_PREFIX = String.raw`(?:(?:TM|KT|KET|TL|TUQ|Q)\.\s*|(?:TM|KT|TL|TUQ)[:,]\s*|(?:T\/M|K\/T)\.?\s+)`;
/** Positions a person holds (a closed vocabulary): they end a collective name and start a new segment. */
const PERSONAL_ROLE = String.raw`(?:PHO\s+)?(?:CHU TICH|CHU NHIEM|GIAM DOC|TRUONG TIEU BAN|TRUONG BAN|TRUONG PHONG|BI THU|THU TRUONG|CHANH VAN PHONG|TRUONG DOAN|TONG THU KY|THU KY)`;
/** Collective bodies that also sign without a prefix on a line of their own (OCR lost the "TM."). */
const COLLECTIVE_ROLE = String.raw`(?:UY BAN NHAN DAN|HOI DONG NHAN DAN|BAN CHI DAO|DANG UY|BAN THUONG VU|BAN CHAP HANH|BAN THUONG TRUC)`;
/** One segment: prefix + personal position, prefix + any capitalised collective name, or a bare position/body. */
// (TM./T/M sign for a collective body of any name; KT., TL., Q. for a position)
const COLLECTIVE_PREFIX = String.raw`(?:TM\.\s*|T\/M\.?\s+)`;
const ROLE_SEGMENT = String.raw`(?:${ROLE_PREFIX}${PERSONAL_ROLE}(?=\s|$)|${COLLECTIVE_PREFIX}[A-Z][A-Z ]*?[A-Z](?=\s+(?:${ROLE_PREFIX}|${PERSONAL_ROLE})|\s*$)|${PERSONAL_ROLE}(?=\s|$)|${COLLECTIVE_ROLE}(?:[ A-Z]*[A-Z])?(?=\s+(?:${ROLE_PREFIX}|${PERSONAL_ROLE})|\s*$))`;
const ROLE_AT_END = new RegExp(String.raw`(${ROLE_SEGMENT}(?:\s+${ROLE_SEGMENT})*)\s*$`);
const ROLE_SEGMENTS = new RegExp(ROLE_SEGMENT, 'g');

/** The segments of a role chain (folded, upper case) as [start, end) offsets. */
function roleSegments(folded: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of folded.matchAll(ROLE_SEGMENTS)) out.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  return out;
}

/** Canonical spellings of the closed vocabulary of signature roles. */
const ROLE_WORDS = ['ỦY BAN NHÂN DÂN', 'HỘI ĐỒNG NHÂN DÂN', 'PHÓ CHỦ TỊCH', 'CHỦ TỊCH', 'CHỦ NHIỆM', 'PHÓ GIÁM ĐỐC', 'GIÁM ĐỐC', 'PHÓ TRƯỞNG BAN', 'TRƯỞNG BAN', 'TRƯỞNG PHÒNG', 'PHÓ BÍ THƯ', 'BÍ THƯ', 'BAN CHỈ ĐẠO', 'THỦ TRƯỞNG', 'CHÁNH VĂN PHÒNG', 'ĐẢNG ỦY', 'BAN THƯỜNG VỤ', 'BAN CHẤP HÀNH', 'BAN THƯỜNG TRỰC'];

export function canonicalRole(printed: string): string {
  // "KẾT." is the repair stage's syllable for the abbreviation "KT." (ký thay).
  let s = printed.replace(/^KẾT\.\s*/u, 'KT. ').replace(/^(TM|KT|TL|TUQ|Q)\.\s*|^(TM|KT|TL|TUQ)[:,]\s*/u, (_m, p: string, q: string) => `${p ?? q}. `);
  const prefix = /^(?:(TM|KT|TL|TUQ|Q)\. |(?:T\/M|K\/T) )/.exec(s)?.[0] ?? '';
  let body = s.slice(prefix.length);
  for (const w of ROLE_WORDS) {
    const fw = foldVietnamese(w);
    const fb = foldVietnamese(body);
    if (fb === fw) { body = w; break; }
    if (fb.startsWith(fw + ' ')) { body = w + body.slice(w.length); break; }
  }
  s = prefix + body;
  return s;
}

/** Common Vietnamese family names (folded): a capitalised 2-5 word phrase starting with one is a person. */
const SURNAMES = new Set(
  ('nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh doan trinh truong lam luong mai cao chu ' +
    'ta quach ha kieu luu to thai tang lai dao trieu khuc mac lo tong thach giang au la van hua kha vuong ong diep nong ' +
    'lu quan hoa ninh tieu bach phung nghiem than ung giap kim dam ton luc cu dong nguy uong yen thieu khong').split(' '),
);

/** Canonical spellings of family and common middle names, keyed by their folded form. */
const NAME_SPELLING = new Map(
  ('Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đoàn Trịnh Trương Lâm Lương Mai Cao Chu ' +
    'Tạ Quách Kiều Lưu Tô Thái Tăng Lại Đào Triệu Khúc Mạc Lò Tống Thạch Giang Âu Văn Thị Hữu Đức Ngọc Xuân Quốc Công')
    .split(' ')
    .map((w) => [foldVietnamese(w), w] as [string, string]),
);

/** OCR digits inside a name ("V0") read as the letters they imitate. */
function ocrLetters(w: string): string {
  return w.replace(/0/g, 'o').replace(/1/g, 'l');
}

/** The person's name with family/middle names in their standard spelling (given names are kept). */
export function canonicalName(name: string): string {
  const words = name.trim().split(/\s+/).map((w) => (/^\p{Lu}{2,}$/u.test(w) ? w.charAt(0) + w.slice(1).toLocaleLowerCase('vi') : w));
  return words
    .map((w, i) => {
      if (i === words.length - 1 && words.length > 1) return w;
      const f = foldVietnamese(ocrLetters(w));
      const exact = NAME_SPELLING.get(f);
      // A spelling with marks is kept ("Vân" is not "Văn"); a bare or digit-damaged one gets the standard marks.
      if (exact) return /[^\x00-\x7f]/.test(w) ? w : exact;
      if (i === 0 && f.length >= 5) for (const [k, v] of NAME_SPELLING) if (k.length >= 5 && editDistance(k, f, 1) <= 1) return v;
      return w;
    })
    .join(' ');
}

export function isPersonName(s: string): boolean {
  const t = s.trim().replace(/^(\p{Lu})0(?=\p{L}*\s)/u, '$1o');
  if (/[\d(),;:/]/.test(t)) return false;
  const words = t.split(/\s+/);
  if (words.length < 2 || words.length > 5) return false;
  // OCR may capitalise a whole short word ("HỒ Thị Lan").
  const allCaps = words.every((w) => /^\p{Lu}+$/u.test(w));
  if (!allCaps && !words.every((w, i) => /^\p{Lu}\p{Ll}*$/u.test(w) || (i < words.length - 1 && /^\p{Lu}{2,4}$/u.test(w)))) return false;
  // A name printed in capitals ("VŨ VĂN AN") needs an exact family name: capitals are mostly roles.
  if (allCaps) return words.length <= 4 && SURNAMES.has(foldVietnamese(words[0]));
  const first = foldVietnamese(words[0]);
  if (SURNAMES.has(first)) return true;
  // Residual OCR damage in a long surname ("Nguyộn"): one edit away from a known one.
  return words.length >= 3 && first.length >= 5 && [...SURNAMES].some((n) => n.length >= 5 && editDistance(n, first, 1) <= 1);
}

/** Splits off signature-column text at the end of a line: roles and a trailing person name. */
export function splitSignature(line: string): { rest: string; roles: string[]; name: string | null } {
  // Specks after the signature column ("CHỦ TỊCH 2", "… ~").
  let rest = line.replace(/\s+$/, '').replace(/(?<=\p{Lu})\s+[^\p{L}\s]{1,2}$/u, '');
  const roles: string[] = [];
  let name: string | null = null;
  for (let guard = 0; guard < 3; guard++) {
    // Hyphens and underscores OCR puts between role words ("CHU-TICH") read as spaces (same length).
    const folded = foldKeepLength(rest).replace(/[-_~]/g, ' ').toUpperCase();
    const m = ROLE_AT_END.exec(folded);
    const printed = m ? rest.slice(m.index, m.index + m[1].length) : '';
    // (OCR may lower a letter of a role: "Bí THƯ")
    if (m && upperShare(printed) > (printed.length <= 20 ? 0.7 : 0.9)) {
      // "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" run together: one role per segment of the chain
      const chain = roleSegments(folded.slice(m.index, m.index + m[1].length)).map(([a, b]) => printed.slice(a, b));
      roles.unshift(...chain.map((r) => canonicalRole(squash(r.replace(/(?<=\p{Lu})[-_~](?=\p{Lu})/gu, ' ')))));
      rest = rest.slice(0, m.index).replace(/[\s;,:]+$/, '');
      continue;
    }
    const parts = rest.split(/;|\s{2,}|\t/);
    const last = parts[parts.length - 1];
    if (parts.length >= 1 && isPersonName(last) && name === null) {
      name = canonicalName(last.trim());
      rest = rest.slice(0, rest.length - last.length).replace(/[\s;,]+$/, '');
      continue;
    }
    // The signer's name printed right after the roles on one line ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Văn An").
    if (name === null) {
      const words = rest.trim().split(/\s+/);
      let found = false;
      for (let k = Math.min(5, words.length - 1); k >= 2 && !found; k--) {
        const cand = words.slice(-k).join(' ');
        const left = words.slice(0, -k).join(' ');
        const lm = ROLE_AT_END.exec(foldKeepLength(left).replace(/[-_~]/g, ' '));
        // right after a role chain, capitalised words are the signer even with a rare family name
        // (OCR and repair may print the family name in capitals: "HUỲNH Minh")
        const first = words[words.length - k];
        const capsFamily = /^\p{Lu}+$/u.test(first) && SURNAMES.has(foldVietnamese(first)) && words.slice(-k + 1).every((w) => /^\p{Lu}\p{Ll}+$/u.test(w));
        if ((isPersonName(cand) || CAPITALISED_NAME.test(cand) || (capsFamily && CAPITALISED_NAME.test(`${first.charAt(0)}${first.slice(1).toLocaleLowerCase('vi')} ${words.slice(-k + 1).join(' ')}`))) && (!/^\p{Lu}+$/u.test(first) || capsFamily) && lm && upperShare(left.slice(lm.index)) > 0.9) {
          name = canonicalName(cand);
          rest = left;
          found = true;
        }
      }
      if (found) continue;
    }
    break;
  }
  // Columns collapsed without a gap: "- Lưu: VT, KT. Trần Thị Mai" (the recipient part ends in punctuation).
  if (name === null) {
    const words = rest.trim().split(/\s+/);
    for (let k = Math.min(4, words.length - 1); k >= 2; k--) {
      const cand = words.slice(-k).join(' ');
      const left = words.slice(0, -k).join(' ');
      if (isPersonName(cand) && /[.;,:)]$/.test(left)) {
        name = canonicalName(cand);
        rest = left;
        break;
      }
    }
  }
  // A line holding nothing but the person's name.
  if (name === null && isPersonName(rest.replace(/^[-·•+*]\s*/, '')) && !/^\s*[-·•+*]/.test(rest)) {
    name = canonicalName(rest.trim());
    rest = '';
  }
  return { rest, roles, name };
}

/** "xã" as OCR leaves it at a word end ("x&", "x3", "xĐ"): a closed, very frequent word. */
export function fixXa(s: string): string {
  return s.replace(/(?<![\p{L}\p{N}])x[&3§4Đđ@](?![\p{L}\p{N}])/gu, 'xã')
    // a body of the commune named last ("UBMTTQVN xi", "TT HĐND xử"): only "xã" ends such a name
    .replace(/(?<=(?:UBND|HĐND|UBMTTQ(?:VN)?|MTTQ(?:VN)?|Đảng ủy|Đảng uỷ|Công an|Đoàn Thanh niên|Trạm Y tế)\s+)x(?!ã)\p{Ll}{1,2}(?=[\s;:.,]*$)/u, 'xã');
}

const PURPOSE_TAG = /\s*\((?:để|đề|de)\s+[^()]{1,8}\)(?=[\s;:.,]*$)|\s*\([^()\s]{1,4}\)(?=[\s;:.,]*$)|\s*\((?:\S{1,3}\s+)?(?:[^()\s]{1,4}\s*\/\s*[^()\s]{1,4}|biết|thực hiện|chỉ đạo|báo cáo|phối hợp|theo dõi|t\.h|b\.c)\)/giu;

/** The longest recipient continued lines still extend (real ones run to a few hundred characters). */
const RECIPIENT_REACH = 2000;

export function cleanRecipient(s: string): string {
  let t = fixXa(dropStrayQuotes(s.replace(/^\s*[-–·•+*=~]+['’`.,]?\s*/, '').replace(/^[.,'’`]+(?=\p{Lu})/u, '').replace(PURPOSE_TAG, ''))).replace(/^S[6éb0ỏ]\s+(?=\p{Lu})/u, 'Sở ');
  // Single letters and stray marks at the end are OCR debris of the stamp or signature.
  t = squash(t).replace(/(?:[\s,;]+(?:\p{L}|[^\p{L}\p{N}\s]{1,2}|\p{L}[^\p{L}\p{N}\s]))+$/u, '');
  // The archive line: "Lưu: VT, …" (VT = văn thư, the registry every document is filed with).
  const archive = /^l\S{1,2}u\s*:?\s*/iu.exec(t);
  if (archive && (foldVietnamese(archive[0]).trim() === 'luu' || (archive[0].includes(':') && /^[lL]/.test(t)))) {
    // Specks after the final period ("VT. 3 ý") are stamp debris.
    const rest = t.slice(archive[0].length).replace(/^V[IŨ1Tl](?=[\s,;/.]|$)/u, 'VT').replace(/\.\s+(?:\S{1,2}\s*){1,3}$/u, '');
    return `Lưu: ${rest}`.replace(/[\s.;,]+$/, '');
  }
  // Short noise after a semicolon ("; A T") is signature debris.
  const parts = t.split(';').map((p) => p.trim()).filter((p) => (p.match(/\p{L}/gu) ?? []).length >= 3);
  return parts.join('; ').replace(/[\s.;,:]+$/, '');
}

/** Two to five capitalised words; names of the Central Highlands peoples carry an apostrophe ("Rơ Châm H'Bla", "Ksor Y'Phương"). */
const NAME_WORD = String.raw`\p{Lu}\p{Ll}*(?:['’]\p{Lu}?\p{Ll}+)?`;
const CAPITALISED_NAME = new RegExp(`^${NAME_WORD}(?:\\s+${NAME_WORD}){1,4}$`, 'u');

const ROLE_ONLY = /^(?:(?:TM|KT|TL|TUQ|Q)\.\s*|(?:T\/M|K\/T)\s+)?(?:PHO\s+)?(?:CHU TICH|CHU NHIEM|GIAM DOC|TRUONG BAN|TRUONG PHONG|BI THU|UY BAN NHAN DAN|HOI DONG NHAN DAN|DANG UY|BAN THUONG VU|BAN CHAP HANH)$/;

/**
 * A role the signature column wrapped over two lines ("Nơi nhận: KT. CHỦ" / "TỊCH"; "…(b/c); PHÓ" /
 * "CHỦ TỊCH") is moved whole onto the first line, so the per-line split finds it.
 */
export function joinWrappedRoles(lines: string[]): string[] {
  const out = [...lines];
  for (let i = 0; i + 1 < out.length; i++) {
    const tailWords = out[i].trimEnd().split(/\s+/);
    const next = out[i + 1].trim();
    // the wrapped part may have come back from repair in title case ("T/M ĐẢNG" / "Ủy")
    const lead = /^((?:\p{Lu}+\s+){0,2}(?:\p{Lu}+|\p{Lu}\p{Ll}))(?=\s*[:;,.]?\s*(?:$|\s))/u.exec(next);
    if (!lead) continue;
    for (let k = Math.min(3, tailWords.length); k >= 1; k--) {
      const tail = tailWords.slice(-k).join(' ');
      if (!/^[\p{Lu}.]+(?:\s+[\p{Lu}.]+)*$/u.test(tail)) continue;
      // An archive code ("Lưu: VT, KT.") is not the "KT." of a signature: it follows a comma or "Lưu:".
      const left = tailWords.slice(0, -k).join(' ');
      if (/,$/.test(left) || /^[-·•+*\s]*l[ưu]u\s*:?$/iu.test(left)) continue;
      const joined = `${tail} ${lead[1].toUpperCase()}`;
      if (!ROLE_ONLY.test(foldVietnamese(joined).toUpperCase().replace(/\b(TM|KT|TL|TUQ|Q) /, '$1. '))) continue;
      out[i] = `${tailWords.slice(0, -k).join(' ')}  ${joined}`;
      out[i + 1] = next.slice(lead[0].length).replace(/^\s*[:;,.]\s*/, '');
      break;
    }
  }
  return out;
}

/** Reads recipients, roles and the signer from the lines after the body (1-based `from`). */
export function readClosing(allLines: string[], from: number): ClosingBlock {
  const lines = [...allLines.slice(0, from - 1), ...joinWrappedRoles(allLines.slice(from - 1))];
  const first = readClosingFrom(lines, from, false);
  if (first.block.recipients.length || first.sawLabel) return first.block;
  // No "Nơi nhận" label survived: the bulleted lines after the closing paragraph are the recipients.
  return readClosingFrom(lines, from, true).block;
}

function readClosingFrom(lines: string[], from: number, bulletsStart: boolean): { block: ClosingBlock; sawLabel: boolean } {
  const recipients: { text: string; line: number }[] = [];
  const roles: string[] = [];
  let signer: string | null = null;
  let inRecipients = false;
  let sawLabel = false;
  let signerLine = 0;
  let lastRest = '';
  for (let n = from; n <= lines.length; n++) {
    let line = lines[n - 1] ?? '';
    if (!line.trim()) continue;
    // An appendix ("PHỤ LỤC", a new numbered part) ends the closing block.
    const mk = parseMarker(line);
    if (/^phu luc\b/.test(foldVietnamese(line)) || (mk?.marker === 'roman' && !mk.doubtful)) break;
    const noi = recipientsLabel(line);
    if (noi) {
      inRecipients = true;
      sawLabel = true;
      line = line.slice(noi[0].length);
    }
    if (bulletsStart && !inRecipients && /^\s*[-–·•+*]\s*\p{L}/u.test(line)) inRecipients = true;
    // Two columns separated by a wide gap: the right one is the signature column.
    const sig = splitSignature(line);
    roles.push(...sig.roles);
    if (sig.name) {
      signer = sig.name;
      signerLine = n;
    }
    const rest = sig.rest.trim();
    if (!inRecipients || !rest) continue;
    // A recipient whose bullet OCR lost: a short capitalised line closed by ";" between recipients
    // that ended theirs with one ("- CT, PCT UBND TP;" / "UB.MTTQVN và các Đoàn thể TP;").
    const bulletLost = recipients.length > 0 && /;\s*$/.test(lastRest) && /^\p{Lu}/u.test(rest) && /[;.]\s*$/.test(rest) && rest.split(/\s+/).length <= 12 && !/^Lưu:/u.test(recipients[recipients.length - 1].text);
    if (/^[-–·•+*=~]/.test(rest) || recipients.length === 0 || bulletLost) {
      const text = cleanRecipient(rest);
      if (text) recipients.push({ text, line: n });
    } else if (/^\p{Ll}/u.test(rest) && recipients.length) {
      const prev = recipients[recipients.length - 1];
      // (the archive line's codes are few: a sentence after it is a footnote the layout put there)
      if (/^Lưu:/u.test(prev.text) && rest.split(/\s+/).length > 4) continue;
      // (a recipient is a line or two: lower-case lines by the thousand after it are no part of
      // it, and cleaning the grown text again for each was quadratic)
      if (prev.text.length <= RECIPIENT_REACH) prev.text = cleanRecipient(`${prev.text} ${rest}`);
    }
    lastRest = rest;
  }
  // A signer whose last syllable the narrow column wrapped onto a line of its own ("Võ Thành" /
  // "Nhân", "Trần Thị Diệu" / "Thúy"): the next line is that one capitalised word.
  if (signer && signerLine && signer.split(' ').length <= 4) {
    const after = lines.slice(signerLine).filter((l) => l.trim());
    const wrapped = after[0]?.trim() ?? '';
    if (/^\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)?$/u.test(wrapped) && signer.split(' ').length + wrapped.split(' ').length <= 5) signer = canonicalName(`${signer} ${wrapped}`);
  }
  // A signer OCR left without a known family name: capitalised words alone on the last line, after a role.
  if (signer === null && roles.length) {
    const last = [...lines.slice(from - 1)].reverse().find((l) => l.trim())?.trim() ?? '';
    if (CAPITALISED_NAME.test(last) && !ROLE_ONLY.test(foldVietnamese(last).toUpperCase())) signer = canonicalName(last);
  }
  // The archive copy ("Lưu: …") is always listed last.
  const archive = recipients.findIndex((r) => /^Lưu:/u.test(r.text));
  if (archive >= 0 && archive < recipients.length - 1) recipients.push(...recipients.splice(archive, 1));
  return { block: { recipients, roles: [...new Set(roles)], signer }, sawLabel };
}
