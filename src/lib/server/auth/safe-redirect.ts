// Where a sign-in may send the browser afterwards (`?next=`): only a path on this site, or an open
// redirect lets a phishing link bounce through us. The verdict is given on the very string that
// is returned: the URL parser's normalised path, because dot segments ("/.//x", "/%2e%2e//x") and
// backslashes ("/x/../\x") only turn into "//x" after normalisation.

// Any origin works: it is only there to tell a relative path from one that leaves the site.
const BASE = 'http://kiemky.invalid';

/** Browsers drop tabs and newlines from a Location before resolving it ("/\t/evil" is "//evil"). */
function hasControl(s: string): boolean {
	return [...s].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
}

/** `next` as a same-origin path (pathname, query and hash, normalised), or "/" when it is not one. */
export function safeRedirectPath(next: string | null | undefined): string {
	if (!next || !next.startsWith('/') || hasControl(next)) return '/';
	let url: URL;
	try {
		url = new URL(next, BASE);
	} catch {
		return '/';
	}
	const path = url.pathname + url.search + url.hash;
	// "//host" and "/\host" are protocol-relative to a browser: another site.
	if (url.origin !== BASE || /^\/[/\\]/.test(path)) return '/';
	return path;
}
