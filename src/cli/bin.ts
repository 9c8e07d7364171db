import { createProgram } from './main.js';

// The process entry of the CLI: real streams in, exit code out.
const program = createProgram({
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTTY: process.stdout.isTTY,
});
process.exitCode = await program.run(process.argv.slice(2));
