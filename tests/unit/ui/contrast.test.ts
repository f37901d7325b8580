// Muted text (dates under a table head, badges, hints) is readable on every light background the stylesheet paints:
// WCAG 2.1 1.4.3 asks 4.5:1 for text of ordinary size. The grey it replaced (#6b7280) gave 3.9:1 on the badges'
// #e5e7eb and 4.4:1 on the table heads' #f1f5f9 (found by axe on the dashboard at phone width).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync('src/app.css', 'utf8');

function luminance(hex: string): number {
	const [r, g, b] = [1, 3, 5].map((i) => {
		const c = parseInt(hex.slice(i, i + 2), 16) / 255;
		return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	}) as [number, number, number];
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
	return (hi + 0.05) / (lo + 0.05);
}

const variable = (name: string) => new RegExp(`--${name}:\\s*(#[0-9a-f]{6});`, 'i').exec(css)?.[1];
const named: Record<string, string> = { white: '#ffffff' };

describe('the stylesheet’s muted text', () => {
	const muted = variable('muted')!;
	const backgrounds = [
		...new Set(
			[...css.matchAll(/background:\s*(#[0-9a-f]{6}|white|var\(--bg\))\s*;/gi)].map(([, v]) =>
				v === 'var(--bg)' ? variable('bg')! : (named[v!] ?? v!.toLowerCase())
			)
		)
	].filter((hex) => luminance(hex) > 0.6);

	it('reads the colours from app.css', () => {
		expect(muted).toMatch(/^#[0-9a-f]{6}$/i);
		expect(backgrounds).toEqual(expect.arrayContaining(['#ffffff', '#f1f5f9', '#e5e7eb']));
	});

	it('has at least 4.5:1 against every light background', () => {
		const low = backgrounds
			.filter((bg) => contrast(muted, bg) < 4.5)
			.map((bg) => `${bg} ${contrast(muted, bg).toFixed(2)}`);
		expect(low).toEqual([]);
	});

	it('computes the WCAG ratio (black on white 21:1, the old grey on a badge 3.9:1)', () => {
		expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
		expect(contrast('#6b7280', '#e5e7eb')).toBeCloseTo(3.9, 1);
	});
});
