import { describe, expect, it } from 'vitest';
import { etBotccFormat } from './suricata-ip-rules.js';
import { corpusLines, crlf, run } from './test-support/run.js';

const rules = `# Emerging Threats botcc test
#alert ip $HOME_NET any -> [192.0.2.99] any (msg:"disabled"; sid:1;)

alert ip $HOME_NET any -> [192.0.2.1,198.51.100.0/24,!192.0.2.2] any (msg:"ET CNC Feodo Tracker Reported CnC Server group 1"; reference:url,feodotracker.abuse.ch; sid:2404301; rev:2; metadata:created_at 2019_01_01, updated_at 2024_03_05;)
alert ip [203.0.113.5] any -> $HOME_NET any (msg:"ET DROP Spamhaus DROP Listed Traffic Inbound group 7"; sid:2400006; rev:1;)
alert tcp $HOME_NET any -> $EXTERNAL_NET 80 (msg:"ET TROJAN content rule"; content:"x"; sid:3;)
alert ip $HOME_NET any -> [192.0.2.3,not-an-ip] any (msg:"ET CNC test group 2"; sid:4;)
garbage line
`;

describe('et-botcc', () => {
  it('emits every listed address with the rule message as description', () => {
    const { items } = run(etBotccFormat, crlf(rules));
    expect(items).toEqual([
      {
        line: 4,
        value: '192.0.2.1',
        threatType: 'c2',
        family: 'Feodo',
        description: 'ET CNC Feodo Tracker Reported CnC Server',
        lastSeen: '2024-03-05T00:00:00.000Z',
        tags: ['sid:2404301'],
      },
      {
        line: 4,
        value: '198.51.100.0/24',
        threatType: 'c2',
        family: 'Feodo',
        description: 'ET CNC Feodo Tracker Reported CnC Server',
        lastSeen: '2024-03-05T00:00:00.000Z',
        tags: ['sid:2404301'],
      },
      {
        line: 5,
        value: '203.0.113.5',
        threatType: 'blocklist',
        description: 'ET DROP Spamhaus DROP Listed Traffic Inbound',
        tags: ['sid:2400006'],
      },
      { line: 7, value: '192.0.2.3', threatType: 'c2', description: 'ET CNC test', tags: ['sid:4'] },
    ]);
  });

  it('rejects content rules, bad list entries and non-rules with reasons', () => {
    const { rejections } = run(etBotccFormat, rules);
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([
      [6, 'the rule matches no listed address (only variables such as $HOME_NET); it is not an IP-list rule'],
      [7, 'the address list holds 1 entry that is not an address or network (first: "not-an-ip")'],
      [8, 'not a rule of the form "action proto src port -> dst port (options)"'],
    ]);
  });

  it('takes the threat type from the file name when the message says nothing', () => {
    const rule = 'alert ip [192.0.2.1] any -> $HOME_NET any (msg:"Some list group 1"; sid:5;)';
    expect(run(etBotccFormat, rule, { name: 'compromised.rules' }).items[0]!.threatType).toBe('compromised');
    expect(run(etBotccFormat, rule, { defaultThreatType: 'spam' }).items[0]!.threatType).toBe('spam');
  });

  const botcc = corpusLines('feeds/emergingthreats_botcc/botcc.rules');
  it.skipIf(botcc === null)('reads the ET botcc.rules sample', () => {
    const { items, rejections } = run(etBotccFormat, botcc!, { name: 'botcc.rules' });
    expect(rejections).toEqual([]);
    expect(items).toHaveLength(40);
    expect(items[0]).toMatchObject({
      value: '104.143.5.144',
      threatType: 'c2',
      description: 'ET CNC Shadowserver Reported CnC Server IP',
      lastSeen: '2021-05-12T00:00:00.000Z',
    });
    expect(etBotccFormat.detect({ name: 'botcc.rules', lines: botcc!.slice(0, 200) })).toBe(1);
  });

  const drop = corpusLines('feeds/emergingthreats_botcc/drop.rules');
  it.skipIf(drop === null)('reads the ET drop.rules sample', () => {
    const { items, rejections } = run(etBotccFormat, drop!, { name: 'drop.rules' });
    expect(rejections).toEqual([]);
    expect(items).toHaveLength(400);
    expect(items[0]).toMatchObject({ value: '2.59.200.0/22', threatType: 'blocklist' });
  });
});
