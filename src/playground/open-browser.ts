import { spawn } from 'node:child_process';

/** Whether to open the page: only for a person at a terminal, and not when told otherwise. */
export function shouldOpenBrowser(
  env: { readonly BROWSER?: string | undefined; readonly CI?: string | undefined },
  tty: boolean,
): boolean {
  return tty && env.BROWSER?.toLowerCase() !== 'none' && env.CI === undefined;
}

/** Opens `url` in the default browser, with the platform's own opener; any failure is ignored. */
export function openBrowser(url: string, platform: NodeJS.Platform = process.platform): void {
  const [command, args] =
    platform === 'darwin'
      ? ['open', [url]]
      : platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore', windowsHide: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No opener on this machine: the address is printed anyway.
  }
}
