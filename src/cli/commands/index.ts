import type { Command } from 'commander';

/** Each command module exports `register(program)`; add yours to this list. */
export const COMMANDS: ((program: Command) => void)[] = [];
