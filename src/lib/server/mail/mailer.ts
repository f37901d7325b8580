// Sending one message over SMTP with nodemailer, from the configuration in $lib/server/config/mail.
// One connection per message (no pool): a connection the server closed mid-run costs one send, not
// the sends queued behind it. What comes back is what the digest records: the message id and the
// server's final answer, or the error with the server's answer when there was one.
import nodemailer from 'nodemailer';
import type { MailConfig } from '../config/mail';

export interface OutgoingMail {
	to: string;
	subject: string;
	html: string;
	text: string;
	/** Our own Message-ID (e.g. <digest-12.3@kiemky>), so the record names the message the server saw. */
	messageId?: string;
}

export interface SentMail {
	messageId: string;
	/** The server's final answer, e.g. "250 OK: message queued". */
	response: string;
}

export interface Mailer {
	readonly from: string;
	send(mail: OutgoingMail): Promise<SentMail>;
	close(): void;
}

/** A failed send: the message in words and the server's answer when it gave one. */
export class MailSendError extends Error {
	constructor(
		message: string,
		readonly response: string | null,
		options?: { cause?: unknown }
	) {
		super(message, options);
		this.name = 'MailSendError';
	}
}

export function createMailer(config: MailConfig): Mailer {
	const transport = nodemailer.createTransport({
		url: config.smtpUrl,
		connectionTimeout: 30_000,
		greetingTimeout: 30_000,
		socketTimeout: 60_000
	});
	return {
		from: config.from,
		async send(mail) {
			try {
				const info = await transport.sendMail({ from: config.from, ...mail });
				if (info.rejected.length)
					throw new MailSendError(
						`Máy chủ thư từ chối người nhận ${info.rejected.join(', ')}`,
						info.response
					);
				return { messageId: info.messageId, response: info.response };
			} catch (e) {
				if (e instanceof MailSendError) throw e;
				const response = (e as { response?: unknown }).response;
				const message = e instanceof Error ? e.message : String(e);
				throw new MailSendError(message, typeof response === 'string' ? response : null, { cause: e });
			}
		},
		close: () => transport.close()
	};
}
