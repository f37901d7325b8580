// A real SMTP server on loopback for the digest tests (smtp-server, port 0, with AUTH): it keeps
// every message it accepted, parsed with mailparser, and lets a test refuse a recipient or drop the
// connection, as a real relay may.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface Received {
	envelopeTo: string[];
	mail: ParsedMail;
}

export interface SmtpCapture {
	url: string;
	received: Received[];
	/** Addresses answered with 550 at RCPT TO. */
	refuse: Set<string>;
	/** Addresses whose message is read, then answered 421 and the connection closed. */
	drop: Set<string>;
	to(address: string): Received[];
	close(): Promise<void>;
}

export async function startSmtpCapture(): Promise<SmtpCapture> {
	const received: Received[] = [];
	const refuse = new Set<string>();
	const drop = new Set<string>();
	const server = new SMTPServer({
		disabledCommands: ['STARTTLS'],
		allowInsecureAuth: true,
		logger: false,
		onAuth(auth, _session, callback) {
			if (auth.username === 'kiemky' && auth.password === 'bí-mật') callback(null, { user: 'kiemky' });
			else callback(new Error('535 Sai tên đăng nhập hoặc mật khẩu'));
		},
		onRcptTo(address, _session, callback) {
			if (refuse.has(address.address)) {
				const err = new Error('Hộp thư không tồn tại') as Error & { responseCode: number };
				err.responseCode = 550;
				callback(err);
				return;
			}
			callback();
		},
		onData(stream, session, callback) {
			const to = session.envelope.rcptTo.map((r) => r.address);
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				if (to.some((a) => drop.has(a))) {
					const err = new Error('Máy chủ đang bảo trì, đóng kết nối') as Error & { responseCode: number };
					err.responseCode = 421;
					callback(err);
					return;
				}
				simpleParser(Buffer.concat(chunks))
					.then((mail) => {
						received.push({ envelopeTo: to, mail });
						callback(null, 'OK: đã nhận');
					})
					.catch((e: Error) => callback(e));
			});
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.server.address() as AddressInfo;
	return {
		url: `smtp://kiemky:${encodeURIComponent('bí-mật')}@127.0.0.1:${port}`,
		received,
		refuse,
		drop,
		to: (address) => received.filter((r) => r.envelopeTo.includes(address)),
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}
