import type { DocType, IngestedDocument, RepairedDocument, SectionNode } from '../../schemas/index.ts';
import { findTables, type DocTableLayout } from './tables.ts';
export { findTables, columnRole, alignCells, cellShape, type DocTableLayout } from './tables.ts';
import { SegmentedDocument } from '../../schemas/index.ts';
import { detectDocType, docTypeOfLine } from './doc-type.ts';
import { classifyHeading, namedKinds, sectionKind, withContentSection } from './kinds.ts';
import { UNIT_OPENING } from '../gazetteer/units.ts';
import { intToRoman, parseMarker, romanToInt, styleKey, type ParsedMarker } from './markers.ts';
import { cleanLine, editDistance, endsClause, foldVietnamese, startsLower, startsUpper, upperShare } from './text.ts';

export { classifyHeading } from './kinds.ts';
export { detectDocType, docTypeOfLine } from './doc-type.ts';
export { parseMarker } from './markers.ts';

/** Layout facts the outline rules depend on. */
export interface Layout {
  /** One paragraph per line (word-processor export) rather than OCR lines wrapped at the page width. */
  paragraphPerLine: boolean;
  /** Typical full line length of wrapped text. */
  width: number;
}

export function detectLayout(lines: string[]): Layout {
  const lens = lines.map((l) => l.trim().length).filter((n) => n > 0).sort((a, b) => a - b);
  if (lens.length === 0) return { paragraphPerLine: false, width: 80 };
  const median = lens[Math.floor(lens.length / 2)];
  const p80 = lens[Math.floor(lens.length * 0.8)];
  return { paragraphPerLine: median > 110, width: p80 };
}

/**
 * The "Nơi nhận:" label, also as OCR reads it ("Noinhan:", "Ndinhan:", "No'i nhân:"), and with its
 * first word damaged ("Ai nhận:", "Nai nhận:") when the label stands alone on its line with its colon.
 */
export function recipientsLabel(line: string): RegExpExecArray | null {
  const m = /^\s*N\S{0,3}\s*nh\S{1,3}n\s*:?\s*/iu.exec(line);
  if (m) return editDistance(foldVietnamese(m[0]).replace(/ /g, ''), 'noinhan', 2) <= 2 ? m : null;
  const alone = /^\s*\p{L}{1,3}\s*nh\S{1,2}n\s*:\s*$/iu.exec(line);
  return alone && editDistance(foldVietnamese(alone[0]).replace(/[\s:]/g, ''), 'noinhan', 2) <= 2 ? alone : null;
}

/** Paragraph closings that end the last section ("Trên đây là Kế hoạch…", "Nơi nhận:"). */
export function isClosingLine(line: string): boolean {
  const f = foldVietnamese(line);
  if (recipientsLabel(line)) return true;
  return (
    /^(tren day la|tren la|tren day|noi nhan)\b/.test(f) ||
    /^(chu tich|pho chu tich) (ubnd|uy ban nhan dan|hdnd)\b.{0,60}\b(d[eo] nghi|yeu cau)\b/.test(f) ||
    /^(ubnd|uy ban nhan dan) (xa|phuong|tinh|huyen|thanh pho|dac khu)\b.{0,60}\b(de nghi|yeu cau)\b.{0,40}\b(cac|thu truong)\b/.test(f) ||
    /^trong qua trinh (to chuc )?(trien khai )?thuc hien\b.{0,30}\b(neu|co)\b.{0,20}(kho khan|vuong mac)/.test(f) ||
    // a signature block without "Nơi nhận": its first role line alone ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    (upperShare(line) > 0.8 &&
      /^(?:(?:tm|kt|tl|tuq|t\/m|k\/t)\.?\s+(?:uy ban nhan dan|chu tich|pho chu tich|dang uy|ban thuong vu|ban chap hanh|ban chi dao|hoi dong nhan dan|bi thu)|(?:pho )?(?:chu tich|bi thu|truong ban))$/.test(f.trim()))
  );
}

interface TopHeading {
  index: number;
  marker: ParsedMarker;
  numbering: string;
  markerType: SectionNode['marker'];
}

/** Accepts roman headings in sequence; OCR-doubtful forms only where the sequence expects them. */
function romanHeadings(lines: string[], markers: (ParsedMarker | null)[], from: number): TopHeading[] {
  const out: TopHeading[] = [];
  let expected = 1;
  // A repeated numeral (I, II, III, III, IV …) renumbers every later heading in sequence.
  let shifted = false;
  for (let i = from; i < markers.length; i++) {
    let m = markers[i];
    if (m && m.marker === 'roman' && !m.doubtful && shifted && m.value === expected - 1 && out.length > 0) {
      out.push({ index: i, marker: m, numbering: intToRoman(expected), markerType: 'roman' });
      expected++;
      continue;
    }
    // The first numeral read as a digit: "1. MỤC TIÊU" opening a document whose other sections are roman.
    if (m && m.marker === 'arabic' && m.value === 1 && expected === 1 && upperShare(m.rest) > 0.6 && classifyHeading(m.rest) !== 'other') {
      m = { ...m, marker: 'roman', numbering: 'I', doubtful: true };
    }
    if (!m || m.marker !== 'roman') continue;
    if (m.numbering === '?') {
      if (m.value === -1 && out.length === 0) continue;
      // Only a heading that names a section kind may take the expected numeral (its own text or the next line's).
      const text = m.rest || (lines.slice(i + 1, i + 3).find((l) => l.trim()) ?? '');
      if (classifyHeading(text) === 'other' || upperShare(text) < 0.6) continue;
      out.push({ index: i, marker: m, numbering: intToRoman(expected), markerType: 'roman' });
      expected++;
      continue;
    }
    // OCR lost an "I" ("II. KINH PHÍ" where III is due): a capitalised, nameable heading takes the expected numeral.
    // (or the drafter repeated one: "III. LỘ TRÌNH …", "III. NHIỆM VỤ …" — renumbered in sequence).
    if ((!m.doubtful || m.numbering !== '?') && m.value === expected - 1 && out.length > 0 && upperShare(unbracketed(m.rest)) > 0.6 && nameable(m.rest)) {
      out.push({ index: i, marker: m, numbering: intToRoman(expected), markerType: 'roman' });
      expected++;
      shifted = true;
      continue;
    }
    // OCR drops strokes of "III." ("I. TỔ CHỨC THỰC HIỆN" after I, II): a numeral of I's going back,
    // before a capitalised heading of a kind not seen yet, is the expected one.
    if (/^I{1,3}$/.test(m.numbering) && m.value < expected - 1 && out.length >= 2 && upperShare(unbracketed(m.rest)) > 0.6 && nameable(m.rest)) {
      const kind = classifyHeading(m.rest);
      const seen = out.map((o) => classifyHeading(o.marker.rest || lines[o.index + 1] || ''));
      if (kind !== 'other' && !seen.includes(kind)) {
        out.push({ index: i, marker: m, numbering: intToRoman(expected), markerType: 'roman' });
        expected++;
        continue;
      }
    }
    // Going backwards is a restart (an appendix) only for a capitalised, nameable heading; "I. Trạm Y tế …" is an OCR'd "1.".
    if (!m.doubtful && m.value < expected && out.length > 0 && !(upperShare(unbracketed(m.rest)) > 0.6 && nameable(m.rest))) continue;
    // A doubtful numeral out of sequence ("Iv." where III is due and III's numeral was lost) counts
    // only ahead of the sequence and only with a capitalised heading that names a section kind;
    // fillGaps then finds the section it skipped.
    if (m.doubtful && m.value !== expected && !(out.length > 0 && m.value > expected && m.value <= expected + 2 && upperShare(m.rest) > 0.6 && classifyHeading(m.rest, 'other', true) !== 'other')) continue;
    // A doubtful numeral must head a section we can name (its own text or the next line's).
    if (m.doubtful && m.rest && !/[.)]/.test(lines[i].trim().slice(m.numbering.length, m.numbering.length + 3)) && classifyHeading(m.rest) === 'other') continue;
    if (!m.doubtful && m.value > expected + 1 && out.length > 0) continue;
    out.push({ index: i, marker: m, numbering: m.numbering, markerType: 'roman' });
    expected = m.value + 1;
  }
  return out;
}

/** A heading that names a known topic of a plan, any kind ("PHẠM VI, ĐỐI TƯỢNG" too). */
function nameable(heading: string): boolean {
  return namedKinds(heading).length > 0;
}

/** A heading without its parenthesised remarks ("NHIỆM VỤ … (chi tiết Phụ lục đính kèm)"). */
function unbracketed(s: string): string {
  return s.replace(/\([^()]*\)/g, ' ');
}

/**
 * A numeral OCR destroyed leaves a gap in the sequence (I, III): the capitalised, nameable heading
 * between them whose kind differs from the section before is the missing one ("1. NỘI DUNG …" for
 * "II.", "MỸ. TIÊU CHUẨN …" for "III.").
 */
function fillGaps(tops: TopHeading[], lines: string[], markers: (ParsedMarker | null)[]): TopHeading[] {
  const out: TopHeading[] = [];
  for (let k = 0; k < tops.length; k++) {
    out.push(tops[k]);
    const next = tops[k + 1];
    if (!next) {
      const tail = lastSection(tops[k], lines);
      if (tail) out.push(tail);
      break;
    }
    const cur = romanToIntSafe(tops[k].numbering);
    const nxt = romanToIntSafe(next.numbering);
    if (cur === null || nxt !== cur + 2) continue;
    const prevKind = classifyHeading(tops[k].marker.rest || lines[tops[k].index + 1] || '');
    for (let i = next.index - 1; i > tops[k].index; i--) {
      const m = markers[i];
      // a numeral OCR turned into a word stays in front of the heading ("MỸ. KINH PHÍ"): left out
      const text = (m ? m.rest : lines[i].trim()).replace(/^\S{1,4}\.\s+(?=\p{Lu})/u, '');
      if (!text || text.length > 90 || upperShare(text) < 0.7) continue;
      // (any topic a plan's part may have, "TIÊU CHUẨN …" of kind other too)
      const kind = classifyHeading(text);
      if (!nameable(text) || kind === prevKind) continue;
      out.push({ index: i, marker: { marker: 'roman', numbering: intToRoman(cur + 1), value: cur + 1, depth: 0, rest: text, doubtful: true }, numbering: intToRoman(cur + 1), markerType: 'roman' });
      break;
    }
  }
  return out;
}

/** Sections that close a plan: the last one's numeral, if OCR destroyed it, leaves no gap to find. */
const CLOSING_KINDS = new Set(['organization', 'funding', 'timeline']);

/**
 * After the last section found, a capitalised heading that names a closing section, behind a short
 * token OCR made of its numeral ("nL TỔ CHỨC THỰC HIỆN" for "III."), is the next section.
 */
function lastSection(last: TopHeading, lines: string[]): TopHeading | null {
  const cur = romanToIntSafe(last.numbering);
  if (cur === null) return null;
  const prevKind = classifyHeading(last.marker.rest || lines[last.index + 1] || '');
  for (let i = last.index + 1; i < lines.length; i++) {
    const m = /^(\S{1,3})\s+(\p{Lu}.{3,88})$/u.exec(lines[i].trim());
    if (!m || /^[-–+·•*]$/.test(m[1]) || /^\d/.test(m[1]) || upperShare(m[2]) < 0.8) continue;
    const kind = classifyHeading(m[2], 'other', true);
    if (!CLOSING_KINDS.has(kind) || kind === prevKind) continue;
    return { index: i, marker: { marker: 'roman', numbering: intToRoman(cur + 1), value: cur + 1, depth: 0, rest: m[2].trim(), doubtful: true }, numbering: intToRoman(cur + 1), markerType: 'roman' };
  }
  return null;
}

function romanToIntSafe(s: string): number | null {
  return /^[IVXL]+$/.test(s) ? romanToInt(s) : null;
}

/** Without roman numerals: capitalised headings (numbered or not) whose words name a section kind. */
function fallbackHeadings(lines: string[], markers: (ParsedMarker | null)[], from: number, docType: DocType): TopHeading[] {
  const out: TopHeading[] = [];
  for (let i = from; i < lines.length; i++) {
    const m = markers[i];
    const text = m && m.marker === 'arabic' ? m.rest : m ? null : lines[i].trim();
    if (!text || text.length > 90 || upperShare(text) < 0.8) continue;
    if (classifyHeading(text, docType) === 'other') continue;
    if (m) out.push({ index: i, marker: m, numbering: m.numbering, markerType: 'arabic' });
    else out.push({ index: i, marker: { marker: 'caps', numbering: '', value: 0, depth: 0, rest: text, doubtful: false }, numbering: '', markerType: 'caps' });
  }
  return out;
}

/** "Điều 1. Thành lập Tổ công tác …": the articles of a decision, numbered "Điều 1", "Điều 2" … */
function articleHeadings(lines: string[], from: number): TopHeading[] {
  const out: TopHeading[] = [];
  for (let i = from; i < lines.length; i++) {
    const m = /^\s*(?:Điều|ĐIỀU|Dieu|DIEU)\s+(\d{1,2})\s*[.:]\s*(.*)$/u.exec(lines[i]);
    if (!m || Number(m[1]) !== out.length + 1) continue;
    // the article's first sentence names it
    const rest = m[2].replace(/^(.{1,160}?[.;:])\s.*$/u, '$1').replace(/[.;:]+$/, '');
    out.push({ index: i, marker: { marker: 'arabic', numbering: `Điều ${m[1]}`, value: Number(m[1]), depth: 0, rest, doubtful: false }, numbering: `Điều ${m[1]}`, markerType: 'caps' });
  }
  return out;
}

function cleanHeading(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/[\s:.;,]+$/, '').trim();
}

/**
 * The heading of a list item: its first paragraph, i.e. the marker line and the wrapped lines
 * that continue it (not past a blank line, another marker, or a short line ending a paragraph).
 */
export function itemHeading(lines: string[], markers: (ParsedMarker | null)[], index: number, end: number, layout: Layout, first: string): string {
  const parts = [first];
  if (!layout.paragraphPerLine) {
    let prev = lines[index];
    for (let i = index + 1; i <= end && i < index + 12; i++) {
      const t = lines[i].trim();
      if (!t || markers[i]) break;
      if (prev.trim().length < layout.width * 0.6 && endsClause(prev)) break;
      // A short line followed by a capitalised one: the heading ended ("3. Phòng Kinh tế" / "Tham mưu…").
      if (startsUpper(t) && !startsLower(t) && (endsClause(prev) || prev.trim().length < layout.width * 0.75)) break;
      parts.push(t);
      prev = lines[i];
    }
  }
  return cleanHeading(parts.join(' '));
}

/** A "-" line that is the wrapped tail of a hyphenated phrase ("Chính trị\n- xã hội …"). */
function isWrappedHyphen(m: ParsedMarker, prevText: string): boolean {
  return m.marker === 'bullet' && m.numbering === '-' && startsLower(m.rest) && prevText !== '' && !endsClause(prevText);
}

/**
 * "… ưu tiên các địa bàn cấp độ" / "1. Cấp ngay …": a line that wrapped just before a number,
 * so the number opens the next line. It reads as an item 1 while a later item of that style is
 * open, under a line that ends mid-clause; such a line continues the text above.
 */
function wrappedNumber(m: ParsedMarker, stack: { key: string; node: SectionNode }[], prevLine: string): boolean {
  if (m.marker !== 'arabic' || m.value !== 1 || !prevLine || endsClause(prevLine)) return false;
  const open = stack.find((s) => s.key === styleKey(m));
  const above = parseMarker(prevLine);
  return open !== undefined && Number(open.node.numbering) > 1 && (!above || above.marker === 'bullet');
}

/** Lettered items in the order Vietnamese documents use them (đ after d, no f, j, w, z). */
const LETTERS = 'abcdđeghiklmnopqrstuvxy';
/** Letters OCR reads for one another in an item's letter: "e)" for "c)", "d)" for "đ)". */
const LETTER_LOOKALIKES: Record<string, string> = { c: 'e', e: 'c', d: 'đ', đ: 'd', o: 'a', a: 'o', g: 'q', q: 'g', h: 'b', b: 'h' };

/** A letter item read as a look-alike of the letter its open sequence expects ("b)" then "e)") takes that letter. */
function letterInSequence(m: ParsedMarker, stack: { key: string; node: SectionNode }[]): ParsedMarker {
  const expected = expectedLetter(stack);
  if (!expected || m.numbering === expected || LETTER_LOOKALIKES[m.numbering] !== expected) return m;
  return { ...m, numbering: expected, value: LETTERS.indexOf(expected) + 1, doubtful: true };
}

/** The letter the open letter sequence expects next, if one is open. */
function expectedLetter(stack: { key: string; node: SectionNode }[]): string | undefined {
  const open = stack.find((s) => s.key === 'letter');
  return open ? LETTERS[LETTERS.indexOf(open.node.numbering) + 1] : undefined;
}

/** Digits OCR reads for the letter of an item ("8)" for "g)"), only where the letter sequence expects it. */
const DIGIT_LOOKALIKES: Record<string, string> = { '8': 'g', '9': 'g', '6': 'b', '0': 'o' };

/** Builds the item tree of one section: items of a style already open are siblings, new styles nest. */
function buildChildren(lines: string[], markers: (ParsedMarker | null)[], start: number, end: number, level: number, layout: Layout, docType: DocType): SectionNode[] {
  const roots: SectionNode[] = [];
  const stack: { key: string; node: SectionNode }[] = [];
  let prevText = '';
  for (let i = start; i <= end; i++) {
    const t = lines[i].trim();
    let m = markers[i];
    // A roman-looking "I." inside a section is an OCR'd "1." (top-level numerals were taken already).
    if (m && m.marker === 'roman' && /^[Il|]\s*[.)]/.test(t) && m.rest) m = { ...m, marker: 'arabic', numbering: '1', value: 1, depth: 1, doubtful: false };
    // "2 Phòng Văn hóa - Xã hội: …", "2, Sở Tài chính …", "5: UBND các xã …", "2- Thủ trưởng …": an item number whose
    // dot OCR lost or read as a comma, colon or hyphen, right after the item before it
    if (!m) {
      const bare = /^(\d{1,2})[,:-]?\s+(?=\p{Lu})(.*)$/u.exec(t);
      const open = [...stack].reverse().find((x) => x.key === 'arabic');
      if (bare && open && Number(open.node.numbering) === Number(bare[1]) - 1) {
        m = { marker: 'arabic', numbering: bare[1], value: Number(bare[1]), depth: 1, rest: bare[2].trim(), doubtful: true };
      }
    }
    if (m && wrappedNumber(m, stack, prevText)) m = null;
    // "14. Mục tiêu 4" after "1.3.": a decimal item whose inner dot OCR lost, or read as a digit
    // ("133." for "1.3."), where the sequence expects that sub-item
    const glued = m?.marker === 'arabic' ? m.numbering : !m ? /^(\d{3})\.\s+(?=\p{Lu})/u.exec(t)?.[1] : undefined;
    if (glued && /^\d{2,3}$/.test(glued)) {
      const open = stack.find((x) => x.key === 'decimal2');
      const want = open && /^(\d)\.(\d)$/.exec(open.node.numbering);
      if (want && Number(want[2]) < 9 && glued[0] === want[1] && glued.slice(-1) === String(Number(want[2]) + 1)) {
        const next = `${want[1]}.${Number(want[2]) + 1}`;
        m = { marker: 'decimal', numbering: next, value: Number(want[1]), depth: 2, rest: t.replace(/^\d{2,3}\s*[.)]\s*/u, ''), doubtful: true };
      }
    }
    if (m && m.marker === 'letter') m = letterInSequence(m, stack);
    // "8) Đẩy mạnh …" after "e)": the g) of the open letter sequence (a digit item is written "8.")
    if (m && m.marker === 'arabic' && /^\d\s*\)/.test(t) && DIGIT_LOOKALIKES[m.numbering] && DIGIT_LOOKALIKES[m.numbering] === expectedLetter(stack)) {
      const letter = DIGIT_LOOKALIKES[m.numbering];
      m = { ...m, marker: 'letter', numbering: letter, value: LETTERS.indexOf(letter) + 1, doubtful: true };
    }
    if (m && m.marker !== 'roman' && !isWrappedHyphen(m, prevText)) {
      const key = styleKey(m);
      const at = stack.findIndex((s) => s.key === key);
      if (at >= 0) stack.length = at;
      const heading = itemHeading(lines, markers, i, end, layout, m.rest);
      const node: SectionNode = {
        numbering: m.numbering,
        marker: m.marker,
        heading,
        kind: 'other',
        level: level + stack.length,
        startLine: i + 1,
        endLine: i + 1,
        children: [],
      };
      // Long item headings are sentences, not section names.
      if (m.marker !== 'bullet' && heading.split(' ').length <= 10) node.kind = classifyHeading(heading, docType);
      if (stack.length) stack[stack.length - 1].node.children.push(node);
      else roots.push(node);
      stack.push({ key, node });
    }
    if (t) {
      for (const s of stack) s.node.endLine = i + 1;
      prevText = t;
    }
  }
  return roots;
}

/** An appendix heading on a line of its own: "PHỤ LỤC", "PHỤ LỤC I", "Phụ lục 02: DANH MỤC …" (not "chi tiết tại Phụ lục"). */
export function isAppendixHeading(line: string): boolean {
  const t = line.trim();
  return /^(?:PHỤ LỤC|Phụ lục|PHU LUC|Phu luc)(?:\s+(?:[IVX]+|\d{1,2}|[A-Z]))?\s*[.:]?(?:\s+\p{Lu}.*)?$/u.test(t) && t.length <= 120 && (upperShare(t) > 0.6 || /^(?:PHỤ LỤC|PHU LUC)/u.test(t) || t.split(/\s+/).length <= 3);
}

/** "(Ban hành kèm theo Quyết định số …)", "(Kèm theo …)": the line that ties an attached document to the one issuing it. */
export function isAttachedNote(line: string): boolean {
  return /^\(?\s*(?:ban hanh )?kem theo\b/.test(foldVietnamese(line.trim()));
}

/**
 * The attached document of a decision that issues one: a later type line ("KẾ HOẠCH") under the
 * issuing document's closing (its "Nơi nhận" or signature) or followed by a "(Kèm theo …)" note.
 * Returns its 0-based line index, or null.
 */
export function findAttachment(lines: string[], typeLine: number): number | null {
  if (typeLine < 0) return null;
  let closed = false;
  for (let i = typeLine + 1; i < lines.length; i++) {
    const t = lines[i].trim();
    if (!t) continue;
    if (recipientsLabel(t) || /^(?:tm|kt|t\/m|k\/t)\.?\s/i.test(foldVietnamese(t))) closed = true;
    if (!docTypeOfLine(t) || upperShare(t) < 0.8) continue;
    const next = lines.slice(i + 1, i + 6).filter((l) => l.trim());
    if (closed || next.some(isAttachedNote)) return i;
  }
  return null;
}

/**
 * The section tree of a repaired document. `tables` are the reader's tables whose cell structure
 * ingest kept (document line numbers, see tablesOfIngested); tables printed as text are found here.
 */
export function segmentDocument(doc: RepairedDocument, readerTables: DocTableLayout[] = []): SegmentedDocument {
  const lines = doc.lines.map((l) => cleanLine(l.text));
  const { docType, lineIndex } = detectDocType(lines);
  const layout = detectLayout(lines);
  const tables = findTables(lines, readerTables);
  // A table's lines hold cells, not the document's headings and list items.
  const inTable = new Set<number>();
  for (const t of tables) for (let i = t.startLine - 1; i < t.endLine; i++) inTable.add(i);
  const markers = lines.map((l, i) => (inTable.has(i) ? null : parseMarker(l)));
  const attachment = docType === 'quyet_dinh' ? findAttachment(lines, lineIndex) : null;
  // A decision that issues a plan: the sections are the plan's.
  const from = Math.max(0, (attachment ?? lineIndex) + 1);

  let tops = fillGaps(romanHeadings(lines, markers, from), lines, markers);
  if (tops.length < 2) tops = fallbackHeadings(lines, markers, from, docType);
  // A decision without roman sections is divided into articles ("Điều 1.", "Điều 2.").
  if (tops.length < 2 && docType === 'quyet_dinh' && attachment === null) {
    const articles = articleHeadings(lines, from);
    if (articles.length >= 2) tops = articles;
  }
  // Headings after the closing block or an appendix heading ("PHỤ LỤC") belong to appendices,
  // not to the document's sections.
  if (tops.length) {
    const close = lines.findIndex((l, i) => i > tops[0].index && (recipientsLabel(l) !== null || /^tren day la\b/.test(foldVietnamese(l)) || isAppendixHeading(l)));
    if (close > 0) tops = tops.filter((t) => t.index < close);
  }

  // The closing paragraph and the signature/recipient block (or an appendix) end the last section.
  let bodyEnd = lines.length - 1;
  if (tops.length) {
    for (let i = tops[tops.length - 1].index + 1; i < lines.length; i++) {
      if (isClosingLine(lines[i]) || isAppendixHeading(lines[i])) {
        bodyEnd = i - 1;
        break;
      }
    }
  }

  const outline: SectionNode[] = tops.map((h, k) => {
    let end = k + 1 < tops.length ? tops[k + 1].index - 1 : bodyEnd;
    while (end > h.index && !lines[end].trim()) end--;
    let heading = h.marker.rest;
    // "PHẦN I" alone on its line: the heading is the next line.
    const own = heading !== '';
    if (!own) heading = lines.slice(h.index + 1, h.index + 3).find((l) => l.trim())?.trim() ?? '';
    // A capitalised heading wrapped onto a second line.
    const next = lines[h.index + 1]?.trim() ?? '';
    if (own && next && !markers[h.index + 1] && !inTable.has(h.index + 1) && upperShare(heading) > 0.8 && upperShare(next) > 0.8 && next.length < 60 && !/[.:]$/.test(heading)) {
      heading += ' ' + next;
    }
    heading = cleanHeading(heading);
    return {
      numbering: h.numbering,
      marker: h.markerType,
      heading,
      kind: classifyHeading(heading, docType, true),
      level: 0,
      startLine: h.index + 1,
      endLine: end + 1,
      children: buildChildren(lines, markers, h.index + 1, end, 1, layout, docType),
    };
  });
  const sections = withContentSection(outline.map((s) => ({ ...s, kind: sectionKind(s, lines, docType, UNIT_OPENING) })), docType);

  return SegmentedDocument.parse({
    docId: doc.docId,
    lines,
    preambleEnd: tops.length ? tops[0].index : lines.length,
    sections,
    ...(attachment !== null ? { attachmentStart: attachment } : {}),
    ...(tables.length ? { tables } : {}),
  });
}

/** The reader's tables of an ingested document (page-relative lines) in document line numbers. */
export function tablesOfIngested(doc: IngestedDocument): DocTableLayout[] {
  const out: DocTableLayout[] = [];
  let offset = 0;
  for (const page of doc.pages) {
    for (const t of page.tables ?? []) out.push({ rows: t.rows.map((r) => ({ first: offset + r.first + 1, last: offset + r.last + 1, cells: r.cells })) });
    offset += page.lines.length;
  }
  return out;
}
