/** Minutes to read a text at 230 words per minute (adult silent reading of non-fiction), at least 1. */
export const WORDS_PER_MINUTE = 230;

export function countWords(text: string): number {
  const matches = text.match(/[\p{L}\p{N}]+(?:(?:['’.-]|(?<=\p{N}),(?=\p{N}))[\p{L}\p{N}]+)*/gu);
  return matches ? matches.length : 0;
}

export function readMinutes(words: number): number {
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}
