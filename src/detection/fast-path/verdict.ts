/**
 * What a format's fast path says about a raw line: {@link SKIP} (no value on it can hit an
 * indicator, so it need not be parsed), {@link PARSE} (a value may hit: decode and parse it), or
 * {@link UNSURE} (the line is not in the shape the fast path reads: ask the general prefilter).
 */
export const SKIP = 0;
export const PARSE = 1;
export const UNSURE = 2;
export type Verdict = typeof SKIP | typeof PARSE | typeof UNSURE;
