// Labelled form controls with their hint and error wired up for screen readers.
import { useId } from 'react';
import type { HTMLInputTypeAttribute, ReactNode } from 'react';

interface FieldBase {
  label: string;
  error?: string | null;
  /** Further lines under the error (e.g. the server's details). */
  errorDetails?: string[];
  hint?: ReactNode;
  required?: boolean;
  disabled?: boolean;
  testId?: string;
  className?: string;
  /** Fixed id for the control; by default a generated one. */
  id?: string;
}

function describedBy(hintId: string, errorId: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? hintId : null, error ? errorId : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** The label holds only the text (so tests and assistive tech match it exactly); the required mark sits beside it. */
function FieldLabel({ htmlFor, label, required }: { htmlFor: string; label: string; required?: boolean }) {
  return (
    <span className="field-label">
      <label htmlFor={htmlFor}>{label}</label>
      {required && (
        <span className="required" aria-hidden="true">
          *
        </span>
      )}
    </span>
  );
}

function FieldMessages({
  hintId,
  errorId,
  hint,
  error,
  errorDetails,
}: {
  hintId: string;
  errorId: string;
  hint?: ReactNode;
  error?: string | null;
  errorDetails?: string[];
}) {
  return (
    <>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <div id={errorId} className="field-error" role="alert">
          <p>{error}</p>
          {errorDetails && errorDetails.length > 0 && (
            <ul>
              {errorDetails.map((d, i) => (
                <li key={i}>{d}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </>
  );
}

export function TextField({
  label,
  value,
  onChange,
  error,
  errorDetails,
  hint,
  required,
  disabled,
  testId,
  className,
  id: fixedId,
  type = 'text',
  placeholder,
  autoComplete,
  inputMode,
  autoFocus,
  maxLength,
  spellCheck,
}: FieldBase & {
  value: string;
  onChange: (value: string) => void;
  type?: HTMLInputTypeAttribute;
  placeholder?: string;
  autoComplete?: string;
  inputMode?: 'text' | 'numeric' | 'decimal' | 'email' | 'tel' | 'url' | 'search';
  autoFocus?: boolean;
  maxLength?: number;
  spellCheck?: boolean;
}) {
  const generated = useId();
  const id = fixedId ?? generated;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <FieldLabel htmlFor={id} label={label} required={required} />
      <input
        id={id}
        type={type}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required={required}
        disabled={disabled}
        placeholder={placeholder}
        autoComplete={autoComplete}
        inputMode={inputMode}
        autoFocus={autoFocus}
        maxLength={maxLength}
        spellCheck={spellCheck}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hintId, errorId, hint, error)}
        data-testid={testId}
      />
      <FieldMessages
        hintId={hintId}
        errorId={errorId}
        hint={hint}
        error={error}
        errorDetails={errorDetails}
      />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField({
  label,
  value,
  onChange,
  options,
  placeholder,
  error,
  errorDetails,
  hint,
  required,
  disabled,
  testId,
  className,
  id: fixedId,
}: FieldBase & {
  value: string;
  onChange: (value: string) => void;
  options: Option[];
  /** A first, empty option. */
  placeholder?: string;
}) {
  const generated = useId();
  const id = fixedId ?? generated;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <FieldLabel htmlFor={id} label={label} required={required} />
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required={required}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hintId, errorId, hint, error)}
        data-testid={testId}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldMessages
        hintId={hintId}
        errorId={errorId}
        hint={hint}
        error={error}
        errorDetails={errorDetails}
      />
    </div>
  );
}

export function CheckboxField({
  label,
  checked,
  onChange,
  disabled,
  testId,
  id: fixedId,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  testId?: string;
  id?: string;
}) {
  const generated = useId();
  const id = fixedId ?? generated;
  return (
    <div className="field field-check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
        data-testid={testId}
      />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
