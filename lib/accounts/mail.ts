import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';

/** One message of the dashboard (invitations). */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** The link the message carries: logged when there is no mail server. */
  link: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/**
 * With SMTP_URL, mail goes out with nodemailer; without it, the link is written to the server log (and
 * the dashboard shows it to the person who asked, to copy).
 */
export function createMailer(options: {
  smtpUrl: string | undefined;
  from: string;
  log: Pick<Logger, 'info' | 'warn'>;
}): Mailer {
  const { smtpUrl, from, log } = options;
  if (!smtpUrl) {
    return {
      async send(mail) {
        log.info(
          { to: mail.to, subject: mail.subject, link: mail.link },
          'mail not sent (no SMTP_URL): link',
        );
      },
    };
  }
  let transport: Promise<Transporter> | undefined;
  return {
    async send(mail) {
      transport ??= import('nodemailer').then((m) => m.createTransport(smtpUrl));
      try {
        await (
          await transport
        ).sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
      } catch (error) {
        // The link is still shown in the dashboard; a mail failure loses nothing.
        log.warn(
          { to: mail.to, reason: error instanceof Error ? error.message : String(error) },
          'mail not sent',
        );
      }
    },
  };
}

export function invitationMail(input: {
  to: string;
  company: string;
  inviter: string;
  url: string;
}): Mail {
  return {
    to: input.to,
    subject: `You are invited to ${input.company} on Auth Journey`,
    text: `${input.inviter} invited you to join ${input.company} on Auth Journey.\n\nAccept the invitation: ${input.url}\n\nThe link is valid for 7 days.`,
    link: input.url,
  };
}
