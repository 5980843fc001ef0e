/**
 * `lamsach sensor` receiving syslog as a real process: RFC 3164 over UDP, RFC 5424 octet-counted
 * and newline-framed over TCP, and over TLS (certificate made with openssl; that part is skipped,
 * visibly, without it). Also: a sensor pinned to another key refuses the server's bundle.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { createHarness, type Harness } from '../support/harness.js';
import { LoopbackServer, seedIndicators, SensorProcess, sensorToken, waitFor } from './sensor-support.js';

const sqlite = backends.find((b) => b.backend.name === 'sqlite')!.backend;
const fast = ['--poll-ms', '20', '--bundle-seconds', '1', '--heartbeat-seconds', '1', '--validity', 'ignore'];

function openssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const hasOpenssl = openssl();
if (!hasOpenssl) console.warn('\n⚠ syslog over TLS test SKIPPED: openssl is not installed\n');

const bind = (n: number) =>
  `client @0x7f62b80115d0 10.1.0.${n}#5353 (s${n}.bad-actor.example): query: s${n}.bad-actor.example IN A + (10.0.0.53)`;

function sendTcp(port: number, payload: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(payload));
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

describe('lamsach sensor receiving syslog (real processes)', () => {
  let h: Harness;
  let server: LoopbackServer;
  let token: string;
  let dir: string;

  beforeAll(async () => {
    h = await createHarness(sqlite, {
      sensors: { silentAfterMinutes: 15, bundlePublishSeconds: 0, keepChangesDays: 14 },
    });
    await seedIndicators(h);
    token = await sensorToken(h);
    server = new LoopbackServer(h);
    await server.start();
    dir = mkdtempSync(path.join(tmpdir(), 'lamsach-syslog-'));
  });
  afterAll(async () => {
    await server?.stop();
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const observed = async () =>
    (await h.services.database.db.selectFrom('detections').select('dns_question_name').execute())
      .map((r) => r.dns_question_name)
      .sort();

  function listeningPorts(output: string): { udp: number; tcp: number } | null {
    const udp = /listening on udp [^:]+:(\d+)/.exec(output)?.[1];
    const tcp = /listening on (?:tcp|tls) [^:]+:(\d+)/.exec(output)?.[1];
    return udp && tcp ? { udp: Number(udp), tcp: Number(tcp) } : null;
  }

  it('reads RFC 3164 over UDP and RFC 5424 over TCP in both framings', async () => {
    const agent = new SensorProcess([
      ...['--server', server.url, '--token', token, '--state-dir', path.join(dir, 'plain')],
      ...['--syslog-host', '127.0.0.1', '--syslog-udp', '0', '--syslog-tcp', '0', ...fast],
    ]);
    agent.start();
    const ports = await waitFor(
      'listeners',
      () => listeningPorts(agent.output),
      (p) => p !== null,
      60_000,
      () => agent.output,
    );
    await waitFor('a bundle', () => /bundle v\d+ \(full\) applied/.test(agent.output), Boolean, 60_000);
    const udp = createSocket('udp4');
    await new Promise<void>((resolve, reject) =>
      udp.send(`<30>Jan  5 08:00:00 dns1 named[123]: ${bind(1)}`, ports!.udp, '127.0.0.1', (e) =>
        e ? reject(e) : resolve(),
      ),
    );
    udp.close();
    const rfc5424 = `<30>1 2026-01-05T08:00:00.000+07:00 dns1 named 123 - - ${bind(2)}`;
    await sendTcp(ports!.tcp, `${Buffer.byteLength(rfc5424)} ${rfc5424}`);
    await sendTcp(
      ports!.tcp,
      `<30>Jan  5 08:00:02 dns1 named[123]: ${bind(3)}\n<30>Jan  5 08:00:03 gw dnsmasq[9]: query[A] s4.bad-actor.example from 10.1.0.4\n`,
    );
    const names = await waitFor(
      '4 detections',
      observed,
      (o) => o.length >= 4,
      60_000,
      () => agent.output,
    );
    expect(names).toEqual([1, 2, 3, 4].map((n) => `s${n}.bad-actor.example`));
    expect(await agent.stop()).toBe(0);
  }, 120_000);

  it.skipIf(!hasOpenssl)(
    'reads syslog over TLS',
    async () => {
      const cert = path.join(dir, 'cert.pem');
      const key = path.join(dir, 'key.pem');
      execFileSync(
        'openssl',
        [
          ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
          ...['-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'],
        ],
        { stdio: 'ignore' },
      );
      const agent = new SensorProcess([
        ...['--server', server.url, '--token', token, '--state-dir', path.join(dir, 'tls')],
        ...['--syslog-host', '127.0.0.1', '--syslog-udp', '0', '--syslog-tcp', '0'],
        ...['--tls-cert', cert, '--tls-key', key, ...fast],
      ]);
      agent.start();
      const ports = await waitFor(
        'listeners',
        () => listeningPorts(agent.output),
        (p) => p !== null,
        60_000,
      );
      expect(agent.output).toMatch(/listening on tls/);
      await waitFor('a bundle', () => /bundle v\d+ \(full\) applied/.test(agent.output), Boolean, 60_000);
      const message = `<30>1 2026-01-05T08:00:05.000+07:00 dns1 named 123 - - ${bind(5)}`;
      await new Promise<void>((resolve, reject) => {
        const socket = tlsConnect(
          {
            host: '127.0.0.1',
            port: ports!.tcp,
            ca: readFileSync(cert),

            checkServerIdentity: () => undefined,
          },
          () => socket.end(`${Buffer.byteLength(message)} ${message}`),
        );
        socket.on('close', () => resolve());
        socket.on('error', reject);
      });
      await waitFor(
        'the TLS detection',
        observed,
        (o) => o.includes('s5.bad-actor.example'),
        60_000,
        () => agent.output,
      );
      expect(await agent.stop()).toBe(0);
    },
    120_000,
  );

  it('refuses a bundle that does not verify with the pinned key, saying so', async () => {
    const wrong = path.join(dir, 'wrong-key.pem');
    writeFileSync(wrong, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    const agent = new SensorProcess([
      ...['--server', server.url, '--token', token, '--state-dir', path.join(dir, 'wrong')],
      ...['--server-key', wrong, '--syslog-host', '127.0.0.1', '--syslog-udp', '0', ...fast],
    ]);
    agent.start();
    await waitFor(
      'the refusal',
      () => agent.output,
      (o) =>
        /refused the bundle from the server: signature does not verify with the pinned key [0-9a-f]{16}; no bundle yet/.test(
          o,
        ),
      60_000,
    );
    expect(agent.output).not.toMatch(/applied/);
    expect(await agent.stop()).toBe(0);
  }, 120_000);
});
