import { foldLatin } from '../normalize.js';
export function stemAzerbaijani(word: string): string {
  return foldLatin(word);
}
