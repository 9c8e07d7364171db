/**
 * `npm run locale-types`: writes src/i18n/messages.generated.ts from the
 * English locale: every key with the interpolation arguments it needs, so
 * that `tsc` rejects a missing key or a missing argument. A test fails when
 * the generated file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../src/paths.js';
import { messageTypesSource } from '../src/i18n/message-types.js';

const file = join(ROOT, 'src', 'i18n', 'messages.generated.ts');
writeFileSync(file, messageTypesSource());
console.log(`wrote ${file}`);
