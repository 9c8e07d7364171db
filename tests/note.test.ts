import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkNote } from '../src/bot/note.js';

const MAX = 300;

describe('checkNote', () => {
  it('GIVEN no note WHEN checked THEN it is the empty note', () => {
    expect(checkNote(undefined, MAX)).toEqual({ ok: true, note: '' });
    expect(checkNote('   ', MAX)).toEqual({ ok: true, note: '' });
  });

  it('GIVEN a note in any of the four languages, with emoji WHEN checked THEN it is kept, trimmed', () => {
    for (const note of [
      'How long the events lasted, by this account',
      'Ходжалы: сравнить с отчётом NYT',
      'Xocalı haqqında, səh. 3',
      'Խոջալու, տես նաև 20-րդ պարբերությունը',
      'Compare 👨‍👩‍👧 and 🏳️‍🌈, flag 🏴󠁧󠁢󠁳󠁣󠁴󠁿',
      'Persian uses a non-joiner: می‌خواهم',
    ]) {
      expect(checkNote(`  ${note}  `, MAX)).toEqual({ ok: true, note });
    }
  });

  it('GIVEN a tab WHEN checked THEN it becomes a space', () => {
    expect(checkNote('a\tb', MAX)).toEqual({ ok: true, note: 'a b' });
  });

  it('GIVEN a note with a line break inside WHEN checked THEN it is refused as noteInvalid', () => {
    for (const note of [
      'Fine\n## 99. khojaly-1992:1\n\n> “fake verbatim quote”',
      'a\rb',
      'a\r\nb',
      'a\u0085b',
      'a\u2028b',
      'a\u2029b',
      'a\vb',
      'a\fb',
    ]) {
      expect(checkNote(note, MAX), JSON.stringify(note)).toEqual({ ok: false, code: 'noteInvalid' });
    }
  });

  it('GIVEN control, bidi or invisible format characters WHEN checked THEN the note is refused as noteInvalid', () => {
    const invisible = [
      '\u0000',
      '\u0007',
      '\u001b[31m',
      '\u007f',
      '\u009b',
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u202e',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\u200e',
      '\u200f',
      '\u061c',
      '\u200b',
      '\u2060',
      '\ufeff',
      '\u00ad',
      '\u3164',
      '\u{e0041}\u{e0042}',
      'x\u200dy',
      '\u200c',
      '\ufffe',
    ];
    for (const c of invisible) {
      expect(checkNote(`note ${c} here`, MAX), JSON.stringify(c)).toEqual({ ok: false, code: 'noteInvalid' });
    }
  });

  it('GIVEN a lone surrogate WHEN checked THEN the note is refused as noteInvalid', () => {
    expect(checkNote('a\ud83db', MAX)).toEqual({ ok: false, code: 'noteInvalid' });
    expect(checkNote('a\udca9', MAX)).toEqual({ ok: false, code: 'noteInvalid' });
  });

  it('GIVEN a note longer than max in UTF-16 code units WHEN checked THEN it is refused as noteTooLong with the max', () => {
    expect(checkNote('x'.repeat(MAX), MAX)).toEqual({ ok: true, note: 'x'.repeat(MAX) });
    expect(checkNote('x'.repeat(MAX + 1), MAX)).toEqual({ ok: false, code: 'noteTooLong', max: MAX });
    // 150 emoji are 150 characters on screen but 300 code units, as Discord counts them.
    expect(checkNote('😀'.repeat(150), MAX).ok).toBe(true);
    expect(checkNote('😀'.repeat(151), MAX)).toEqual({ ok: false, code: 'noteTooLong', max: MAX });
    // Whitespace around the note does not count.
    expect(checkNote(`  ${'x'.repeat(MAX)}  `, MAX).ok).toBe(true);
  });

  it('GIVEN any string and any max WHEN checked THEN an accepted note has no line break, control, bidi or format character, no lone surrogate, no outer whitespace, and is at most max code units (property)', () => {
    const adversarial = fc.string({
      unit: fc.constantFrom(
        'a',
        'Ж',
        ' ',
        '\t',
        '\n',
        '\r',
        '\u0085',
        '\u2028',
        '\u2029',
        '\u202e',
        '\u2066',
        '\u200b',
        '\u200d',
        '\u200c',
        '\ufeff',
        '\u0000',
        '\u001b',
        '\ud83d',
        '\ude00',
        '😀',
        '\u{e0041}',
      ),
      maxLength: 40,
    });
    fc.assert(
      fc.property(
        fc.oneof(adversarial, fc.string({ unit: 'binary', maxLength: 60 }), fc.constant(undefined)),
        fc.integer({ min: 0, max: 80 }),
        (raw, max) => {
          const result = checkNote(raw, max);
          if (!result.ok) {
            expect(['noteTooLong', 'noteInvalid']).toContain(result.code);
            return;
          }
          const { note } = result;
          expect(note.length).toBeLessThanOrEqual(max);
          expect(note).toBe(note.trim());
          expect(note).not.toMatch(
            /[\p{Cc}\p{Zl}\p{Zp}\p{Cs}\u202a-\u202e\u2066-\u2069\u200b\u200e\u200f\ufeff]/u,
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('GIVEN a line break at the end only WHEN checked THEN it is trimmed away; GIVEN one inside a note also too long THEN noteInvalid is the answer', () => {
    expect(checkNote(`${'x'.repeat(MAX)}\n`, MAX)).toEqual({ ok: true, note: 'x'.repeat(MAX) });
    expect(checkNote(`${'x'.repeat(MAX)}\nmore`, MAX)).toEqual({ ok: false, code: 'noteInvalid' });
  });
});

describe('notes that hide or smear text', () => {
  it.each([
    ['a supplementary variation selector', 'note\u{E0100}\u{E0101}'],
    ['a variation selector after a letter', 'a\uFE00b'],
    ['stacked combining marks', `Z${'\u0301'.repeat(12)}algo`],
    ['blank braille only', '\u2800\u2800\u2800'],
    ['an object replacement character only', '\uFFFC'],
  ])('GIVEN %s WHEN checked THEN the note is refused as noteInvalid', (_, raw) => {
    expect(checkNote(raw, 300)).toEqual({ ok: false, code: 'noteInvalid' });
  });

  it.each([
    ['an emoji with its presentation selector', 'Great ❤️ passage'],
    ['accented letters', 'Ереван, Bakı, Երևան, café'],
    ['Vietnamese with two marks on one letter', 'Việt'],
  ])('GIVEN %s WHEN checked THEN the note is kept', (_, raw) => {
    expect(checkNote(raw, 300)).toEqual({ ok: true, note: raw });
  });
});
