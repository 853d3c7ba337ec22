import type { LineSpan, SectionNode, TableBlock, Target } from '../../schemas/index.ts';
import { joinLines, lineAt, parseViNumber, squash } from './text.ts';

/** Verbs and links that end the population phrase after a percentage ("80% người dân | có …"). */
const POPULATION_END = /\s+(?:có|được|sử dụng|biết|tham gia|đạt|hoàn thành|thực hiện|cài đặt|nắm|hiểu|là|trở lên|đều|phải|sẽ|tiếp cận|ứng dụng|đăng ký|kích hoạt|được|không|dùng|áp dụng|xây dựng|cập nhật|triển khai|duy trì|bố trí|lắp đặt|trang bị|kết nối|thành lập|ban hành|thu gom|xử lý|phân loại)(?![\p{L}\p{N}])|[;:.(]/u;

/** Predicates that link a group to what is said of it; an action verb before one is part of the group's description. */
const STRONG_PREDICATE = /\s+(?:có|được|đạt|là|phải|sẽ|đều)(?![\p{L}\p{N}])/u;

const PERSON_NOUNS = /^(người|cán bộ|công chức|viên chức|học sinh|sinh viên|học viên|thành viên|hội viên|đoàn viên|đảng viên|công dân|giáo viên|lao động|mentee|tình nguyện viên|nhân sự|trẻ|cháu|bệnh nhân|cử tri)(?![\p{L}\p{N}])/iu;

/** Counted things whose name takes two syllables ("3 mô hình", not "3 mô"). */
const TWO_SYLLABLE_UNITS = /^(mô hình|trung tâm|công trình|tài khoản|hồ sơ|thủ tục|doanh nghiệp|sản phẩm|cơ sở|chuyên mục|tin bài|thiết bị|máy tính|hội nghị|lớp học|buổi học|tuyến đường|điểm cầu|gia đình|hội thi|chương trình|đề án|dự án|phong trào|nhà văn|trường học|câu lạc|tổ chức|hộ dân|lượt người|tập thể|cá nhân)(?![\p{L}\p{N}])/iu;

const QUANTIFIER = /(?:ít nhất|tối thiểu|không dưới|không ít hơn|phấn đấu|đạt|trên|hơn)\s+$/iu;
/** Before a count, "trên" is more often "on" ("trên 3 tuyến đường" = on 3 roads) than "over". */
const COUNT_QUANTIFIER = /(?:ít nhất|tối thiểu|không dưới|không ít hơn|phấn đấu|đạt|nhiều hơn|hơn|còn|xuống|lên|ở mức|tối đa|dưới|khoảng|top|trong đó có)\s+$/iu;

/** Counted things written with a rate ("3,5 cây/hộ", "12 ca mắc/10.000 dân"): the whole "X/N Y" is the unit. */
const RATE_UNIT = /^\s*((?:\p{Ll}+\s+){0,3}?\p{Ll}+\s*\/\s*(?:[\d.]+\s+)?\p{L}+(?:\s+\p{Ll}+){0,3}?)(?=\s+(?:sinh ra|vào|trong|đến|năm|đạt|xuống|lên|so với|trở)\b|\s*[,.;)]|\s*$)/u;

export interface TargetScope {
  section: SectionNode;
  /** Every quantity counts (a "chỉ tiêu" section), not only percentages and "ít nhất N". */
  allCounts: boolean;
}

/** The year a heading sets for what it groups ("MỤC TIÊU ĐẾN NĂM 2030"). */
export function yearOfHeading(heading: string): number | null {
  return yearOf(heading);
}

function yearOf(text: string): number | null {
  // "giai đoạn 2026 - 2030", "(2025 - 2026)": a period's goals are due at its end
  const period = /(?:giai đoạn|thời kỳ|từ năm|\()\s*(?:19|20)\d{2}\s*[-–]\s*((?:19|20)\d{2})\b/iu.exec(text);
  if (period) return Number(period[1]);
  // a baseline ("so với năm 2025", "so với cùng kỳ năm 2025") is not when the goal is due
  const t = text.replace(/so với\s+(?:cùng kỳ\s+)?(?:năm\s+)?(?:19|20)\d{2}/giu, ' ');
  const m = /(?<![\p{L}\p{N}])(?:năm|đến|trong|cuối|hết)\s+(?:năm\s+)?((?:19|20)\d{2})\b/iu.exec(t) ?? /^\s*((?:19|20)\d{2})\s*$/.exec(t);
  return m ? Number(m[1]) : null;
}

/**
 * How far a statement may reach on either side of its figure. A block of prose holds statements of
 * a few hundred characters; OCR garbage or a file with no line breaks can make one block of 100 k
 * characters with thousands of figures, and every figure must not read the whole of it again.
 */
const STATEMENT_WINDOW = 1000;

/** How many earlier targets of the same figure and unit a target may restate. */
const RESTATED_AMONG = 200;

/** Where statements may start and end in a block's text, found once for all its figures. */
interface ClauseBounds { starts: number[]; ends: number[] }

function clauseBounds(text: string): ClauseBounds {
  // a label before a colon ("Chỉ tiêu 1:", "… cụ thể:") is no part of the goal
  // (a period before a word in lower case ends no sentence: OCR read a comma or a speck as one,
  // "… đạt 90%. trẻ sơ sinh được …", "bố trí công chức, viên chức. làm công tác …")
  const starts = [...text.matchAll(/(?:[;!?:]|\.(?!\s+\p{Ll}))\s+(?=\S|$)|^\s*[-+·•]\s*/gu)].map((m) => (m.index ?? 0) + m[0].length);
  const ends = [...text.matchAll(/(?:[;!?]|\.(?!\s+\p{Ll}))(?=\s|$)/gu)].map((m) => m.index ?? 0);
  return { starts, ends };
}

/** Index of the first element of a sorted array that is > x (or ≥ x when `orEqual`). */
function firstAbove(xs: number[], x: number, orEqual = false): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] > x || (orEqual && xs[mid] === x)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Smallest statement around an offset (the start of a figure): the bullet/sentence clause holding
 * it. The bounds of the block are the ones `clauseBounds` found: a boundary never spans a figure's
 * first digit, so those before the figure are the ones a scan of the text before it would find.
 */
function clauseAround(text: string, index: number, bounds: ClauseBounds, breaks: number[] = []): { start: number; text: string } {
  const before = firstAbove(bounds.starts, index) - 1;
  let start = before >= 0 ? bounds.starts[before] : 0;
  for (const b of breaks) if (b <= index && b > start) start = b;
  const after = firstAbove(bounds.ends, index, true);
  let end = after < bounds.ends.length ? bounds.ends[after] + 1 : text.length;
  for (const b of breaks) if (b > index && b < end) end = b;
  start = Math.max(start, index - STATEMENT_WINDOW);
  end = Math.min(end, index + STATEMENT_WINDOW);
  return { start, text: squash(text.slice(start, end)) };
}

/**
 * Offsets in a joined block where a line starts a new statement: after a short heading line
 * without punctuation ("- Lâm nghiệp" / "Phấn đấu trên 65% …") or after a line that ends a sentence.
 */
function statementBreaks(lines: string[], j: { starts: number[]; firstLine: number }): number[] {
  const out: number[] = [];
  for (let k = 1; k < j.starts.length; k++) {
    const prev = (lines[j.firstLine + k - 2] ?? '').trim();
    const cur = (lines[j.firstLine + k - 1] ?? '').trim();
    if (!prev || !cur) continue;
    const heading = prev.split(/\s+/).length <= 8 && !/[,;:]$/.test(prev) && /^[-+·•]?\s*\p{Lu}/u.test(prev) && /^\p{Lu}/u.test(cur);
    if (heading || /[.;:!?]$/.test(prev)) out.push(j.starts[k]);
  }
  return out;
}

function populationAfter(text: string): string | null {
  // "100% đảng viên và ít nhất 90% đoàn viên …", "giảm 40% số vụ X, giảm 30% số …": the next number starts another target
  const t = text.replace(/^\s*(?:số\s+)?/, '').replace(/(?:\s*,|\s+và)\s+(?:\p{Ll}+\s+){0,2}(?:(?:ít nhất|tối thiểu|trên|khoảng|hơn)\s+)?\d[\s\S]*$/u, '');
  let m = POPULATION_END.exec(t);
  // "80% hộ tham gia du lịch có thu nhập…": a one-word head ("hộ") took the verb as a relative
  // clause; the population runs to the next verb when the clause has one.
  // "90% tàu cá đăng ký tại đặc khu thu gom…": a verb followed by "tại/ở" + place qualifies the head.
  const qualifies = (mm: RegExpExecArray) => /^\s*(?:tại|ở)\s/u.test(t.slice(mm.index + mm[0].length));
  if (m && m.index > 0 && (!/\s/.test(t.slice(0, m.index).trim()) || qualifies(m)) && /^\s/.test(m[0])) {
    const restStart = m.index + m[0].length;
    const next = POPULATION_END.exec(t.slice(restStart));
    if (next && /^\s/.test(next[0])) m = { ...next, index: restStart + next.index } as RegExpExecArray;
  }
  // "… cán bộ làm công tác tư vấn tại cơ sở có chứng chỉ …": an action verb
  // may open a relative clause of the group; a linking predicate (có, được, đạt, là …) later in
  // the same clause is where the group ends.
  if (m && /^\s/.test(m[0]) && !STRONG_PREDICATE.test(m[0])) {
    const restStart = m.index + m[0].length;
    const clauseEnd = /[;:.(]/u.exec(t.slice(restStart))?.index ?? t.length - restStart;
    const strong = STRONG_PREDICATE.exec(t.slice(restStart, restStart + clauseEnd));
    if (strong && t.slice(restStart, restStart + strong.index).trim().split(/\s+/).length <= 14) m = { ...strong, index: restStart + strong.index } as RegExpExecArray;
  }
  const pop = (m ? t.slice(0, m.index) : t).split(' ').slice(0, 20).join(' ').replace(/[“”"]/g, '').trim();
  return pop && /\p{L}/u.test(pop) ? pop : null;
}

function subjectBefore(text: string): string | null {
  const t = squash(text.replace(/^[-+·•]\s*/, ''))
    .replace(/\s*(?:phấn đấu|đến (?:hết )?năm \d{4},?)\s*/giu, ' ')
    // "… tối thiểu vào năm 2027 đạt", "… đạt khoảng": the comparison and the time are not the group
    .replace(/\s+(?:ít nhất\s+)?(?:vào|trong|đến|từ)\s+(?:cuối\s+|hết\s+)?năm\s+\d{4}(?=\s|$)/giu, '')
    .replace(/\s+(?:đạt|đạt trên|đạt từ|trên|từ|ít nhất|tối thiểu|là|bằng|khoảng|ở mức|dưới|tối đa)(?:\s+(?:khoảng|trên|dưới|ít nhất|tối thiểu|từ|mức))*\s*$/iu, '')
    // "giảm tỷ lệ hộ nghèo xuống dưới 6%", "nâng tỷ lệ … lên trên": the group the rate counts
    .replace(/(?<!trở)\s+(?:xuống|lên|còn)(?:\s+(?:dưới|trên|còn|mức|đến|tới))?\s*$/iu, '')
    // "Tỷ lệ hộ nghèo ở vùng khó khăn giảm từ 12 … xuống": the group, before the change
    .trim()
    .replace(/^\s*(?:giảm|tăng|nâng|hạ|duy trì|giữ)\s+(?=tỷ lệ|tỉ lệ|tỷ trọng|tỷ suất|tỷ số|số\s)/iu, '')
    .replace(/(?<=\p{L})\s+(?:giảm|tăng)\s+từ\s[\s\S]*$/u, '')
    .replace(/^\s*(?:tỷ lệ|tỉ lệ)\s+/iu, '')
    .trim();
  return t && /\p{L}/u.test(t) ? t.replace(/^[,;:]\s*/, '') : null;
}

/** What states a rate before its figure: a predicate or comparator ("đạt", "trên", "giảm …", "còn", ":"). */
const RATE_LEAD = /(?:đạt|là|chiếm|trên|dưới|hơn|mức|tối thiểu|tối đa|ít nhất|khoảng|tăng|giảm|xuống|lên|còn|bằng|từ|đến|tới|đạt tỷ lệ|:)\s*$/iu;

/** After a percentage, a time or comparison phrase ("… 6% vào cuối năm 2026") is no population. */
const NOT_POPULATION = /^\s*(?:vào|trong|đến|tới|so với|trước|cuối|năm|trở lên|trở xuống|trở đi|từ|trên toàn|[,;)])/iu;

/** Blocks of lines that hold one statement each: the node's own lines before its first child. */
interface Block { start: number; end: number; year: number | null; leadLine: number; leadYear: number | null }

/** A short lead-in ending in ":" that names a year ("Phấn đấu đến hết năm 2025:") sets the year of what follows. */
function leadIn(lines: string[], from: number, to: number): { line: number; year: number } | null {
  let found: { line: number; year: number } | null = null;
  for (let n = from; n <= to; n++) {
    const l = (lines[n - 1] ?? '').trim();
    if (!/:$/.test(l) || l.split(/\s+/).length > 20) continue;
    const y = yearOf(l);
    if (y !== null) found = { line: n, year: y };
  }
  return found;
}

/** An item labelled with what the plan covers ("Phạm vi: …", "Đối tượng: …"): its figures are its scope, not goals. */
const SCOPE_LABEL = /^(?:phạm vi|đối tượng|địa bàn)(?:\s+\p{Ll}+){0,3}\s*(?::|$)/iu;

function blocks(lines: string[], node: SectionNode, years: (number | null)[], out: Block[]): void {
  if (node.level > 0 && SCOPE_LABEL.test(node.heading)) return;
  // Only a short heading sets the year of what it groups ("1. Năm 2025", "Chỉ tiêu đến năm 2026").
  const own = node.heading.split(' ').length <= 12 || /:\s*$/.test(lines[node.startLine - 1] ?? '') ? yearOf(node.heading) : null;
  const firstChild = node.children[0]?.startLine ?? node.endLine + 1;
  const end = Math.max(node.startLine, firstChild - 1);
  const lead = leadIn(lines, node.startLine + 1, end);
  const ys = [...years, own];
  const year = [...ys].reverse().find((y) => y !== null) ?? null;
  out.push({ start: node.startLine, end, year, leadLine: lead?.line ?? Infinity, leadYear: lead?.year ?? null });
  for (const c of node.children) blocks(lines, c, lead ? [...ys, lead.year] : ys, out);
}

/** Statement tokens, for finding a goal the plan restates later. */
function tokens(s: string): Set<string> {
  return new Set(s.toLocaleLowerCase('vi').split(/[^\p{L}\p{N}]+/u).filter(Boolean));
}

function jaccard(x: Set<string>, y: Set<string>): number {
  let both = 0;
  for (const t of x) if (y.has(t)) both++;
  return both / Math.max(1, x.size + y.size - both);
}

export function extractTargets(lines: string[], scopes: TargetScope[], tableLines: Set<number> = new Set()): { targets: Target[]; spans: LineSpan[] } {
  const targets: Target[] = [];
  const spans: LineSpan[] = [];
  // the targets so far by figure and unit: a restatement has both the same
  const seen = new Map<string, { year: number | null; population: Set<string>; statement: Set<string> }[]>();
  for (const { section, allCounts } of scopes) {
    const bs: Block[] = [];
    blocks(lines, section, [], bs);
    for (const b of bs) {
      const j = joinLines(lines, b.start, b.end);
      const breaks = statementBreaks(lines, j);
      const text = j.text
        .replace(/^\s*(?:[IVX]+|\d+(?:\.\d+)*|\(\d+\)|[a-z])\s*[.)]\s*/u, (m) => ' '.repeat(m.length))
        // OCR specks around a rate, offsets kept: the 1 of "100%" read as a bracket or bar ("]00%"),
        // a letter glued after the sign ("100%e đội ngũ …"),
        .replace(/(?<=^|\s|['‘’`])[\]|](?=\d{2}\s*%)/gu, '1')
        .replace(/(?<=\d\s?%)\p{Ll}(?=\s)/gu, ' ')
        // and a period read for a speck between a rate and its group ("90%. trẻ sơ sinh được …")
        .replace(/(?<=\d\s?%)\.(?=\s+\p{Ll})/gu, ' ');
      // (a dot before a figure belongs to it only after a digit: ".60%" after a space is a speck)
      const re = /(?<![\d,/])(?<!\d\.)(\d{1,3}(?:[.,]\d+)?|\d{1,3}(?:\.\d{3})+|\d+)\s*(%|phần trăm)?/gu;
      // clauses that already hold a rate: a count after it qualifies the rate ("100% thôn … có ít nhất 02 buổi")
      const rated = new Set<number>();
      let lastCount: { clause: number } | null = null;
      const bounds = clauseBounds(text);
      for (const m of text.matchAll(re)) {
        const idx = m.index ?? 0;
        const numText = m[1];
        const after = text.slice(idx + m[0].length, idx + m[0].length + STATEMENT_WINDOW);
        const before = text.slice(Math.max(0, idx - 25), idx);
        // Dates, ranges ("5-10", "2023 - 2030") and document numbers; a bullet dash ("-90%") is fine.
        if (/^[/\-.]\d/.test(after) || /\/$/.test(before) || /[\d\p{L}]\s*[-–]$/u.test(before)) continue;
        if (/^\s*(tuổi|năm|tháng|ngày|giờ)(?![\p{L}\p{N}])/u.test(after)) continue;
        let value = parseViNumber(numText);
        if (!Number.isFinite(value)) continue;
        // an item number OCR glued to a rate ("2.100%" for "2. 100%"): no rate runs to thousands
        if (m[2] && value > 1000 && /^\d\.\d{2,3}$/.test(numText)) value = Number(numText.split('.')[1]);
        // a table's figures are read with its columns (extractTableTargets), not as prose
        if (tableLines.has(lineAt(j, idx))) continue;
        const clause = clauseAround(text, idx, bounds, breaks);
        const lead = text.slice(clause.start, idx);
        // "giảm từ 15 ca mắc/10.000 dân xuống 12 ca …": the figure it starts from is the current state
        if (/(?:^|\s)từ\s*$/u.test(before) && /^[^.;,]{0,40}?\s(?:xuống|lên|còn)\s+(?:dưới\s+|trên\s+)?\d/u.test(after)) continue;
        // conditions and thresholds ("Đối với … thấp dưới 20% có thể xem xét", "nếu …", "trường hợp …")
        if (/^(?:đối với|trường hợp|nếu|riêng)\b/iu.test(lead.trim()) && /có thể|được phép|thì/iu.test(clause.text)) continue;
        if (/(?:^|\s)(?:nếu|trường hợp)\s/iu.test(lead)) continue;
        let unit: string;
        let population: string | null;
        if (m[2]) {
          unit = '%';
          // "cấp hóa chất Chlorine 70%, máy phun …": a percentage with no group after it and no
          // predicate or comparator before it qualifies the noun it follows (a strength, a grade)
          if (NOT_POPULATION.test(after) && !RATE_LEAD.test(before) && !/(?:tỷ|tỉ)\s+(?:lệ|trọng|suất)/iu.test(lead)) continue;
          population = NOT_POPULATION.test(after) ? null : populationAfter(after);
          // "Tỷ lệ hộ dùng nước sạch đạt 95%": the population is the subject before the number.
          if (!population) population = subjectBefore(lead);
          rated.add(clause.start);
        } else {
          if (/^(19|20)\d{2}$/.test(numText)) continue;
          if (rated.has(clause.start)) continue;
          const wordsIn = lead.trim().split(/\s+/).filter(Boolean).length;
          // a list of counts after a quantifier ("ít nhất 40 hợp tác xã …, 25 hợp tác xã …") shares it
          const listed = lastCount !== null && lastCount.clause === clause.start && /(?:,|\s+và)\s*$/u.test(before);
          if (!COUNT_QUANTIFIER.test(before) && !(allCounts && wordsIn <= 8) && !listed) continue;
          if (/\(\s*$/.test(before)) continue;
          const noun = /^\s*[“"]?(\p{L}+(?:\s+\p{Ll}+)?)/u.exec(after);
          if (!noun) continue;
          // physical measures are specifications ("công suất tối thiểu 50W", "rộng 3 m")
          if (/^\s*(?:W|kW|kV|V|A|Hz|mm|cm|m|m2|m²|m3|km|GB|MB|Mbps|dB|°C|inch)(?![\p{L}\p{N}])/u.test(after)) continue;
          const rate = RATE_UNIT.exec(after);
          if (/(?:^|\s)top\s*$/iu.test(before)) unit = 'top';
          else if (rate && rate[1].includes('/')) unit = squash(rate[1]).replace(/\s*\/\s*/, '/');
          else unit = PERSON_NOUNS.test(noun[1]) ? 'người' : TWO_SYLLABLE_UNITS.test(noun[1]) ? noun[1].split(' ').slice(0, 2).join(' ') : noun[1].split(' ')[0];
          // "mỗi năm có ít nhất 20 mô hình": a count per year
          if (unit !== 'top' && !unit.includes('/') && /(?:mỗi|hằng|hàng)\s+năm/iu.test(lead)) unit = `${unit}/năm`;
          // The counted thing: what follows the number in its clause, up to the next figure; a bare
          // noun ("5 mentee") says too little, so then the clause without the quantity.
          const tail = text.slice(clause.start, clause.start + 3 * STATEMENT_WINDOW);
          const clauseEnd = clause.start + clause.text.length + (tail.length - squash(tail).length);
          const rest = squash(text.slice(idx + numText.length, Math.max(idx + numText.length, clauseEnd)))
            .replace(/(?:,|;|\s+và)\s+(?:(?:trong đó|đồng thời|có)\s+)*(?:(?:ít nhất|tối thiểu)\s+)?\d[\s\S]*$/u, '')
            .replace(/[,;]\s*(?:trong đó|đồng thời)\b[\s\S]*$/u, '')
            .replace(/^\s*(?:top\s+)?/iu, '').replace(/[“”"]/g, '').replace(/[.;,]$/, '').trim();
          // a rate or a bare measure ("3,5 cây/hộ", "còn 2,4 lần vào năm 2027"): the group is named before the number
          const measured = (unit.includes('/') && !/\/năm$/.test(unit)) || rest.replace(new RegExp(`^${unit.split('/')[0]}\\s*`, 'u'), '').replace(/(?:vào|trong|đến)\s+(?:cuối\s+|hết\s+)?năm\s+\d{4}.*$/u, '').trim().split(/\s+/).filter(Boolean).length < 2;
          if (measured && unit !== 'top' && subjectBefore(lead)) population = subjectBefore(lead);
          // a measure word counts something named after it ("500 lượt học viên …"); a rank, the
          // group it ranks in ("top 05 các tỉnh miền núi về …")
          else if (rest.split(/\s+/).length >= 3) population = (unit === 'top' ? rest.split(/,/)[0] : rest).replace(/^(?:lượt|lần)\s+(?=\p{L})/u, '');
          else {
            const around = `${lead} ${text.slice(idx + numText.length, Math.max(idx + numText.length, clauseEnd))}`;
            population = squash(squash(around).replace(/^[-+·•]\s*/, '').replace(/[“”"]/g, '').replace(/(ít nhất|tối thiểu|không dưới)\s+/giu, '')
              .replace(/^(?:đến|tới|trong|cuối)\s+(?:hết\s+)?năm\s+\d{4},?\s*(?:có\s+)?/iu, '')).replace(/[.;]$/, '');
          }
        }
        const line = lineAt(j, idx);
        const year = yearOf(lead) ?? yearOf(squash(after).split(/[.;]/)[0]) ?? (line > b.leadLine ? b.leadYear : null) ?? b.year;
        const statement = clause.text.replace(/^[-+·•]\s*/, '');
        // a goal the plan restates later (same figure, same words) is listed once
        const key = `${value}|${unit}`;
        const same = seen.get(key) ?? [];
        let words: { population: Set<string>; statement: Set<string> } | null = null;
        const wordsOf = () => (words ??= { population: tokens(population ?? ''), statement: tokens(statement) });
        // (among the latest of them: only garbage holds thousands of one figure, and each must not be weighed against all)
        if (same.slice(-RESTATED_AMONG).some((t) => (t.year === year || t.year === null || year === null) && jaccard(t.population, wordsOf().population) >= 0.7 && jaccard(t.statement, wordsOf().statement) >= 0.5)) continue;
        targets.push({ year, value, unit, population, statement });
        if (same.push({ year, ...wordsOf() }) === 1) seen.set(key, same);
        if (unit !== '%') lastCount = { clause: clause.start };
        spans.push({ start: line, end: line });
      }
    }
  }
  return { targets, spans };
}

/** A table of targets: a "Chỉ tiêu"/"Mục tiêu" column (often with a unit, a year's value and a lead unit). */
export function isTargetTable(t: TableBlock): boolean {
  return t.columns.some((c) => c.role === 'target');
}

/**
 * Targets from target tables (gold/real/NOTES.md: tables that assign lead units to targets give
 * targets, not tasks): one target per row and value column ("Năm 2026"), the year from that
 * column's header, else from the target's words or the section; the unit from a "Đơn vị tính"
 * column, else after the number.
 */
export function extractTableTargets(tables: TableBlock[], yearOfTable: (t: TableBlock) => number | null): { targets: Target[]; spans: LineSpan[] } {
  const targets: Target[] = [];
  const spans: LineSpan[] = [];
  for (const t of tables) {
    if (!isTargetTable(t)) continue;
    const targetCol = t.columns.findIndex((c) => c.role === 'target');
    const measureCol = t.columns.findIndex((c) => c.role === 'measure');
    const valueCols = t.columns.map((c, k) => (c.role === 'value' ? k : -1)).filter((k) => k >= 0);
    for (const r of t.rows) {
      if (r.group) continue;
      const statement = squash((r.cells[targetCol] ?? '').replace(/\n/g, ' ')).replace(/[.;]+$/, '');
      if (!statement) continue;
      const measure = measureCol >= 0 ? squash(r.cells[measureCol] ?? '') : '';
      const cells = valueCols.map((k) => ({ k, v: squash(r.cells[k] ?? '') })).filter((x) => /\d/.test(x.v));
      const found: { value: number; unit: string; year: number | null }[] = [];
      for (const { k, v } of cells) {
        const m = /(\d{1,3}(?:\.\d{3})+|\d+(?:[.,]\d+)?)\s*(%)?/.exec(v);
        if (!m) continue;
        const value = parseViNumber(m[1]);
        if (!Number.isFinite(value)) continue;
        found.push({ value, unit: m[2] ? '%' : measure || '%', year: yearOf(t.columns[k].header) ?? yearOf(statement) ?? yearOfTable(t) });
      }
      // no value column: the figure is in the target's words ("Tỷ lệ hộ nghèo giảm còn dưới 3%")
      if (!found.length) {
        const m = /(\d{1,3}(?:\.\d{3})+|\d+(?:[.,]\d+)?)\s*(%)?/.exec(statement.replace(/(?:19|20)\d{2}/g, ''));
        if (m) found.push({ value: parseViNumber(m[1]), unit: m[2] ? '%' : measure || '', year: yearOf(statement) ?? yearOfTable(t) });
      }
      const population = (subjectBefore(statement.replace(/\s*(?:đạt|đạt trên|trên|dưới|tối thiểu|ít nhất)?\s*\d[\s\S]*$/u, '')) ?? statement).replace(/^(?:số lượng|số)\s+/iu, '');
      for (const f of found) {
        if (!f.unit) continue;
        targets.push({ year: f.year, value: f.value, unit: f.unit, population, statement });
        spans.push({ start: r.startLine, end: r.endLine });
      }
    }
  }
  return { targets, spans };
}
