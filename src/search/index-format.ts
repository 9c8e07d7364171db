import type { SearchIndex } from './index-builder.js';

/**
 * On-disk format of a search index: a magic line, a little-endian u32 header
 * length, a JSON header, then the typed arrays, each 4-byte aligned so they can
 * be viewed in place without copying. Loading is a read and a few views.
 */
const MAGIC = 'READING-ROOM-INDEX/2\n';

type ArrayName =
  | 'postStart'
  | 'postDoc'
  | 'postTf'
  | 'posStart'
  | 'positions'
  | 'docLen'
  | 'passageLanguage'
  | 'passageDocument';
const ARRAYS: readonly ArrayName[] = [
  'postStart',
  'postDoc',
  'postTf',
  'posStart',
  'positions',
  'docLen',
  'passageLanguage',
  'passageDocument',
];

interface Header {
  readonly passageCount: number;
  /** Caller's metadata, e.g. the content hash the index was built from. */
  readonly meta: Record<string, unknown>;
  readonly termBytes: number;
  readonly arrays: Record<ArrayName, { offset: number; length: number }>;
}

const align = (n: number): number => (n + 3) & ~3;

/** Serialises an index with the caller's metadata (e.g. the content hash). */
export function serializeIndex(index: SearchIndex, meta: Record<string, unknown>): Buffer {
  // Terms contain no newline (tokens are letters and digits), so one joined
  // string is the fastest dictionary to write and to read back.
  const termBuffer = Buffer.from(index.terms.join('\n'), 'utf8');
  let offset = align(termBuffer.length);
  const arrays = {} as Record<ArrayName, { offset: number; length: number }>;
  for (const name of ARRAYS) {
    arrays[name] = { offset, length: index[name].length };
    offset = align(offset + index[name].byteLength);
  }
  const header: Header = { passageCount: index.passageCount, meta, termBytes: termBuffer.length, arrays };
  const headerBuffer = Buffer.from(JSON.stringify(header), 'utf8');
  const prefixLength = align(MAGIC.length + 4 + headerBuffer.length);
  const out = Buffer.alloc(prefixLength + offset);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(headerBuffer.length, MAGIC.length);
  headerBuffer.copy(out, MAGIC.length + 4);
  termBuffer.copy(out, prefixLength);
  for (const name of ARRAYS) {
    const a = index[name];
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, prefixLength + arrays[name].offset);
  }
  return out;
}

/** Reads the metadata of a serialised index without loading it; null if not an index. */
export function readIndexMeta(bytes: Buffer): Record<string, unknown> | null {
  return readHeader(bytes)?.header.meta ?? null;
}

function readHeader(bytes: Buffer): { header: Header; base: number } | null {
  if (bytes.length < MAGIC.length + 4 || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return null;
  const length = bytes.readUInt32LE(MAGIC.length);
  try {
    const header = JSON.parse(bytes.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + length)) as Header;
    return { header, base: align(MAGIC.length + 4 + length) };
  } catch {
    return null;
  }
}

/** Loads a serialised index. Returns null for a file that is not a valid index. */
export function deserializeIndex(bytes: Buffer): SearchIndex | null {
  const parsed = readHeader(bytes);
  if (!parsed) return null;
  const { header, base } = parsed;
  // Views need an aligned byte offset; a pooled Buffer may not have one.
  const buffer = (bytes.byteOffset & 3) === 0 ? bytes : Buffer.from(bytes);
  const view = <T>(name: ArrayName, make: (b: ArrayBuffer, o: number, l: number) => T): T => {
    const { offset, length } = header.arrays[name];
    return make(buffer.buffer as ArrayBuffer, buffer.byteOffset + base + offset, length);
  };
  const terms =
    header.termBytes === 0 ? [] : buffer.toString('utf8', base, base + header.termBytes).split('\n');
  const index: SearchIndex = {
    passageCount: header.passageCount,
    terms,
    postStart: view('postStart', (b, o, l) => new Uint32Array(b, o, l)),
    postDoc: view('postDoc', (b, o, l) => new Uint32Array(b, o, l)),
    postTf: view('postTf', (b, o, l) => new Uint16Array(b, o, l)),
    posStart: view('posStart', (b, o, l) => new Uint32Array(b, o, l)),
    positions: view('positions', (b, o, l) => new Uint16Array(b, o, l)),
    docLen: view('docLen', (b, o, l) => new Uint16Array(b, o, l)),
    passageLanguage: view('passageLanguage', (b, o, l) => new Uint8Array(b, o, l)),
    passageDocument: view('passageDocument', (b, o, l) => new Uint32Array(b, o, l)),
  };
  if (index.postStart.length !== terms.length + 1 || index.docLen.length !== header.passageCount) return null;
  return index;
}
