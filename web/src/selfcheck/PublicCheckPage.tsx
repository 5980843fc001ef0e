// "Máy của tôi có bị nhiễm mã độc không?": the visitor's own address against recent reports,
// what the malware does and how to clean it, and whether the browser and system are up to date.
import { ErrorBox, Loading } from '../components/common.js';
import { hostsApi } from '../hosts/api.js';
import type { PublicCheck, SoftwareVerdict } from '../hosts/types.js';
import { useT } from '../i18n/index.js';
import { useLoad } from '../useLoad.js';

interface UaData {
  getHighEntropyValues?: (hints: string[]) => Promise<Record<string, unknown>>;
}

/** Client hints from the browser's own API; headers alone lack the platform version. */
async function clientHints(): Promise<Record<string, string>> {
  const data = (navigator as Navigator & { userAgentData?: UaData }).userAgentData;
  if (!data?.getHighEntropyValues) return {};
  try {
    const v = await data.getHighEntropyValues(['platform', 'platformVersion', 'fullVersionList']);
    const out: Record<string, string> = {};
    if (typeof v.platform === 'string') out.platform = v.platform;
    if (typeof v.platformVersion === 'string') out.platformVersion = v.platformVersion;
    if (Array.isArray(v.fullVersionList))
      out.fullVersionList = (v.fullVersionList as { brand: string; version: string }[])
        .map((b) => `"${b.brand}";v="${b.version}"`)
        .join(', ');
    return out;
  } catch {
    return {};
  }
}

export function PublicCheckPage() {
  const { t } = useT();
  const result = useLoad(async (signal) => hostsApi.publicCheck(await clientHints(), signal), []);
  return (
    <div className="page narrow-wide">
      <h1>{t('selfcheck.title')}</h1>
      <p className="muted">{t('selfcheck.intro')}</p>
      {result.error ? (
        <ErrorBox error={result.error} testId="selfcheck-error" />
      ) : result.loading || !result.data ? (
        <Loading />
      ) : (
        <CheckView result={result.data} />
      )}
    </div>
  );
}

function CheckView({ result }: { result: PublicCheck }) {
  const { t, lang, formatDateTime, formatNumber } = useT();
  return (
    <>
      <section
        className={`verdict verdict-${result.listed ? 'danger' : 'ok'}`}
        data-testid="selfcheck-verdict"
        data-listed={result.listed ? 'yes' : 'no'}
        aria-live="polite"
      >
        <p className="verdict-text">
          {result.listed
            ? t('selfcheck.listed', { ip: result.ip })
            : t('selfcheck.notListed', { ip: result.ip, days: result.lookbackDays })}
        </p>
      </section>
      {result.findings.map((f) => (
        <section key={f.family ?? ''} className="card finding" data-testid="selfcheck-finding">
          <h2>{f.info?.name ?? f.family ?? t('selfcheck.unknownFamily')}</h2>
          <p className="small">
            {t('selfcheck.seen', {
              first: formatDateTime(f.firstSeen),
              last: formatDateTime(f.lastSeen),
              count: formatNumber(f.sightings),
            })}
          </p>
          {f.info ? (
            <>
              <h3>{t('selfcheck.whatItDoes')}</h3>
              <p data-testid="selfcheck-description">
                {lang === 'vi' ? f.info.descriptionVi : f.info.descriptionEn}
              </p>
              <h3>{t('selfcheck.howToClean')}</h3>
              <p data-testid="selfcheck-cleanup">{lang === 'vi' ? f.info.cleanupVi : f.info.cleanupEn}</p>
            </>
          ) : (
            <p>{t('selfcheck.noFamilyInfo')}</p>
          )}
        </section>
      ))}
      <section className="card">
        <h2>{t('selfcheck.software')}</h2>
        <ul className="software-list">
          <SoftwareLine label={t('selfcheck.browser')} v={result.browser} testId="selfcheck-browser" />
          <SoftwareLine label={t('selfcheck.os')} v={result.os} testId="selfcheck-os" />
        </ul>
      </section>
      {result.tools.length > 0 && (
        <section className="card">
          <h2>{t('selfcheck.tools')}</h2>
          <ul className="tool-list" data-testid="selfcheck-tools">
            {result.tools.map((tool) => (
              <li key={tool.id}>
                <a href={tool.url} rel="noopener noreferrer" target="_blank">
                  {tool.name}
                </a>
                {(lang === 'vi' ? tool.descriptionVi : tool.descriptionEn) && (
                  <span className="muted"> — {lang === 'vi' ? tool.descriptionVi : tool.descriptionEn}</span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function SoftwareLine({ label, v, testId }: { label: string; v: SoftwareVerdict; testId: string }) {
  const { t } = useT();
  const name =
    v.name === 'unknown' ? t('selfcheck.unknownSoftware') : `${v.name}${v.version ? ` ${v.version}` : ''}`;
  const verdict =
    v.verdict === 'outdated'
      ? t('selfcheck.outdated', { current: v.currentVersion ?? '—' })
      : v.verdict === 'current'
        ? t('selfcheck.current')
        : t('selfcheck.unknownVersion');
  return (
    <li data-testid={testId} data-verdict={v.verdict}>
      <strong>{label}:</strong> {name} — <span className={`sw-${v.verdict}`}>{verdict}</span>
    </li>
  );
}
