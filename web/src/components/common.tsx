// Small building blocks shared by the pages.
import { useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { isApiError } from '../api.js';
import type { ErrorDetail } from '../api.js';
import { useT } from '../i18n/index.js';
import type { MessageKey } from '../i18n/index.js';

/** An error raised by the UI itself before anything is sent (holds a message key). */
export class InputError extends Error {
  readonly key: MessageKey;
  constructor(key: MessageKey) {
    super(key);
    this.name = 'InputError';
    this.key = key;
  }
}

/** A translated sentence for any error, including the UI's own InputError. */
export function useErrorText(): (error: unknown) => string {
  const { t, errorText } = useT();
  return (error: unknown) => (error instanceof InputError ? t(error.key) : errorText(error));
}

/**
 * A block that explains an error: the translated sentence, the server's own words
 * when they add something, and any details not already shown next to a field.
 */
export function ErrorBox({
  error,
  details,
  testId,
}: {
  error: unknown;
  /** Details to list; defaults to all of the error's details. */
  details?: ErrorDetail[];
  testId?: string;
}) {
  const { errorServerText } = useT();
  const text = useErrorText();
  if (!error) return null;
  const list = details ?? (isApiError(error) ? error.details : []);
  const server = list.length === 0 ? errorServerText(error) : null;
  return (
    <div className="error-box" role="alert" data-testid={testId}>
      <p>{text(error)}</p>
      {server && <p className="error-server">{server}</p>}
      {list.length > 0 && (
        <ul>
          {list.map((d, i) => (
            <li key={i}>{d.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The message shown under one input; pair its id with the input's aria-describedby. */
export function FieldError({ id, message }: { id: string; message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {message}
    </p>
  );
}

export function Notice({
  children,
  kind = 'info',
}: {
  children: ReactNode;
  kind?: 'info' | 'success' | 'warning';
}) {
  return (
    <div className={`notice notice-${kind}`} role={kind === 'success' ? 'status' : undefined}>
      {children}
    </div>
  );
}

export function Loading() {
  const { t } = useT();
  return (
    <p className="loading" role="status" aria-live="polite">
      {t('app.loading')}
    </p>
  );
}

/** Copies text to the clipboard, also where the Clipboard API is unavailable (plain-HTTP intranets). */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the legacy way
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

export function CopyButton({ text, testId }: { text: string; testId?: string }) {
  const { t } = useT();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), 2500);
    return () => window.clearTimeout(timer);
  }, [state]);
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        data-testid={testId}
        onClick={async () => setState((await copyText(text)) ? 'copied' : 'failed')}
      >
        {state === 'copied' ? t('common.copied') : t('common.copy')}
      </button>
      <span className="sr-live" role="status" aria-live="polite">
        {state === 'failed' ? t('common.copyFailed') : state === 'copied' ? t('common.copied') : ''}
      </span>
    </>
  );
}

/** A secret (one-time password, API token) shown once, with a copy button and a dismiss button. */
export function SecretPanel({
  title,
  note,
  secret,
  doneLabel,
  onDone,
  testId,
}: {
  title: string;
  note: string;
  secret: string;
  doneLabel: string;
  onDone: () => void;
  testId: string;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section className="secret-panel" aria-labelledby={`${testId}-title`} data-testid={`${testId}-panel`}>
      <h3 id={`${testId}-title`} tabIndex={-1} ref={headingRef}>
        {title}
      </h3>
      <p>{note}</p>
      <div className="secret-row">
        <code className="secret" data-testid={testId}>
          {secret}
        </code>
        <CopyButton text={secret} testId={`${testId}-copy`} />
      </div>
      <button type="button" className="btn" onClick={onDone}>
        {doneLabel}
      </button>
    </section>
  );
}

/**
 * A button that asks again before doing something that cannot be undone.
 * The first click shows the question with a confirm and a cancel button.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  danger = true,
  small = true,
  testId,
}: {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => Promise<void> | void;
  danger?: boolean;
  small?: boolean;
  testId?: string;
}) {
  const { t } = useT();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const questionId = useId();
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);
  const size = small ? ' btn-small' : '';
  if (!asking) {
    return (
      <button
        type="button"
        className={`btn${size}${danger ? ' btn-danger-outline' : ''}`}
        data-testid={testId}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-describedby={questionId}>
      <span id={questionId} className="confirm-question">
        {question}
      </span>
      <button
        ref={confirmRef}
        type="button"
        className={`btn${size}${danger ? ' btn-danger' : ' btn-primary'}`}
        disabled={busy}
        data-testid={testId ? `${testId}-confirm` : undefined}
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className={`btn${size}`} disabled={busy} onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </button>
    </span>
  );
}

export function Badge({
  children,
  tone = 'neutral',
  title,
}: {
  children: ReactNode;
  tone?: string;
  title?: string;
}) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

/** The local calendar day as 'YYYY-MM-DD'. */
export function todayIso(): string {
  const d = new Date();
  const mm = String(d.getMonth() + 1).padStart(2, '0');
  const dd = String(d.getDate()).padStart(2, '0');
  return `${d.getFullYear()}-${mm}-${dd}`;
}
