// The session cookie's attributes in one place: httpOnly (no script reads it), SameSite=Strict
// (no cross-site request carries it), Secure whenever the browser will accept it, path /.
export interface SessionCookieOptions {
	path: string;
	httpOnly: true;
	sameSite: 'strict';
	secure: boolean;
	expires?: Date;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function sessionCookieOptions(url: URL, expires?: Date): SessionCookieOptions {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'strict',
		// Browsers treat loopback as a secure context, so Secure is set there too; only plain HTTP to
		// another host (a misconfigured deployment) goes without, or sign-in would silently fail.
		secure: url.protocol === 'https:' || LOOPBACK.has(url.hostname),
		...(expires ? { expires } : {})
	};
}
