import { feedFormats } from '../../src/intel/feeds/registry.js';
for (const d of [2400, 10000, 20000]) {
  const inputs = [
    `${'{"objects":['.repeat(d)}1${']}'.repeat(d)}`,
    `${'['.repeat(d)}${']'.repeat(d)}`,
    `${'{"Event":'.repeat(d)}1${'}'.repeat(d)}`,
    `{"Event":{"Attribute":${'['.repeat(d)}${']'.repeat(d)}}}`,
  ];
  for (const fmt of feedFormats)
    for (const input of inputs) {
      const sink = {
        item() {},
        reject(r: { reason: string }) {
          if (/Maximum|Cannot|is not/.test(r.reason))
            console.log(d, fmt.id, input.slice(0, 15), r.reason.slice(0, 120));
        },
      };
      try {
        const p = fmt.create({});
        p.line(input, 1, sink);
        p.end(sink);
      } catch (e) {
        console.log('THREW', d, fmt.id, String(e).slice(0, 100));
      }
    }
}
