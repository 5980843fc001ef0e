import { feedFormat } from '../../src/intel/feeds/registry.js';
const sink = { item: (i: unknown) => console.log('item', JSON.stringify(i)), reject: (r: unknown) => console.log('rej', JSON.stringify(r)) };
for (const l of ['%\ufeff', '0.0.0.0 ,digger.example\ufeff', '0.0.0.0 a.example \u00a0', '\u00a0']) { const p = feedFormat('hosts')!.create({}); console.log(JSON.stringify(l)); p.line(l, 1, sink); p.end(sink); }
