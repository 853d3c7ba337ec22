/**
 * Reusable scratch buffers for the decoder's passes. Allocating a typed array costs far more in V8
 * than the few dozen multiply-adds a position needs, and the passes ran through ~10 small ones per
 * token: a workspace hands out one grow-only buffer per name instead. A buffer's contents are left
 * over from its last use; the caller initialises what it reads. One workspace serves one decode at a
 * time (a repairer decodes one clause at a time).
 */
export class Workspace {
  private readonly f64s = new Map<string, Float64Array>();
  private readonly f32s = new Map<string, Float32Array>();
  private readonly i32s = new Map<string, Int32Array>();
  private readonly u8s = new Map<string, Uint8Array>();

  f64(name: string, size: number): Float64Array {
    return take(this.f64s, name, size, (n) => new Float64Array(n));
  }

  f32(name: string, size: number): Float32Array {
    return take(this.f32s, name, size, (n) => new Float32Array(n));
  }

  i32(name: string, size: number): Int32Array {
    return take(this.i32s, name, size, (n) => new Int32Array(n));
  }

  u8(name: string, size: number): Uint8Array {
    return take(this.u8s, name, size, (n) => new Uint8Array(n));
  }
}

function take<T extends { length: number }>(bufs: Map<string, T>, name: string, size: number, make: (n: number) => T): T {
  const have = bufs.get(name);
  if (have && have.length >= size) return have;
  // doubling keeps the number of reallocations logarithmic in the largest clause
  const buf = make(Math.max(size, 2 * (have?.length ?? 64)));
  bufs.set(name, buf);
  return buf;
}

/**
 * Grow-only storage for memoised transition matrices: slabs of 2^17 single-precision weights handed
 * out by position (slab · SLAB + offset), zero on arrival and never reused. A typed array per matrix
 * had cost more to allocate than the matrix's LM look-ups; single precision halves the fresh memory a
 * new batch touches (its page faults were a visible share of the pass) and leaves the output unchanged
 * (the weights are P^w in [0, 1]; the passes sum in double precision). Full at maxSlabs: alloc
 * returns -1 and the caller keeps the matrix for the clause only.
 */
export class MatrixArena {
  static readonly SLAB_BITS = 17;
  static readonly SLAB = 1 << MatrixArena.SLAB_BITS;
  readonly slabs: Float32Array[] = [];
  private used = MatrixArena.SLAB;

  constructor(private readonly maxSlabs: number) {}

  /** Position of `size` fresh zeroed weights, or -1 when the arena is full. */
  alloc(size: number): number {
    if (size > MatrixArena.SLAB) return -1;
    if (this.used + size > MatrixArena.SLAB) {
      if (this.slabs.length >= this.maxSlabs) return -1;
      this.slabs.push(new Float32Array(MatrixArena.SLAB));
      this.used = 0;
    }
    const at = (this.slabs.length - 1) * MatrixArena.SLAB + this.used;
    this.used += size;
    return at;
  }
}
