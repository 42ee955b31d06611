/**
 * Dutch phone numbers as editors type them ("033-448 11 86", "0800-2000", "+31 70 333 44 44") and
 * as a tel: link needs them. A malformed number must stop the content from loading: a tappable
 * wrong number is worse than none.
 */

const DISPLAY_SHAPE = /^\+?[0-9][0-9 -]*[0-9]$/;

export function isValidPhoneNumber(display: string): boolean {
    return toTelUri(display) !== null;
}

/** The tel: URI for a display number, or null when the number is not a valid Dutch or international number. */
export function toTelUri(display: string): string | null {
    const trimmed = display.trim();
    if (!DISPLAY_SHAPE.test(trimmed) || /[ -]{2}/.test(trimmed)) return null;
    const compact = trimmed.replace(/[ -]/g, '');
    if (compact === '112') return 'tel:112';
    // Free and paid service numbers are only dialable inside the Netherlands, so they stay national.
    if (/^0[89]0[069]\d{4,7}$/.test(compact)) return `tel:${compact}`;
    if (/^0[1-9]\d{8}$/.test(compact)) return `tel:+31${compact.slice(1)}`;
    if (/^\+31[1-9]\d{8}$/.test(compact)) return `tel:${compact}`;
    return null;
}
