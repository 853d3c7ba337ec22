/** Date parsing for Vietnamese administrative text ("22/12/2024", "ngày 22 tháng 12 năm 2024"). */

export function isoDate(y: number, m: number | null, d: number | null): string | null {
  if (y < 1945 || y > 2100) return null;
  if (m === null) return `${y}`;
  if (m < 1 || m > 12) return `${y}`;
  const mm = String(m).padStart(2, '0');
  if (d === null || d < 1 || d > 31) return `${y}-${mm}`;
  return `${y}-${mm}-${String(d).padStart(2, '0')}`;
}

export interface DateHit {
  iso: string;
  /** Full day-month-year date (not a partial one). */
  full: boolean;
  index: number;
  length: number;
}

const NUMERIC = /(?<![\d/])(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4})(?![\d/])/g;
const WORDED = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/gi;

/** Every full date in a text, in order. */
export function findDates(text: string): DateHit[] {
  const out: DateHit[] = [];
  for (const re of [NUMERIC, WORDED]) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      const iso = isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
      if (iso && iso.length === 10) out.push({ iso, full: true, index: m.index ?? 0, length: m[0].length });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/** A date right at the start of a text ("ngày 22/12/2024 của …"), after an optional "ngày". */
export function leadingDate(text: string): DateHit | null {
  const m = /^\s*,?\s*(?:ban hành\s+)?(?:ngày|ngay)?\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})/i.exec(text) ??
    /^\s*,?\s*(?:ngày|ngay)\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/i.exec(text);
  if (!m) return null;
  const iso = isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
  return iso && iso.length === 10 ? { iso, full: true, index: m.index, length: m[0].length } : null;
}
