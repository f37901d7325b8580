import type { PageServerLoad } from './$types';

// The administration index: links only; the rule for /quan-tri keeps it to admins.
export const load: PageServerLoad = () => ({});
