import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../model.js';
import { readSystemDescription } from './paloalto-system.js';

function read(description: string): LogEvent {
  const event: LogEvent = { format: 'paloalto' };
  readSystemDescription(event, description);
  return event;
}

describe('paloalto SYSTEM descriptions', () => {
  it('takes the client after From:, quoted or not, and the authentication server', () => {
    expect(
      read("authenticated for user 'a'. auth profile 'P', server address '10.1.1.1', From: 203.0.113.5."),
    ).toMatchObject({ sourceIp: '203.0.113.5', destinationIp: '10.1.1.1' });
    expect(
      read('failed authentication for user b. server address 10.1.1.2, From: 203.0.113.6.'),
    ).toMatchObject({ sourceIp: '203.0.113.6', destinationIp: '10.1.1.2' });
  });

  it('reads "user … from ADDR" and "Server Address ADDR" in either case', () => {
    expect(
      read(
        "When authenticating user 'c' from '198.51.100.7', a weak method is used. Server Address '10.0.0.9'",
      ),
    ).toMatchObject({ sourceIp: '198.51.100.7', destinationIp: '10.0.0.9' });
  });

  it('reads ADDR:PORT after "connected to server" and the initiator', () => {
    expect(read('ldap cfg x connected to server 10.2.2.2:636, initiated by: 10.3.3.3')).toEqual({
      format: 'paloalto',
      sourceIp: '10.3.3.3',
      destinationIp: '10.2.2.2',
      destinationPort: 636,
    });
    expect(read('Connection to Update server: updates.example.net completed, initiated by 10.4.4.4')).toEqual(
      {
        format: 'paloalto',
        sourceIp: '10.4.4.4',
      },
    );
  });

  it('reads "connect to address: ADDR port: N", the elected cloud address and a DHCP lease', () => {
    expect(read('Successfully connect to address: 192.0.2.80 port: 3978, conn id: z')).toMatchObject({
      destinationIp: '192.0.2.80',
      destinationPort: 3978,
    });
    expect(read('CLOUD ELECTION: cloud.example.net IP: 192.0.2.81 was elected, measured alive 1.')).toEqual({
      format: 'paloalto',
      destinationIp: '192.0.2.81',
    });
    expect(
      read('DHCP RENEW: interface eth0, ip 10.5.5.5 netmask 255.255.255.0 dhcp server: 10.5.5.1'),
    ).toEqual({
      format: 'paloalto',
      sourceIp: '10.5.5.5',
      destinationIp: '10.5.5.1',
    });
  });

  it("takes a GlobalProtect client's tunnel address as the source, never as a server", () => {
    expect(
      read(
        'GlobalProtect gateway client configuration generated. User name: u, Private IP: 10.70.0.12, Client version: 6.0.',
      ),
    ).toEqual({ format: 'paloalto', sourceIp: '10.70.0.12' });
  });

  it('reads IPv6 peers and skips host names and non-addresses', () => {
    expect(
      read('GlobalProtect portal user authentication succeeded. Login from: 2001:db8::7, Source region: VN'),
    ).toEqual({
      format: 'paloalto',
      sourceIp: '2001:db8::7',
    });
    expect(read("authenticated for user 'a'. server address 'ldap.example.local', From: 10.6.6.6.")).toEqual({
      format: 'paloalto',
      sourceIp: '10.6.6.6',
    });
    expect(read('session resumed connection from IP <x>. Installed contents package: a.tgz')).toEqual({
      format: 'paloalto',
    });
    expect(read('XFrom: 10.7.7.7 vip: 10.8.8.8')).toEqual({ format: 'paloalto' });
  });

  it('never throws and stays bounded on hostile text', () => {
    expect(() => read(`${'from '.repeat(200000)}1.2.3.4`)).not.toThrow();
    expect(read(`${'x'.repeat(5000)} From: 10.9.9.9.`)).toEqual({ format: 'paloalto' });
  });
});
