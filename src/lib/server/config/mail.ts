// The e-mail settings read from the environment (checked at start by ./environment.ts):
// KIEMKY_SMTP_URL, KIEMKY_MAIL_FROM and the public ORIGIN the digest's links start with. Without an
// SMTP URL there is no e-mail: only the app's notification centre notifies, and the administration
// page and the mail-digest job say so.

export interface MailConfig {
	/** The connection URL as given (smtp://user:pass@host:587, smtps://… for TLS from the start). */
	smtpUrl: string;
	/** The sender, e.g. "Kiểm Ký <kiemky@dongthap.gov.vn>". */
	from: string;
	/** The public address the links in a message start with, without a trailing slash. */
	origin: string;
}

/** What an administrator may see of the configuration: never the password. */
export interface MailSummary {
	configured: boolean;
	host: string | null;
	port: number | null;
	/** TLS from the first byte (smtps://); otherwise STARTTLS when the server offers it. */
	tls: boolean;
	user: string | null;
	from: string | null;
	origin: string;
	/** ORIGIN is not set: links point to the default local address. */
	originDefaulted: boolean;
}

const nonEmpty = (v: string | undefined): string | null => (v && v.trim() ? v.trim() : null);

/** The public origin: ORIGIN, else the local address the server listens on (as `kiem-ky serve` does). */
export function publicOrigin(env: NodeJS.ProcessEnv = process.env): string {
	const origin = nonEmpty(env.ORIGIN) ?? `http://localhost:${nonEmpty(env.PORT) ?? '3000'}`;
	return origin.replace(/\/+$/, '');
}

/**
 * The sender when KIEMKY_MAIL_FROM is not set: the SMTP user when it is an address (most relays
 * accept only their authenticated user as sender), else kiemky@ the relay's host.
 */
function defaultFrom(url: URL): string {
	const user = decodeURIComponent(url.username);
	return `Kiểm Ký <${user.includes('@') ? user : `kiemky@${url.hostname}`}>`;
}

/** The mail configuration, or null when KIEMKY_SMTP_URL is not set (only the app notifies). */
export function mailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig | null {
	const smtpUrl = nonEmpty(env.KIEMKY_SMTP_URL);
	if (!smtpUrl) return null;
	return {
		smtpUrl,
		from: nonEmpty(env.KIEMKY_MAIL_FROM) ?? defaultFrom(new URL(smtpUrl)),
		origin: publicOrigin(env)
	};
}

export function mailSummary(env: NodeJS.ProcessEnv = process.env): MailSummary {
	const cfg = mailConfig(env);
	const origin = publicOrigin(env);
	const originDefaulted = !nonEmpty(env.ORIGIN);
	if (!cfg)
		return {
			configured: false,
			host: null,
			port: null,
			tls: false,
			user: null,
			from: null,
			origin,
			originDefaulted
		};
	const url = new URL(cfg.smtpUrl);
	const tls = url.protocol === 'smtps:';
	return {
		configured: true,
		host: url.hostname,
		port: url.port ? Number(url.port) : tls ? 465 : 587,
		tls,
		user: url.username ? decodeURIComponent(url.username) : null,
		from: cfg.from,
		origin,
		originDefaulted
	};
}
