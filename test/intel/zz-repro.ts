import { feedFormat } from '../../src/intel/feeds/registry.js';
const sink = { item: (i: unknown) => console.log('item', JSON.stringify(i)), reject: (r: unknown) => console.log('rej', JSON.stringify(r).slice(0,200)) };
for (const l of ['\ufeff', 'a\ufeff', '\u00a0 CNAME .', '\ufeff CNAME .', ')\ufeff",']) { const p = feedFormat('rpz')!.create({}); console.log(JSON.stringify(l)); p.line(l, 1, sink); p.end(sink); }
for (const d of [2050, 5000, 20000]) {
const f = feedFormat('fraunhofer-dga')!.create({});
try { f.line('{"objects":['.repeat(d) + '1' + ']}'.repeat(d), 1, sink); f.end(sink); } catch (e) { console.log('fraunhofer threw', d, String(e)); }
}
const t0 = Date.now();
const m = feedFormat('misp-event')!.create({});
m.line('[]', 1, sink); m.end(sink); console.log('misp ok', Date.now()-t0);
