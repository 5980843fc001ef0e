#!/usr/bin/env node
/** Process entry point of the `lamsach` command; the program itself is in program.ts. */
import { main } from './program.js';

await main(process.argv);
