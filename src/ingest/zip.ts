import yauzl from 'yauzl';
import { IngestFailure } from './backend.ts';

export interface ZipLimits {
  maxEntries: number;
  /** Sum of declared uncompressed sizes of all entries. */
  maxTotalUncompressed: number;
  /** Largest declared uncompressed size of one entry we read. */
  maxEntryUncompressed: number;
  /** Declared uncompressed/compressed ratio above which an entry (over 1 MB) is treated as a bomb. */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxTotalUncompressed: 512 * 1024 * 1024,
  maxEntryUncompressed: 64 * 1024 * 1024,
  maxRatio: 200,
};

export function sniffZip(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function openZip(bytes: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) =>
      err || !zip ? reject(err ?? new Error('no zip')) : resolve(zip),
    );
  });
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('no stream'));
      const chunks: Buffer[] = [];
      // yauzl errors the stream if it inflates past the declared size, so a lying header cannot
      // make us hold more than maxEntryUncompressed bytes.
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

/**
 * Reads the named entries of a ZIP archive after checking every declared size in the central
 * directory, so ZIP bombs are refused before anything is inflated. Missing names are absent
 * from the result.
 */
export async function readZipEntries(
  bytes: Buffer,
  path: string,
  wanted: readonly string[],
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<Map<string, Buffer>> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(bytes);
  } catch (e) {
    throw new IngestFailure(path, `not a readable ZIP/DOCX archive (${(e as Error).message})`);
  }
  try {
    if (zip.entryCount > limits.maxEntries) throw new IngestFailure(path, `the archive has too many entries (${zip.entryCount})`);
    const entries: yauzl.Entry[] = [];
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (e: yauzl.Entry) => {
        entries.push(e);
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', reject);
      zip.readEntry();
    }).catch((e: Error) => {
      throw new IngestFailure(path, `corrupt ZIP/DOCX archive (${e.message})`);
    });
    let total = 0;
    for (const e of entries) {
      total += e.uncompressedSize;
      const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
      if (e.uncompressedSize > 1024 * 1024 && ratio > limits.maxRatio) {
        throw new IngestFailure(path, `refused as a ZIP bomb: ${e.fileName} declares ${e.uncompressedSize} bytes from ${e.compressedSize} (ratio ${Math.round(ratio)})`);
      }
    }
    if (total > limits.maxTotalUncompressed) {
      throw new IngestFailure(path, `refused as a ZIP bomb: entries declare ${total} bytes uncompressed (limit ${limits.maxTotalUncompressed})`);
    }
    const out = new Map<string, Buffer>();
    for (const e of entries) {
      if (!wanted.includes(e.fileName)) continue;
      if (e.uncompressedSize > limits.maxEntryUncompressed) {
        throw new IngestFailure(path, `${e.fileName} is too large (${e.uncompressedSize} bytes uncompressed)`);
      }
      try {
        out.set(e.fileName, await readEntry(zip, e));
      } catch (err) {
        throw new IngestFailure(path, `corrupt ZIP/DOCX entry ${e.fileName} (${(err as Error).message})`);
      }
    }
    return out;
  } finally {
    zip.close();
  }
}
