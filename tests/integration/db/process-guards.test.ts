// The server outlives a stray rejected promise (a timer's or a fire-and-forget task's, typically
// after a lost database connection): Node would otherwise end the process, taking every page down.
// Run in a child process, since the test runner installs handlers of its own.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

function strayRejection(guarded: boolean) {
	const script = `
		import { keepServingOnStrayRejections } from './src/lib/server/process-guards.ts';
		${guarded ? 'keepServingOnStrayRejections((line) => console.log(line));' : ''}
		void Promise.reject(new Error('stray: Connection terminated unexpectedly'));
		setTimeout(() => console.log('still serving'), 200);`;
	return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
		encoding: 'utf8',
		timeout: 30_000
	});
}

describe('process guards', () => {
	it('without the guard a stray rejection ends the process', () => {
		const r = strayRejection(false);
		expect(r.status).not.toBe(0);
		expect(r.stdout).not.toContain('still serving');
	});

	it('with it the rejection is logged and the process keeps serving', () => {
		const r = strayRejection(true);
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
		expect(r.stdout).toContain('unhandled promise rejection (the server keeps running)');
		expect(r.stdout).toContain('stray: Connection terminated unexpectedly');
		expect(r.stdout).toContain('still serving');
	});
});
