/**
 * Bounds on the text the knowledge module reads. The one Node thread serves every colleague, so
 * no step may cost more than linear time in what a colleague pastes: a link, a base64 blob or a
 * held-down key is one "word" of thousands of letters.
 */

/** About what one Teams message can carry; anything longer is cut before it is read. */
export const MAX_MESSAGE_CHARS = 28_000;

/** The search reads the start of a question: a real question is far shorter, a pasted e-mail says its point early. */
export const MAX_QUESTION_CHARS = 1_000;

/** Longer "words" are links, codes or noise; no Dutch word of the domain comes near (arbeidsuitbuitingssignalen: 26). */
export const MAX_WORD_CHARS = 40;

const LONG_WORD = new RegExp(`[a-z0-9]{${MAX_WORD_CHARS + 1},}`, 'g');

/** Drops over-long words from normalised text (letters and digits separated by single spaces). */
export function withoutLongWords(normalised: string): string {
    return normalised.replace(LONG_WORD, ' ').replace(/ {2,}/g, ' ').trim();
}
