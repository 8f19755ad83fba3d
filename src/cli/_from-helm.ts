import type { CliIo } from './_run';

export function fromHelmCommand(_argv: string[], io: CliIo): number { io.stderr('todo'); return 2; }
