import type { AuthUser } from '$lib/server/auth/roles';

declare global {
	namespace App {
		interface Error {
			message: string;
			code?: string;
		}
		interface Locals {
			user: AuthUser | null;
			lang: 'vi' | 'en';
		}
		interface PageData {
			lang?: 'vi' | 'en';
		}
	}
}

export {};
