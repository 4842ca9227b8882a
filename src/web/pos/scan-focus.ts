import { type RefObject, useCallback, useEffect } from 'react';

/** Fields a person types into: keys typed there are theirs, never taken for a scan. */
const typedInto = (el: Element | null): boolean => {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement)
    return true;
  if (!(el instanceof HTMLInputElement)) return false;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(
    el.type,
  );
};

/** On a touch screen, focusing a field opens the on-screen keyboard over the register. */
const touchOnly = () =>
  typeof window.matchMedia === 'function' && window.matchMedia('(pointer: coarse)').matches;

/**
 * Keeps the scan box ready for a barcode scanner (a keyboard that types fast and presses Enter).
 * A key typed while focus is on a tile, a cart button or nowhere goes into the scan box, so the
 * Enter that ends a scan submits the scan and never presses the button that had focus; keys typed
 * into a real text field, or while a dialog is open, are left alone. Answers `backToScan`, which
 * puts focus back in the scan box after an action (not on a touch-only screen: there the keys are
 * caught all the same).
 */
export function useScanFocus(scanBox: RefObject<HTMLInputElement | null>, append: (key: string) => void) {
  const backToScan = useCallback(() => {
    if (touchOnly()) return;
    // After the click that caused it, and after a closing dialog hands focus back to its opener.
    setTimeout(() => {
      if (!document.querySelector('dialog[open]')) scanBox.current?.focus({ preventScroll: true });
    }, 0);
  }, [scanBox]);

  useEffect(() => {
    backToScan();
    const onKeyDown = (event: KeyboardEvent) => {
      const box = scanBox.current;
      if (!box || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key.length !== 1 || event.key === ' ') return;
      const target = event.target instanceof Element ? event.target : null;
      if (target === box || typedInto(target) || document.querySelector('dialog[open]')) return;
      event.preventDefault();
      box.focus({ preventScroll: true });
      append(event.key);
    };
    document.addEventListener('keydown', onKeyDown, true);
    return () => document.removeEventListener('keydown', onKeyDown, true);
  }, [scanBox, append, backToScan]);

  return backToScan;
}
