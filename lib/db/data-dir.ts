import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * DATA_DIR holds the embedded database (its WAL carries whatever was written, reconnection links
 * included) and the generated APP_SECRET: it is the server user's alone. The directory is created
 * 0700; the process's umask is narrowed before the database opens, so every file it creates later
 * (relations, WAL segments, the socket) is 0600; and the modes of an existing tree are repaired,
 * because an older version or a copy may have left it readable by every local user.
 */
export function secureDataDir(dataDir: string): void {
  narrowUmask();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  repairModes(dataDir);
}

interface EmscriptenFs {
  chmod?: (path: unknown, mode: number, ...rest: unknown[]) => unknown;
}

/**
 * The embedded database runs Postgres under Emscripten, whose file layer sets a new file's mode
 * itself after creating it (0666, ignoring the umask). From here on, every mode it sets loses its
 * group and other bits; then the files it created while opening are repaired.
 */
export function confineEmbeddedDatabase(client: unknown, dataDir: string): void {
  const fs = (client as { Module?: { FS?: EmscriptenFs } }).Module?.FS;
  const chmod = fs?.chmod;
  if (fs && chmod) {
    fs.chmod = (path, mode, ...rest) => chmod.call(fs, path, mode & ~0o077, ...rest);
  }
  repairModes(dataDir);
}

/** No group or other bits on anything this process creates from now on. */
function narrowUmask(): void {
  try {
    process.umask(process.umask() | 0o077);
  } catch {
    // Worker threads cannot change the umask; the repair below still fixes what exists.
  }
}

/** Directories 0700, files 0600 (owner bits kept); symbolic links are neither followed nor changed. */
export function repairModes(root: string): void {
  const stack = [root];
  while (stack.length > 0) {
    const current = stack.pop()!;
    const stat = lstatSync(current, { throwIfNoEntry: false });
    if (!stat || stat.isSymbolicLink()) continue;
    if (stat.isDirectory()) {
      if ((stat.mode & 0o777) !== 0o700) chmodSync(current, 0o700);
      for (const name of readdirSync(current)) stack.push(path.join(current, name));
    } else if (stat.mode & 0o077) {
      chmodSync(current, stat.mode & 0o700);
    }
  }
}
