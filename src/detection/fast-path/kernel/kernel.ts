/**
 * The scan kernel (WebAssembly, source in `kernel.as.ts`): reads every complete line of a chunk
 * in one call and hands back only the lines the JavaScript fast path might parse, so the lines that
 * cannot hit — nearly all of them — cost no JavaScript. It reads BIND query logs and FortiGate
 * key=value logs. Its memory holds Bloom filters of the indicators (16 bits per value, four bits
 * set in one 64-byte block: about 0.3% false positives) — the domain names for BIND; the IPv4
 * addresses and networks, the /16 bitmap and the network lengths for FortiGate — and the chunk
 * being read and the list of flagged lines.
 *
 * A kernel belongs to one indicator table, one format and one thread, and is used synchronously: a
 * call copies the chunk in, scans it and reports before returning. When the binary is missing or
 * cannot be compiled (a stripped install), {@link kernelFor} returns null and callers read line by
 * line.
 */
import { readFileSync } from 'node:fs';
import type { IndicatorTable } from '../../indicator-table.js';

/**
 * The part of the WebAssembly API used here, typed locally: the server's build targets Node
 * without the DOM library, whose types declare it.
 */
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
}
type WasmModule = { readonly __wasmModule?: never };
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface KernelExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  lines: { value: number };
  consumed: { value: number };
  scan: (format: number, data: number, length: number, tables: number, out: number, cap: number) => number;
}

/** The first 64 KiB stay the module's own; the caller's areas start after them. */
const BASE = 1 << 16;
const PAGE = 1 << 16;
/** Flagged lines reported per call (three u32 each). */
const OUT_CAP = 16_384;
/** Bytes readable after the data: one SIMD load past the end, and a line end to stop at. */
const PADDING = 64;
const NEWLINE = 10;

let compiled: WasmModule | null | undefined;

/** The compiled module, read once per thread on first use; null when unavailable. */
function kernelModule(): WasmModule | null {
  if (compiled === undefined) {
    try {
      compiled = new wasm.Module(readFileSync(new URL('./scan-kernel.wasm', import.meta.url)));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Bits of a Bloom filter per value (four are set for each). */
const BITS_PER_VALUE = 16;

/**
 * The Bloom filter's blocks for `hashes`: 64-byte blocks chosen by the hash's low bits, four bits
 * in the block: three from its product with the golden ratio and its top nine bits — as `mayHold`
 * in the kernel reads them.
 */
export function bloomBlocks(hashes: Uint32Array): { words: Uint32Array; blockMask: number } {
  let blocks = 1;
  while (blocks * 512 < hashes.length * BITS_PER_VALUE) blocks *= 2;
  const words = new Uint32Array(blocks * 16);
  const blockMask = blocks - 1;
  for (let k = 0; k < hashes.length; k++) {
    const hash = hashes[k]!;
    const block = (hash & blockMask) * 16;
    const mixed = Math.imul(hash, 0x9e3779b1) >>> 0;
    const a = mixed >>> 23;
    const b = (mixed >>> 14) & 511;
    const c = (mixed >>> 5) & 511;
    const d = hash >>> 23;
    words[block + (d >>> 5)]! |= 1 << (d & 31);
    words[block + (a >>> 5)]! |= 1 << (a & 31);
    words[block + (b >>> 5)]! |= 1 << (b & 31);
    words[block + (c >>> 5)]! |= 1 << (c & 31);
  }
  return { words, blockMask };
}

/** What one {@link ScanKernel.scan} call found. */
export interface KernelChunk {
  /** complete lines read */
  lines: number;
  /** bytes read, through the last line end */
  consumed: number;
  /** flagged lines, three numbers each: index among the lines read, start, end (offsets in the input) */
  flagged: Uint32Array;
  count: number;
}

/** The formats the kernel reads, by their log format ids, with the kernel's codes for them. */
const FORMATS = { 'bind-query': 0, fortigate: 1 } as const;
export type KernelFormat = keyof typeof FORMATS;
export const kernelFormats = Object.keys(FORMATS) as KernelFormat[];

/** The `tables` words the kernel reads (see `common.as.ts`). */
const enum Field {
  DomainFilter,
  DomainBlocks,
  LabelMask,
  V4Filter,
  V4Blocks,
  Prefix16,
  Lengths,
  LengthCount,
}
const NO_FILTER = 0xffffffff;

export class ScanKernel {
  private readonly exports: KernelExports;
  private readonly code: number;
  private readonly out = BASE;
  private readonly tables = BASE + OUT_CAP * 12;
  private readonly data: number;
  private bytes: Uint8Array;

  constructor(module: WasmModule, table: IndicatorTable, format: KernelFormat) {
    this.exports = new wasm.Instance(module, {}).exports as KernelExports;
    this.code = FORMATS[format];
    // Only what the format reads is built and copied in, after the `tables` words.
    const words = new Uint32Array(8);
    words[Field.DomainBlocks] = words[Field.V4Blocks] = NO_FILTER;
    const parts: Uint32Array[] = [];
    let at = this.tables + 64;
    const place = (part: Uint32Array): number => {
      parts.push(part);
      const where = at;
      at += part.byteLength;
      return where;
    };
    if (format === 'bind-query' && table.domainIndex !== null) {
      const bloom = bloomBlocks(table.domainHashes());
      words[Field.DomainFilter] = place(bloom.words);
      words[Field.DomainBlocks] = bloom.blockMask;
    }
    words[Field.LabelMask] = table.labelMask;
    if (format === 'fortigate') {
      const bloom = bloomBlocks(table.addressHashes());
      words[Field.V4Filter] = place(bloom.words);
      words[Field.V4Blocks] = bloom.blockMask;
      words[Field.Prefix16] = place(table.prefix16);
      const lengths = Uint32Array.from(table.network4, (n) => n.length);
      words[Field.Lengths] = place(lengths);
      words[Field.LengthCount] = lengths.length;
    }
    this.data = at;
    this.bytes = this.reserve(1 << 20);
    const memory = this.exports.memory.buffer;
    new Uint32Array(memory, this.tables, words.length).set(words);
    let where = this.tables + 64;
    for (const part of parts) {
      new Uint32Array(memory, where, part.length).set(part);
      where += part.byteLength;
    }
  }

  /** Memory for `length` bytes of data plus padding; the byte view over the whole memory. */
  private reserve(length: number): Uint8Array {
    const memory = this.exports.memory;
    const need = this.data + length + PADDING;
    if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
    return new Uint8Array(memory.buffer);
  }

  /**
   * Reads the complete lines of `input[from, to)`, stopping after {@link OUT_CAP} flagged lines:
   * call again from `from + consumed` while `count` is that cap. The result is valid until the next
   * call.
   */
  scan(input: Uint8Array, from: number, to: number): KernelChunk {
    const length = to - from;
    if (this.bytes.length < this.data + length + PADDING) this.bytes = this.reserve(length);
    const bytes = this.bytes;
    bytes.set(input.subarray(from, to), this.data);
    bytes.fill(NEWLINE, this.data + length, this.data + length + PADDING);
    const e = this.exports;
    const count = e.scan(this.code, this.data, length, this.tables, this.out, OUT_CAP);
    const flagged = new Uint32Array(e.memory.buffer, this.out, count * 3);
    for (let k = 1; k < flagged.length; k += 3) {
      flagged[k]! += from;
      flagged[k + 1]! += from;
    }
    return { lines: e.lines.value, consumed: e.consumed.value, flagged, count };
  }

  /** Flagged lines a call reports at most. */
  readonly cap = OUT_CAP;
}

const kernels = new WeakMap<IndicatorTable, Map<KernelFormat, ScanKernel | null>>();

/**
 * This thread's kernel for a table and a format (built on first use), or null when WebAssembly is
 * unavailable.
 */
export function kernelFor(table: IndicatorTable, format: KernelFormat): ScanKernel | null {
  let byFormat = kernels.get(table);
  if (byFormat === undefined) kernels.set(table, (byFormat = new Map<KernelFormat, ScanKernel | null>()));
  let kernel = byFormat.get(format);
  if (kernel === undefined) {
    const module = kernelModule();
    kernel = module === null ? null : new ScanKernel(module, table, format);
    byFormat.set(format, kernel);
  }
  return kernel;
}
