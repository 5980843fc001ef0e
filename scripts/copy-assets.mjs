// Copies the non-TypeScript files read at run time (seed data, the scan kernel) next to the compiled code.
import { cpSync, mkdirSync } from 'node:fs';

mkdirSync('dist/organisations/seed', { recursive: true });
cpSync('src/organisations/seed/vn-provinces.json', 'dist/organisations/seed/vn-provinces.json');
mkdirSync('dist/detection/fast-path/kernel', { recursive: true });
cpSync('src/detection/fast-path/kernel/scan-kernel.wasm', 'dist/detection/fast-path/kernel/scan-kernel.wasm');
