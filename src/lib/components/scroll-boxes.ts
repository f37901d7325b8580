// A table that scrolls sideways inside its own box (app.css: on a phone every table in <main>, at
// every width a .table-scroll) must be reachable by keyboard, or a keyboard user cannot see its
// hidden columns (WCAG 2.1.1; axe's scrollable-region-focusable). A box that overflows and holds
// nothing focusable is put in the tab order; it leaves it again when it no longer overflows. Only
// the attributes this module set are removed.
const BOXES = 'table, .table-scroll';
const MARK = 'scrollFocus';
const FOCUSABLE =
	'a[href], :is(button, input, select, textarea):not([disabled], [type="hidden"]), [tabindex]:not([tabindex="-1"])';

function mark(root: HTMLElement): void {
	for (const box of root.querySelectorAll<HTMLElement>(BOXES)) {
		const ours = box.dataset[MARK] === 'true';
		const overflows = box.scrollWidth > box.clientWidth + 1;
		if (overflows && !ours && !box.hasAttribute('tabindex') && !box.querySelector(FOCUSABLE)) {
			box.tabIndex = 0;
			box.dataset[MARK] = 'true';
		} else if (!overflows && ours) {
			box.removeAttribute('tabindex');
			delete box.dataset[MARK];
		}
	}
}

/** Keeps the scroll boxes under `root` focusable as its content and the window's width change; returns the undo. */
export function keepScrollBoxesFocusable(root: HTMLElement): () => void {
	let frame = 0;
	const schedule = () => {
		if (!frame) frame = requestAnimationFrame(() => ((frame = 0), mark(root)));
	};
	// Our own attribute changes are not observed (attributes are not watched), so no loop.
	const observer = new MutationObserver(schedule);
	observer.observe(root, { childList: true, subtree: true });
	window.addEventListener('resize', schedule);
	mark(root);
	return () => {
		observer.disconnect();
		window.removeEventListener('resize', schedule);
		cancelAnimationFrame(frame);
	};
}

/** The same as a Svelte action: `<main use:scrollBoxes>`. */
export function scrollBoxes(node: HTMLElement): { destroy: () => void } {
	return { destroy: keepScrollBoxesFocusable(node) };
}
