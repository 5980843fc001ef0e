/**
 * Sending e-mail through the configured SMTP server (nodemailer). Without a configured host the
 * mailer says so instead of pretending: digests then go through webhooks only.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { ReminderMailer } from '../campaigns/reminder-service.js';
import type { Config } from '../config/config.js';

export interface MailAttachment {
  filename: string;
  content: string;
  contentType: string;
}

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  /** an HTML alternative of `text` (none: plain text only) */
  html?: string;
  attachments?: MailAttachment[];
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

export class Mailer {
  private transport: Transporter | null;

  constructor(private readonly config: Config['mail']) {
    this.transport = config.host
      ? nodemailer.createTransport({
          host: config.host,
          port: config.port,
          secure: config.secure === 'true',
          // Without implicit TLS, insist on STARTTLS (credentials and contents never cross the
          // network in clear) unless the server is on this machine or the operator opted out.
          requireTLS: config.secure !== 'true' && config.requireTls === 'true' && !isLoopback(config.host),
          ...(config.user ? { auth: { user: config.user, pass: config.pass ?? '' } } : {}),
          connectionTimeout: 15_000,
          greetingTimeout: 15_000,
          socketTimeout: 30_000,
        })
      : null;
  }

  get configured(): boolean {
    return this.transport !== null;
  }

  /** Sends one message; resolves with the server's message id, rejects with its error. */
  async send(message: MailMessage): Promise<string> {
    if (!this.transport) throw new Error('no SMTP server is configured (mail.host)');
    const info = (await this.transport.sendMail({
      from: this.config.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      ...(message.html !== undefined ? { html: message.html } : {}),
      attachments: message.attachments ?? [],
    })) as { messageId: string };
    return info.messageId;
  }

  close(): void {
    this.transport?.close();
  }
}

/** The campaign reminders' view of the mailer: plain-text messages, nothing sent to nobody. */
export function reminderMailer(mailer: Mailer): ReminderMailer {
  return {
    async send(to, subject, text) {
      if (to.length > 0) await mailer.send({ to, subject, text });
    },
  };
}
