// Processes the e2e tests start, killed by their own process group id — and again on exit, so a
// failed or interrupted test never leaves a code-server behind.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const running = new Set<number>();

function killAll(): void {
  for (const pid of running) killGroup(pid, 'SIGKILL');
}
process.on('exit', killAll);
// The groups are detached, so an interrupted test run would otherwise leave them running.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

export interface Started {
  child: ChildProcess;
  /** stdout + stderr so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Spawns `command` in its own process group so that stop() also ends its children. */
export function start(command: string, args: string[], options: SpawnOptions = {}): Started {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${command}`);
  running.add(pid);
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    child,
    output: () => output,
    async stop() {
      if (!running.has(pid)) return;
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      // The group may outlive its leader (extension host, language server).
      killGroup(pid, 'SIGKILL');
      running.delete(pid);
    },
  };
}
