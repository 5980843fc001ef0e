/**
 * Builds the scan kernel (`src/detection/fast-path/kernel/scan-kernel.wasm`) from its
 * AssemblyScript sources (`kernel.as.ts` and the modules it imports). The binary is committed, so
 * installs need no compiler; a test rebuilds it and fails when it differs from the committed one.
 *
 *   npm run build:kernel
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The part of the AssemblyScript compiler's API used here. Its own type declarations change global
 * types (`Array.prototype.at` returns `T`), so the module is loaded by a name the type checker
 * does not follow.
 */
interface AssemblyScriptCompiler {
  main(
    argv: string[],
    options: {
      writeFile: (name: string, contents: Uint8Array | string) => void;
      stderr: { write: (text: string) => void };
    },
  ): Promise<{ error: Error | null }>;
}

async function compiler(): Promise<AssemblyScriptCompiler> {
  const name: string = 'assemblyscript/asc';
  return ((await import(name)) as { default: AssemblyScriptCompiler }).default;
}

export const kernelSource = fileURLToPath(
  new URL('../src/detection/fast-path/kernel/kernel.as.ts', import.meta.url),
);
export const kernelBinary = fileURLToPath(
  new URL('../src/detection/fast-path/kernel/scan-kernel.wasm', import.meta.url),
);

/** The kernel's bytes, compiled in memory (no file is written). */
export async function compileKernel(): Promise<Uint8Array> {
  let binary: Uint8Array | null = null;
  const errors: string[] = [];
  const asc = await compiler();
  const result = await asc.main(
    [
      kernelSource,
      '-O3',
      '--runtime',
      'stub',
      '--noAssert',
      '--use',
      'abort=',
      '--enable',
      'simd',
      '--outFile',
      'kernel.wasm',
    ],
    {
      writeFile: (name, contents) => {
        if (name.endsWith('.wasm') && typeof contents !== 'string') binary = contents;
      },
      stderr: { write: (text: string) => void errors.push(text) },
    },
  );
  if (result.error !== null || binary === null)
    throw new Error(`the kernel did not compile: ${result.error?.message ?? ''}\n${errors.join('')}`);
  return binary;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const binary = await compileKernel();
  writeFileSync(kernelBinary, binary);
  console.log(`build-kernel: wrote ${kernelBinary} (${binary.length.toLocaleString('en')} bytes)`);
}
