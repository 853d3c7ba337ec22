/**
 * Binary container of the syllable trigram model (see README.md, "Binary format"):
 *   "VNLM0001" | uint32 LE header length | JSON header | zero padding to 8 | sections, each 8-aligned.
 * The header lists every section's name, typed-array kind, element count and byte offset (from the
 * start of the file), plus the model's scalar fields. Pure functions: bytes ⇄ { header, arrays }.
 */

export const MAGIC = 'VNLM0001';

type ArrayKind = 'u8' | 'u16' | 'u32' | 'f32' | 'f64';
export type Section = Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array;

interface SectionEntry {
  name: string;
  kind: ArrayKind;
  length: number;
  offset: number;
}

const kindOf = (a: Section): ArrayKind =>
  a instanceof Uint8Array ? 'u8' : a instanceof Uint16Array ? 'u16' : a instanceof Uint32Array ? 'u32' : a instanceof Float32Array ? 'f32' : 'f64';

const CTOR = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, f32: Float32Array, f64: Float64Array } as const;

const align8 = (n: number): number => (n + 7) & ~7;

/** Serialises scalar metadata and named typed arrays into one buffer. */
export function encodeModelFile(meta: Record<string, unknown>, sections: Record<string, Section>): Buffer {
  const names = Object.keys(sections);
  // offsets depend on the header length, which depends on the offsets: fix the header size first
  const draft = (entries: SectionEntry[]) => Buffer.from(JSON.stringify({ ...meta, sections: entries }), 'utf8');
  let entries: SectionEntry[] = names.map((name) => ({ name, kind: kindOf(sections[name]!), length: sections[name]!.length, offset: 0 }));
  let headerLen = draft(entries).length + 64;
  for (;;) {
    let off = align8(MAGIC.length + 4 + headerLen);
    entries = names.map((name) => {
      const a = sections[name]!;
      const e = { name, kind: kindOf(a), length: a.length, offset: off };
      off = align8(off + a.byteLength);
      return e;
    });
    const h = draft(entries);
    if (h.length <= headerLen) break;
    headerLen = h.length + 64;
  }
  const header = draft(entries);
  const last = entries[entries.length - 1];
  const total = last ? align8(last.offset + sections[last.name]!.byteLength) : align8(MAGIC.length + 4 + headerLen);
  const out = Buffer.alloc(total);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(headerLen, MAGIC.length);
  header.copy(out, MAGIC.length + 4);
  out.fill(0x20, MAGIC.length + 4 + header.length, MAGIC.length + 4 + headerLen);
  for (const e of entries) {
    const a = sections[e.name]!;
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, e.offset);
  }
  return out;
}

/** Parses a model file; the arrays are views on one 8-aligned copy of the bytes (no per-section copy). */
export function decodeModelFile(bytes: Uint8Array, source = 'model'): { meta: Record<string, unknown>; sections: Record<string, Section> } {
  const magic = Buffer.from(bytes.buffer, bytes.byteOffset, MAGIC.length).toString('latin1');
  if (magic !== MAGIC) throw new Error(`${source}: not a vnplan language model (bad magic "${magic}")`);
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : new Uint8Array(bytes);
  const view = new DataView(aligned.buffer, aligned.byteOffset, aligned.byteLength);
  const headerLen = view.getUint32(MAGIC.length, true);
  const headerText = Buffer.from(aligned.buffer, aligned.byteOffset + MAGIC.length + 4, headerLen).toString('utf8');
  const meta = JSON.parse(headerText) as Record<string, unknown> & { sections: SectionEntry[] };
  const sections: Record<string, Section> = {};
  for (const e of meta.sections) {
    const C = CTOR[e.kind];
    if (e.offset + e.length * C.BYTES_PER_ELEMENT > aligned.byteLength) throw new Error(`${source}: truncated (section ${e.name})`);
    sections[e.name] = new C(aligned.buffer as ArrayBuffer, aligned.byteOffset + e.offset, e.length);
  }
  return { meta, sections };
}

/** Linear 16-bit quantisation of log-probabilities / backoffs. */
export interface Quant {
  min: number;
  max: number;
}

export function quantRange(values: Float64Array | Float32Array): Quant {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min)) return { min: 0, max: 1 };
  if (max === min) max = min + 1;
  return { min, max };
}

export function quantize(values: Float64Array | Float32Array, q: Quant): Uint16Array {
  const out = new Uint16Array(values.length);
  const scale = 65535 / (q.max - q.min);
  for (let i = 0; i < values.length; i++) out[i] = Math.round((Math.min(q.max, Math.max(q.min, values[i]!)) - q.min) * scale);
  return out;
}

export function dequantize(codes: Uint16Array, q: Quant): Float32Array {
  const out = new Float32Array(codes.length);
  const step = (q.max - q.min) / 65535;
  for (let i = 0; i < codes.length; i++) out[i] = q.min + codes[i]! * step;
  return out;
}

/**
 * 8-bit quantisation of log10 probabilities: 256 bins whose boundaries are the union of 128
 * equal-population bins (resolution where values are dense) and 128 equal-probability-mass bins
 * (resolution near log 0, where rounding would shift most mass). Each centre is the mean of its bin
 * (a mean of probabilities would inflate the many small values of a wide bin). Returns codes and table.
 */
export function quantize8(values: Float32Array | Float64Array): { codes: Uint8Array; table: Float32Array } {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  const cuts = new Set<number>(); // exclusive end indices of bins in sorted order
  const half = 128;
  for (let b = 1; b < half; b++) cuts.add(Math.floor((b * n) / half));
  let total = 0;
  for (let i = 0; i < n; i++) total += Math.pow(10, sorted[i]!);
  let acc = 0;
  let next = 1;
  for (let i = 0; i < n && next < half; i++) {
    acc += Math.pow(10, sorted[i]!);
    while (next < half && acc >= (next * total) / half) {
      cuts.add(i + 1);
      next++;
    }
  }
  const ends = [...cuts].filter((c) => c > 0 && c < n).sort((a, b) => a - b);
  ends.push(n);
  // merge bins whose boundary falls inside a run of equal values so that equal values share a code
  const bounds: number[] = [];
  for (const e of ends) if (bounds.length === 0 || e > bounds[bounds.length - 1]!) {
    let k = e;
    while (k < n && k > 0 && sorted[k] === sorted[k - 1]) k++;
    if (bounds.length === 0 || k > bounds[bounds.length - 1]!) bounds.push(k);
  }
  const table = new Float32Array(256);
  const upper = new Float64Array(bounds.length); // largest value of each bin
  let lo = 0;
  bounds.forEach((hi, b) => {
    let sum = 0;
    for (let i = lo; i < hi; i++) sum += sorted[i]!;
    table[b] = hi > lo ? sum / (hi - lo) : 0;
    upper[b] = sorted[hi - 1]!;
    lo = hi;
  });
  const codes = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let a = 0;
    let z = upper.length - 1;
    while (a < z) {
      const m = (a + z) >>> 1;
      if (upper[m]! >= v) z = m;
      else a = m + 1;
    }
    codes[i] = a;
  }
  return { codes, table };
}

export function dequantize8(codes: Uint8Array, table: Float32Array): Float32Array {
  const out = new Float32Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = table[codes[i]!]!;
  return out;
}
