// Every job of the catalogue has an English title and description, so /tac-vu in English names no
// job in Vietnamese; Vietnamese stays the catalogue's.
import { describe, expect, it } from 'vitest';
import { JOB_CATALOGUE } from '../../../src/lib/jobs/catalogue';
import { JOB_TEXT_EN, jobText } from '../../../src/lib/i18n/job-titles';

const VIETNAMESE_LETTERS = /[ăâđêôơưáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ]/i;

describe('job titles', () => {
	it.each(JOB_CATALOGUE.map((j) => [j.name, j] as const))('%s has English words', (_name, job) => {
		const en = jobText('en', job);
		expect(en.title).not.toBe(job.title);
		expect(en.title).not.toMatch(VIETNAMESE_LETTERS);
		expect(en.description).not.toMatch(VIETNAMESE_LETTERS);
		expect(jobText('vi', job)).toEqual({ title: job.title, description: job.description });
	});

	it('names no job the catalogue does not know', () => {
		const names = new Set(JOB_CATALOGUE.map((j) => j.name));
		expect(Object.keys(JOB_TEXT_EN).filter((n) => !names.has(n))).toEqual([]);
	});

	it('falls back to the Vietnamese of a job it has no English for', () => {
		const job = { name: 'new-job', title: 'Tác vụ mới', description: 'Mô tả' };
		expect(jobText('en', job)).toEqual({ title: 'Tác vụ mới', description: 'Mô tả' });
	});
});
