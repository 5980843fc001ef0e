/**
 * Sending e-mail through the configured SMTP server (nodemailer). Without a configured host the
 * mailer says so instead of pretending: digests then go through webhooks only.
 */
import nodemailer, { type Transporter } from 'nodemailer';
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
  html: string;
  attachments: MailAttachment[];
}

export class Mailer {
  private transport: Transporter | null;

  constructor(private readonly config: Config['mail']) {
    this.transport = config.host
      ? nodemailer.createTransport({
          host: config.host,
          port: config.port,
          secure: config.secure === 'true',
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
      html: message.html,
      attachments: message.attachments,
    })) as { messageId: string };
    return info.messageId;
  }

  close(): void {
    this.transport?.close();
  }
}
