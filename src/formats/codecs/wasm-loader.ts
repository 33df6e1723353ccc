/*
 * Loading the codec kernels compiled to WebAssembly (AssemblyScript sources in wasm/, built by scripts/build-wasm.js
 * into two modules per kernel: `<name>.simd.wasm` with 128-bit SIMD and `<name>.wasm` without). Loading is synchronous
 * (a compressor is made in a constructor, in the calling thread or a worker's): the bytes come from the platform
 * (Host.codecWasm: a file beside the compiled JavaScript in Node, bytes handed in by the page in a browser), and each
 * module is compiled once per thread and instantiated once per compressor, whose memory is then sized once.
 *
 * Which build runs: the SIMD one where the runtime validates a tiny SIMD module, else the scalar one; the TypeScript
 * kernels where WebAssembly or the bytes are missing. WIMSH_CODECS overrides it for tests and measurement: `ts` (the
 * TypeScript kernels), `wasm` (the default), `wasm-scalar` (the scalar build even where SIMD runs).
 */
import { host } from '../../platform/host';

/** The part of the WebAssembly JavaScript API used here (the project's lib has no WebAssembly types). */
interface WasmModule {
  readonly __wasmModule?: never;
}
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

export const WASM_PAGE = 65536;

/**
 * A module whose one function returns a v128 constant: valid only where the runtime has SIMD. Sections: type (one
 * function type, no parameters, result v128 = 0x7b), function (one, of type 0), code (one body: no locals,
 * v128.const = 0xfd 0x0c with 16 immediate bytes, end).
 */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b,
  0x03, 0x02, 0x01, 0x00,
  0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0b,
]);

export type CodecKernels = 'ts' | 'wasm' | 'wasm-scalar';

let simdChecked: boolean | undefined;
/** Compiled modules by file name (null: not available), once per thread. */
const modules = new Map<string, WasmModule | null>();

function wasmApi(): WasmApi | undefined {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  return api && typeof api.Module === 'function' && typeof api.validate === 'function' ? api : undefined;
}

/** The kernels asked for by WIMSH_CODECS (anything unrecognised counts as the default, wasm). */
export function requestedCodecKernels(): CodecKernels {
  const v = (host().env.WIMSH_CODECS ?? '').trim().toLowerCase();
  return v === 'ts' || v === 'wasm-scalar' ? v : 'wasm';
}

/** True where the runtime runs WebAssembly SIMD. */
export function wasmSimdSupported(): boolean {
  if (simdChecked === undefined) {
    const api = wasmApi();
    try {
      simdChecked = api !== undefined && api.validate(SIMD_PROBE);
    } catch {
      simdChecked = false;
    }
  }
  return simdChecked;
}

function compiledModule(api: WasmApi, file: string): WasmModule | null {
  let m = modules.get(file);
  if (m === undefined) {
    m = null;
    const bytes = host().codecWasm?.(file);
    if (bytes) {
      try {
        m = new api.Module(bytes);
      } catch {
        m = null; // a damaged or foreign build: the TypeScript kernel does the work
      }
    }
    modules.set(file, m);
  }
  return m;
}

/** A fresh instance of kernel `name` (its own memory) and which build it is, or undefined: use the TypeScript kernel. */
export function instantiateKernel(name: string): { exports: Record<string, unknown>; simd: boolean } | undefined {
  const want = requestedCodecKernels();
  if (want === 'ts') return undefined;
  const api = wasmApi();
  if (!api) return undefined;
  const simd = want === 'wasm' && wasmSimdSupported();
  let m = compiledModule(api, simd ? `${name}.simd` : name);
  let usedSimd = simd;
  if (!m && simd) {
    m = compiledModule(api, name);
    usedSimd = false;
  }
  if (!m) return undefined;
  try {
    return { exports: new api.Instance(m, {}).exports, simd: usedSimd };
  } catch {
    return undefined;
  }
}

/**
 * The layout of a kernel instance's linear memory: regions are reserved above the module's own data (heapBase), then
 * the memory is grown once to hold them all; views made after commit() stay valid, because nothing grows it again.
 */
export class WasmArena {
  private top: number;
  private buffer: ArrayBuffer | undefined;

  constructor(private readonly memory: WasmMemory, heapBase: number) {
    this.top = alignRegion(heapBase);
  }

  /** The address of a new region of `bytes` bytes (rounded to a cache line). */
  reserve(bytes: number): number {
    if (this.buffer) throw new Error('WasmArena: reserve after commit');
    const at = this.top;
    this.top = alignRegion(at + bytes);
    return at;
  }

  /** Grows the memory to hold every region and returns its buffer, for the views. */
  commit(): ArrayBuffer {
    if (!this.buffer) {
      ensureMemory(this.memory, this.top);
      this.buffer = this.memory.buffer;
    }
    return this.buffer;
  }
}

function alignRegion(x: number): number {
  return (x + 63) & ~63;
}

/** Forgets the modules compiled so far (tests that swap the host; the next request reads the bytes again). */
export function forgetCompiledKernels(): void {
  modules.clear();
}

/** Grows memory so that it holds at least `bytes` (once, when a kernel's regions are laid out). */
export function ensureMemory(memory: WasmMemory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / WASM_PAGE));
}
