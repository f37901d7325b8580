// What a CLI command prints: console.log and console.error captured line by line (arguments joined
// by a space, as the console would print them) until vi.restoreAllMocks().
import { vi } from 'vitest';

export function captureConsole(): { out: string[]; err: string[] } {
	const out: string[] = [];
	const err: string[] = [];
	vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
	vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
	return { out, err };
}

/** Runs a command with the console captured, and restores it after. */
export async function runCaptured(
	run: () => Promise<number>
): Promise<{ code: number; out: string[]; err: string[] }> {
	const { out, err } = captureConsole();
	try {
		return { code: await run(), out, err };
	} finally {
		vi.restoreAllMocks();
	}
}
