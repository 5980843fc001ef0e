/**
 * `lamsach sensor`: the sensor agent beside a unit's logs (see docs/SENSOR.md). Runs until
 * SIGTERM/SIGINT; everything it must not lose is in the state directory.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { Option } from 'commander';
import { createLogger } from '../app/logger.js';
import { logFormat } from '../detection/logs/registry.js';
import { defaultParseContext } from '../detection/model.js';
import { SensorAgent } from '../sensor/agent.js';
import { CliErrorLike } from './errors.js';
import { withRuntime } from './runtime-options.js';
import { parseUtcOffset } from './scan-command.js';

interface SensorCliOptions {
  server: string;
  token?: string;
  tokenFile?: string;
  follow: string[];
  syslogUdp?: string;
  syslogTcp?: string;
  syslogHost: string;
  tlsCert?: string;
  tlsKey?: string;
  stateDir: string;
  serverKey?: string;
  logFormat?: string;
  utcOffset?: string;
  validity: 'strict' | 'ignore';
  fromEnd?: boolean;
  pollMs: string;
  bundleSeconds: string;
  heartbeatSeconds: string;
  uploadBatch: string;
  retryMinMs: string;
  retryMaxMs: string;
  logLevel: string;
}

function positive(name: string, text: string, min = 1): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < min) throw new CliErrorLike(`${name} ${text}: expected a number ≥ ${min}`);
  return n;
}

function port(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new CliErrorLike(`${name} ${text}: not a port number`);
  return n;
}

function readText(name: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliErrorLike(`${name} ${file}: ${(error as Error).message}`);
  }
}

export function registerSensorCommand(program: Command): void {
  program
    .command('sensor-key')
    .description("print the server's bundle signing key (PEM) for sensors to pin with --server-key")
    .action(async (_options: unknown, command: Command) => {
      await withRuntime(command, async ({ services }) => {
        const key = await services.fleet.keys.publicKey();
        process.stderr.write(`key id ${key.keyId} (Ed25519, created ${key.createdAt})\n`);
        process.stdout.write(key.publicKeyPem);
      });
    });
  program
    .command('sensor')
    .description('run a sensor: follow log files and/or receive syslog, match locally, upload detections')
    .addOption(
      new Option('--server <url>', 'the lamsach server').env('LAMSACH_SENSOR_SERVER').makeOptionMandatory(),
    )
    .addOption(new Option('--token <token>', 'API token of purpose "sensor"').env('LAMSACH_SENSOR_TOKEN'))
    .option('--token-file <file>', 'read the token from this file (keeps it out of the process list)')
    .option('--follow <file...>', 'log files to follow (survives rotation and truncation)', [])
    .option('--syslog-udp <port>', 'receive syslog on this UDP port')
    .option('--syslog-tcp <port>', 'receive syslog on this TCP port (TLS with --tls-cert/--tls-key)')
    .option('--syslog-host <address>', 'address the syslog listeners bind to', '0.0.0.0')
    .option('--tls-cert <file>', 'PEM certificate for syslog over TLS')
    .option('--tls-key <file>', 'PEM private key for syslog over TLS')
    .addOption(
      new Option('--state-dir <dir>', 'queue, offsets and bundles')
        .env('LAMSACH_SENSOR_STATE_DIR')
        .default('./sensor-state'),
    )
    .option(
      '--server-key <file>',
      "the server's bundle signing key (PEM); without it, pinned on first contact",
    )
    .option('--log-format <id>', 'read every source with this format (default: detected per file / peer)')
    .option('--utc-offset <offset>', 'time zone of log times without one (default +07:00)')
    .addOption(
      new Option('--validity <mode>', 'indicator validity').choices(['strict', 'ignore']).default('strict'),
    )
    .option('--from-end', 'start files seen for the first time at their end instead of their start')
    .option('--poll-ms <ms>', 'how often files are checked for new lines', '250')
    .option('--bundle-seconds <s>', 'how often the bundle is refreshed', '300')
    .option('--heartbeat-seconds <s>', 'how often a heartbeat is sent', '60')
    .option('--upload-batch <n>', 'detections per upload', '200')
    .option('--retry-min-ms <ms>', 'first wait after a failed call to the server', '1000')
    .option('--retry-max-ms <ms>', 'longest wait between retries', '300000')
    .addOption(new Option('--log-level <level>', 'log level').env('LAMSACH_LOG_LEVEL').default('info'))
    .action(async (options: SensorCliOptions) => {
      const token = options.tokenFile ? readText('--token-file', options.tokenFile).trim() : options.token;
      if (!token)
        throw new CliErrorLike('a sensor token is needed: --token, --token-file or LAMSACH_SENSOR_TOKEN');
      if (options.logFormat !== undefined && !logFormat(options.logFormat))
        throw new CliErrorLike(
          `unknown log format "${options.logFormat}" (see \`lamsach scan --list-formats\`)`,
        );
      if ((options.tlsCert === undefined) !== (options.tlsKey === undefined))
        throw new CliErrorLike('--tls-cert and --tls-key go together');
      const udpPort = port('--syslog-udp', options.syslogUdp);
      const tcpPort = port('--syslog-tcp', options.syslogTcp);
      if (options.follow.length === 0 && udpPort === undefined && tcpPort === undefined)
        throw new CliErrorLike('nothing to read: give --follow FILE and/or --syslog-udp/--syslog-tcp PORT');
      const context = defaultParseContext();
      if (options.utcOffset !== undefined) context.utcOffsetMinutes = parseUtcOffset(options.utcOffset);
      const level = options.logLevel as 'info';
      const logger = createLogger({ logLevel: level }, process.stderr.isTTY);
      const agent = new SensorAgent(
        {
          server: options.server,
          token,
          stateDir: options.stateDir,
          follow: options.follow,
          syslog:
            udpPort === undefined && tcpPort === undefined
              ? null
              : {
                  host: options.syslogHost,
                  ...(udpPort === undefined ? {} : { udpPort }),
                  ...(tcpPort === undefined ? {} : { tcpPort }),
                  ...(options.tlsCert && options.tlsKey
                    ? {
                        tls: {
                          cert: readText('--tls-cert', options.tlsCert),
                          key: readText('--tls-key', options.tlsKey),
                        },
                      }
                    : {}),
                },
          serverKeyPem: options.serverKey ? readText('--server-key', options.serverKey) : null,
          validity: options.validity,
          context,
          ...(options.logFormat === undefined ? {} : { format: options.logFormat }),
          fromEnd: options.fromEnd === true,
          hostname: hostname(),
          version: '0.1.0',
          pollMs: positive('--poll-ms', options.pollMs, 10),
          bundleSeconds: positive('--bundle-seconds', options.bundleSeconds, 0.1),
          heartbeatSeconds: positive('--heartbeat-seconds', options.heartbeatSeconds, 0.1),
          uploadBatch: Math.min(500, positive('--upload-batch', options.uploadBatch)),
          retryMinMs: positive('--retry-min-ms', options.retryMinMs, 10),
          retryMaxMs: positive('--retry-max-ms', options.retryMaxMs, 10),
        },
        {
          info: (m) => logger.info(m),
          warn: (m) => logger.warn(m),
          error: (m) => logger.error(m),
        },
      );
      await agent.start();
      const ports = agent.syslogPorts;
      logger.info(
        `sensor running: ${options.follow.length} file(s)` +
          (ports.udp !== null ? `, syslog udp ${ports.udp}` : '') +
          (ports.tcp !== null ? `, syslog tcp ${ports.tcp}` : ''),
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
      logger.info('stopping: flushing state');
      await agent.stop();
    });
}
