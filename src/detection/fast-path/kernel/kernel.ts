/**
 * The BIND query-log scan kernel (WebAssembly, source in `bind-kernel.as.ts`): reads every
 * complete line of a chunk in one call and hands back only the lines the JavaScript fast path
 * might parse, so the lines that cannot hit — nearly all of them — cost no JavaScript. Its memory
 * holds a Bloom filter of the domain index's hashes (16 bits per name, four bits set in one
 * 64-byte block: about 0.3% false positives), the chunk being read and the list of flagged lines.
 *
 * A kernel belongs to one indicator table and one thread, and is used synchronously: a call copies
 * the chunk in, scans it and reports before returning. When the binary is missing or cannot be
 * compiled (a stripped install), {@link bindKernelFor} returns null and callers read line by line.
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
  scan: (
    data: number,
    length: number,
    filter: number,
    blockMask: number,
    labelMask: number,
    out: number,
    cap: number,
  ) => number;
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
      compiled = new wasm.Module(readFileSync(new URL('./bind-kernel.wasm', import.meta.url)));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Bits of the Bloom filter per domain name (four are set for each). */
const BITS_PER_NAME = 16;

/**
 * The Bloom filter's blocks for `hashes`: 64-byte blocks chosen by the hash's low bits, four bits
 * in the block: three from its product with the golden ratio and its top nine bits — as `mayHold`
 * in the kernel reads them.
 */
export function bloomBlocks(hashes: Uint32Array): { words: Uint32Array; blockMask: number } {
  let blocks = 1;
  while (blocks * 512 < hashes.length * BITS_PER_NAME) blocks *= 2;
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

/** What one {@link BindKernel.scan} call found. */
export interface KernelChunk {
  /** complete lines read */
  lines: number;
  /** bytes read, through the last line end */
  consumed: number;
  /** flagged lines, three numbers each: index among the lines read, start, end (offsets in the input) */
  flagged: Uint32Array;
  count: number;
}

export class BindKernel {
  private readonly exports: KernelExports;
  private readonly filter: number;
  private readonly blockMask: number;
  private readonly out: number;
  private readonly data: number;
  private bytes: Uint8Array;

  constructor(
    module: WasmModule,
    private readonly table: IndicatorTable,
  ) {
    this.exports = new wasm.Instance(module, {}).exports as KernelExports;
    const bloom = table.domainIndex === null ? null : bloomBlocks(table.domainHashes());
    this.filter = BASE;
    this.blockMask = bloom === null ? 0xffffffff : bloom.blockMask;
    this.out = BASE + (bloom?.words.byteLength ?? 0);
    this.data = this.out + OUT_CAP * 12;
    this.bytes = this.reserve(1 << 20);
    if (bloom !== null)
      new Uint32Array(this.exports.memory.buffer, this.filter, bloom.words.length).set(bloom.words);
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
    const count = e.scan(
      this.data,
      length,
      this.filter,
      this.blockMask,
      this.table.labelMask,
      this.out,
      OUT_CAP,
    );
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

const kernels = new WeakMap<IndicatorTable, BindKernel | null>();

/** This thread's kernel for a table (built on first use), or null when WebAssembly is unavailable. */
export function bindKernelFor(table: IndicatorTable): BindKernel | null {
  let kernel = kernels.get(table);
  if (kernel === undefined) {
    const module = kernelModule();
    kernel = module === null ? null : new BindKernel(module, table);
    kernels.set(table, kernel);
  }
  return kernel;
}
