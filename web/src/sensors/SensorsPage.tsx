// Sensors of the caller's subtree: last contact, version, bundle age, lines/s and lines not
// understood; a sensor silent for longer than the server's threshold is flagged in red with text.
import { useEffect, useState } from 'react';
import { api } from '../api.js';
import { Badge, ErrorBox, Loading, Notice } from '../components/common.js';
import { useT } from '../i18n/index.js';
import type { SensorView } from '../types.js';
import { useLoad } from '../useLoad.js';

/** Seconds as "3 phút" / "2 giờ 5 phút" / "4 ngày" in the current language. */
export function useDuration(): (seconds: number) => string {
  const { t } = useT();
  return (seconds) => {
    if (seconds < 60) return t('sensors.seconds', { n: Math.round(seconds) });
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) return t('sensors.minutes', { n: minutes });
    const hours = Math.floor(minutes / 60);
    if (hours < 48) return t('sensors.hours', { h: hours, m: minutes % 60 });
    return t('sensors.days', { n: Math.floor(hours / 24) });
  };
}

export function SensorsPage() {
  const { t, formatDateTime, formatNumber } = useT();
  const duration = useDuration();
  const sensors = useLoad((signal) => api.sensors(signal), []);
  const { reload } = sensors;
  // Silence is a matter of time: refresh every half minute.
  useEffect(() => {
    const timer = window.setInterval(reload, 30_000);
    return () => window.clearInterval(timer);
  }, [reload]);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => setNow(Date.now()), [sensors.data]);

  const data = sensors.data;
  const silent = data?.items.filter((s) => s.silent && !s.revoked) ?? [];

  return (
    <div className="page">
      <h1>{t('sensors.title')}</h1>
      <p className="muted">{t('sensors.intro')}</p>
      {sensors.error ? (
        <ErrorBox error={sensors.error} />
      ) : !data ? (
        <Loading />
      ) : (
        <>
          {silent.length > 0 && (
            <div data-testid="sensors-silent-warning">
              <Notice kind="warning">
                {t('sensors.silentWarning', { count: silent.length, minutes: data.silentAfterMinutes })}
              </Notice>
            </div>
          )}
          {data.items.length === 0 ? (
            <p className="muted" data-testid="sensors-empty">
              {t('sensors.empty')}
            </p>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="sensors-table">
                <thead>
                  <tr>
                    <th scope="col">{t('sensors.name')}</th>
                    <th scope="col">{t('sensors.organisation')}</th>
                    <th scope="col">{t('sensors.status')}</th>
                    <th scope="col">{t('sensors.lastContact')}</th>
                    <th scope="col">{t('sensors.version')}</th>
                    <th scope="col">{t('sensors.bundle')}</th>
                    <th scope="col">{t('sensors.linesPerSecond')}</th>
                    <th scope="col">{t('sensors.notUnderstood')}</th>
                    <th scope="col">{t('sensors.files')}</th>
                    <th scope="col">{t('sensors.queue')}</th>
                    <th scope="col">{t('sensors.uploaded')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((s: SensorView) => {
                    const ago = Math.max(0, Math.round((now - Date.parse(s.lastContactAt)) / 1000));
                    return (
                      <tr
                        key={s.id}
                        data-testid={`sensor-row-${s.id}`}
                        className={s.revoked ? 'row-inactive' : s.silent ? 'row-silent' : undefined}
                      >
                        <td>
                          {s.name}
                          {s.hostname && <div className="muted mono">{s.hostname}</div>}
                        </td>
                        <td>
                          {s.organisation.name} <span className="mono muted">({s.organisation.code})</span>
                        </td>
                        <td>
                          {s.revoked ? (
                            <Badge tone="ended">{t('sensors.revoked')}</Badge>
                          ) : s.silent ? (
                            <Badge
                              tone="danger"
                              title={t('sensors.silentTitle', { minutes: data.silentAfterMinutes })}
                            >
                              {t('sensors.silentFor', { duration: duration(s.silentForSeconds) })}
                            </Badge>
                          ) : (
                            <Badge tone="ok">{t('sensors.ok')}</Badge>
                          )}
                        </td>
                        <td>
                          {formatDateTime(s.lastContactAt)}
                          <div className="muted">{t('sensors.ago', { duration: duration(ago) })}</div>
                        </td>
                        <td className="mono">{s.version ?? '—'}</td>
                        <td>
                          {s.bundleVersion === null ? (
                            '—'
                          ) : (
                            <>
                              v{s.bundleVersion}
                              {s.bundleAgeSeconds !== null && (
                                <div className="muted">
                                  {t('sensors.bundleAge', { duration: duration(s.bundleAgeSeconds) })}
                                </div>
                              )}
                            </>
                          )}
                        </td>
                        <td className="num">
                          {s.linesPerSecond === null ? '—' : formatNumber(s.linesPerSecond)}
                        </td>
                        <td className="num">
                          {s.linesNotUnderstood === null ? '—' : formatNumber(s.linesNotUnderstood)}
                        </td>
                        <td className="num">{s.filesFollowed ?? '—'}</td>
                        <td className="num">{s.queueLength === null ? '—' : formatNumber(s.queueLength)}</td>
                        <td className="num">{formatNumber(s.detectionsUploaded)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}
