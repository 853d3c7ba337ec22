/**
 * Document-number codes ("QĐ-TTg", "KH/BCĐTW") come from a small closed vocabulary, so residual
 * OCR confusions inside them (O/Q, D/Đ/P, I/T) can be undone by matching against it.
 */
const KNOWN = new Set([
  // document types
  'NQ', 'QĐ', 'KH', 'CV', 'TB', 'BC', 'TTr', 'CT', 'HD', 'HĐ', 'KL', 'TT', 'NĐ', 'CTr', 'QC', 'QyĐ', 'CĐ', 'ĐA', 'PA', 'BB', 'KHHĐ', 'CTHĐ', 'GM', 'UBND', 'HĐND',
  // issuers and departments
  'TW', 'TU', 'HU', 'ĐU', 'BCĐTW', 'TTg', 'CP', 'VPCP', 'QH', 'UBTVQH', 'BKHCN', 'BGDĐT', 'BYT', 'BNV', 'BTC', 'BTTTT', 'BNNMT', 'BCA',
  'SKHCN', 'SYT', 'SGDĐT', 'SNV', 'STC', 'SNNMT', 'BCVT', 'CĐS', 'VP', 'VX', 'KT', 'VHXH', 'MTTQ', 'BTV', 'BCĐ', 'BTG', 'BDVTW', 'BTGDVTW',
]);

const CONFUSABLE: string[][] = [['O', 'Q', '0'], ['D', 'Đ', 'P', 'b', 'đ'], ['I', 'T', '1', 'l']];

function sameUnderConfusion(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (!CONFUSABLE.some((g) => g.includes(a[i]) && g.includes(b[i]))) return false;
  }
  return true;
}

function fixSegment(seg: string): string {
  // (letters only, or letters with a 0 or 1 OCR read for a letter after the first: "T1" for TT)
  if (!(/^\p{L}+$/u.test(seg) || /^\p{L}+[01]\p{L}*$/u.test(seg)) || KNOWN.has(seg)) return seg;
  for (const k of KNOWN) if (sameUnderConfusion(seg, k)) return k;
  // A letter OCR split in two ("QĐ" read "QĐb", "QbP"): a known code and one more letter of the
  // same confusion group as its last one.
  for (const k of KNOWN) {
    if (seg.length !== k.length + 1 || !sameUnderConfusion(seg.slice(0, k.length), k)) continue;
    if (CONFUSABLE.some((g) => g.includes(k[k.length - 1]) && g.includes(seg[seg.length - 1]))) return k;
  }
  // A type code glued to its issuer by a lost hyphen ("OPBKHCN" = "QĐ" + "BKHCN").
  for (const k of KNOWN) {
    if (k.length >= seg.length || !sameUnderConfusion(seg.slice(0, k.length), k)) continue;
    const rest = seg.slice(k.length);
    if (KNOWN.has(rest)) return k + rest;
  }
  return seg;
}

/** "146/OD-TTg" → "146/QĐ-TTg"; numbers whose codes are all known are returned unchanged. */
export function repairDocNumber(number: string): string {
  return number.split(/([-/&])/).map((p) => (/^[-/&]$/.test(p) ? p : fixSegment(p))).join('');
}
