import { describe, expect, it } from 'vitest';
import { listFormats } from './model.js';
import { snippetsFor } from './snippets.js';

const url = 'https://lamsach.example/feeds/d/lsk_x/bl.txt';

describe('device snippets', () => {
  it('every format has a download snippet and the URL in each snippet', () => {
    for (const format of listFormats) {
      const snippets = snippetsFor(format, url, 'bl', 'Danh sách');
      expect(snippets.at(-1)!.device).toBe('download');
      for (const s of snippets) expect(s.text).toContain(url);
    }
  });

  it('FortiGate external resource of the right type', () => {
    const [fg] = snippetsFor('fortigate-domain', url, 'bl', 'Danh "sách"');
    expect(fg!.text).toBe(
      [
        'config system external-resource',
        '    edit "lamsach-bl"',
        '        set type domain',
        `        set resource "${url}"`,
        '        set refresh-rate 60',
        `        set comments "lamsach: Danh 'sách'"`,
        '    next',
        'end',
      ].join('\n'),
    );
    expect(snippetsFor('fortigate-url', url, 'bl', 'x')[0]!.text).toContain(
      'set type category\n        set category 192',
    );
  });

  it('RPZ gets BIND, Unbound and PowerDNS; set names match the rendered lists', () => {
    expect(snippetsFor('rpz', url, 'bl', 'x').map((s) => s.device)).toEqual([
      'bind',
      'unbound',
      'powerdns',
      'download',
    ]);
    expect(snippetsFor('rpz', url, 'bl', 'x')[0]!.text).toContain(
      'response-policy { zone "lamsach-bl.rpz"; };',
    );
    expect(snippetsFor('ipset', url, 'bl', 'x')[0]!.text).toContain('--match-set ls-bl-v4 dst -j DROP');
    expect(snippetsFor('nftables', url, 'my-list', 'x')[0]!.text).toContain('ip daddr @my_list_v4 drop');
    expect(snippetsFor('mikrotik', url, 'bl', 'x')[0]!.text).toContain('/import file-name=lamsach-bl.rsc');
    expect(snippetsFor('paloalto-domain', url, 'bl', 'x')[0]!.text).toContain('expand-domain yes');
    expect(snippetsFor('zeek-intel', url, 'bl', 'x')[0]!.text).toContain('redef Intel::read_files += {');
  });
});
