/**
 * Receives syslog: UDP datagrams (one message each), TCP and TLS streams (octet-counted or
 * newline-framed, see `syslog-framing.ts`). Messages are handed on with the peer's address; the
 * envelope (RFC 3164 or 5424) is read by the log parsers, like in a file written by rsyslog.
 */
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server, type Socket as NetSocket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { SensorLog } from './log.js';
import { SyslogFramer } from './syslog-framing.js';

export type SyslogTransport = 'udp' | 'tcp' | 'tls';

export interface SyslogListenOptions {
  host: string;
  udpPort?: number;
  tcpPort?: number;
  /** PEM certificate and key: the TCP listener speaks TLS (RFC 5425) */
  tls?: { cert: string; key: string };
}

export type SyslogHandler = (transport: SyslogTransport, peer: string, message: string) => void;

export class SyslogListener {
  private udp: Socket | null = null;
  private tcp: Server | null = null;
  private readonly sockets = new Set<NetSocket>();

  constructor(
    private readonly options: SyslogListenOptions,
    private readonly onMessage: SyslogHandler,
    private readonly log: SensorLog,
  ) {}

  /** The ports actually bound (useful with port 0). */
  ports(): { udp: number | null; tcp: number | null } {
    return {
      udp: this.udp ? this.udp.address().port : null,
      tcp: this.tcp ? (this.tcp.address() as AddressInfo).port : null,
    };
  }

  async start(): Promise<void> {
    const { host, udpPort, tcpPort, tls } = this.options;
    if (udpPort !== undefined) {
      const family = host.includes(':') ? 'udp6' : 'udp4';
      const udp = createSocket({ type: family, reuseAddr: true });
      udp.on('message', (data, remote) => {
        for (const message of data.toString('utf8').split('\n')) {
          const text = message.endsWith('\r') ? message.slice(0, -1) : message;
          if (text !== '') this.onMessage('udp', remote.address, text);
        }
      });
      udp.on('error', (error) => this.log.error(`syslog UDP: ${error.message}`));
      await new Promise<void>((resolve, reject) => {
        udp.once('error', reject);
        udp.bind(udpPort, host, () => {
          udp.off('error', reject);
          resolve();
        });
      });
      this.udp = udp;
      this.log.info(`syslog: listening on udp ${host}:${this.ports().udp}`);
    }
    if (tcpPort !== undefined) {
      const transport: SyslogTransport = tls ? 'tls' : 'tcp';
      const onConnection = (socket: NetSocket) => {
        this.sockets.add(socket);
        const peer = socket.remoteAddress ?? 'unknown';
        const framer = new SyslogFramer();
        socket.on('data', (chunk: Buffer) => {
          for (const message of framer.push(chunk)) this.onMessage(transport, peer, message);
        });
        socket.on('end', () => {
          for (const message of framer.end()) this.onMessage(transport, peer, message);
        });
        socket.on('error', (error) => this.log.warn(`syslog ${transport} from ${peer}: ${error.message}`));
        socket.on('close', () => this.sockets.delete(socket));
      };
      const server: Server = tls
        ? createTlsServer({ cert: tls.cert, key: tls.key }, onConnection)
        : createServer(onConnection);
      server.on('error', (error: Error) => this.log.error(`syslog ${transport}: ${error.message}`));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(tcpPort, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      this.tcp = server;
      this.log.info(`syslog: listening on ${transport} ${host}:${this.ports().tcp}`);
    }
  }

  async stop(): Promise<void> {
    const udp = this.udp;
    if (udp) await new Promise<void>((resolve) => udp.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    const tcp = this.tcp;
    if (tcp) await new Promise<void>((resolve) => tcp.close(() => resolve()));
    this.udp = null;
    this.tcp = null;
  }
}
