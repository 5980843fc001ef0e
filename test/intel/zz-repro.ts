import fc from 'fast-check';
import { feedFormat } from '../../src/intel/feeds/registry.js';
const fmt = feedFormat('misp-event')!;
const samples = fc.sample(fc.tuple(fc.uint8Array({ maxLength: 3000 }), fc.boolean()), { numRuns: 40, seed: 20_251_122 });
let i = 0;
for (const [bytes, latin1] of samples) {
  const text = Buffer.from(bytes).toString(latin1 ? 'latin1' : 'utf8');
  const lines = text.split('\n');
  const t0 = Date.now();
  const sink = { item() {}, reject() {} };
  const p = fmt.create({}); lines.forEach((l, k) => p.line(l, k + 1, sink)); p.end(sink);
  const t1 = Date.now();
  fmt.detect({ lines });
  const t2 = Date.now();
  console.log(i++, bytes.length, latin1, 'parse', t1 - t0, 'detect', t2 - t1);
}
