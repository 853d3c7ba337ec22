import type { DocType, Meta } from '../../schemas/index.ts';
import { findCommunes, loadAdminUnits, loadProvinces, provinceType, resolveProvince, type AdminUnit } from '../gazetteer/admin-units.ts';
import { composeIssuer, readIssuerBlock } from './issuer.ts';
import { containsPhrase, editDistance, foldVietnamese, foldedWords, upperShare } from '../segment/text.ts';
import { parseMarker } from '../segment/markers.ts';
import { typeLineWithTitle } from '../segment/doc-type.ts';
import { isoDate } from './dates.ts';
import { repairDocNumber } from './codes.ts';
import { fixXa } from './closing.ts';
import { curlyQuotes, dropStrayQuotes, squash } from './text.ts';

/** "Số: 08 /KH-UBND", "S6:316BC-UBND" → "08/KH-UBND", "316/BC-UBND"; blank numbers → null. */
export function parseDocNumber(line: string): { number: string | null; index: number } | null {
  const label =
    /(?:^|\s)[Ss$][ốoôồộóòơ6éố]?\s*[:：]\s*(?=[\d\s/]*\p{Lu})/u.exec(line) ??
    /(?:^|\s)Số\s+(?=\d{1,5}\s*(?:\/|-\s*\p{Lu}))/u.exec(line) ??
    // "$5:", "Sb:" before a number: the label as OCR reads it.
    /(?:^|\s)[S$][^\s:]{0,2}\s*:\s*(?=\d{1,5}\s*\/?\s*\p{Lu})/u.exec(line) ??
    // a label the repair stage turned into another short word ("đó: 142/BC-MTTQ-BTT"), at the
    // start of a line and before a whole number (serial, slash, hyphenated code)
    /^\s*\p{L}{1,3}\s*:\s*(?=\d{1,5}\s*\/\s*\p{Lu}[\p{Lu}\d&]*\s*-\s*\p{Lu})/u.exec(line);
  if (!label) return null;
  const after = line.slice(label.index + label[0].length);
  // Party documents number "15-KH/ĐU": number, hyphen, type, slash, issuer
  const party = /^(\d{1,5})\s*-\s*(\p{Lu}[\p{Lu}\d&]*\s*\/\s*\p{Lu}[\p{Lu}\d&]*(?:\s*-\s*[\p{Lu}\d&]+)*)/u.exec(after);
  if (party) return { number: `${party[1]}-${party[2].replace(/\s+/g, '')}`, index: label.index };
  // (a code part ends where a capitalised word would go on: "230/KH-UBND - Nghệ An" is not "…-N")
  // (a letter OCR read in lower case inside the type code, "318/Qb-UBND", is repaired below)
  const m = /^(\d{1,5}(?:\/\d{4})?)?\s*\/?\s*(\p{Lu}[\p{Lu}\d&]*(?:[bđ](?=\s*-))?(?:\s*-\s*[\p{Lu}\d&]+(?![\p{Ll}]))*)/u.exec(after);
  if (!m) return null;
  const code = m[2].replace(/\s+/g, '');
  if (!/-/.test(code) && code.length < 2) return null;
  return { number: m[1] ? repairDocNumber(`${m[1]}/${code}`) : null, index: label.index };
}

/** Place-date line: "Hà Long, ngày 16 tháng 7 năm 2025" (day may be blank or unreadable). */
export function parsePlaceDate(line: string): { iso: string; place: string | null } | null {
  const f = foldVietnamese(line);
  // "Hà Long, ngày 16/7/2025": the numeric form, only as a whole "Place, ngày d/m/yyyy" column.
  const numeric = /(?:^|\s{2,}|\t|\p{Lu}{2,}\s+)([\p{L}][\p{L} .'-]{1,40}),\s*ng\S{1,3}\s+(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4})\s*$/u.exec(line);
  if (numeric) {
    const iso = isoDate(Number(numeric[4]), Number(numeric[3]), Number(numeric[2]));
    if (iso) return { iso, place: numeric[1].trim() };
  }
  // a month OCR read with I/l for 1 ("tháng Il năm 2025" = tháng 11)
  const m = /\bng\w{0,2}y\w*\s*(\d{1,2})?\b[^\d]{0,3}\s*th\w{0,3}ng\s+(\d{1,2}|[\dil|]{1,2}(?=\s))\S*\s+n\w{0,2}m\s+(\d{4})\b/.exec(f);
  if (!m) return null;
  m[2] = m[2].replace(/[il|]/g, '1');
  // A date inside a sentence ("Căn cứ Kế hoạch số … ngày 02 tháng 5 năm 2025") is not the place-date line.
  const before = f.slice(0, m.index).trim();
  // A "Số: …" column beside it only excuses the words of the number, not a citation OCR glued on.
  const rawLine = line.replace(/\s+/g, ' ');
  const dateAt = /,?\s*ng\S{0,4}\s*\d{0,2}\S*\s+th\S{1,4}ng/iu.exec(rawLine)?.index ?? rawLine.length;
  // (in printed case: the codes below are told by their capitals)
  const afterNumber = parseDocNumber(line) ? rawLine.slice(0, dateAt).replace(/^.*?\d+\s*\/\s*\S+\s*/u, '') : rawLine.slice(0, dateAt);
  if (afterNumber.split(' ').filter(Boolean).length > 6) return null;
  // a citation the OCR ran into the number's line ("Số: 45/KH-UBND Căn cứ Quyết định số 908/QĐ-UBND ngày 12"),
  // or the date of a citation wrapped onto its own line ("3679/STC-QLGCS ngày 05 …", "QĐ-TTg ngày 04 …")
  if (/\d+\s*\/\s*\p{Lu}|(?:^|\s)\p{Lu}{1,6}-\p{Lu}|(?:^|\s)(?:căn cứ|thực hiện|theo|quyết định|kế hoạch|công văn|số)(?:\s|$)/iu.test(afterNumber)) return null;
  // … and one whose sentence goes on after the year ("… năm 2025 của Thủ tướng")
  if (/^\s*(?:của|do|về|ban hành|quy định)(?:\s|$)/iu.test(rawLine.slice(rawLine.search(new RegExp(`${m[3]}(?!.*${m[3]})`)) + 4))) return null;
  // a title in capitals that names a date ("… CHỈ THỊ SỐ 09/CT-UBND NGÀY 03 THÁNG 4 NĂM 2025"): the place-date line writes "ngày" in lower case
  if (/\bNG[ÀA]Y\b/u.test(line) && !/\bng[àa]y\b/u.test(line)) return null;
  const iso = isoDate(Number(m[3]), Number(m[2]), m[1] ? Number(m[1]) : null);
  if (!iso) return null;
  // The place is what precedes ", ngày" in the original line (after any "Số: …" part).
  const raw = line.replace(/\s+/g, ' ');
  const cut = /,?\s*ng\S{0,4}\s*\d{0,2}\S*\s+th\S{1,4}ng/iu.exec(raw);
  let place = cut ? raw.slice(0, cut.index) : null;
  if (place) {
    place = place.replace(/^.*?[S$]\S?\s*:\s*(?:\d+\s*)?\/?\s*\S*\s+/u, '').trim();
    if (!/\p{L}/u.test(place)) place = null;
  }
  return { iso, place };
}

/** "xã"/"phường" as printed or as OCR leaves them ("xa", "x&", "x4", "phuong"). */
const TYPE_WORDS = /(?<![\p{L}\p{N}])(xã|phường|đặc khu|Xã|Phường|Đặc khu|XÃ|PHƯỜNG|ĐẶC KHU|x[a-zà-ỹ&\d§]|X[A-ZÀ-Ỹ&]|ph\S{2,4}ng|PH\S{2,4}NG)\s+/gu;

function typeOfWord(w: string): string {
  const f = foldVietnamese(w);
  if (f.startsWith('p')) return 'phường';
  if (f.startsWith('d')) return 'đặc khu';
  return 'xã';
}

/** Names following "xã"/"phường" in a text: up to four capitalised words. */
export function communeMentions(text: string): { type: string; name: string; index: number }[] {
  const out: { type: string; name: string; index: number }[] = [];
  for (const m of text.matchAll(TYPE_WORDS)) {
    const after = text.slice((m.index ?? 0) + m[0].length);
    const words = /^((?:\p{Lu}[\p{L}'’]*(?:[ \t]+|$)){1,4})/u.exec(after.split('\n')[0]);
    if (!words) continue;
    const ws = words[1].trim().split(/\s+/);
    // Stop at words that start the next clause in headers ("CỘNG HÒA", "Độc lập").
    const stop = ws.findIndex((w) => /^(CỘNG|Cộng|Độc|ĐỘC|Số|SỐ)$/u.test(w));
    const name = (stop >= 0 ? ws.slice(0, stop) : ws).join(' ');
    // "xã hội" (society: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA", "chính trị - xã hội") is not a commune.
    if (/^hoi( |$)/.test(foldVietnamese(name))) continue;
    if (name) out.push({ type: typeOfWord(m[1]), name, index: m.index ?? 0 });
  }
  return out;
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/(^|\s)(\p{L})/gu, (_, sp: string, c: string) => sp + c.toUpperCase());
}

/** Units a mention can refer to, trying its longest word prefix first ("Hà Long Thực" → "Hà Long"). */
function resolveMentionWords(type: string, name: string): { units: AdminUnit[]; words: number } {
  const ws = name.split(' ');
  for (let k = ws.length; k >= 1; k--) {
    const cand = ws.slice(0, k).join(' ');
    const units = findCommunes(`${type} ${upperShare(cand) > 0.8 ? titleCase(cand) : cand}`);
    if (units.length) return { units, words: k };
  }
  return { units: [], words: 0 };
}

function resolveMention(type: string, name: string): AdminUnit[] {
  return resolveMentionWords(type, name).units;
}

/** Mentions of the resolved commune in a text, written with its gazetteer spelling. */
export function spellCommune(text: string, unit: AdminUnit): string {
  let out = text;
  for (const m of communeMentions(text).reverse()) {
    if (m.type !== unit.communeType) continue;
    // The commune is already known from stronger evidence, so a looser match (two edits) may respell it.
    const n = unit.commune.split(' ').length;
    const printed = m.name.split(' ').slice(0, n).join(' ');
    const a = foldVietnamese(printed).replace(/ /g, '');
    const b = foldVietnamese(unit.commune).replace(/ /g, '');
    if (printed === unit.commune || editDistance(a, b, 2) > (b.length >= 6 ? 2 : 1)) continue;
    const at = text.indexOf(printed, m.index);
    if (at < 0 || upperShare(printed) > 0.8) continue;
    out = out.slice(0, at) + unit.commune + out.slice(at + printed.length);
  }
  return out;
}

/** Provinces named in the text ("tỉnh Quảng Ngãi", "Tỉnh ủy Thanh Hóa", "TỈNH …"). */
export function provinceMentions(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const re = /(?<![\p{L}])(?:tỉnh|Tỉnh|TỈNH|Tỉnh ủy|Tỉnh uỷ|thành phố|Thành phố|THÀNH PHỐ)\s+((?:\p{Lu}[\p{L}]*\s*){1,4})/gu;
  for (const m of text.matchAll(re)) {
    const ws = m[1].trim().split(/\s+/);
    for (let k = Math.min(ws.length, 4); k >= 1; k--) {
      const p = resolveProvince(ws.slice(0, k).join(' '));
      if (p) {
        counts.set(p, (counts.get(p) ?? 0) + 1);
        break;
      }
    }
  }
  return counts;
}

const PREAMBLE_START = /^(căn cứ|thực hiện|thi hành|theo |nhằm|kính gửi|ủy ban nhân dân|uỷ ban nhân dân|ubnd|để |trên cơ sở|xét )/iu;
const PREAMBLE_WORDS = ['can cu', 'thuc hien', 'thi hanh', 'kinh gui', 'uy ban nhan dan', 'tren co so'];

/** The opening "Căn cứ…/Thực hiện…" of the preamble, also with residual OCR damage ("Thue hiộn"). */
function isPreambleStart(line: string): boolean {
  if (PREAMBLE_START.test(line)) return true;
  const first = foldedWords(line).slice(0, 3);
  return PREAMBLE_WORDS.some((p) => containsPhrase(first.slice(0, p.split(' ').length), p, true));
}

/** A cited document number in the line: titles do not cite, preambles do. */
const CITES = /\d{1,5}(?:\/\d{4})?\s?[-/]\s?\p{Lu}{2,}/u;
const HEADER_LINE = /^(cộng hòa|cộng hoà|độc lập|ủy ban|uỷ ban|ubnd|đảng|số\s*:|s\S?\s*:)/iu;

/** Title: the lines under the document-type line (or at the top when that line is missing). */
/** Pieces of the national motto that OCR of a two-column header glues onto title lines. */
const MOTTO_PIECE = /\s*(?:(?:CỘNG\s+)?(?:HÒA|HOÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|CỘNG\s+(?:HÒA|HOÀ)|Độc\s+lập\s*-\s*Tự\s+do(?:\s*-\s*Hạnh\s+phúc|\s*-)?|-?\s*Hạnh\s+phúc)\s*/gu;

/**
 * A title line with the header column OCR read into it removed: motto pieces anywhere, and a
 * trailing run of capitalised words ("… phát XÃ TRUNG LỘC") after a sentence-case start.
 */
export function stripHeaderColumn(line: string): string {
  let t = line.replace(MOTTO_PIECE, ' ').replace(/\s+/g, ' ').trim();
  const words = t.split(' ');
  if (words.length >= 3 && upperShare(words.slice(0, 2).join(' ')) < 0.6) {
    let k = words.length;
    while (k > 1 && /^\p{Lu}{2,}$/u.test(words[k - 1])) k--;
    if (words.length - k >= 2) t = words.slice(0, k).join(' ');
  }
  return t;
}

/** The authority a decision is issued by, printed under its title ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …"). */
const AUTHORITY_LINE = /^(?:chu tich|pho chu tich|uy ban nhan dan|ubnd|hoi dong nhan dan|ban thuong truc|ban thuong vu|ban chap hanh|ban chi dao|truong ban|giam doc|bi thu|dang uy|uy ban)\b/;

/**
 * A title run into the line after it ("… NĂM 2026 Thực hiện Kế hoạch số …"): the capitalised words
 * up to the first sentence-case word that opens a mostly lower-case rest.
 */
export function splitTitleRun(text: string): { title: string; rest: string } {
  const words = text.trim().split(/\s+/);
  for (let k = 1; k < words.length; k++) {
    if (/^\p{Lu}\p{Ll}/u.test(words[k]) && upperShare(words.slice(k).join(' ')) < 0.5) return { title: words.slice(0, k).join(' '), rest: words.slice(k).join(' ') };
  }
  return { title: words.join(' '), rest: '' };
}

export function findTitle(lines: string[], typeLine: number, preambleEnd: number): { title: string | null; lines: number[] } {
  const out: { t: string; n: number }[] = [];
  let blanks = 0;
  const limit = Math.min(preambleEnd, lines.length);
  // the title printed on the type line itself; when the preamble follows on that line, it is all of it
  const onType = typeLine >= 0 ? typeLineWithTitle(lines[typeLine]) : null;
  if (onType) {
    const run = splitTitleRun(stripHeaderColumn(onType.rest));
    out.push({ t: run.title, n: typeLine + 1 });
    if (run.rest) return joinTitle(out);
  }
  for (let i = typeLine + 1; i < limit; i++) {
    const raw = lines[i].trim();
    const t = typeLine >= 0 ? stripHeaderColumn(raw) : raw;
    // A line that was nothing but header column is not a blank between title lines.
    if (!t && raw) continue;
    // The "Số:" / place-date column below a title OCR placed beside it ends the title.
    if (out.length && typeLine >= 0 && (parseDocNumber(t) || parsePlaceDate(t))) break;
    if (!t) {
      if (out.length) blanks++;
      if (blanks > 1) break;
      continue;
    }
    // (a year the column wrapped onto a line of its own: "… 0H00 NGÀY 01 THÁNG 01 NĂM" / "2026")
    if (/^\d{4}$/.test(t) && out.length && /(?:NĂM|năm)$/u.test(out[out.length - 1].t)) {
      out.push({ t, n: i + 1 });
      continue;
    }
    if (!/\p{L}{2,}/u.test(t) || /^[-_=.*~\s]+$/.test(t)) continue;
    // Header lines (national motto, "Số:", place-date) sit above the title when the type line is missing.
    if (typeLine < 0 && (HEADER_LINE.test(t) || /độc lập|cộng hòa|cộng hoà|tự do|hạnh phúc|chủ nghĩa việt nam/iu.test(t) || parseDocNumber(t) || parsePlaceDate(t) || (out.length === 0 && upperShare(t) > 0.85))) {
      if (out.length) break;
      continue;
    }
    // A letter's subject line ("V/v …") is its title; a capitalised "V/V …" under a type line is
    // an ordinary title that keeps its prefix as printed.
    const vv = /^V\/v\s+/iu.exec(t);
    if (vv && !(typeLine >= 0 && upperShare(t) > 0.8)) return { title: curlyQuotes(squash(t.slice(vv[0].length))).replace(/[.;:]+$/, ''), lines: [i + 1] };
    // The first line under the type line is the title even when it starts "Thực hiện Nghị quyết số …".
    // Titles in capitals run long ("TRIỂN KHAI … TRÊN ĐỊA BÀN TỈNH"); sentences do not.
    const maxLength = upperShare(t) > 0.8 ? 400 : 160;
    const firstUnderType = typeLine >= 0 && out.length === 0 && t.length <= maxLength;
    // (a capitalised title cites and says "THỰC HIỆN" too, wrapped by a narrow column: "KHAI QUYẾT
    // ĐỊNH SỐ 06/QĐ-", "THỰC HIỆN CÔNG TÁC …"; the preamble under it is in sentence case)
    const titleLine = out.length > 0 && upperShare(out[0].t) > 0.8 && upperShare(t) > 0.5;
    // a capitalised title's last line with the preamble run into it ("… NĂM 2026 Thực hiện Kế hoạch …")
    const run = out.length > 0 && upperShare(out[0].t) > 0.8 ? splitTitleRun(t) : null;
    if (run?.rest && run.title.split(' ').length >= 2 && upperShare(run.title) > 0.8) {
      out.push({ t: run.title, n: i + 1 });
      break;
    }
    if (!firstUnderType && !titleLine && (isPreambleStart(t) || CITES.test(t))) break;
    // a section heading ends the title; a word that only looks like a numeral ("VỀ VIỆC …") does not
    const mk = parseMarker(t);
    if (mk?.marker === 'roman' && mk.numbering !== '?') break;
    // A capitalised authority line under a sentence-case title ("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ …"), or
    // under a capitalised one when it names the authority a decision is issued by.
    if (out.length && upperShare(t) > 0.85 && (upperShare(out[0].t) < 0.6 || AUTHORITY_LINE.test(foldVietnamese(t)))) break;
    if (t.length > maxLength) break;
    out.push({ t, n: i + 1 });
    blanks = 0;
    // a capitalised title OCR'd from a narrow header column wraps over many short lines
    if (out.length >= (upperShare(out[0].t) > 0.8 && t.length <= 45 ? 14 : 5)) break;
  }
  return joinTitle(out);
}

function joinTitle(out: { t: string; n: number }[]): { title: string | null; lines: number[] } {
  if (!out.length) return { title: null, lines: [] };
  // a number wrapped inside its code ("06/QĐ-" / "TTG", "3103/" / "QĐ-BTC") is joined without a space
  const text = out.map((o) => o.t).reduce((acc, t) => (/[\p{L}\d][-/]$/u.test(acc) ? acc + t : `${acc} ${t}`));
  return { title: curlyQuotes(dropStrayQuotes(squash(text))).replace(/[.;:]+$/, ''), lines: out.map((o) => o.n) };
}

/**
 * The issuing body: the number's code says it ("…/KH-UBND", "…-KH/ĐU"), else the header's first
 * line; the People's Committee (UBND) when nothing else is named.
 */
export function issuingBody(number: string | null, header: string[]): string {
  if (number) {
    if (/\/ĐU$|-ĐU$/u.test(number)) return 'Đảng ủy';
    if (/HĐND$/u.test(number)) return 'HĐND';
    if (/UBND/u.test(number)) return 'UBND';
  }
  const first = foldVietnamese(header.find((l) => l.trim()) ?? '');
  if (/^(dang uy|dang bo)\b/.test(first) && !/\buy ban nhan dan\b/.test(first)) return 'Đảng ủy';
  if (/^hoi dong nhan dan\b/.test(first)) return 'HĐND';
  return 'UBND';
}

export interface MetaInput {
  lines: string[];
  docType: DocType;
  typeLine: number;
  preambleEnd: number;
  roles: string[];
  signer: string | null;
  /** First line of the closing paragraph ("Trên đây là…", "Chủ tịch UBND xã đề nghị…"), if any. */
  closingText: string | null;
}

/** Number, issue date and place from the header lines [0, headEnd). */
export function readHeader(lines: string[], headEnd: number): { number: string | null; issued: string | null; place: string | null } {
  let number: string | null = null;
  let issued: string | null = null;
  let place: string | null = null;
  for (let i = 0; i < headEnd; i++) {
    const n = parseDocNumber(lines[i]);
    if (n && number === null) number = n.number;
    // "Số:" alone, its number on a later header line of its own (OCR split the column).
    if (number === null && /^\s*[Ss$]\S?\s*:\s*$/u.test(lines[i])) {
      const own = lines.slice(i + 1, Math.min(headEnd, i + 9)).find((l) => /^\s*\d{1,5}\s*\/\s*\p{Lu}[\p{Lu}\d&]*(?:-[\p{Lu}\d&]+)+\s*$/u.test(l));
      if (own) number = own.replace(/\s+/g, '');
    }
    // The place-date column may wrap onto the next line ("Bảo Yên, ngày 05" / "tháng 12 năm 2025",
    // "… tháng 5 năm" / "2026").
    const wrapped = i + 1 < headEnd && /\b(ng\S{1,3}|th\S{1,3}ng|n\S{1,2}m)\s*\d{0,2}\s*$/iu.test(lines[i]);
    // the wrapped rest may follow a blank line the OCR put between them
    const restLine = wrapped ? lines.slice(i + 1, Math.min(headEnd, i + 3)).find((l) => l.trim()) ?? '' : '';
    let pd = parsePlaceDate(lines[i]) ?? (wrapped ? parsePlaceDate(`${lines[i]} ${restLine.trim()}`) : null);
    // a date alone on its line under a citation ("Căn cứ Luật …" / "ngày 20 tháng 11 năm 2024;") dates that citation
    const above = lines.slice(0, i).reverse().find((l) => l.trim()) ?? '';
    if (pd && !pd.place && /(?:căn cứ|thực hiện|của|số|luật)\b|\p{Ll}$/iu.test(above.trim()) && !/[.;:]$/.test(above.trim())) pd = null;
    if (pd && issued === null) {
      issued = pd.iso;
      place = pd.place?.replace(/[.,;:]+$/, '') ?? null;
      // The place itself wrapped: "Số: 415/UBND-VP Đồng" / "Sơn, ngày 21 …".
      const prev = i > 0 ? lines[i - 1] : '';
      const tail = parseDocNumber(prev) ? /\s(\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*)?)\s*$/u.exec(prev) : null;
      if (place && tail && place.split(' ').length <= 2 && !/\/|-/.test(tail[1])) place = `${tail[1]} ${place}`;
    }
  }
  return { number, issued, place };
}

/** Provinces the text names, also in header lines OCR glued ("TINHNGHE ÁN"). */
function provinceEvidence(all: string, headerLines: string[]): Map<string, number> {
  const provinces = provinceMentions(all);
  for (const l of headerLines) {
    const c = foldVietnamese(l).replace(/ /g, '');
    for (const p of loadProvinces()) {
      const k = foldVietnamese(p).replace(/ /g, '');
      if (c.includes(`tinh${k}`) || c.includes(`thanhpho${k}`)) provinces.set(p, (provinces.get(p) ?? 0) + 1);
    }
  }
  return provinces;
}

/**
 * The commune the document is about and its province. Evidence is weighted by where it appears
 * (place-date line, header, body) and summed per name; when a name exists in several provinces,
 * provinces named in the text choose, else the province stays null.
 */
export function resolveDocumentCommune(lines: string[], place: string | null, preambleEnd: number, headEnd: number): { unit: AdminUnit | null; province: string | null } {
  const scores = new Map<string, { units: AdminUnit[]; score: number }>();
  // Long documents repeat the same mentions: resolve each once.
  const memo = new Map<string, AdminUnit[]>();
  const resolve = (type: string, name: string): AdminUnit[] => {
    const key = `${type}|${name}`;
    let hit = memo.get(key);
    if (!hit) memo.set(key, (hit = resolveMention(type, name)));
    return hit;
  };
  const add = (units: AdminUnit[], w: number) => {
    // Names equal once marks are folded ("Đồng Sơn", "Đông Sơn") are separate candidates.
    const byName = new Map<string, AdminUnit[]>();
    for (const u of units) {
      const key = `${u.communeType}|${u.commune}`;
      byName.set(key, [...(byName.get(key) ?? []), u]);
    }
    for (const [key, group] of byName) {
      const cur = scores.get(key) ?? { units: group, score: 0 };
      cur.score += w / byName.size;
      scores.set(key, cur);
    }
  };
  // "Đắk Lắk, ngày …": a provincial document dates from the province; its name must not fuzzy-match a commune.
  const placeIsProvince = place !== null && resolveProvince(place) !== null && !loadAdminUnits().some((u) => foldVietnamese(u.commune) === foldVietnamese(place));
  const headerMentions = communeMentions(lines.slice(0, Math.max(preambleEnd, 0)).join('\n'));
  if (place && !placeIsProvince) {
    // The header's unit line and the place-date name the same commune; where they differ only in
    // marks ("XÃ PHÚ MỸ" and "Phù Mỹ, ngày …"), one of them was misread: the unit line is taken.
    const printed = place;
    const named = headerMentions.find((m) => m.name !== printed && foldVietnamese(m.name) === foldVietnamese(printed))?.name ?? printed;
    const pm = communeMentions(named);
    if (pm.length) add(resolve(pm[0].type, pm[0].name), 4);
    else for (const type of ['xã', 'phường', 'đặc khu']) add(resolve(type, named), 3);
  }
  const all = lines.join('\n');
  for (const m of headerMentions) add(resolve(m.type, m.name), 2);
  for (const m of communeMentions(all)) add(resolve(m.type, m.name), 1);
  const provinces = provinceEvidence(all, lines.slice(0, Math.min(headEnd, 8)));

  // Ties between same-named units of different types go to the type the text keeps naming.
  const typeCount = (re: RegExp) => (all.match(re) ?? []).length;
  const counts: Record<string, number> = {
    xã: typeCount(/(?<![\p{L}])(xã|Xã)(?![\p{L}])/gu),
    phường: typeCount(/(?<![\p{L}])(phường|Phường|PHƯỜNG)(?![\p{L}])/gu),
    'đặc khu': typeCount(/(?<![\p{L}])(đặc khu|Đặc khu|ĐẶC KHU)(?![\p{L}])/gu),
  };
  const mainType = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
  for (const c of scores.values()) if (mainType[1] > 0 && c.units[0].communeType === mainType[0]) c.score += 0.5;

  const best = [...scores.values()].sort((a, b) => b.score - a.score)[0];
  let unit: AdminUnit | null = null;
  let province: string | null = null;
  if (best && best.score >= 1) {
    const named = best.units.filter((u) => provinces.has(u.province)).sort((a, b) => (provinces.get(b.province) ?? 0) - (provinces.get(a.province) ?? 0));
    const distinct = new Set(best.units.map((u) => u.province));
    unit = named[0] ?? best.units[0];
    // The province is stated, or implied because only one province has a unit of that name.
    if (named.length || distinct.size === 1) province = unit.province;
  } else if (provinces.size) {
    province = [...provinces.entries()].sort((a, b) => b[1] - a[1])[0][0];
  }
  // A commune the gazetteer does not know (renamed, pre-2025, or too damaged) is still named as the
  // header prints it, when the header does ("XÃ HÀ LONG").
  if (!unit) {
    const printed = communeMentions(lines.slice(0, Math.min(headEnd, 6)).join('\n'))[0];
    if (printed && printed.name.split(' ').length <= 4) {
      const name = upperShare(printed.name) > 0.8 ? titleCase(printed.name) : printed.name;
      unit = { province: province ?? '', commune: name, communeType: printed.type as AdminUnit['communeType'] };
    }
  }
  return { unit, province };
}

/** Signature roles as printed, completed where the convention is certain. */
export function completeRoles(printed: string[], signer: string | null, closingText: string | null): string[] {
  let roles = [...printed];
  const last = roles[roles.length - 1];
  // "KT. CHỦ TỊCH" signs for the chairman: the signer is by definition the deputy ("PHÓ CHỦ TỊCH").
  if (last && /^KT\.\s*/.test(last)) roles.push(`PHÓ ${last.replace(/^KT\.\s*/, '')}`);
  // No role line, but the closing speaks as the chairman ("Chủ tịch UBND xã đề nghị…").
  if (!roles.length && signer && closingText && /^chu tich /.test(foldVietnamese(closingText) + ' ')) roles = ['CHỦ TỊCH'];
  return roles;
}

export function extractMeta(input: MetaInput): Meta {
  const { lines, preambleEnd } = input;
  // (OCR of a narrow header column can put the number under a long capitalised title)
  const headEnd = Math.min(lines.length, Math.max(preambleEnd, 1), input.typeLine >= 0 ? input.typeLine + 25 : 30);
  const { number, issued, place } = readHeader(lines, headEnd);
  // The header block as printed: which body issues the document, and where (any body, not only UBND).
  const blockEnd = input.typeLine >= 0 ? input.typeLine : Math.min(headEnd, 8);
  const block = readIssuerBlock(lines, Math.max(0, blockEnd));
  // (a province name OCR damaged in the header, "TỈNH PAK LÀ", is read from the place-date line)
  const provincial = block?.placeType === 'tỉnh' || block?.placeType === 'thành phố' ? resolveProvince(block.placeName ?? '') ?? resolveProvince(place ?? '') : null;
  let unit: AdminUnit | null = null;
  let province: string | null = null;
  if (provincial) {
    // A provincial body's document: the communes its body names are not its own.
    province = provincial;
  } else {
    ({ unit, province } = resolveDocumentCommune(lines, place, preambleEnd, headEnd));
  }

  let issuer: string | null = null;
  const body = block?.body ?? issuingBody(number, lines.slice(0, Math.min(headEnd, 6)));
  const headText = foldVietnamese(lines.slice(0, Math.max(preambleEnd, 0)).join(' '));
  if (unit) issuer = composeIssuer(body, unit.communeType, unit.commune);
  else if (province && (provincial || /\b(uy ban nhan dan|ubnd|dang uy|hoi dong nhan dan|hdnd) (tinh|thanh pho)\b/.test(headText))) issuer = composeIssuer(body, provinceType(province), province);
  else if (block?.body && block.placeName) issuer = composeIssuer(block.body, block.placeType, block.placeName);

  let title = findTitle(lines, input.typeLine, preambleEnd).title;
  if (title) title = fixXa(title);
  if (title && unit) title = spellCommune(title, unit);

  const roles = completeRoles(input.roles, input.signer, input.closingText);
  return {
    doc_type: input.docType,
    number,
    issued_date: issued,
    issuer,
    commune: unit?.commune ?? null,
    commune_type: unit?.communeType ?? null,
    province,
    title,
    signer: input.signer,
    signer_role: roles.length ? roles.join(' / ') : null,
  };
}
