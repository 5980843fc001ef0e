import { describe, expect, it } from 'vitest';
import { SyslogFramer } from './syslog-framing.js';

const rfc5424 = '<134>1 2026-01-05T08:00:00.000+07:00 fw1 app - - - hello world';
const rfc3164 = '<134>Jan  5 08:00:00 fw1 named[12]: query: evil.example IN A';

describe('syslog stream framing', () => {
  it('reads octet-counted frames, also split across chunks and with newlines inside', () => {
    const framer = new SyslogFramer();
    const withNewline = `${rfc3164}\nsecond line of the same message`;
    const wire = Buffer.from(
      `${Buffer.byteLength(rfc5424)} ${rfc5424}${Buffer.byteLength(withNewline)} ${withNewline}`,
    );
    const out = [
      ...framer.push(wire.subarray(0, 7)),
      ...framer.push(wire.subarray(7, 80)),
      ...framer.push(wire.subarray(80)),
    ];
    expect(out).toEqual([rfc5424, withNewline]);
    expect(framer.end()).toEqual([]);
  });

  it('reads newline and NUL framing, CRLF, and a last message without a newline at close', () => {
    const framer = new SyslogFramer();
    expect(
      framer.push(Buffer.from(`${rfc3164}\r\n${rfc5424}\0<13>Jan  5 08:00:01 h t: x\n<13>tail`)),
    ).toEqual([rfc3164, rfc5424, '<13>Jan  5 08:00:01 h t: x']);
    expect(framer.end()).toEqual(['<13>tail']);
  });

  it('mixes both framings, counts bytes not characters, and reads a digit-led line without a length as a line', () => {
    const framer = new SyslogFramer();
    const vietnamese = '<14>Jan  5 08:00:00 h t: Sở Thông tin';
    const out = framer.push(
      Buffer.from(`${Buffer.byteLength(vietnamese)} ${vietnamese}${rfc3164}\n2026-01-05 plain line\n`),
    );
    expect(out).toEqual([vietnamese, rfc3164, '2026-01-05 plain line']);
  });
});
