import type { ApiKeyPrincipal, AuthUser } from '$lib/server/auth/roles';

declare global {
	namespace App {
		interface Error {
			message: string;
			code?: string;
		}
		interface Locals {
			user: AuthUser | null;
			/** Set on /api/** requests authenticated with an API key instead of a session. */
			apiKey?: ApiKeyPrincipal | null;
			lang: 'vi' | 'en';
		}
		interface PageData {
			lang?: 'vi' | 'en';
		}
	}
}

export {};
