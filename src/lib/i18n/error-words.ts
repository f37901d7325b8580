// Words for an HTTP error status on the error page: a title for every status (the family's when the
// exact one has none) and, for the common ones, what the user can do about it.
type Translate = (key: string) => string;

const TITLED = new Set([400, 401, 403, 404, 413, 429, 500, 503]);
const HINTED = new Set([403, 404, 500]);

export function errorTitle(status: number, t: Translate): string {
	if (TITLED.has(status)) return t(`error.${status}`);
	if (status >= 500) return t('error.500');
	if (status >= 400) return t('error.400');
	return t('error.generic');
}

export function errorHint(status: number, t: Translate): string | null {
	if (HINTED.has(status)) return t(`error.hint.${status}`);
	return status >= 500 ? t('error.hint.500') : null;
}
