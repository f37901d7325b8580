import type { ApiKeyPrincipal, AuthUser } from '$lib/server/auth/roles';

declare global {
	namespace App {
		interface Error {
			message: string;
			code?: string;
			/** The request's id, shown on the error page so a user can quote it to the operator. */
			requestId?: string;
		}
		interface Locals {
			user: AuthUser | null;
			/** Set on /api/** requests authenticated with an API key instead of a session. */
			apiKey?: ApiKeyPrincipal | null;
			lang: 'vi' | 'en';
			/** Set by the request-log handle; on every log line written while serving the request. */
			requestId?: string;
		}
		interface PageData {
			lang?: 'vi' | 'en';
		}
	}
}

export {};
