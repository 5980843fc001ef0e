/** The reminder mailer over SMTP (nodemailer): plain-text UTF-8 messages, one per reminder. */
import { createTransport } from 'nodemailer';
import type { ReminderMailer } from './reminder-service.js';

export interface SmtpOptions {
  host: string;
  port: number;
  /** implicit TLS (port 465); otherwise STARTTLS when the server offers it */
  secure: boolean;
  user: string | null;
  password: string | null;
  from: string;
  /** refuse to send without TLS (defaults to true unless the host is a loopback address) */
  requireTls?: boolean;
}

const loopback = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');

export class SmtpReminderMailer implements ReminderMailer {
  private readonly transport: ReturnType<typeof createTransport>;

  constructor(private readonly options: SmtpOptions) {
    const requireTls = options.requireTls ?? !loopback(options.host);
    this.transport = createTransport({
      host: options.host,
      port: options.port,
      secure: options.secure,
      requireTLS: requireTls && !options.secure,
      ignoreTLS: !requireTls && !options.secure,
      ...(options.user ? { auth: { user: options.user, pass: options.password ?? '' } } : {}),
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    });
  }

  async send(to: string[], subject: string, text: string): Promise<void> {
    if (to.length === 0) return;
    await this.transport.sendMail({ from: this.options.from, to, subject, text, textEncoding: 'base64' });
  }

  close(): void {
    this.transport.close();
  }
}
