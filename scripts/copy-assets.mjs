// Copies the non-TypeScript files the server reads at run time (seed data) next to the compiled code.
import { cpSync, mkdirSync } from 'node:fs';

mkdirSync('dist/organisations/seed', { recursive: true });
cpSync('src/organisations/seed/vn-provinces.json', 'dist/organisations/seed/vn-provinces.json');
